package server

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kring/server/demo"
)

func TestAccountProfileAndLanguage(t *testing.T) {
	ts := newTestServer(t).withDemo()
	ctx := context.Background()
	c := ts.as("deelnemer1@kring.example")
	if p := c.get("/account"); p.Status != http.StatusOK || !strings.Contains(p.Body, `<html lang="nl"`) || !strings.Contains(p.Body, "Mijn account") {
		t.Fatalf("account page: status %d", p.Status)
	}

	bad := []struct {
		name string
		form url.Values
		want string
	}{
		{"empty name", url.Values{"name": {"  "}, "lang": {"en"}}, "Vul dit veld in."},
		{"unknown language", url.Values{"name": {"Sanne"}, "lang": {"fr"}}, "Deze keuze is niet geldig."},
		{"long name", url.Values{"name": {strings.Repeat("a", 101)}, "lang": {""}}, "Dit is te lang."},
	}
	for _, b := range bad {
		p := c.post("/account", b.form)
		if p.Status != http.StatusUnprocessableEntity || !strings.Contains(p.Body, b.want) {
			t.Errorf("%s: status %d, want 422 with %q", b.name, p.Status, b.want)
		}
	}
	if u, _ := ts.store.UserByEmail(ctx, "deelnemer1@kring.example"); u.Name != "Sanne Visser" || u.Lang != "" {
		t.Fatalf("bad forms changed the profile: %q %q", u.Name, u.Lang)
	}

	p := c.post("/account", url.Values{"name": {"Sanne V."}, "lang": {"en"}})
	if p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/account") {
		t.Fatalf("save profile: status %d location %q", p.Status, p.Location)
	}
	p = c.get("/account")
	if !strings.Contains(p.Body, `<html lang="en"`) || !strings.Contains(p.Body, "My account") {
		t.Errorf("account page after choosing English is not in English")
	}
	if !strings.Contains(p.Body, `value="Sanne V."`) {
		t.Errorf("new name not shown in the form")
	}
	if home := c.get("/"); !strings.Contains(home.Body, "Welcome, Sanne V.") {
		t.Errorf("home not in English with the new name")
	}
	// The choice belongs to the person: a new browser with a Dutch Accept-Language gets English too.
	c2 := ts.as("deelnemer1@kring.example")
	c2.header.Set("Accept-Language", "nl-NL,nl;q=0.9")
	if p := c2.get("/account"); !strings.Contains(p.Body, `<html lang="en"`) {
		t.Errorf("language choice not kept on the account")
	}
	// Back to the default: Dutch, even in an English browser.
	if p := c.post("/account", url.Values{"name": {"Sanne V."}, "lang": {""}}); p.Status != http.StatusSeeOther {
		t.Fatalf("reset language: status %d", p.Status)
	}
	c3 := ts.as("deelnemer1@kring.example")
	c3.header.Set("Accept-Language", "en-GB,en;q=0.9")
	if p := c3.get("/account"); !strings.Contains(p.Body, `<html lang="nl"`) {
		t.Errorf("after choosing the default an English browser does not get Dutch")
	}
}

func TestAccountPasswordChange(t *testing.T) {
	ts := newTestServer(t).withDemo()
	const email, newPw = "coach@kring.example", "een nieuw en lang wachtwoord"
	c := ts.as(email)
	other := ts.as(email) // the same person in another browser
	firstSession := c.cookies[sessionCookie]

	bad := []struct {
		name string
		form url.Values
		want string
	}{
		{"wrong current", url.Values{"current": {"raden-maar-1"}, "password": {newPw}, "confirm": {newPw}}, "Dit is niet je huidige wachtwoord."},
		{"no current", url.Values{"password": {newPw}, "confirm": {newPw}}, "Dit is niet je huidige wachtwoord."},
		{"too short", url.Values{"current": {demo.Password}, "password": {"kort"}, "confirm": {"kort"}}, "Gebruik minstens 10 tekens"},
		{"mismatch", url.Values{"current": {demo.Password}, "password": {newPw}, "confirm": {newPw + "x"}}, "De twee wachtwoorden zijn niet gelijk."},
	}
	for _, b := range bad {
		p := c.post("/account/password", b.form)
		if p.Status != http.StatusUnprocessableEntity || !strings.Contains(p.Body, b.want) {
			t.Errorf("%s: status %d, want 422 with %q", b.name, p.Status, b.want)
		}
	}
	if p := other.get("/"); p.Status != http.StatusOK {
		t.Fatalf("refused password changes ended the other session: %d", p.Status)
	}
	if p := ts.client().post("/login", url.Values{"email": {email}, "password": {demo.Password}}); p.Status != http.StatusSeeOther {
		t.Fatalf("old password stopped working after refused changes: %d", p.Status)
	}

	p := c.post("/account/password", url.Values{"current": {demo.Password}, "password": {newPw}, "confirm": {newPw}})
	if p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/account") {
		t.Fatalf("change password: status %d location %q", p.Status, p.Location)
	}
	// This browser goes on with a fresh session; the other one is signed out.
	if c.cookies[sessionCookie] == firstSession || c.cookies[sessionCookie] == "" {
		t.Errorf("session not renewed after the password change")
	}
	if p := c.get("/account"); p.Status != http.StatusOK {
		t.Errorf("own session after password change: status %d", p.Status)
	}
	if p := other.get("/"); p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/login") {
		t.Errorf("other session after password change: status %d location %q, want 303 to /login", p.Status, p.Location)
	}
	// The new password works, the old one does not.
	if p := ts.client().post("/login", url.Values{"email": {email}, "password": {newPw}}); p.Status != http.StatusSeeOther {
		t.Errorf("login with the new password: status %d", p.Status)
	}
	if p := ts.client().post("/login", url.Values{"email": {email}, "password": {demo.Password}}); p.Status != http.StatusUnauthorized {
		t.Errorf("login with the old password: status %d, want 401", p.Status)
	}
}
