package server

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"kring/server/demo"
)

// An organisation admin disables a person of their own organisation from the people list: the
// person is signed out, cannot sign in (and is told why, once the password is right), and is
// enabled again with the same list.
func TestOrgAdminDisablesAPerson(t *testing.T) {
	ts := newTestServer(t).withDemo()
	ctx := context.Background()
	admin := ts.as("coordinator@kring.example")
	const who = "deelnemer1@kring.example"
	uid := strconv.FormatInt(ts.userID(who), 10)
	victim := ts.as(who)

	page := admin.get("/org/people/" + uid)
	if !strings.Contains(page.Body, `action="/org/people/`+uid+`/disable"`) {
		t.Fatal("no disable button on the record of a person of the organisation")
	}
	me := strconv.FormatInt(ts.userID("coordinator@kring.example"), 10)
	if page := admin.get("/org/people/" + me); strings.Contains(page.Body, `action="/org/people/`+me+`/disable"`) {
		t.Error("a disable button for the admin themselves")
	}
	p := admin.post("/org/people/"+uid+"/disable", nil)
	if p.Status != http.StatusSeeOther {
		t.Fatalf("disable: status %d", p.Status)
	}
	page = admin.get(p.Location)
	if !strings.Contains(page.Body, "Het account is uitgeschakeld.") || !strings.Contains(page.Body, "Uitgeschakeld") ||
		!strings.Contains(page.Body, `action="/org/people/`+uid+`/enable"`) {
		t.Error("after disabling: no notice, no badge or no enable button")
	}
	if p := victim.get("/"); p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/login") {
		t.Errorf("the disabled person's session still works: status %d", p.Status)
	}
	login := ts.client().post("/login", url.Values{"email": {who}, "password": {demo.Password}})
	if login.Status != http.StatusForbidden || !strings.Contains(login.Body, "Je account is uitgeschakeld.") {
		t.Errorf("sign-in of a disabled person: status %d, no clear message", login.Status)
	}
	wrong := ts.client().post("/login", url.Values{"email": {who}, "password": {"niet het wachtwoord"}})
	if wrong.Status != http.StatusUnauthorized || strings.Contains(wrong.Body, "uitgeschakeld") {
		t.Errorf("a wrong password on a disabled account: status %d, or it tells the account is disabled", wrong.Status)
	}
	// Refusals: oneself (403), someone of another organisation (404), a trainee (403).
	if p := admin.post("/org/people/"+strconv.FormatInt(ts.userID("coordinator@kring.example"), 10)+"/disable", nil); p.Status != http.StatusForbidden {
		t.Errorf("disabling oneself: status %d, want 403", p.Status)
	}
	d4 := strconv.FormatInt(ts.userID("deelnemer4@kring.example"), 10)
	if p := admin.post("/org/people/"+d4+"/disable", nil); p.Status != http.StatusNotFound {
		t.Errorf("disabling someone of another organisation: status %d, want 404", p.Status)
	}
	if p := ts.as("deelnemer2@kring.example").post("/org/people/"+d4+"/disable", nil); p.Status != http.StatusForbidden {
		t.Errorf("a trainee disabling: status %d, want 403", p.Status)
	}
	if u, _ := ts.store.UserByID(ctx, ts.userID("deelnemer4@kring.example")); u.Disabled {
		t.Fatal("disabled by a refused request")
	}
	// Enable again: signing in works.
	if p := admin.post("/org/people/"+uid+"/enable", nil); p.Status != http.StatusSeeOther {
		t.Fatalf("enable: status %d", p.Status)
	}
	ts.as(who)
	// The municipality admin does it from the organisation's page.
	muni := ts.as("gemeente@kring.example")
	p = muni.post("/org/people/"+d4+"/disable", nil)
	org2 := strconv.FormatInt(orgOfUser(t, ts, "deelnemer4@kring.example"), 10)
	if p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/admin/organisations/"+org2) {
		t.Errorf("municipality disable: status %d location %q", p.Status, p.Location)
	}
	if page := muni.get(p.Location); !strings.Contains(page.Body, `action="/org/people/`+d4+`/enable"`) {
		t.Error("the organisation's page lacks the enable button")
	}
}
