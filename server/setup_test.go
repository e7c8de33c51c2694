package server

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"kring/server/auth"
)

func TestFirstRunSetup(t *testing.T) {
	ts := newTestServer(t) // empty database
	ctx := context.Background()
	tok := auth.NewToken()
	if err := ts.store.CreateSetupToken(ctx, auth.HashToken(tok), time.Hour); err != nil {
		t.Fatal(err)
	}
	// Nobody can sign in yet; the home page wants a login.
	if p := ts.client().get("/"); p.Status != http.StatusSeeOther {
		t.Fatalf("home on an empty database: status %d", p.Status)
	}

	c := ts.client()
	p := c.get("/setup/" + tok)
	if p.Status != http.StatusOK || !strings.Contains(p.Body, "Kring inrichten") || !strings.Contains(p.Body, `action="/setup/`+tok+`"`) {
		t.Fatalf("GET setup: status %d, no form", p.Status)
	}
	for _, f := range []string{`name="name"`, `name="email"`, `name="password"`, `name="confirm"`} {
		if !strings.Contains(p.Body, f) {
			t.Errorf("setup form lacks %s", f)
		}
	}

	// Bad input: field errors, nobody created, the link still works.
	p = c.post("/setup/"+tok, url.Values{"name": {""}, "email": {"beheer@gemeente.example"}, "password": {"kort"}, "confirm": {"anders"}})
	if p.Status != http.StatusUnprocessableEntity {
		t.Errorf("bad setup form: status %d, want 422", p.Status)
	}
	for _, w := range []string{"Vul dit veld in.", "Gebruik minstens 10 tekens", "De twee wachtwoorden zijn niet gelijk.", `value="beheer@gemeente.example"`} {
		if !strings.Contains(p.Body, w) {
			t.Errorf("bad setup form lacks %q", w)
		}
	}
	if n := countUsers(t, ts); n != 0 {
		t.Fatalf("%d users after a bad setup form", n)
	}

	const pw = "beheerder wachtwoord 1"
	p = c.post("/setup/"+tok, url.Values{"name": {"Eerste Beheerder"}, "email": {"beheer@gemeente.example"}, "password": {pw}, "confirm": {pw}})
	if p.Status != http.StatusSeeOther || p.Location != "/" {
		t.Fatalf("setup: status %d location %q, want 303 to /", p.Status, p.Location)
	}
	if home := c.get("/"); home.Status != http.StatusOK || !strings.Contains(home.Body, "Welkom, Eerste Beheerder") || !strings.Contains(home.Body, `href="/admin/organisations"`) {
		t.Errorf("home after setup: status %d", home.Status)
	}
	u, err := ts.store.UserByEmail(ctx, "beheer@gemeente.example")
	if err != nil {
		t.Fatal(err)
	}
	if u.Role != string(auth.MuniAdmin) || u.OrgID != 0 {
		t.Errorf("first user role %q org %d, want muni_admin without org", u.Role, u.OrgID)
	}
	// Signing in with the chosen password works.
	if p := ts.client().post("/login", url.Values{"email": {"beheer@gemeente.example"}, "password": {pw}}); p.Status != http.StatusSeeOther {
		t.Errorf("login as the first admin: status %d", p.Status)
	}

	// The link is spent.
	other := ts.client()
	if p := other.get("/setup/" + tok); p.Status != http.StatusNotFound {
		t.Errorf("spent setup link GET: status %d, want 404", p.Status)
	}
	if p := other.post("/setup/"+tok, url.Values{"name": {"Tweede"}, "email": {"tweede@gemeente.example"}, "password": {pw}, "confirm": {pw}}); p.Status != http.StatusNotFound {
		t.Errorf("spent setup link POST: status %d, want 404", p.Status)
	}
	if n := countUsers(t, ts); n != 1 {
		t.Errorf("%d users, want 1", n)
	}
}

func TestSetupRefusesUnknownAndLateTokens(t *testing.T) {
	ts, clk := newClockedTestServer(t)
	ctx := context.Background()
	if p := ts.client().get("/setup/" + auth.NewToken()); p.Status != http.StatusNotFound {
		t.Errorf("random setup token: status %d, want 404", p.Status)
	}
	tok := auth.NewToken()
	if err := ts.store.CreateSetupToken(ctx, auth.HashToken(tok), time.Hour); err != nil {
		t.Fatal(err)
	}
	if p := ts.client().get("/setup/" + tok); p.Status != http.StatusOK {
		t.Fatalf("fresh setup token: status %d", p.Status)
	}
	clk.advance(2 * time.Hour)
	if p := ts.client().get("/setup/" + tok); p.Status != http.StatusNotFound {
		t.Errorf("expired setup token: status %d, want 404", p.Status)
	}
	const pw = "beheerder wachtwoord 1"
	if p := ts.client().post("/setup/"+tok, url.Values{"name": {"Laat"}, "email": {"laat@gemeente.example"}, "password": {pw}, "confirm": {pw}}); p.Status != http.StatusNotFound {
		t.Errorf("expired setup token POST: status %d, want 404", p.Status)
	}
	if n := countUsers(t, ts); n != 0 {
		t.Errorf("%d users", n)
	}
}

// Once anyone exists, a setup token (say, one printed before `kring admin create` ran) is dead.
func TestSetupClosedWhenUsersExist(t *testing.T) {
	ts := newTestServer(t)
	tok := auth.NewToken()
	if err := ts.store.CreateSetupToken(context.Background(), auth.HashToken(tok), time.Hour); err != nil {
		t.Fatal(err)
	}
	ts.withDemo()
	if p := ts.client().get("/setup/" + tok); p.Status != http.StatusNotFound {
		t.Errorf("setup with users present: status %d, want 404", p.Status)
	}
}
