package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"kring/modules"
	"kring/server/auth"
	"kring/server/demo"
	"kring/server/store"
)

// The export holds the person's own data and nobody else's, as a page and as JSON.
func TestPersonalDataExportIsOwnOnly(t *testing.T) {
	ts := newTestServer(t).withDemo()
	c := ts.as("deelnemer1@kring.example")
	p := c.get("/account/gegevens")
	if p.Status != http.StatusOK {
		t.Fatalf("page: status %d", p.Status)
	}
	mustContain(t, p.Body, "Mijn gegevens", "deelnemer1@kring.example", "Profiel", "Groepslidmaatschappen", "/account/verwijderen", "/account/gegevens.json")
	mustNotContain(t, p.Body, "deelnemer4@kring.example", "coach@kring.example", "coordinator@kring.example")

	j := c.get("/account/gegevens.json")
	if j.Status != http.StatusOK || !strings.HasPrefix(j.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("json: status %d type %q", j.Status, j.Header.Get("Content-Type"))
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal([]byte(j.Body), &doc); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"profile", "sessions", "memberships", "meetings", "cards", "answers", "certificates", "network_maps", "sso", "invites"} {
		if _, ok := doc[key]; !ok {
			t.Errorf("json lacks section %q", key)
		}
	}
	var profile []map[string]any
	if err := json.Unmarshal(doc["profile"], &profile); err != nil || len(profile) != 1 || profile[0]["email"] != "deelnemer1@kring.example" {
		t.Errorf("profile = %v (%v)", profile, err)
	}
	if strings.Contains(j.Body, "deelnemer4@kring.example") || strings.Contains(j.Body, "password") {
		t.Errorf("json holds another person's address or a password field")
	}
}

// Deleting one's account asks for the password (or, without one, the typed word), then ends
// the sessions and the account; a wrong confirmation changes nothing.
func TestAccountDelete(t *testing.T) {
	tests := []struct {
		name     string
		sso      bool
		form     url.Values
		deleted  bool
		errorMsg string
	}{
		{"wrong password", false, url.Values{"password": {"niet-het-wachtwoord"}}, false, "Dit is niet je huidige wachtwoord"},
		{"no password", false, url.Values{}, false, "Dit is niet je huidige wachtwoord"},
		{"right password", false, url.Values{"password": {"demo-wachtwoord"}}, true, ""},
		{"work account, wrong word", true, url.Values{"confirm": {"ja"}}, false, "verwijderen"},
		{"work account, typed word", true, url.Values{"confirm": {" Verwijderen "}}, true, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ts := newTestServer(t).withDemo()
			ctx := context.Background()
			email := "deelnemer1@kring.example"
			var c *client
			if tc.sso {
				email = "werk@kring.example"
				id, err := ts.store.CreateUser(ctx, store.NewUser{Email: email, Name: "Wanda Werkaccount", Role: string(auth.Trainee), OrgID: orgOfUser(t, ts, "deelnemer1@kring.example")})
				if err != nil {
					t.Fatal(err)
				}
				tok := auth.NewToken()
				if err := ts.store.CreateSession(ctx, auth.HashToken(tok), id, time.Hour); err != nil {
					t.Fatal(err)
				}
				c = ts.client()
				c.cookies[sessionCookie] = tok
				mustContain(t, c.get("/account/gegevens").Body, `name="confirm"`)
			} else {
				c = ts.as(email)
				if tc.form.Get("password") == "demo-wachtwoord" {
					tc.form.Set("password", demo.Password)
				}
			}
			id := ts.userID(email)
			p := c.post("/account/verwijderen", tc.form)
			_, err := ts.store.UserByID(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			still, lookErr := ts.store.UserByEmail(ctx, email)
			if !tc.deleted {
				if p.Status != http.StatusUnprocessableEntity || lookErr != nil || still.Disabled {
					t.Fatalf("status %d, account %v (%v): want 422 and nothing changed", p.Status, still, lookErr)
				}
				mustContain(t, p.Body, tc.errorMsg)
				return
			}
			if p.Status != http.StatusSeeOther || p.Location != "/privacy?verwijderd=1" {
				t.Fatalf("status %d location %q", p.Status, p.Location)
			}
			if lookErr == nil {
				t.Errorf("the address still finds an account")
			}
			u, _ := ts.store.UserByID(ctx, id)
			if u.Name != store.FormerParticipant || !u.Disabled || strings.Contains(u.Email, "deelnemer1") {
				t.Errorf("user row after deletion: %+v", u)
			}
			if p := c.get("/account"); p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/login") {
				t.Errorf("the session survived: status %d location %q", p.Status, p.Location)
			}
			mustContain(t, c.get("/privacy?verwijderd=1").Body, "Je account is verwijderd")
		})
	}
}

// Reading a report, on the page or as markdown, is an audit entry for the organisation admin.
func TestReportReadIsAudited(t *testing.T) {
	ts := newTestServer(t).withDemo()
	ctx := context.Background()
	gs, err := ts.store.GroupsFor(ctx, 0, true)
	if err != nil || len(gs) == 0 {
		t.Fatalf("groups: %v", err)
	}
	ms, err := ts.store.MeetingsOfGroup(ctx, gs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	var held int64
	for _, m := range ms {
		if m.Status == "closed" {
			held = m.ID
		}
	}
	if held == 0 {
		t.Fatal("no closed demo meeting")
	}
	if err := ts.store.SaveReport(ctx, held, "# Verslag", []byte("{}")); err != nil {
		t.Fatal(err)
	}
	coach := ts.as("coach@kring.example")
	path := "/meetings/" + strconv.FormatInt(held, 10) + "/report"
	for _, q := range []string{"", "?format=md"} {
		if p := coach.get(path + q); p.Status != http.StatusOK {
			t.Fatalf("%s%s: status %d", path, q, p.Status)
		}
	}
	body := ts.as("coordinator@kring.example").get("/org/audit").Body
	if n := strings.Count(body, "verslag gelezen"); n != 2 {
		t.Errorf("%d report entries in the coordinator's audit log, want 2", n)
	}
	mustContain(t, body, "meeting:"+strconv.FormatInt(held, 10), "vorm: md")
}

// The last municipality admin cannot delete their account.
func TestLastMunicipalityAdminCannotLeave(t *testing.T) {
	ts := newTestServer(t).withDemo()
	c := ts.as("gemeente@kring.example")
	p := c.post("/account/verwijderen", url.Values{"password": {demo.Password}})
	if p.Status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", p.Status)
	}
	mustContain(t, p.Body, "enige beheerder van de gemeente")
	if _, err := ts.store.UserByEmail(context.Background(), "gemeente@kring.example"); err != nil {
		t.Errorf("the admin is gone: %v", err)
	}
}

// Viewing a training record, exporting, disabling and changing a definition are written to the
// audit log; the organisation admin reads their own organisation's entries only, the
// municipality admin reads all.
func TestAuditLogWrittenAndScoped(t *testing.T) {
	ts := newTestServer(t).withDemo()
	coord := ts.as("coordinator@kring.example")
	person := strconv.FormatInt(ts.userID("deelnemer1@kring.example"), 10)
	if p := coord.get("/org/people/" + person); p.Status != http.StatusOK {
		t.Fatalf("person page: %d", p.Status)
	}
	if p := coord.get("/org/training.csv"); p.Status != http.StatusOK {
		t.Fatalf("export: %d", p.Status)
	}
	if p := coord.post("/org/people/"+person+"/disable", nil); p.Status != http.StatusSeeOther {
		t.Fatalf("disable: %d", p.Status)
	}
	muni := ts.as("gemeente@kring.example")
	if p := muni.get("/gemeente/organisaties.csv"); p.Status != http.StatusOK {
		t.Fatalf("municipality export: %d", p.Status)
	}

	// A person's own export is the municipality's to see, not their employer's.
	ts.as("deelnemer2@kring.example").get("/account/gegevens.json")

	own := coord.get("/org/audit")
	if own.Status != http.StatusOK {
		t.Fatalf("/org/audit: %d", own.Status)
	}
	mustContain(t, own.Body, "opleidingsgegevens bekeken", "opleidingsgegevens geëxporteerd", "persoon uitgeschakeld", "user:"+person)
	mustNotContain(t, own.Body, "gemeente", "eigen gegevens opgevraagd")

	// The coordinator of the other organisation sees none of it.
	ctx := context.Background()
	hash, _ := ts.srv.hasher.Hash(demo.Password)
	if _, err := ts.store.CreateUser(ctx, store.NewUser{Email: "coord2@kring.example", Name: "Tweede", PasswordHash: hash, Role: string(auth.OrgAdmin), OrgID: orgOfUser(t, ts, "deelnemer4@kring.example")}); err != nil {
		t.Fatal(err)
	}
	other := ts.as("coord2@kring.example").get("/org/audit")
	if other.Status != http.StatusOK {
		t.Fatalf("other /org/audit: %d", other.Status)
	}
	mustContain(t, other.Body, "Nog geen vermeldingen")
	mustNotContain(t, other.Body, "user:"+person)

	all := muni.get("/admin/audit")
	mustContain(t, all.Body, "opleidingsgegevens bekeken", "user:"+person, "gemeente", "eigen gegevens opgevraagd")
	if p := muni.get("/org/audit"); p.Status != http.StatusSeeOther || p.Location != "/admin/audit" {
		t.Errorf("municipality /org/audit: %d %q", p.Status, p.Location)
	}
	for _, who := range []string{"deelnemer4@kring.example", "coach@kring.example"} {
		for _, path := range []string{"/org/audit", "/admin/audit"} {
			if p := ts.as(who).get(path); p.Status != http.StatusForbidden {
				t.Errorf("%s %s: status %d, want 403", who, path, p.Status)
			}
		}
	}
	// Paging: 60 entries make a second page.
	for range 60 {
		coord.get("/org/people/" + person)
	}
	p1 := coord.get("/org/audit")
	mustContain(t, p1.Body, `href="/org/audit?p=2"`)
	mustContain(t, coord.get("/org/audit?p=2").Body, `href="/org/audit?p=1"`)
}

// A reflection answer with a BSN or e-mail address is refused with a clear message; other
// findings are saved (the browser warns); the lesson page loads the screen.
func TestReflectionScreen(t *testing.T) {
	ts := newTestServer(t).withDemo()
	c := ts.as("deelnemer1@kring.example")
	m, l, pr := firstPrompt(t, ts.srv.catalog, modules.Reflection)
	tests := []struct {
		text   string
		status int
		want   string
	}{
		{"Mijn cliënt heeft BSN 111222333 genoemd.", http.StatusUnprocessableEntity, "een BSN"},
		{"Mail hem op jan@voorbeeld.nl", http.StatusUnprocessableEntity, "een e-mailadres"},
		{"BSN 111222333 en jan@voorbeeld.nl", http.StatusUnprocessableEntity, "een BSN en een e-mailadres"},
		{"Mevrouw Jansen belde op 3 maart 2019.", http.StatusSeeOther, ""},
		{"Ik leerde vandaag luisteren.", http.StatusSeeOther, ""},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			p := c.post(promptURL(m, l, pr), url.Values{"text": {tc.text}})
			if p.Status != tc.status {
				t.Fatalf("status %d, want %d", p.Status, tc.status)
			}
			if tc.want != "" {
				mustContain(t, p.Body, "Je antwoord is niet bewaard", tc.want)
				mustNotContain(t, p.Body, "111222333</p>")
			}
		})
	}
	_, js := c.postJSON(promptURL(m, l, pr), url.Values{"text": {"BSN 111222333"}})
	if js["ok"] != false || !strings.Contains(js["error"].(string), "een BSN") {
		t.Errorf("json answer: %v", js)
	}
	lesson := c.get(lessonURL(m, l))
	mustContain(t, lesson.Body, "/static/js/screen.js", "/static/js/reflection_screen.js", "data-screen-findings", "data-screen-warn=")
}

// The statements render in both languages, say "not set" without a contact, and every page's
// footer links to them.
func TestStatementsInBothLanguages(t *testing.T) {
	tests := []struct {
		lang, contact string
		want          []string
	}{
		{"nl", "", []string{"Privacyverklaring", "verwerkingsverantwoordelijke", "Er is nog geen contactadres ingesteld", "24 maanden", "30 dagen", "Toegankelijkheidsverklaring"}},
		{"en", "", []string{"Privacy statement", "controller", "No contact address has been set yet", "24 months", "30 days", "Accessibility statement"}},
		{"nl", "privacy@gemeente.example", []string{"Neem contact op met privacy@gemeente.example", "Meld het bij privacy@gemeente.example"}},
		{"en", "privacy@gemeente.example", []string{"Contact privacy@gemeente.example", "Report it to privacy@gemeente.example"}},
	}
	for _, tc := range tests {
		t.Run(tc.lang+" "+tc.contact, func(t *testing.T) {
			ts := newTestServer(t, func(c *Config, _ *Deps) { c.PrivacyContact = tc.contact })
			c := ts.client()
			c.header.Set("Accept-Language", tc.lang)
			var body string
			for _, path := range []string{"/privacy", "/toegankelijkheid"} {
				p := c.get(path)
				if p.Status != http.StatusOK {
					t.Fatalf("%s: status %d", path, p.Status)
				}
				body += p.Body
			}
			mustContain(t, body, tc.want...)
			mustContain(t, c.get("/login").Body, `href="/privacy"`, `href="/toegankelijkheid"`)
		})
	}
}

// The retention job uses the configured periods.
func TestApplyRetentionUsesConfig(t *testing.T) {
	ts, clk := newClockedTestServer(t, func(c *Config, _ *Deps) { c.Retention.Invites = 24 * time.Hour })
	ts.withDemo()
	ctx := context.Background()
	org := orgOfUser(t, ts, "deelnemer1@kring.example")
	if _, err := ts.store.CreateInvite(ctx, []byte("h1"), org, string(auth.Trainee), "nieuw@kring.example", 0, time.Hour); err != nil {
		t.Fatal(err)
	}
	if r, err := ts.srv.ApplyRetention(ctx); err != nil || r.Invites != 0 {
		t.Fatalf("fresh invite purged: %+v %v", r, err)
	}
	clk.advance(26 * time.Hour)
	if r, err := ts.srv.ApplyRetention(ctx); err != nil || r.Invites != 1 {
		t.Fatalf("expired invite: %+v %v, want 1 purged", r, err)
	}
	if ts.srv.cfg.Retention.Boards != DefaultRetention().Boards {
		t.Errorf("unset period not defaulted: %v", ts.srv.cfg.Retention.Boards)
	}
}

// The markdown form of a name agrees with the report's own escaping, so deletion finds it.
func TestNameFormsMatchReport(t *testing.T) {
	name := "Anne-Marie O'Brien (Jr.)"
	forms := nameForms(name)
	if len(forms) < 2 {
		t.Fatalf("forms %v", forms)
	}
	md := forms[len(forms)-1]
	if md != `Anne\-Marie O'Brien \(Jr\.\)` {
		t.Errorf("markdown form %q", md)
	}
}
