package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"kring/server/auth"
	"kring/server/demo"
	"kring/server/store"
)

// flowClock is a settable clock for the store, so expiry can be tested without sleeping.
type flowClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *flowClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *flowClock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// newClockedTestServer is newTestServer with a store whose clock the test moves.
func newClockedTestServer(t *testing.T, opts ...func(*Config, *Deps)) (*testServer, *flowClock) {
	t.Helper()
	clk := &flowClock{now: time.Now()}
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "clocked.db"), store.WithClock(clk.Now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	all := append([]func(*Config, *Deps){func(_ *Config, d *Deps) { d.Store = st }}, opts...)
	ts := newTestServer(t, all...)
	ts.store = st
	return ts, clk
}

// setCookie finds the Set-Cookie header for name in an answer.
func flowSetCookie(t *testing.T, p page, name string) *http.Cookie {
	t.Helper()
	for _, line := range p.Header.Values("Set-Cookie") {
		ck, err := http.ParseSetCookie(line)
		if err == nil && ck.Name == name {
			return ck
		}
	}
	t.Fatalf("no Set-Cookie for %s in %q", name, p.Header.Values("Set-Cookie"))
	return nil
}

func TestLoginSuccessSetsSafeSessionCookie(t *testing.T) {
	for _, secure := range []bool{false, true} {
		t.Run(fmt.Sprintf("secure=%v", secure), func(t *testing.T) {
			ts := newTestServer(t, func(c *Config, _ *Deps) { c.SecureCookies = secure }).withDemo()
			c := ts.client()
			p := c.post("/login", url.Values{"email": {"deelnemer1@kring.example"}, "password": {demo.Password}})
			if p.Status != http.StatusSeeOther || p.Location != "/" {
				t.Fatalf("login: status %d location %q, want 303 to /", p.Status, p.Location)
			}
			ck := flowSetCookie(t, p, sessionCookie)
			if ck.Value == "" || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode {
				t.Errorf("session cookie %+v: want a value, HttpOnly and SameSite=Lax", ck)
			}
			if ck.Secure != secure {
				t.Errorf("session cookie Secure=%v with SecureCookies=%v", ck.Secure, secure)
			}
			if hsts := p.Header.Get("Strict-Transport-Security"); (hsts != "") != secure {
				t.Errorf("HSTS header %q with SecureCookies=%v", hsts, secure)
			}
			home := c.get("/")
			if home.Status != http.StatusOK || !strings.Contains(home.Body, "Welkom, Sanne Visser") {
				t.Errorf("home after login: status %d, no welcome", home.Status)
			}
		})
	}
}

func TestLoginFailureSameAnswer(t *testing.T) {
	ts := newTestServer(t).withDemo()
	wrongPw := ts.client().post("/login", url.Values{"email": {"deelnemer1@kring.example"}, "password": {"not-the-password"}})
	unknown := ts.client().post("/login", url.Values{"email": {"nobody@kring.example"}, "password": {"not-the-password"}})
	const msg = "Het e-mailadres of het wachtwoord klopt niet."
	for name, p := range map[string]page{"wrong password": wrongPw, "unknown e-mail": unknown} {
		if p.Status != http.StatusUnauthorized {
			t.Errorf("%s: status %d, want 401", name, p.Status)
		}
		if !strings.Contains(p.Body, msg) {
			t.Errorf("%s: page lacks %q", name, msg)
		}
		if strings.Contains(strings.Join(p.Header.Values("Set-Cookie"), ";"), sessionCookie+"=") {
			t.Errorf("%s: a session cookie was set", name)
		}
	}
	if wrongPw.Status != unknown.Status {
		t.Errorf("wrong password %d and unknown e-mail %d differ", wrongPw.Status, unknown.Status)
	}
	// E-mail addresses are matched case-insensitively.
	p := ts.client().post("/login", url.Values{"email": {"Deelnemer1@Kring.Example"}, "password": {demo.Password}})
	if p.Status != http.StatusSeeOther {
		t.Errorf("login with capitals in the address: status %d", p.Status)
	}
}

func TestLoginEmptyFields(t *testing.T) {
	ts := newTestServer(t).withDemo()
	cases := []struct {
		name, email, password string
		errors                int
	}{
		{"no password", "deelnemer1@kring.example", "", 1},
		{"nothing", "", "", 2},
		{"no e-mail", "", demo.Password, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := ts.client().post("/login", url.Values{"email": {tc.email}, "password": {tc.password}})
			if p.Status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", p.Status)
			}
			if n := strings.Count(p.Body, "Vul dit veld in."); n != tc.errors {
				t.Errorf("%d field errors, want %d", n, tc.errors)
			}
			if tc.email != "" && !strings.Contains(p.Body, `value="`+tc.email+`"`) {
				t.Errorf("the typed e-mail %q is not kept", tc.email)
			}
			if strings.Contains(p.Body, `value="`+demo.Password+`"`) {
				t.Error("the password is echoed back")
			}
		})
	}
}

func TestLoginNextRedirect(t *testing.T) {
	ts := newTestServer(t).withDemo()
	cases := []struct{ next, want string }{
		{"/groups", "/groups"},
		{"/groups?x=1", "/groups?x=1"},
		{"//evil.example", "/"},
		{"//evil.example/path", "/"},
		{"https://evil.example/", "/"},
		{`/\evil.example`, "/"},
		{"javascript:alert(1)", "/"},
		{"", "/"},
	}
	for _, tc := range cases {
		t.Run(tc.next, func(t *testing.T) {
			p := ts.client().post("/login", url.Values{"email": {"coach@kring.example"}, "password": {demo.Password}, "next": {tc.next}})
			if p.Status != http.StatusSeeOther || p.Location != tc.want {
				t.Errorf("next=%q: status %d location %q, want 303 to %q", tc.next, p.Status, p.Location, tc.want)
			}
		})
	}
	// The login page itself keeps only a local next in its hidden field.
	p := ts.client().get("/login?next=" + url.QueryEscape("//evil.example"))
	if !strings.Contains(p.Body, `name="next" value="/"`) || strings.Contains(p.Body, "evil.example") {
		t.Errorf("login page carries a foreign next")
	}
	// An anonymous visit to a protected page comes back to it after signing in.
	c := ts.client()
	p = c.get("/account")
	if p.Status != http.StatusSeeOther || p.Location != "/login?next=%2Faccount" {
		t.Fatalf("anonymous /account: %d %q", p.Status, p.Location)
	}
	p = c.post("/login", url.Values{"email": {"coach@kring.example"}, "password": {demo.Password}, "next": {"/account"}})
	if p.Location != "/account" {
		t.Errorf("after sign-in: location %q, want /account", p.Location)
	}
}

func TestLoginNewSessionID(t *testing.T) {
	ts := newTestServer(t).withDemo()
	c := ts.client()
	// A cookie planted before sign-in (session fixation) is never adopted.
	c.cookies[sessionCookie] = "planted-by-an-attacker-0123456789"
	c.login("deelnemer1@kring.example")
	first := c.cookies[sessionCookie]
	if first == "" || first == "planted-by-an-attacker-0123456789" {
		t.Fatalf("session cookie after login: %q", first)
	}
	// Signing in again (while signed in) gives a fresh id and ends the old session.
	p := c.post("/login", url.Values{"email": {"deelnemer1@kring.example"}, "password": {demo.Password}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("second login: status %d", p.Status)
	}
	second := c.cookies[sessionCookie]
	if second == "" || second == first {
		t.Fatalf("session id not renewed on login: %q then %q", first, second)
	}
	old := ts.client()
	old.cookies[sessionCookie] = first
	if p := old.get("/"); p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/login") {
		t.Errorf("old session still works after a new login: %d %q", p.Status, p.Location)
	}
	if p := c.get("/"); p.Status != http.StatusOK {
		t.Errorf("new session does not work: %d", p.Status)
	}
}

func TestSessionExpires(t *testing.T) {
	ts, clk := newClockedTestServer(t)
	ts.withDemo()
	c := ts.as("deelnemer1@kring.example")
	if p := c.get("/"); p.Status != http.StatusOK {
		t.Fatalf("home: %d", p.Status)
	}
	clk.advance(13 * time.Hour) // default SessionTTL is 12h
	if p := c.get("/"); p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/login") {
		t.Errorf("expired session: status %d location %q, want 303 to /login", p.Status, p.Location)
	}
}

func TestLoginRateLimit(t *testing.T) {
	ts := newTestServer(t).withDemo()
	const acct = "deelnemer1@kring.example"
	for i := 1; i <= 5; i++ {
		p := ts.client().post("/login", url.Values{"email": {acct}, "password": {"wrong-password"}})
		if p.Status != http.StatusUnauthorized {
			t.Fatalf("wrong attempt %d: status %d, want 401", i, p.Status)
		}
	}
	// The sixth attempt within the minute is refused, even with the right password, and in
	// any spelling of the address.
	for _, email := range []string{acct, "DEELNEMER1@kring.example"} {
		p := ts.client().post("/login", url.Values{"email": {email}, "password": {demo.Password}})
		if p.Status != http.StatusTooManyRequests {
			t.Fatalf("attempt after 5 failures (%s): status %d, want 429", email, p.Status)
		}
		if !strings.Contains(p.Body, "Te veel pogingen") {
			t.Errorf("429 page lacks the message")
		}
		if strings.Contains(strings.Join(p.Header.Values("Set-Cookie"), ";"), sessionCookie+"=") {
			t.Error("session cookie set while rate limited")
		}
	}
	// Another account from the same address is fine, and successful sign-ins do not count
	// against the address: a whole office behind one NAT address signs in at nine o'clock.
	for i := 0; i < 60; i++ {
		ts.as("coach@kring.example")
	}

	// Failed attempts do: the per-address burst is 50 failures. So far 5 failed.
	limited := 0
	for i := 0; i < 60; i++ {
		p := ts.client().post("/login", url.Values{"email": {fmt.Sprintf("guess%d@kring.example", i)}, "password": {"wrong-password"}})
		if p.Status == http.StatusTooManyRequests {
			limited = 5 + i
			break
		}
		if p.Status != http.StatusUnauthorized {
			t.Fatalf("guess %d: status %d", i, p.Status)
		}
	}
	if limited == 0 {
		t.Fatal("no per-address limit after 65 failed attempts")
	}
	if limited < 45 {
		t.Errorf("per-address limit hit after %d failed attempts, want about 50", limited)
	}
	p := ts.client().post("/login", url.Values{"email": {"deelnemer2@kring.example"}, "password": {demo.Password}})
	if p.Status != http.StatusTooManyRequests {
		t.Errorf("fresh account after the per-address limit: status %d, want 429", p.Status)
	}
}

func TestLogout(t *testing.T) {
	ts := newTestServer(t).withDemo()
	c := ts.as("deelnemer1@kring.example")
	tok := c.csrf()

	// Without the CSRF token logout is refused and the session lives on.
	if p := c.postRaw("/logout", url.Values{}); p.Status != http.StatusForbidden {
		t.Errorf("logout without CSRF: status %d, want 403", p.Status)
	}
	if p := c.get("/"); p.Status != http.StatusOK {
		t.Fatalf("session gone after refused logout: %d", p.Status)
	}

	old := c.cookies[sessionCookie]
	p := c.postRaw("/logout", url.Values{"_csrf": {tok}})
	if p.Status != http.StatusSeeOther || p.Location != "/login" {
		t.Fatalf("logout: status %d location %q", p.Status, p.Location)
	}
	if ck := flowSetCookie(t, p, sessionCookie); ck.MaxAge >= 0 && ck.Value != "" {
		t.Errorf("logout does not clear the cookie: %+v", ck)
	}
	if _, _, err := ts.store.SessionUser(context.Background(), auth.HashToken(old)); err == nil {
		t.Error("session row still in the database after logout")
	}

	// A copy of the old cookie is dead: GET goes to the login page...
	stale := ts.client()
	stale.cookies[sessionCookie] = old
	if p := stale.get("/"); p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/login") {
		t.Errorf("old cookie on /: status %d location %q, want 303 to /login", p.Status, p.Location)
	}
	// ...a POST with the old session's token fails the CSRF check...
	stale.cookies[sessionCookie] = old
	if p := stale.postRaw("/account", url.Values{"_csrf": {tok}, "name": {"Hacked"}}); p.Status != http.StatusForbidden {
		t.Errorf("POST with old cookie and its token: status %d, want 403", p.Status)
	}
	// ...and with a valid visitor token it is 401.
	anonTok := stale.csrf()
	stale.cookies[sessionCookie] = old
	if p := stale.postRaw("/account", url.Values{"_csrf": {anonTok}, "name": {"Hacked"}}); p.Status != http.StatusUnauthorized {
		t.Errorf("POST with old cookie: status %d, want 401", p.Status)
	}
	u, _ := ts.store.UserByEmail(context.Background(), "deelnemer1@kring.example")
	if u.Name != "Sanne Visser" {
		t.Errorf("name changed to %q by a dead session", u.Name)
	}
}
