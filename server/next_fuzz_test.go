package server

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzSafeNext: whatever a link or a form puts in `next`, the redirect after sign-in stays on
// Kring. A browser reads the Location the WHATWG way: it drops tabs and newlines and treats a
// backslash as a slash, so the check is made on the address as a browser would resolve it.
func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{
		"/", "/groups/1", "/meetings/3?tab=board#kaarten", "//evil.example", "/\\evil.example", "\\\\evil.example",
		"https://evil.example/", "javascript:alert(1)", "/\t/evil.example", "/\n/evil.example", "/%2F/evil.example",
		"/..//evil.example", "http:/evil.example", " /x", "/\r\n/evil.example", "", "?x", "#x", "/%0d%0aSet-Cookie:x",
		"/\x00/evil.example", "///evil.example", "/.\\evil",
	} {
		f.Add(s)
	}
	base, _ := url.Parse("https://kring.example/login")
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		if !strings.HasPrefix(got, "/") {
			t.Fatalf("safeNext(%q) = %q: not a local path", next, got)
		}
		if strings.ContainsAny(got, "\r\n") {
			t.Fatalf("safeNext(%q) = %q: a line break could split the Location header", next, got)
		}
		// What a browser makes of it.
		b := strings.Map(func(r rune) rune {
			switch r {
			case '\t', '\n', '\r':
				return -1
			case '\\':
				return '/'
			}
			return r
		}, got)
		b = strings.TrimLeft(b, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
		if strings.HasPrefix(b, "//") {
			t.Fatalf("safeNext(%q) = %q: a browser reads %q, another host", next, got, b)
		}
		u, err := url.Parse(b)
		if err != nil {
			return // the browser cannot follow it either; it stays put
		}
		if r := base.ResolveReference(u); r.Host != base.Host || r.Scheme != base.Scheme {
			t.Fatalf("safeNext(%q) = %q resolves to %s", next, got, r)
		}
	})
}
