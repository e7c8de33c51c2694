package server

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"kring/server/auth"
)

var revokeRe = regexp.MustCompile(`action="/org/invites/(\d+)/revoke"`)

// An open invite has a revoke button in the list; revoking makes its link show a clear page
// and accept nothing. Another organisation's admin cannot revoke it.
func TestInviteRevoke(t *testing.T) {
	ts := newTestServer(t).withDemo()
	ctx := context.Background()
	admin := ts.as("coordinator@kring.example")
	tok := createInvite(t, admin, "/org/invites", url.Values{"email": {"weg@kring.example"}})
	page := admin.get("/org")
	m := revokeRe.FindStringSubmatch(page.Body)
	if m == nil {
		t.Fatal("no revoke button in the invites list")
	}
	inviteID := m[1]

	// An admin of another organisation gets 404.
	org2 := orgOfUser(t, ts, "deelnemer4@kring.example")
	if err := ts.store.SetRole(ctx, ts.userID("deelnemer4@kring.example"), string(auth.OrgAdmin)); err != nil {
		t.Fatal(err)
	}
	other := ts.as("deelnemer4@kring.example")
	if p := other.post("/org/invites/"+inviteID+"/revoke", nil); p.Status != http.StatusNotFound {
		t.Errorf("admin of organisation %d revoking another's invite: status %d, want 404", org2, p.Status)
	}
	if inv, _ := ts.store.InviteByToken(ctx, auth.HashToken(tok)); inv.Revoked() {
		t.Fatal("revoked by another organisation's admin")
	}

	p := admin.post("/org/invites/"+inviteID+"/revoke", nil)
	if p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/org?invite=revoked") {
		t.Fatalf("revoke: status %d location %q", p.Status, p.Location)
	}
	page = admin.get(p.Location)
	if !strings.Contains(page.Body, "De uitnodiging is ingetrokken.") || !strings.Contains(page.Body, "Ingetrokken") || revokeRe.MatchString(page.Body) {
		t.Error("after revoking: no notice, no revoked badge, or still a revoke button")
	}
	visitor := ts.client()
	show := visitor.get("/invite/" + tok)
	if show.Status != http.StatusGone || !strings.Contains(show.Body, "Deze uitnodiging is ingetrokken.") || strings.Contains(show.Body, `action="/invite/`) {
		t.Errorf("revoked invite page: status %d, no clear text or still a form", show.Status)
	}
	before := countUsers(t, ts)
	acc := visitor.post("/invite/"+tok, url.Values{"name": {"Weg"}, "password": {invitePassword}, "confirm": {invitePassword}})
	if acc.Status != http.StatusGone || countUsers(t, ts) != before {
		t.Errorf("accepting a revoked invite: status %d, users %d -> %d", acc.Status, before, countUsers(t, ts))
	}
	// Revoking twice changes nothing; a used invite cannot be revoked.
	if p := admin.post("/org/invites/"+inviteID+"/revoke", nil); p.Status != http.StatusSeeOther {
		t.Errorf("revoke again: status %d", p.Status)
	}
	used := createInvite(t, admin, "/org/invites", url.Values{"email": {"gebruikt@kring.example"}})
	if p := ts.client().post("/invite/"+used, url.Values{"name": {"Gebruikt"}, "password": {invitePassword}, "confirm": {invitePassword}}); p.Status != http.StatusSeeOther {
		t.Fatalf("accept: status %d", p.Status)
	}
	usedInv, _ := ts.store.InviteByToken(ctx, auth.HashToken(used))
	p = admin.post("/org/invites/"+strconv.FormatInt(usedInv.ID, 10)+"/revoke", nil)
	if !strings.Contains(p.Location, "invite=used") {
		t.Errorf("revoking a used invite: location %q", p.Location)
	}
	if inv, _ := ts.store.InviteByToken(ctx, auth.HashToken(used)); inv.Revoked() {
		t.Error("a used invite was marked revoked")
	}
	// The municipality admin revokes from the organisation's page.
	muni := ts.as("gemeente@kring.example")
	org1 := orgOfUser(t, ts, "coordinator@kring.example")
	tok3 := createInvite(t, muni, "/admin/organisations/"+strconv.FormatInt(org1, 10)+"/invites", url.Values{"email": {"coach3@kring.example"}, "role": {"coach"}})
	inv3, _ := ts.store.InviteByToken(ctx, auth.HashToken(tok3))
	p = muni.post("/org/invites/"+strconv.FormatInt(inv3.ID, 10)+"/revoke", nil)
	if p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/admin/organisations/"+strconv.FormatInt(org1, 10)) {
		t.Errorf("municipality revoke: status %d location %q", p.Status, p.Location)
	}
}

// An invite without an address never tells its holder whether an address has an account: the
// answer is the same page either way, and the e-mail (to the address's owner) says the rest.
func TestOpenInviteTellsNothing(t *testing.T) {
	smtpd := newFakeSMTP(t)
	ts := newTestServer(t, func(_ *Config, d *Deps) {
		d.Mailer = SMTPMailer{Addr: smtpd.addr, From: "kring@gemeente.example"}
	}).withDemo()
	ctx := context.Background()
	admin := ts.as("coordinator@kring.example")
	answer := func(email string) (string, string) {
		tok := createInvite(t, admin, "/org/invites", url.Values{"email": {""}})
		v := ts.client()
		if p := v.get("/invite/" + tok); !strings.Contains(p.Body, `name="email"`) || strings.Contains(p.Body, `name="password"`) {
			t.Fatalf("an open invite should ask only for an address (status %d)", p.Status)
		}
		p := v.post("/invite/"+tok, url.Values{"email": {email}})
		if p.Status != http.StatusOK {
			t.Fatalf("exchange for %s: status %d", email, p.Status)
		}
		body := strings.ReplaceAll(strings.ReplaceAll(p.Body, email, "ADDRESS"), tok, "TOKEN")
		body = csrfRe.ReplaceAllString(body, "")
		if _, ok := v.cookies[sessionCookie]; ok {
			t.Errorf("signed in by an open invite for %s", email)
		}
		return body, tok
	}
	before := countUsers(t, ts)
	taken, tokTaken := answer("deelnemer2@kring.example")
	free, tokFree := answer("nieuwkomer@kring.example")
	if taken != free {
		t.Errorf("the answer differs between an address with an account and one without:\n%s\n----\n%s", taken, free)
	}
	if !strings.Contains(free, "We hebben een e-mail gestuurd naar ADDRESS.") {
		t.Error("the answer does not say an e-mail was sent")
	}
	if countUsers(t, ts) != before {
		t.Error("an account was made before the address was proven")
	}
	// Both open links are spent.
	for _, tok := range []string{tokTaken, tokFree} {
		if inv, _ := ts.store.InviteByToken(ctx, auth.HashToken(tok)); inv.UsedAt.IsZero() {
			t.Error("an exchanged open invite is still usable")
		}
	}
	msgs := smtpd.sent()
	if len(msgs) != 2 {
		t.Fatalf("%d mails, want 2", len(msgs))
	}
	if !strings.Contains(msgs[0], "To: deelnemer2@kring.example") || !strings.Contains(msgs[0], "al een account") || inviteLinkRe.MatchString(msgs[0]) {
		t.Errorf("the mail to an existing account should remind of signing in, without an invite:\n%s", msgs[0])
	}
	link := inviteLinkRe.FindStringSubmatch(msgs[1])
	if link == nil || !strings.Contains(msgs[1], "To: nieuwkomer@kring.example") {
		t.Fatalf("the mail to a new address lacks a personal invite:\n%s", msgs[1])
	}
	// The personal invite is for that address and makes the account.
	v := ts.client()
	if p := v.get("/invite/" + link[1]); !strings.Contains(p.Body, `value="nieuwkomer@kring.example"`) || !strings.Contains(p.Body, "readonly") {
		t.Error("the personal invite does not fix the address")
	}
	if p := v.post("/invite/"+link[1], url.Values{"name": {"Nieuw Komer"}, "password": {invitePassword}, "confirm": {invitePassword}}); p.Status != http.StatusSeeOther {
		t.Fatalf("accept the personal invite: status %d", p.Status)
	}
	if u, err := ts.store.UserByEmail(ctx, "nieuwkomer@kring.example"); err != nil || u.OrgID != orgOfUser(t, ts, "coordinator@kring.example") {
		t.Errorf("new account: %v %v", u, err)
	}
}

// When the e-mail cannot be sent, the open invite is not spent and the holder is told to try
// again, whatever the address.
func TestOpenInviteMailFailureSpendsNothing(t *testing.T) {
	ts := newTestServer(t, func(_ *Config, d *Deps) {
		d.Mailer = SMTPMailer{Addr: "127.0.0.1:1", From: "kring@gemeente.example"} // nothing listens there
	}).withDemo()
	tok := createInvite(t, ts.as("coordinator@kring.example"), "/org/invites", url.Values{"email": {""}})
	for _, email := range []string{"deelnemer2@kring.example", "nieuwkomer@kring.example"} {
		p := ts.client().post("/invite/"+tok, url.Values{"email": {email}})
		if p.Status != http.StatusUnprocessableEntity || !strings.Contains(p.Body, "De e-mail kon nu niet worden verstuurd.") {
			t.Errorf("%s: status %d, want 422 with a clear message", email, p.Status)
		}
	}
	if inv, _ := ts.store.InviteByToken(context.Background(), auth.HashToken(tok)); !inv.UsedAt.IsZero() {
		t.Error("a failed send spent the open invite")
	}
}
