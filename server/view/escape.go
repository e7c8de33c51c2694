package view

import (
	"html/template"
	"strings"
)

// EscapeText escapes a string exactly as html/template does when it prints one in HTML text,
// in a quoted attribute value that is not a URL, script or style, or in RCDATA (<textarea>,
// <title>), so markup written in Go instead of a template (for speed) reads the same.
func EscapeText(s string) string { return htmlReplacer.Replace(s) }

// urlAttr prints a value as html/template does in a quoted URL attribute (href, action).
var urlAttr = template.Must(template.New("url").Parse(`<a href="{{.}}">`))

// EscapeURLAttr escapes a string exactly as html/template does in a quoted URL attribute
// (href, action): a path of letters, digits and -._~/# is left as it is, anything else goes
// through html/template itself (URL filter and normaliser, then the attribute escaper).
func EscapeURLAttr(s string) string {
	if plainURL(s) {
		return s
	}
	var b strings.Builder
	if err := urlAttr.Execute(&b, s); err != nil {
		return "#ZgotmplZ"
	}
	out := b.String()
	return out[len(`<a href="`) : len(out)-len(`">`)]
}

// plainURL reports whether s is a relative path html/template leaves unchanged in a URL
// attribute: it has no scheme (no colon) and only characters the normaliser keeps.
func plainURL(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == '-' || c == '.' || c == '_' || c == '~' || c == '/' || c == '#':
		default:
			return false
		}
	}
	return true
}

// AppendText appends s escaped as EscapeText escapes it, without allocating when b has room:
// for markup written in Go on every request (the lesson page), where a new string per
// printed value is most of the garbage.
func AppendText(b []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); i++ {
		var r string
		switch s[i] {
		case 0:
			r = "\uFFFD"
		case '"':
			r = "&#34;"
		case '&':
			r = "&amp;"
		case '\'':
			r = "&#39;"
		case '+':
			r = "&#43;"
		case '<':
			r = "&lt;"
		case '>':
			r = "&gt;"
		default:
			continue
		}
		b = append(b, s[start:i]...)
		b = append(b, r...)
		start = i + 1
	}
	return append(b, s[start:]...)
}

// AppendURLAttr appends s escaped as EscapeURLAttr escapes it (a plain path as it is).
func AppendURLAttr(b []byte, s string) []byte {
	if plainURL(s) {
		return append(b, s...)
	}
	return append(b, EscapeURLAttr(s)...)
}
