package server

import (
	"net/mail"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
)

// form holds what was typed (to show it again) and per-field error message ids.
type form struct {
	Values map[string]string
	Errors map[string]string
}

// readForm reads and trims the named fields of a submitted form.
func readForm(c *fiber.Ctx, fields ...string) *form {
	f := &form{Values: map[string]string{}, Errors: map[string]string{}}
	for _, name := range fields {
		// Safe to keep after the request: the app is Immutable (see server.New).
		f.Values[name] = strings.TrimSpace(c.FormValue(name))
	}
	return f
}

func emptyForm() *form { return &form{Values: map[string]string{}, Errors: map[string]string{}} }

func (f *form) get(name string) string { return f.Values[name] }

func (f *form) fail(field, msgID string) {
	if _, ok := f.Errors[field]; !ok {
		f.Errors[field] = msgID
	}
}

func (f *form) ok() bool { return len(f.Errors) == 0 }

func (f *form) required(fields ...string) {
	for _, name := range fields {
		if f.Values[name] == "" {
			f.fail(name, "form.required")
		}
	}
}

func (f *form) maxLen(field string, n int) {
	if utf8.RuneCountInString(f.Values[field]) > n {
		f.fail(field, "form.too_long")
	}
}

func (f *form) email(field string) {
	v := f.Values[field]
	if v == "" {
		return
	}
	a, err := mail.ParseAddress(v)
	if err != nil || a.Address != v || !strings.Contains(v[strings.LastIndex(v, "@")+1:], ".") {
		f.fail(field, "form.email")
	}
}

// safeNext keeps a redirect after sign-in on this site: only local paths, never //host, and
// no control characters anywhere (a line break in the fragment once got through and would
// reach the Location header; browsers also drop tabs and newlines, turning "/\t/host" into
// "//host").
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") ||
		strings.ContainsFunc(next, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return "/"
	}
	if u, err := url.Parse(next); err != nil || u.Host != "" || u.Scheme != "" {
		return "/"
	}
	return next
}
