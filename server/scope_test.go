package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"kring/server/auth"
	"kring/server/demo"
	"kring/server/netmap"
	"kring/server/room"
	"kring/server/store"
)

// The data-scope access test (issue 15, "Proof"): not only "may this role do this?" but "may
// this person do it to this thing?". Two organisations, two groups, a coach of each, a trainee
// who joined late, a removed member and a disabled person; every route with a parameter in the
// route table, the member picker's contents and every report, asserted cell by cell.

// The people of the scope fixture, in the order of the table's columns.
const (
	anon     = "anonymous"
	member1  = "member"      // deelnemer1: in group 1 from the start (organisation 1)
	late     = "late"        // joined group 1 after its meeting was held (organisation 1)
	removed  = "removed"     // deelnemer2: in group 1 during its meeting, removed afterwards
	disabled = "disabled"    // deelnemer3: signed in, then disabled by the coordinator
	both     = "both"        // deelnemer4: in group 1 and group 2 (organisation 2)
	coach1   = "coach1"      // coach of group 1 (organisation 1)
	coach2   = "coach2"      // coach of group 2 (organisation 2)
	coord1   = "coordinator" // organisation admin of organisation 1
	coord2   = "coordinator2"
	muni     = "municipality"
)

var scopePeople = []string{anon, member1, late, removed, disabled, both, coach1, coach2, coord1, coord2, muni}

// scopeFixture is the world of the test and the ids the table's targets need.
type scopeFixture struct {
	ts            *testServer
	clients       map[string]*client
	emails        map[string]string
	g1, g2        int64 // group 1 (demo, open to both organisations), group 2 (open to organisation 2)
	m1, m2        int64 // a held meeting of each group, with a report
	org1, org2    int64
	revokedInvite int64 // an invite of organisation 1, already revoked
}

func newScopeFixture(t *testing.T) *scopeFixture {
	t.Helper()
	ts, clk := newClockedTestServer(t)
	ts.withDemo()
	ctx := context.Background()
	f := &scopeFixture{ts: ts, clients: map[string]*client{}, emails: map[string]string{
		member1: "deelnemer1@kring.example", removed: "deelnemer2@kring.example", disabled: "deelnemer3@kring.example",
		both: "deelnemer4@kring.example", coach1: "coach@kring.example", coord1: "coordinator@kring.example",
		muni: "gemeente@kring.example", late: "laat@kring.example", coach2: "coach2@kring.example",
		coord2: "coordinator2@kring.example",
	}}
	f.org1 = orgOfUser(t, ts, "deelnemer1@kring.example")
	f.org2 = orgOfUser(t, ts, "deelnemer4@kring.example")
	hash, err := ts.srv.hasher.Hash(demo.Password)
	if err != nil {
		t.Fatal(err)
	}
	mustUser := func(email, name string, role auth.Role, org int64) int64 {
		id, err := ts.store.CreateUser(ctx, store.NewUser{Email: email, Name: name, PasswordHash: hash, Role: string(role), OrgID: org})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	mustUser(f.emails[late], "Lotte Laat", auth.Trainee, f.org1)
	c2 := mustUser(f.emails[coach2], "Tweede Coach", auth.Coach, f.org2)
	mustUser(f.emails[coord2], "Tweede Coördinator", auth.OrgAdmin, f.org2)
	// A trainee of a third organisation: never in a picker, only added by exact address.
	org3, err := ts.store.CreateOrganisation(ctx, "Welzijn Elders")
	if err != nil {
		t.Fatal(err)
	}
	mustUser("elders@kring.example", "Eva Elders", auth.Trainee, org3)

	f.g1 = ts.demoMeeting().GroupID
	f.m1 = ts.demoMeeting().ID
	if f.g2, err = ts.store.CreateGroup(ctx, "Intervisiegroep De Linde", "", c2); err != nil {
		t.Fatal(err)
	}
	if err := ts.store.AddMember(ctx, f.g2, ts.userID(f.emails[both])); err != nil {
		t.Fatal(err)
	}
	if f.m2, err = ts.store.CreateMeeting(ctx, store.NewMeeting{GroupID: f.g2, Title: "Linde januari", Method: demo.Method,
		StartsAt: clk.Now().Add(time.Hour), Minutes: 90, Online: true, By: c2}); err != nil {
		t.Fatal(err)
	}
	// Both meetings are held and closed, with a report naming a case.
	clk.advance(time.Hour)
	for _, m := range []int64{f.m1, f.m2} {
		if err := ts.store.SetMeetingStatus(ctx, m, "live", clk.Now()); err != nil {
			t.Fatal(err)
		}
	}
	clk.advance(90 * time.Minute)
	for _, m := range []int64{f.m1, f.m2} {
		if err := ts.store.SetMeetingStatus(ctx, m, "closed", clk.Now()); err != nil {
			t.Fatal(err)
		}
		rep := room.Report{MeetingID: m, Title: "Verslag", Cases: []room.ReportCard{{ID: 1, Text: "Casus van meeting " + strconv.FormatInt(m, 10), Author: "X"}}}
		data, _ := json.Marshal(rep)
		if err := ts.store.SaveReport(ctx, m, rep.Markdown("nl", nil), data); err != nil {
			t.Fatal(err)
		}
	}
	// Afterwards: one joins group 1, one leaves it.
	clk.advance(time.Hour)
	if err := ts.store.AddMember(ctx, f.g1, ts.userID(f.emails[late])); err != nil {
		t.Fatal(err)
	}
	if err := ts.store.RemoveMember(ctx, f.g1, ts.userID(f.emails[removed])); err != nil {
		t.Fatal(err)
	}
	// An invite of organisation 1, revoked, so revoking it again changes nothing.
	if _, err := ts.store.CreateInvite(ctx, auth.HashToken(auth.NewToken()), f.org1, "trainee", "x@kring.example", 0, time.Hour); err != nil {
		t.Fatal(err)
	}
	invs, err := ts.store.ListInvites(ctx, f.org1)
	if err != nil || len(invs) != 1 {
		t.Fatalf("invites %v %v", invs, err)
	}
	f.revokedInvite = invs[0].ID
	if err := ts.store.RevokeInvite(ctx, f.revokedInvite); err != nil {
		t.Fatal(err)
	}

	f.clients[anon] = ts.client()
	for who, email := range f.emails {
		f.clients[who] = ts.as(email)
	}
	// The disabled person was signed in; disabling ends that session.
	if p := f.clients[coord1].post("/org/people/"+strconv.FormatInt(ts.userID(f.emails[disabled]), 10)+"/disable", nil); p.Status != http.StatusSeeOther {
		t.Fatalf("disable: status %d", p.Status)
	}
	return f
}

// scopeRow is one line of the table: a route, the thing its parameters point at, the form
// posted (chosen so that an allowed request changes nothing the other cells depend on), and
// the status each person gets.
type scopeRow struct {
	method, path string
	target       string // human name of the thing, for messages
	fill         func(f *scopeFixture) map[string]string
	form         url.Values
	want         map[string]int
}

// Unscoped routes have parameters that are not ids of someone's data: content slugs, public
// tokens, or per-person data keyed by the signed-in person.
var unscoped = map[string]string{
	"POST /modules/:slug/:lesson/complete":    "a module and lesson of the content, no one's data; completing is one's own progress",
	"GET /setup/:token":                       "one-time setup token, public",
	"POST /setup/:token":                      "one-time setup token, public",
	"GET /invite/:token":                      "invite token, public; see TestInviteRevoke and TestOpenInviteTellsNothing",
	"POST /invite/:token":                     "invite token, public",
	"GET /modules/:slug":                      "learning content, the same for everyone",
	"GET /modules/:slug/:lesson":              "learning content, the same for everyone",
	"POST /modules/:slug/:lesson/prompts/:id": "saves the signed-in person's own answer",
	"POST /vragen/:id/favoriet":               "the signed-in person's own favourites",
	"GET /certificates/:code":                 "public certificate check by code",
	"GET /gemeente/thema/:theme":              "one of the fixed themes, no one's data; municipality only (TestThemePagesRefused), anonymised (TestThemeDrillDownIsAnonymous)",
}

const (
	s200, s303, s400, s401, s403, s404, s409, s422 = 200, 303, 400, 401, 403, 404, 409, 422
)

// row builds the want map from the columns in scopePeople order.
func row(statuses ...int) map[string]int {
	if len(statuses) != len(scopePeople) {
		panic("a scope row needs one status per person")
	}
	m := map[string]int{}
	for i, s := range statuses {
		m[scopePeople[i]] = s
	}
	return m
}

func id(v int64) string { return strconv.FormatInt(v, 10) }

// wsNoUpgrade is the answer to a plain GET of a room's websocket by someone allowed in: the
// access check passes and the upgrade is refused for not being a websocket request.
const wsNoUpgrade = s400

func scopeRows() []scopeRow {
	g1 := func(f *scopeFixture) map[string]string { return map[string]string{":id": id(f.g1)} }
	g2 := func(f *scopeFixture) map[string]string { return map[string]string{":id": id(f.g2)} }
	m1 := func(f *scopeFixture) map[string]string { return map[string]string{":id": id(f.m1)} }
	m2 := func(f *scopeFixture) map[string]string { return map[string]string{":id": id(f.m2)} }
	return []scopeRow{
		//                                                                anon  member late removed disabled both coach1 coach2 coord1 coord2 muni
		{"GET", "/groups/:id", "group 1", g1, nil, row(s303, s200, s200, s404, s303, s200, s200, s404, s403, s403, s200)},
		{"GET", "/groups/:id", "group 2", g2, nil, row(s303, s404, s404, s404, s303, s200, s404, s200, s403, s403, s200)},
		// Managing: trainees may not manage any group (403, the permission table); another
		// coach is told nothing (404); an empty form is bad input (422) for who may manage.
		{"POST", "/groups/:id/members", "group 1", g1, url.Values{}, row(s401, s403, s403, s403, s401, s403, s422, s404, s403, s403, s422)},
		{"POST", "/groups/:id/members", "group 2", g2, url.Values{}, row(s401, s403, s403, s403, s401, s403, s404, s422, s403, s403, s422)},
		{"POST", "/groups/:id/meetings", "group 1", g1, url.Values{}, row(s401, s403, s403, s403, s401, s403, s422, s404, s403, s403, s422)},
		{"POST", "/groups/:id/coach", "group 1", g1, url.Values{}, row(s401, s403, s403, s403, s401, s403, s403, s403, s403, s403, s422)},
		{"POST", "/groups/:id/organisations", "group 1, an unknown organisation", g1, url.Values{"org": {"99999"}},
			row(s401, s403, s403, s403, s401, s403, s403, s403, s403, s403, s422)},
		// Removing someone who is not a member changes nothing; who may manage is sent back.
		{"POST", "/groups/:id/members/:uid/remove", "group 1, a non-member", func(f *scopeFixture) map[string]string {
			return map[string]string{":id": id(f.g1), ":uid": id(f.ts.userID("elders@kring.example"))}
		}, url.Values{}, row(s401, s403, s403, s403, s401, s403, s303, s404, s403, s403, s303)},
		// The live room: the coach and current members; the removed member no longer.
		{"GET", "/meetings/:id", "meeting of group 1", m1, nil, row(s303, s200, s200, s404, s303, s200, s200, s404, s403, s403, s403)},
		{"GET", "/meetings/:id", "meeting of group 2", m2, nil, row(s303, s404, s404, s404, s303, s200, s404, s200, s403, s403, s403)},
		{"GET", "/meetings/:id/scherm", "projector view of group 1", m1, nil, row(s303, s200, s200, s404, s303, s200, s200, s404, s403, s403, s403)},
		{"GET", "/meetings/:id/scherm", "projector view of group 2", m2, nil, row(s303, s404, s404, s404, s303, s200, s404, s200, s403, s403, s403)},
		{"GET", "/meetings/:id/kaart/:card", "network map on a case card of group 1", scopeCardMap, nil, row(s303, s200, s200, s404, s303, s200, s200, s404, s403, s403, s403)},
		{"GET", "/meetings/:id/ws", "meeting of group 1", m1, nil, row(s303, wsNoUpgrade, wsNoUpgrade, s404, s303, wsNoUpgrade, wsNoUpgrade, s404, s403, s403, s403)},
		{"GET", "/meetings/:id/ws", "meeting of group 2", m2, nil, row(s303, s404, s404, s404, s303, wsNoUpgrade, s404, wsNoUpgrade, s403, s403, s403)},
		// Reports: the coach and who was a member while the meeting was held. Not the late
		// joiner; still the removed member; never the municipality (aggregates only).
		{"GET", "/meetings/:id/report", "report of group 1", m1, nil, row(s303, s200, s404, s200, s303, s200, s200, s404, s403, s403, s403)},
		{"GET", "/meetings/:id/report", "report of group 2", m2, nil, row(s303, s404, s404, s404, s303, s200, s404, s200, s403, s403, s403)},
		// An agreement's owner and date after the meeting: its coach only (an empty form is bad
		// input); members who may read the report may not change it.
		{"POST", "/meetings/:id/agreements/:agreement", "agreement of group 1, empty form", func(f *scopeFixture) map[string]string {
			p := m1(f)
			mid, _ := strconv.ParseInt(p[":id"], 10, 64)
			ctx := context.Background()
			if err := f.ts.store.SaveReport(ctx, mid, "verslag", []byte(`{"agreements": [{"id": 1, "text": "Zaal regelen"}]}`)); err != nil {
				f.ts.t.Fatal(err)
			}
			as, err := f.ts.store.AgreementsMadeIn(ctx, mid)
			if err != nil || len(as) != 1 {
				f.ts.t.Fatalf("agreements of meeting %d: %v (%v)", mid, as, err)
			}
			p[":agreement"] = id(as[0].ID)
			return p
		}, url.Values{}, row(s401, s403, s404, s403, s401, s403, s422, s404, s403, s403, s403)},
		// Meetings around the room: the coach (and the municipality, as for planning) may see
		// the confirmation and edit pages and change or cancel; a held meeting cannot be moved
		// (409) and an empty cancel form is bad input (422). The .ics: whoever sees the group.
		{"GET", "/meetings/:id/planned", "meeting of group 1", m1, nil, row(s303, s403, s403, s403, s303, s403, s200, s404, s403, s403, s200)},
		{"GET", "/meetings/:id/edit", "meeting of group 1", m1, nil, row(s303, s403, s403, s403, s303, s403, s200, s404, s403, s403, s200)},
		{"POST", "/meetings/:id/edit", "held meeting of group 1, empty form", m1, url.Values{}, row(s401, s403, s403, s403, s401, s403, s409, s404, s403, s403, s409)},
		{"POST", "/meetings/:id/cancel", "meeting of group 1, empty form", m1, url.Values{}, row(s401, s403, s403, s403, s401, s403, s422, s404, s403, s403, s422)},
		{"GET", "/meetings/:id/calendar.ics", "meeting of group 1", m1, nil, row(s303, s200, s200, s404, s303, s200, s200, s404, s403, s403, s200)},
		{"GET", "/meetings/:id/calendar.ics", "meeting of group 2", m2, nil, row(s303, s404, s404, s404, s303, s200, s404, s200, s403, s403, s200)},
		{"GET", "/series/:id/calendar.ics", "a series of group 1", func(f *scopeFixture) map[string]string {
			sid, _, err := f.ts.store.CreateSeries(context.Background(), store.NewMeeting{GroupID: f.g1, Method: demo.Method, Minutes: 60,
				Location: "Zaal"}, 2, []time.Time{time.Now().Add(72 * time.Hour), time.Now().Add(408 * time.Hour)})
			if err != nil {
				f.ts.t.Fatal(err)
			}
			return map[string]string{":id": id(sid)}
		}, nil, row(s303, s200, s200, s404, s303, s200, s200, s404, s403, s403, s200)},
		{"GET", "/admin/organisations/:id", "organisation 1", func(f *scopeFixture) map[string]string { return map[string]string{":id": id(f.org1)} },
			nil, row(s303, s403, s403, s403, s303, s403, s403, s403, s403, s403, s200)},
		// Certificates: the QR code and the JSON check are public; the PDF is the holder's; only
		// the municipality revokes (an empty reason is bad input).
		{"GET", "/certificates/:code/qr.png", "member's certificate", scopeCert, nil, row(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET", "/certificates/:code/json", "member's certificate", scopeCert, nil, row(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET", "/certificates/:code/pdf", "member's certificate", scopeCert, nil, row(s303, s200, s404, s404, s303, s404, s404, s404, s404, s404, s404)},
		{"POST", "/certificates/:code/revoke", "member's certificate, no reason", scopeCert, url.Values{}, row(s401, s403, s403, s403, s401, s403, s403, s403, s403, s403, s422)},
		// Portfolio exports are their owner's; the public check is open to anyone with the code.
		{"GET", "/portfolio/export/:code", "member's export", scopeExport, nil, row(s303, s200, s404, s404, s303, s404, s404, s404, s404, s404, s403)},
		{"GET", "/portfolio/export/:code/pdf", "member's export", scopeExport, nil, row(s303, s200, s404, s404, s303, s404, s404, s404, s404, s404, s403)},
		{"GET", "/portfolio/controle/:code", "member's export", scopeExport, nil, row(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET", "/portfolio/controle/:code/json", "member's export", scopeExport, nil, row(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		// A series reflection: only its author asks for a signature; only the coach of its group
		// signs, and only once asked.
		{"POST", "/portfolio/reflecties/:id/ondertekenen", "member's reflection on group 1", func(f *scopeFixture) map[string]string {
			return map[string]string{":id": id(scopeReflection(f, false))}
		}, url.Values{}, row(s401, s303, s404, s404, s401, s404, s404, s404, s404, s404, s403)},
		{"POST", "/reflecties/:id/ondertekenen", "member's reflection on group 1, signature asked", func(f *scopeFixture) map[string]string {
			return map[string]string{":id": id(scopeReflection(f, true))}
		}, url.Values{}, row(s401, s403, s403, s403, s401, s403, s303, s404, s403, s403, s403)},
		// Network maps are private to their owner, for every role.
		{"GET", "/netwerkkaarten/:id", "member's map", scopeMap, nil, row(s303, s200, s404, s404, s303, s404, s404, s404, s404, s404, s404)},
		{"GET", "/netwerkkaarten/:id/kaart.svg", "member's map", scopeMap, nil, row(s303, s200, s404, s404, s303, s404, s404, s404, s404, s404, s404)},
		{"GET", "/netwerkkaarten/:id/vergelijk", "member's copy of a map", scopeMapCopy, nil, row(s303, s200, s404, s404, s303, s404, s404, s404, s404, s404, s404)},
		{"POST", "/netwerkkaarten/:id", "member's map, empty form", scopeMap, url.Values{}, row(s401, s422, s404, s404, s401, s404, s404, s404, s404, s404, s404)},
		{"POST", "/netwerkkaarten/:id/kopie", "member's map", scopeMap, url.Values{}, row(s401, s303, s404, s404, s401, s404, s404, s404, s404, s404, s404)},
		// A signed credential is its holder's alone: everyone else is told nothing (404).
		{"GET", "/certificates/:code/credential.jwt", "the member's certificate", scopeCert, nil, row(s303, s200, s404, s404, s303, s404, s404, s404, s404, s404, s404)},
		// Sign-in with the work account: the municipality for any organisation; a coordinator
		// only through /org/sso for their own.
		{"GET", "/admin/organisations/:id/sso", "organisation 1", func(f *scopeFixture) map[string]string { return map[string]string{":id": id(f.org1)} },
			nil, row(s303, s403, s403, s403, s303, s403, s403, s403, s403, s403, s200)},
		{"POST", "/admin/organisations/:id/sso", "organisation 1, empty form", func(f *scopeFixture) map[string]string { return map[string]string{":id": id(f.org1)} },
			url.Values{}, row(s401, s403, s403, s403, s401, s403, s403, s403, s403, s403, s422)},
		{"POST", "/admin/organisations/:id/sso/delete", "organisation 1 (no provider: nothing to remove)", func(f *scopeFixture) map[string]string { return map[string]string{":id": id(f.org1)} },
			url.Values{}, row(s401, s403, s403, s403, s401, s403, s403, s403, s403, s403, s303)},
		{"POST", "/admin/organisations/:id/invites", "organisation 1, empty form", func(f *scopeFixture) map[string]string { return map[string]string{":id": id(f.org1)} },
			url.Values{}, row(s401, s403, s403, s403, s401, s403, s403, s403, s403, s403, s422)},
		{"POST", "/admin/users/:id/role", "a trainee, no role", func(f *scopeFixture) map[string]string {
			return map[string]string{":id": id(f.ts.userID(f.emails[member1]))}
		}, url.Values{}, row(s401, s403, s403, s403, s401, s403, s403, s403, s403, s403, s400)},
		// Staff of organisation 1: its coordinator and the municipality; organisation 2's
		// coordinator is told nothing (404).
		{"POST", "/org/invites/:id/revoke", "a revoked invite of organisation 1", func(f *scopeFixture) map[string]string {
			return map[string]string{":id": id(f.revokedInvite)}
		}, url.Values{}, row(s401, s403, s403, s403, s401, s403, s403, s403, s303, s404, s303)},
		// A training record: the coordinator of the person's own organisation and the
		// municipality; another coordinator is told nothing.
		{"GET", "/org/people/:id", "a trainee (organisation 1)", func(f *scopeFixture) map[string]string {
			return map[string]string{":id": id(f.ts.userID(f.emails[member1]))}
		}, nil, row(s303, s403, s403, s403, s303, s403, s403, s403, s200, s404, s200)},
		{"POST", "/org/people/:id/disable", "the disabled person (organisation 1)", func(f *scopeFixture) map[string]string {
			return map[string]string{":id": id(f.ts.userID(f.emails[disabled]))}
		}, url.Values{}, row(s401, s403, s403, s403, s401, s403, s403, s403, s303, s404, s303)},
		{"POST", "/org/people/:id/enable", "an enabled trainee (organisation 1)", func(f *scopeFixture) map[string]string {
			return map[string]string{":id": id(f.ts.userID(f.emails[member1]))}
		}, url.Values{}, row(s401, s403, s403, s403, s401, s403, s403, s403, s303, s404, s303)},
	}
}

var paramRe = regexp.MustCompile(`:[a-z]+`)

func TestDataScopeByRoute(t *testing.T) {
	f := newScopeFixture(t)
	rows := scopeRows()
	covered := map[string]bool{}
	for _, r := range rows {
		covered[r.method+" "+r.path] = true
	}
	// Every route with a parameter has a row here or a reason in unscoped: a new route
	// without one fails, with the line to add.
	for _, rt := range f.ts.srv.Routes() {
		key := rt.Method + " " + rt.Path
		if !strings.Contains(rt.Path, ":") || covered[key] {
			continue
		}
		if _, ok := unscoped[key]; !ok {
			t.Errorf("route %s has no row in the data-scope table: add a scopeRow to scopeRows() in scope_test.go "+
				"(one status per person: %s), or a reason to unscoped if its parameter is no one's data", key, strings.Join(scopePeople, ", "))
		}
	}
	for key := range unscoped {
		found := false
		for _, rt := range f.ts.srv.Routes() {
			found = found || rt.Method+" "+rt.Path == key
		}
		if !found {
			t.Errorf("unscoped lists %s, which is not in the route table", key)
		}
	}
	for _, r := range rows {
		ids := r.fill(f)
		path := paramRe.ReplaceAllStringFunc(r.path, func(p string) string {
			v, ok := ids[p]
			if !ok {
				t.Fatalf("%s %s: no value for %s", r.method, r.path, p)
			}
			return v
		})
		for _, who := range scopePeople {
			want, ok := r.want[who]
			if !ok {
				t.Errorf("%s %s (%s): no cell for %s", r.method, r.path, r.target, who)
				continue
			}
			c := f.clients[who]
			var p page
			switch {
			case r.method == http.MethodGet:
				p = c.get(path)
			case who == anon || who == disabled:
				form := url.Values{"_csrf": {c.csrf()}}
				p = c.postRaw(path, form)
			default:
				form := url.Values{}
				for k, v := range r.form {
					form[k] = v
				}
				p = c.post(path, form)
			}
			if p.Status != want {
				t.Errorf("%-6s %-34s %-38s %-13s status %d, want %d", r.method, r.path, r.target, who, p.Status, want)
			}
		}
	}
}

var optionRe = regexp.MustCompile(`<option value="(\d+)">`)

// pickerOf lists the names of the people in a group page's member picker.
func pickerOf(t *testing.T, f *scopeFixture, who string, group int64) []string {
	t.Helper()
	p := f.clients[who].get("/groups/" + id(group))
	if p.Status != http.StatusOK {
		t.Fatalf("%s on group %d: status %d", who, group, p.Status)
	}
	start := strings.Index(p.Body, `id="f-user"`)
	if start < 0 {
		return nil
	}
	end := strings.Index(p.Body[start:], "</select>")
	var names []string
	for _, m := range optionRe.FindAllStringSubmatch(p.Body[start:start+end], -1) {
		uid, _ := strconv.ParseInt(m[1], 10, 64)
		u, err := f.ts.store.UserByID(context.Background(), uid)
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, u.Email)
	}
	sort.Strings(names)
	return names
}

// The member picker lists exactly the trainees of the organisations the group is open to who
// are not members and can sign in; nobody from elsewhere, no coach, no disabled person.
func TestDataScopeMemberPicker(t *testing.T) {
	f := newScopeFixture(t)
	cases := []struct {
		who   string
		group int64
		want  []string
	}{
		// Group 1 is open to both demo organisations: of their trainees only the removed
		// member is not in it (the disabled one is not offered).
		{coach1, f.g1, []string{"deelnemer2@kring.example"}},
		{muni, f.g1, []string{"deelnemer2@kring.example"}},
		// Group 2 is open to organisation 2 (its coach's): its other trainees.
		{coach2, f.g2, []string{"deelnemer5@kring.example", "deelnemer6@kring.example"}},
	}
	for _, tc := range cases {
		got := pickerOf(t, f, tc.who, tc.group)
		if strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("%s's picker on group %d: %v, want %v", tc.who, tc.group, got, tc.want)
		}
	}
	// Members see no picker at all.
	if got := pickerOf(t, f, both, f.g2); got != nil {
		t.Errorf("a member sees a picker: %v", got)
	}
	// Someone outside the open organisations: not by id, only by exact address.
	ctx := context.Background()
	elders := f.ts.userID("elders@kring.example")
	if p := f.clients[coach2].post("/groups/"+id(f.g2)+"/members", url.Values{"user": {id(elders)}}); p.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(p.Body, "Kies een deelnemer uit de lijst.") {
		t.Errorf("adding a trainee of another organisation by id: status %d", p.Status)
	}
	if ok, _ := f.ts.store.IsMember(ctx, f.g2, elders); ok {
		t.Fatal("a refused id was added")
	}
	// A disabled trainee is not added, even by exact address.
	if p := f.clients[coach1].post("/groups/"+id(f.g1)+"/members", url.Values{"email": {f.emails[disabled]}}); p.Status != http.StatusUnprocessableEntity {
		t.Errorf("adding a disabled trainee by address: status %d", p.Status)
	}
	if p := f.clients[coach2].post("/groups/"+id(f.g2)+"/members", url.Values{"email": {"ELDERS@kring.example"}}); p.Status != http.StatusSeeOther {
		t.Errorf("adding by exact address: status %d", p.Status)
	}
	if ok, _ := f.ts.store.IsMember(ctx, f.g2, elders); !ok {
		t.Error("not added by exact address")
	}
	// The municipality opens group 2 to organisation 1 as well: its trainees appear.
	if p := f.clients[muni].post("/groups/"+id(f.g2)+"/organisations", url.Values{"org": {id(f.org1), id(f.org2)}}); p.Status != http.StatusSeeOther {
		t.Fatalf("set organisations: status %d", p.Status)
	}
	got := pickerOf(t, f, coach2, f.g2)
	want := []string{"deelnemer1@kring.example", "deelnemer2@kring.example", "deelnemer5@kring.example", "deelnemer6@kring.example", "laat@kring.example"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("after opening to organisation 1: %v, want %v", got, want)
	}
	// Bad input changes nothing.
	before, _ := f.ts.store.GroupOrganisations(ctx, f.g2)
	for _, bad := range []url.Values{{"org": {id(f.org1), "99999"}}, {"org": {"x"}}, {"org": {"-1"}}} {
		p := f.clients[muni].post("/groups/"+id(f.g2)+"/organisations", bad)
		if p.Status != http.StatusUnprocessableEntity || !strings.Contains(p.Body, "Er is niets gewijzigd.") {
			t.Errorf("organisations %v: status %d, want 422 with a clear message", bad, p.Status)
		}
	}
	if after, _ := f.ts.store.GroupOrganisations(ctx, f.g2); len(after) != len(before) {
		t.Errorf("organisations changed by bad input: %v -> %v", before, after)
	}
	// The coordinator's data: organisation 1's people in groups, the removed member's stay
	// ended, the one in group 2 now current.
	ms, err := f.ts.store.OrgMemberships(ctx, f.org1)
	if err != nil {
		t.Fatal(err)
	}
	var removedStay, lateStay bool
	for _, m := range ms {
		if m.UserName == "" || m.GroupName == "" || m.CoachName == "" {
			t.Errorf("incomplete membership row %+v", m)
		}
		removedStay = removedStay || (m.UserID == f.ts.userID(f.emails[removed]) && m.GroupID == f.g1 && !m.Left.IsZero())
		lateStay = lateStay || (m.UserID == f.ts.userID(f.emails[late]) && m.GroupID == f.g1 && m.Left.IsZero())
		if m.UserID == f.ts.userID(f.emails[both]) {
			t.Error("organisation 1's coordinator sees a member of organisation 2")
		}
	}
	if !removedStay || !lateStay {
		t.Errorf("memberships of organisation 1 lack the ended or the late stay: %+v", ms)
	}
}

// Every report: its case text is shown exactly to who may read it, and the group page links
// the report only for them.
func TestDataScopeReports(t *testing.T) {
	f := newScopeFixture(t)
	link := `href="/meetings/` + id(f.m1) + `/report"`
	for who, want := range map[string]bool{member1: true, coach1: true, both: true, late: false, muni: false} {
		p := f.clients[who].get("/groups/" + id(f.g1))
		if p.Status != http.StatusOK || strings.Contains(p.Body, link) != want {
			t.Errorf("%s on group 1: status %d, report link shown %v, want %v", who, p.Status, !want, want)
		}
	}
	for _, m := range []int64{f.m1, f.m2} {
		text := "Casus van meeting " + id(m)
		for _, who := range scopePeople {
			p := f.clients[who].get("/meetings/" + id(m) + "/report")
			md := f.clients[who].get("/meetings/" + id(m) + "/report?format=md")
			shown := strings.Contains(p.Body, text)
			if shown != (p.Status == http.StatusOK) || strings.Contains(md.Body, text) != shown {
				t.Errorf("report of meeting %d for %s: status %d, case text shown %v, markdown %d", m, who, p.Status, shown, md.Status)
			}
		}
	}
}

// At creation the coach picks the organisations the group is open to (their own is checked);
// a bad pick creates nothing.
func TestGroupCreatedOpenToPickedOrganisations(t *testing.T) {
	ts := newTestServer(t).withDemo()
	ctx := context.Background()
	coach := ts.as("coach@kring.example")
	org1, org2 := orgOfUser(t, ts, "coach@kring.example"), orgOfUser(t, ts, "deelnemer4@kring.example")
	page := coach.get("/groups/new")
	if !strings.Contains(page.Body, `id="f-org-`+id(org1)+`" name="org" value="`+id(org1)+`" checked`) ||
		strings.Contains(page.Body, `value="`+id(org2)+`" checked`) {
		t.Error("the new-group form does not check exactly the coach's own organisation")
	}
	before, _ := ts.store.GroupsFor(ctx, 0, true)
	for _, bad := range [][]string{{id(org1), "99999"}, {"nul"}} {
		p := coach.post("/groups", url.Values{"name": {"Zuid"}, "org": bad})
		if p.Status != http.StatusUnprocessableEntity || !strings.Contains(p.Body, "Er is niets gewijzigd.") {
			t.Errorf("create with organisations %v: status %d, want 422 with a clear message", bad, p.Status)
		}
	}
	if after, _ := ts.store.GroupsFor(ctx, 0, true); len(after) != len(before) {
		t.Fatal("a group was created by bad input")
	}
	p := coach.post("/groups", url.Values{"name": {"Zuid"}, "org": {id(org2)}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("create: status %d", p.Status)
	}
	gid, _ := strconv.ParseInt(strings.TrimPrefix(p.Location, "/groups/"), 10, 64)
	if open, _ := ts.store.GroupOrganisations(ctx, gid); len(open) != 1 || open[0] != org2 {
		t.Errorf("open to %v, want [%d]", open, org2)
	}
}

// scopeCert is a certificate of the member (organisation 1), issued once.
func scopeCert(f *scopeFixture) map[string]string {
	ctx := context.Background()
	uid := f.ts.userID(f.emails[member1])
	if cs, _ := f.ts.store.CertificatesOf(ctx, uid); len(cs) > 0 {
		return map[string]string{":code": cs[0].Code}
	}
	c, err := f.ts.store.IssueCertificate(ctx, store.NewCertificate{UserID: uid, Module: "snv-visie", ModuleTitle: "De visie achter SNV", ModuleVersion: 1, Hours: 1})
	if err != nil {
		f.ts.t.Fatal(err)
	}
	return map[string]string{":code": c.Code}
}

// scopeExport is a portfolio export of the member.
func scopeExport(f *scopeFixture) map[string]string {
	code, err := f.ts.store.SavePortfolioExport(context.Background(), f.ts.userID(f.emails[member1]), `{"version":1,"name":"Sanne Visser"}`)
	if err != nil {
		f.ts.t.Fatal(err)
	}
	return map[string]string{":code": code}
}

// scopeReflection is a new series reflection of the member on group 1, its signature asked
// for or not.
func scopeReflection(f *scopeFixture, asked bool) int64 {
	ctx := context.Background()
	uid := f.ts.userID(f.emails[member1])
	rid, err := f.ts.store.AddSeriesReflection(ctx, store.NewSeriesReflection{UserID: uid, GroupID: f.g1, Technical: "a", Normative: "b", Personal: "c", Meetings: 1, Minutes: 60})
	if err != nil {
		f.ts.t.Fatal(err)
	}
	if asked {
		if err := f.ts.store.RequestSignature(ctx, rid, uid); err != nil {
			f.ts.t.Fatal(err)
		}
	}
	return rid
}

// scopeMap is a network map of the member.
func scopeMap(f *scopeFixture) map[string]string {
	ctx := context.Background()
	uid := f.ts.userID(f.emails[member1])
	if ms, _ := f.ts.store.NetworkMaps(ctx, uid); len(ms) > 0 {
		return map[string]string{":id": id(ms[0].ID)}
	}
	m, err := netmap.Example()
	if err != nil {
		f.ts.t.Fatal(err)
	}
	body, err := m.JSON()
	if err != nil {
		f.ts.t.Fatal(err)
	}
	mid, err := f.ts.store.CreateNetworkMap(ctx, store.NewNetworkMap{OwnerID: uid, Kind: "own", Title: m.Title, Date: m.Date, Body: body})
	if err != nil {
		f.ts.t.Fatal(err)
	}
	return map[string]string{":id": id(mid)}
}

// scopeMapCopy is a copy of the member's map, which can be compared with its original.
func scopeMapCopy(f *scopeFixture) map[string]string {
	ctx := context.Background()
	uid := f.ts.userID(f.emails[member1])
	orig, _ := strconv.ParseInt(scopeMap(f)[":id"], 10, 64)
	rec, err := f.ts.store.NetworkMap(ctx, uid, orig)
	if err != nil {
		f.ts.t.Fatal(err)
	}
	cid, err := f.ts.store.CreateNetworkMap(ctx, store.NewNetworkMap{OwnerID: uid, Kind: rec.Kind, Title: rec.Title, Date: rec.Date, Body: rec.Body, CopiedFrom: rec.ID})
	if err != nil {
		f.ts.t.Fatal(err)
	}
	return map[string]string{":id": id(cid)}
}
