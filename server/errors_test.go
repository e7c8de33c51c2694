package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"kring/server/demo"
)

func TestNotFoundPageInBothLanguages(t *testing.T) {
	ts := newTestServer(t).withDemo()
	// Before sign-in the browser's language decides; the switch (its cookie) overrides it.
	cases := []struct {
		acceptLang, chosen, lang, want, not string
	}{
		{"", "", "nl", "Pagina niet gevonden", "Page not found"},
		{"nl-NL,nl;q=0.9,en;q=0.5", "", "nl", "Pagina niet gevonden", "Page not found"},
		{"en-GB,en;q=0.9", "", "en", "Page not found", "Pagina niet gevonden"},
		{"en-GB,en;q=0.9", "en", "en", "Page not found", "Pagina niet gevonden"},
		{"en-GB,en;q=0.9", "nl", "nl", "Pagina niet gevonden", "Page not found"},
	}
	for _, tc := range cases {
		t.Run("Accept-Language="+tc.acceptLang+",chosen="+tc.chosen, func(t *testing.T) {
			for _, path := range []string{"/bestaat-niet", "/groups/999999/x/y"} {
				c := ts.client()
				if tc.acceptLang != "" {
					c.header.Set("Accept-Language", tc.acceptLang)
				}
				if tc.chosen != "" {
					c.cookies[langCookie] = tc.chosen
				}
				p := c.get(path)
				if p.Status != http.StatusNotFound {
					t.Errorf("%s: status %d, want 404", path, p.Status)
				}
				if !strings.HasPrefix(p.Header.Get("Content-Type"), "text/html") {
					t.Errorf("%s: content type %q", path, p.Header.Get("Content-Type"))
				}
				if !strings.Contains(p.Body, `<html lang="`+tc.lang+`"`) || !strings.Contains(p.Body, tc.want) || strings.Contains(p.Body, tc.not) {
					t.Errorf("%s: not the %s 404 page", path, tc.lang)
				}
			}
		})
	}
	// A signed-in person gets the same page, with the navigation.
	signedIn := ts.as("deelnemer1@kring.example")
	p := signedIn.get("/groups/999999")
	if p.Status != http.StatusNotFound || !strings.Contains(p.Body, "Pagina niet gevonden") {
		t.Errorf("unknown group: status %d", p.Status)
	}
	// Signed in with an English browser and no choice of their own: Dutch, like the lessons.
	signedIn.header.Set("Accept-Language", "en-GB,en;q=0.9")
	if p := signedIn.get("/"); !strings.Contains(p.Body, `<html lang="nl"`) {
		t.Error("a signed-in person with an English browser got another language than Dutch")
	}
}

// panicLog panics when a handler logs the given message, so a panic can be raised inside a
// real handler behind the real middleware (a route registered after New would sit behind the
// catch-all 404).
type panicLog struct {
	slog.Handler
	msg string
}

func (h panicLog) Enabled(context.Context, slog.Level) bool { return true }

func (h panicLog) Handle(_ context.Context, r slog.Record) error {
	if r.Message == h.msg {
		panic("boom: secret internal detail")
	}
	return nil
}

func TestPanicGivesPlain500(t *testing.T) {
	ts := newTestServer(t, func(_ *Config, d *Deps) {
		d.Logger = slog.New(panicLog{Handler: slog.NewTextHandler(io.Discard, nil), msg: "signed in"})
	}).withDemo()
	// A route added to the app after New; if Fiber serves it at all, it must give the 500 page too.
	ts.srv.App().Get("/test-panic", func(c *fiber.Ctx) error { panic("boom: secret internal detail") })

	pages := map[string]page{
		"handler": ts.client().post("/login", url.Values{"email": {"deelnemer1@kring.example"}, "password": {demo.Password}}),
	}
	if p := ts.client().get("/test-panic"); p.Status != http.StatusNotFound {
		pages["late route"] = p
	}
	for name, p := range pages {
		if p.Status != http.StatusInternalServerError {
			t.Errorf("%s: status %d, want 500", name, p.Status)
		}
		if !strings.Contains(p.Body, "Er ging iets mis") || !strings.Contains(p.Body, "<html") {
			t.Errorf("%s: not the 500 page", name)
		}
		for _, leak := range []string{"boom", "secret internal detail", "goroutine", "panic", ".go:"} {
			if strings.Contains(p.Body, leak) {
				t.Errorf("%s: 500 page leaks %q", name, leak)
			}
		}
	}
	// The server goes on.
	if p := ts.client().get("/login"); p.Status != http.StatusOK {
		t.Errorf("after a panic: status %d", p.Status)
	}
}

func TestSecurityHeadersEverywhere(t *testing.T) {
	ts := newTestServer(t).withDemo()
	c := ts.as("deelnemer1@kring.example")
	for _, path := range []string{"/", "/login", "/bestaat-niet", "/healthz", "/static/css/kring.css"} {
		p := c.get(path)
		csp := p.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "default-src 'self'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		if got := p.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options %q", path, got)
		}
		if got := p.Header.Get("X-Frame-Options"); got != "DENY" {
			t.Errorf("%s: X-Frame-Options %q", path, got)
		}
		if got := p.Header.Get("Referrer-Policy"); got == "" {
			t.Errorf("%s: no Referrer-Policy", path)
		}
		if p.Header.Get("Strict-Transport-Security") != "" {
			t.Errorf("%s: HSTS without SecureCookies", path)
		}
	}
}

func TestHealthz(t *testing.T) {
	ts := newTestServer(t)
	p := ts.client().get("/healthz")
	if p.Status != http.StatusOK {
		t.Fatalf("status %d", p.Status)
	}
	var body map[string]string
	if err := json.Unmarshal([]byte(p.Body), &body); err != nil || body["status"] != "ok" || len(body) != 1 {
		t.Errorf("body %q, want {\"status\":\"ok\"}", p.Body)
	}
	if ct := p.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("content type %q", ct)
	}
	// With the database gone it says so.
	ts.store.Close()
	p = ts.client().get("/healthz")
	if p.Status != http.StatusServiceUnavailable || strings.Contains(p.Body, `"ok"`) {
		t.Errorf("closed database: status %d body %q", p.Status, p.Body)
	}
}

// JSON clients get JSON errors, never an HTML page or an internal message.
func TestJSONErrors(t *testing.T) {
	ts := newTestServer(t)
	req := httptest.NewRequest(http.MethodGet, "/bestaat-niet", nil)
	req.Header.Set("Accept", "application/json")
	p := ts.client().do(req)
	if p.Status != http.StatusNotFound || !strings.Contains(p.Body, `"status":404`) || strings.Contains(p.Body, "<html") {
		t.Errorf("JSON 404: status %d body %q", p.Status, p.Body)
	}
}

// The 403 page tells each role whom to ask: a coordinator is never told to ask their
// coordinator.
func TestForbiddenPageFitsTheRole(t *testing.T) {
	ts := newTestServer(t).withDemo()
	cases := []struct {
		email, path, want, not string
	}{
		{"coordinator@kring.example", "/admin/organisations", "rol als coördinator", "je coördinator"},
		{"coordinator@kring.example", "/admin/organisations", "beheerder van Kring bij je gemeente", "coördinator van je organisatie"},
		{"deelnemer1@kring.example", "/admin/organisations", "coördinator van je organisatie", "rol als"},
		{"coach@kring.example", "/org", "coördinator van je organisatie", "rol als"},
	}
	for _, tc := range cases {
		p := ts.as(tc.email).get(tc.path)
		if p.Status != http.StatusForbidden {
			t.Fatalf("%s as %s: status %d, want 403", tc.path, tc.email, p.Status)
		}
		if !strings.Contains(p.Body, tc.want) || strings.Contains(p.Body, tc.not) {
			t.Errorf("%s as %s: 403 page should say %q and not %q", tc.path, tc.email, tc.want, tc.not)
		}
	}
}

// An unknown certificate code is a 404 that says so, and the request log records the 404 the
// person got, not a 500.
func TestUnknownCertificateCode(t *testing.T) {
	var logged syncBuffer
	ts := newTestServer(t, func(_ *Config, d *Deps) {
		d.Logger = slog.New(slog.NewTextHandler(&logged, nil))
	}).withDemo()
	for _, code := range []string{"2222-2222-2222-2222", "bestaat-niet"} {
		p := ts.client().get("/certificates/" + code)
		if p.Status != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", code, p.Status)
		}
		if !strings.Contains(p.Body, "Geen certificaat met deze code") || strings.Contains(p.Body, "Pagina niet gevonden") {
			t.Errorf("%s: the page does not say there is no certificate with this code", code)
		}
	}
	log := logged.String()
	if strings.Count(log, "path=/certificates/… status=404") != 2 {
		t.Errorf("the request log does not record the 404:\n%s", log)
	}
	if strings.Contains(log, "status=500") || strings.Contains(log, "level=ERROR") {
		t.Errorf("an unknown code is logged as a server error:\n%s", log)
	}
}

// A field says it is optional once: in its label "(niet verplicht)", never again in its
// description.
func TestOptionalSaidOnce(t *testing.T) {
	ts := newTestServer(t).withDemo()
	m := ts.demoMeeting()
	pages := []struct{ email, path string }{
		{"coordinator@kring.example", "/org"},
		{"gemeente@kring.example", "/admin/organisations/1"},
		{"coach@kring.example", fmt.Sprintf("/groups/%d", m.GroupID)},
		{"deelnemer1@kring.example", "/account"},
	}
	for _, p := range pages {
		body := ts.as(p.email).get(p.path).Body
		fields := strings.Split(body, `<div class="utrecht-form-field `)[1:]
		if len(fields) == 0 {
			t.Fatalf("%s: no form fields found", p.path)
		}
		for _, f := range fields {
			low := strings.ToLower(f)
			if n := strings.Count(low, "niet verplicht") + strings.Count(low, "optioneel"); n > 1 {
				t.Errorf("%s: a field says it is optional %d times: %.200s", p.path, n, f)
			}
		}
	}
}
