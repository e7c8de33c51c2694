package server

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"kring/server/auth"
)

var inviteLinkRe = regexp.MustCompile(`http://example\.com/invite/([A-Za-z0-9_-]{20,})`)

// createInvite posts an invite form and returns the token from the link on the page.
func createInvite(t *testing.T, c *client, action string, form url.Values) string {
	t.Helper()
	p := c.post(action, form)
	if p.Status != http.StatusOK {
		t.Fatalf("POST %s: status %d", action, p.Status)
	}
	m := inviteLinkRe.FindStringSubmatch(p.Body)
	if m == nil {
		t.Fatalf("POST %s: no invite link on the page", action)
	}
	return m[1]
}

func countUsers(t *testing.T, ts *testServer) int {
	t.Helper()
	n, err := ts.store.CountUsers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

const invitePassword = "een lange zin als wachtwoord"

func TestInviteFlow(t *testing.T) {
	ts := newTestServer(t).withDemo()
	ctx := context.Background()
	admin := ts.as("coordinator@kring.example")
	// Without e-mail delivery an invite is for a fixed address (see TestOpenInviteTellsNothing).
	if p := admin.post("/org/invites", url.Values{"email": {""}, "role": {"trainee"}}); p.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(p.Body, "zonder e-mailverzending") || inviteLinkRe.MatchString(p.Body) {
		t.Errorf("open invite without mail: status %d, want 422 with a clear message", p.Status)
	}
	tok := createInvite(t, admin, "/org/invites", url.Values{"email": {"nieuw@kring.example"}, "role": {"trainee"}})
	org1 := orgOfUser(t, ts, "coordinator@kring.example")

	// The invite is listed as open on the organisation page.
	if p := admin.get("/org"); !strings.Contains(p.Body, "Open") {
		t.Error("/org does not list the open invite")
	}

	// Opening the link anonymously shows the organisation and the role.
	visitor := ts.client()
	p := visitor.get("/invite/" + tok)
	if p.Status != http.StatusOK {
		t.Fatalf("GET invite: status %d", p.Status)
	}
	for _, w := range []string{"Sociaal Team Noorderkwartier", "Deelnemer", `action="/invite/` + tok + `"`} {
		if !strings.Contains(p.Body, w) {
			t.Errorf("invite page lacks %q", w)
		}
	}

	// Bad input: field errors, nothing created.
	before := countUsers(t, ts)
	bad := []struct {
		name string
		form url.Values
		want string
	}{
		{"empty", url.Values{}, "Vul dit veld in."},
		{"short password", url.Values{"name": {"Nieuwe Collega"}, "email": {"nieuw@kring.example"}, "password": {"kort"}, "confirm": {"kort"}}, "Gebruik minstens 10 tekens"},
		{"mismatch", url.Values{"name": {"Nieuwe Collega"}, "email": {"nieuw@kring.example"}, "password": {invitePassword}, "confirm": {invitePassword + "!"}}, "De twee wachtwoorden zijn niet gelijk."},
	}
	for _, b := range bad {
		t.Run(b.name, func(t *testing.T) {
			p := visitor.post("/invite/"+tok, b.form)
			if p.Status != http.StatusUnprocessableEntity {
				t.Errorf("status %d, want 422", p.Status)
			}
			if !strings.Contains(p.Body, b.want) {
				t.Errorf("page lacks %q", b.want)
			}
			if _, ok := visitor.cookies[sessionCookie]; ok {
				t.Error("signed in after a failed form")
			}
		})
	}
	if n := countUsers(t, ts); n != before {
		t.Fatalf("users %d -> %d after bad input", before, n)
	}
	// The bad attempts did not spend the link.
	if inv, err := ts.store.InviteByToken(ctx, auth.HashToken(tok)); err != nil || !inv.UsedAt.IsZero() {
		t.Fatalf("invite spent by bad input: %v %v", inv, err)
	}

	// Accepting creates a trainee in the organisation and signs them in.
	form := url.Values{"name": {"Nieuwe Collega"}, "email": {"nieuw@kring.example"}, "password": {invitePassword}, "confirm": {invitePassword}}
	p = visitor.post("/invite/"+tok, form)
	if p.Status != http.StatusSeeOther || p.Location != "/" {
		t.Fatalf("accept: status %d location %q, want 303 to /", p.Status, p.Location)
	}
	if home := visitor.get("/"); home.Status != http.StatusOK || !strings.Contains(home.Body, "Welkom, Nieuwe Collega") {
		t.Errorf("home after accepting: status %d, no welcome", home.Status)
	}
	u, err := ts.store.UserByEmail(ctx, "nieuw@kring.example")
	if err != nil {
		t.Fatal(err)
	}
	if u.Role != string(auth.Trainee) || u.OrgID != org1 {
		t.Errorf("new user role %q org %d, want trainee in %d", u.Role, u.OrgID, org1)
	}
	// The new password works for signing in.
	if p := ts.client().post("/login", url.Values{"email": {"nieuw@kring.example"}, "password": {invitePassword}}); p.Status != http.StatusSeeOther {
		t.Errorf("login with the chosen password: status %d", p.Status)
	}

	// The link works once.
	again := ts.client()
	const expired = "Deze uitnodiging is al gebruikt of verlopen."
	if p := again.get("/invite/" + tok); !strings.Contains(p.Body, expired) || strings.Contains(p.Body, `action="/invite/`) {
		t.Errorf("used invite GET: status %d, no expired text or still a form", p.Status)
	}
	form.Set("email", "tweede@kring.example")
	form.Del("_csrf") // post added the first visitor's token
	if p := again.post("/invite/"+tok, form); !strings.Contains(p.Body, expired) || p.Status == http.StatusSeeOther {
		t.Errorf("used invite POST: status %d", p.Status)
	}
	if _, err := ts.store.UserByEmail(ctx, "tweede@kring.example"); err == nil {
		t.Error("a used invite made a second account")
	}
	// The organisation page shows it as used.
	if p := admin.get("/org"); !strings.Contains(p.Body, "Gebruikt") || !strings.Contains(p.Body, "Nieuwe Collega") {
		t.Error("/org does not show the used invite and the new person")
	}
	// A token nobody made is 404.
	if p := ts.client().get("/invite/" + strings.Repeat("x", 43)); p.Status != http.StatusNotFound {
		t.Errorf("unknown invite: status %d, want 404", p.Status)
	}
}

func TestInviteExpires(t *testing.T) {
	ts, clk := newClockedTestServer(t)
	ts.withDemo()
	admin := ts.as("coordinator@kring.example")
	tok := createInvite(t, admin, "/org/invites", url.Values{"role": {"trainee"}, "email": {"laat@kring.example"}})
	clk.advance(15 * 24 * time.Hour) // default InviteTTL is 14 days

	visitor := ts.client()
	const expired = "Deze uitnodiging is al gebruikt of verlopen."
	if p := visitor.get("/invite/" + tok); !strings.Contains(p.Body, expired) {
		t.Errorf("expired invite GET: status %d, no expired text", p.Status)
	}
	before := countUsers(t, ts)
	p := visitor.post("/invite/"+tok, url.Values{"name": {"Te Laat"}, "email": {"laat@kring.example"}, "password": {invitePassword}, "confirm": {invitePassword}})
	if p.Status == http.StatusSeeOther || !strings.Contains(p.Body, expired) {
		t.Errorf("expired invite POST: status %d", p.Status)
	}
	if n := countUsers(t, ts); n != before {
		t.Errorf("expired invite created an account")
	}
}

func TestInviteTTLConfig(t *testing.T) {
	ts := newTestServer(t, func(c *Config, _ *Deps) { c.InviteTTL = time.Hour }).withDemo()
	tok := createInvite(t, ts.as("coordinator@kring.example"), "/org/invites", url.Values{"role": {"trainee"}, "email": {"ttl@kring.example"}})
	inv, err := ts.store.InviteByToken(context.Background(), auth.HashToken(tok))
	if err != nil {
		t.Fatal(err)
	}
	if d := inv.ExpiresAt.Sub(inv.CreatedAt); d != time.Hour {
		t.Errorf("invite lives %v, want the configured 1h", d)
	}
}

func TestOrgAdminCannotInviteOtherRoles(t *testing.T) {
	ts := newTestServer(t).withDemo()
	ctx := context.Background()
	admin := ts.as("coordinator@kring.example")
	org1 := orgOfUser(t, ts, "coordinator@kring.example")
	for _, role := range []string{"coach", "org_admin", "muni_admin", "king"} {
		t.Run(role, func(t *testing.T) {
			p := admin.post("/org/invites", url.Values{"role": {role}, "email": {"x@kring.example"}})
			if p.Status != http.StatusUnprocessableEntity {
				t.Errorf("status %d, want 422", p.Status)
			}
			// The org admin's form has no role field to show the error at (the role is fixed),
			// so the error summary tells that the form was not accepted.
			if !strings.Contains(p.Body, "Niet alles is goed ingevuld.") {
				t.Error("no error summary for the tampered role")
			}
			if inviteLinkRe.MatchString(p.Body) {
				t.Error("an invite link was shown")
			}
		})
	}
	if inv, _ := ts.store.ListInvites(ctx, org1); len(inv) != 0 {
		t.Errorf("%d invites created by tampered forms", len(inv))
	}
	// A bad e-mail address is a field error too.
	if p := admin.post("/org/invites", url.Values{"role": {"trainee"}, "email": {"not an address"}}); p.Status != http.StatusUnprocessableEntity {
		t.Errorf("bad invite e-mail: status %d", p.Status)
	}
	// An org admin cannot use the municipality's invite route for their own or another org.
	for _, org := range []int64{org1, orgOfUser(t, ts, "deelnemer4@kring.example")} {
		path := "/admin/organisations/" + strconv.FormatInt(org, 10) + "/invites"
		if p := admin.post(path, url.Values{"role": {"coach"}}); p.Status != http.StatusForbidden {
			t.Errorf("org admin POST %s: status %d, want 403", path, p.Status)
		}
	}
	if inv, _ := ts.store.ListInvites(ctx, org1); len(inv) != 0 {
		t.Errorf("%d invites created", len(inv))
	}
}

func TestMunicipalityInvitesCoach(t *testing.T) {
	ts := newTestServer(t).withDemo()
	ctx := context.Background()
	muni := ts.as("gemeente@kring.example")
	org2 := orgOfUser(t, ts, "deelnemer4@kring.example")
	path := "/admin/organisations/" + strconv.FormatInt(org2, 10) + "/invites"
	tok := createInvite(t, muni, path, url.Values{"role": {"coach"}, "email": {"coach.linde@kring.example"}})

	visitor := ts.client()
	p := visitor.get("/invite/" + tok)
	if !strings.Contains(p.Body, "Zorggroep De Linde") || !strings.Contains(p.Body, "Coach") || !strings.Contains(p.Body, `value="coach.linde@kring.example"`) {
		t.Errorf("invite page lacks org, role or the invited address")
	}
	p = visitor.post("/invite/"+tok, url.Values{"name": {"Coach Linde"}, "email": {"coach.linde@kring.example"}, "password": {invitePassword}, "confirm": {invitePassword}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("accept: status %d", p.Status)
	}
	u, err := ts.store.UserByEmail(ctx, "coach.linde@kring.example")
	if err != nil {
		t.Fatal(err)
	}
	if u.Role != string(auth.Coach) || u.OrgID != org2 {
		t.Errorf("role %q org %d, want coach in %d", u.Role, u.OrgID, org2)
	}
	if p := visitor.get("/groups/new"); p.Status != http.StatusOK {
		t.Errorf("new coach GET /groups/new: status %d", p.Status)
	}
	// Invalid role for the municipality's form, and an unknown organisation.
	if p := muni.post(path, url.Values{"role": {"muni_admin"}}); p.Status != http.StatusUnprocessableEntity {
		t.Errorf("invite as muni_admin: status %d, want 422", p.Status)
	}
	if p := muni.post("/admin/organisations/99999/invites", url.Values{"role": {"coach"}}); p.Status != http.StatusNotFound {
		t.Errorf("invite into unknown org: status %d, want 404", p.Status)
	}
	if inv, _ := ts.store.ListInvites(ctx, org2); len(inv) != 1 {
		t.Errorf("%d invites in org 2, want 1", len(inv))
	}
}

func TestAdminAppointsRoles(t *testing.T) {
	ts := newTestServer(t).withDemo()
	ctx := context.Background()
	muni := ts.as("gemeente@kring.example")
	d4 := ts.userID("deelnemer4@kring.example")
	org2 := orgOfUser(t, ts, "deelnemer4@kring.example")
	rolePath := func(id int64) string { return "/admin/users/" + strconv.FormatInt(id, 10) + "/role" }

	p := muni.post(rolePath(d4), url.Values{"role": {"org_admin"}})
	if p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/admin/organisations/"+strconv.FormatInt(org2, 10)) {
		t.Fatalf("appoint: status %d location %q", p.Status, p.Location)
	}
	if u, _ := ts.store.UserByID(ctx, d4); u.Role != string(auth.OrgAdmin) {
		t.Fatalf("role %q, want org_admin", u.Role)
	}
	// The appointed person now sees their organisation, and only theirs.
	page := ts.as("deelnemer4@kring.example").get("/org")
	if page.Status != http.StatusOK || !strings.Contains(page.Body, "Zorggroep De Linde") || strings.Contains(page.Body, "deelnemer1@kring.example") {
		t.Errorf("new org admin /org: status %d", page.Status)
	}
	if p := muni.post(rolePath(d4), url.Values{"role": {"coach"}}); p.Status != http.StatusSeeOther {
		t.Errorf("appoint coach: status %d", p.Status)
	}

	refused := []struct {
		name   string
		id     int64
		role   string
		status int
	}{
		{"make muni admin", d4, "muni_admin", http.StatusBadRequest},
		{"unknown role", d4, "king", http.StatusBadRequest},
		{"own role", ts.userID("gemeente@kring.example"), "trainee", http.StatusForbidden},
		{"unknown person", 99999, "coach", http.StatusNotFound},
	}
	for _, r := range refused {
		if p := muni.post(rolePath(r.id), url.Values{"role": {r.role}}); p.Status != r.status {
			t.Errorf("%s: status %d, want %d", r.name, p.Status, r.status)
		}
	}
	if u, _ := ts.store.UserByID(ctx, d4); u.Role != string(auth.Coach) {
		t.Errorf("role %q after refused changes, want coach", u.Role)
	}
	if u, _ := ts.store.UserByEmail(ctx, "gemeente@kring.example"); u.Role != string(auth.MuniAdmin) {
		t.Errorf("municipality admin demoted to %q", u.Role)
	}
	// An org admin cannot appoint anyone.
	if p := ts.as("coordinator@kring.example").post(rolePath(ts.userID("deelnemer1@kring.example")), url.Values{"role": {"coach"}}); p.Status != http.StatusForbidden {
		t.Errorf("org admin appointing: status %d, want 403", p.Status)
	}
	if u, _ := ts.store.UserByEmail(ctx, "deelnemer1@kring.example"); u.Role != string(auth.Trainee) {
		t.Errorf("deelnemer1 became %q", u.Role)
	}
}

// The invite a person accepts decides the role: a tampered role field on the accept form does
// nothing.
func TestInviteAcceptIgnoresRoleField(t *testing.T) {
	ts := newTestServer(t).withDemo()
	tok := createInvite(t, ts.as("coordinator@kring.example"), "/org/invites", url.Values{"role": {"trainee"}, "email": {"slim@kring.example"}})
	p := ts.client().post("/invite/"+tok, url.Values{"name": {"Slim"}, "email": {"slim@kring.example"}, "password": {invitePassword},
		"confirm": {invitePassword}, "role": {"muni_admin"}, "org": {"2"}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("accept: status %d", p.Status)
	}
	u, err := ts.store.UserByEmail(context.Background(), "slim@kring.example")
	if err != nil {
		t.Fatal(err)
	}
	if u.Role != string(auth.Trainee) || u.OrgID != orgOfUser(t, ts, "coordinator@kring.example") {
		t.Errorf("role %q org %d", u.Role, u.OrgID)
	}
}

// An invite made for an address creates the account with that address, whatever the form says.
func TestInviteForAnAddressKeepsIt(t *testing.T) {
	ts := newTestServer(t).withDemo()
	org := ts.as("coordinator@kring.example")
	p := org.post("/org/invites", url.Values{"email": {"nieuw@kring.example"}})
	m := inviteLinkRe.FindStringSubmatch(p.Body)
	if m == nil {
		t.Fatal("no invite link on the page")
	}
	path := "/invite/" + m[1]
	anon := ts.client()
	if page := anon.get(path); !strings.Contains(page.Body, `value="nieuw@kring.example"`) || !strings.Contains(page.Body, "readonly") {
		t.Error("the invite page does not show the fixed address read-only")
	}
	p = anon.post(path, url.Values{"name": {"Nieuwe Collega"}, "email": {"ander@evil.example"}, "password": {"een lang wachtwoord"}, "confirm": {"een lang wachtwoord"}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("accept: status %d", p.Status)
	}
	if _, err := ts.store.UserByEmail(context.Background(), "nieuw@kring.example"); err != nil {
		t.Errorf("no account with the invited address: %v", err)
	}
	if _, err := ts.store.UserByEmail(context.Background(), "ander@evil.example"); err == nil {
		t.Error("an account was made with the tampered address")
	}
}
