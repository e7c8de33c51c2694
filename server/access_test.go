package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"kring/server/auth"
	"kring/server/demo"
	"kring/server/store"
)

// accessFixture is the demo data set with one signed-in client per role.
type accessFixture struct {
	ts      *testServer
	clients map[auth.Role]*client
	email   map[auth.Role]string
	groupID int64
	org1    int64
	org2    int64
}

func newAccessFixture(t *testing.T, opts ...func(*Config, *Deps)) *accessFixture {
	t.Helper()
	ts := newTestServer(t, opts...).withDemo()
	f := &accessFixture{ts: ts, clients: map[auth.Role]*client{}, email: map[auth.Role]string{
		auth.Trainee:   "deelnemer1@kring.example",
		auth.Coach:     "coach@kring.example",
		auth.OrgAdmin:  "coordinator@kring.example",
		auth.MuniAdmin: "gemeente@kring.example",
	}}
	for r, e := range f.email {
		f.clients[r] = ts.as(e)
	}
	ctx := context.Background()
	gs, err := ts.store.GroupsFor(ctx, 0, true)
	if err != nil || len(gs) != 1 {
		t.Fatalf("demo groups: %v, %v", gs, err)
	}
	f.groupID = gs[0].ID
	f.org1 = orgOfUser(t, ts, "deelnemer1@kring.example")
	f.org2 = orgOfUser(t, ts, "deelnemer4@kring.example")
	return f
}

// fill puts real ids into a route pattern.
func (f *accessFixture) fill(path string) string {
	parts := strings.Split(path, "/")
	for i, p := range parts {
		if !strings.HasPrefix(p, ":") {
			continue
		}
		v := "1"
		switch {
		case strings.HasPrefix(path, "/groups/") && p == ":id":
			v = strconv.FormatInt(f.groupID, 10)
		case strings.HasPrefix(path, "/admin/organisations/") && p == ":id":
			v = strconv.FormatInt(f.org2, 10)
		case strings.HasPrefix(path, "/org/people/") && p == ":id":
			v = strconv.FormatInt(f.ts.userID("deelnemer1@kring.example"), 10)
		case strings.HasPrefix(path, "/admin/users/") && p == ":id", p == ":uid":
			v = strconv.FormatInt(f.ts.userID("deelnemer4@kring.example"), 10)
		}
		parts[i] = v
	}
	return strings.Join(parts, "/")
}

// Every route in the table that names an action refuses anonymous visitors and every role the
// permission table does not allow, before the handler runs.
func TestAccessMatrixFromRouteTable(t *testing.T) {
	f := newAccessFixture(t)
	pol := auth.DefaultPolicy()
	known := map[auth.Action]bool{}
	for _, a := range pol.Actions() {
		known[a] = true
	}
	anon := f.ts.client()
	anonTok := anon.csrf()
	tokens := map[auth.Role]string{}
	for r, c := range f.clients {
		tokens[r] = c.csrf()
	}
	checked := 0
	for _, rt := range f.ts.srv.Routes() {
		if rt.Action == "" {
			continue
		}
		if !known[rt.Action] {
			t.Errorf("%s %s names action %q, which is not in the permission table", rt.Method, rt.Path, rt.Action)
		}
		path := f.fill(rt.Path)
		t.Run(rt.Method+" "+rt.Path+"/anonymous", func(t *testing.T) {
			switch rt.Method {
			case http.MethodGet:
				p := anon.get(path)
				want := "/login?next=" + url.QueryEscape(path)
				if p.Status != http.StatusSeeOther || p.Location != want {
					t.Errorf("status %d location %q, want 303 to %q", p.Status, p.Location, want)
				}
			case http.MethodPost:
				p := anon.postRaw(path, url.Values{"_csrf": {anonTok}})
				if p.Status != http.StatusUnauthorized {
					t.Errorf("status %d, want 401", p.Status)
				}
			}
		})
		for _, role := range auth.Roles() {
			if pol.Allows(role, rt.Action) {
				continue
			}
			checked++
			t.Run(rt.Method+" "+rt.Path+"/"+string(role), func(t *testing.T) {
				c := f.clients[role]
				var p page
				switch rt.Method {
				case http.MethodGet:
					p = c.get(path)
				default:
					p = c.do(formRequest(path, url.Values{"_csrf": {tokens[role]}}, nil))
				}
				if p.Status != http.StatusForbidden {
					t.Errorf("%s may not %s: status %d, want 403", role, rt.Action, p.Status)
				}
				if !strings.Contains(p.Body, "Geen toegang") {
					t.Errorf("403 page lacks its heading")
				}
			})
		}
	}
	if checked < 20 {
		t.Errorf("only %d refused role×route cases: is the route table wired?", checked)
	}
	// Each role below the municipality admin is refused something by the table (the
	// municipality admin's refusals are ownership checks: see TestAdminAppointsRoles).
	for _, role := range []auth.Role{auth.Trainee, auth.Coach, auth.OrgAdmin} {
		refused := false
		for _, rt := range f.ts.srv.Routes() {
			refused = refused || (rt.Action != "" && !pol.Allows(role, rt.Action))
		}
		if !refused {
			t.Errorf("role %s is refused nothing", role)
		}
	}
}

func TestAccessPerRole(t *testing.T) {
	f := newAccessFixture(t, func(c *Config, _ *Deps) { c.MetricsToken = "scrape-secret" })
	groupPath := "/groups/" + strconv.FormatInt(f.groupID, 10)
	org2Path := "/admin/organisations/" + strconv.FormatInt(f.org2, 10)
	cases := []struct {
		role       auth.Role
		path       string
		status     int
		want, not  []string
		wantLocate string
	}{
		{auth.Trainee, "/org", 403, nil, nil, ""},
		{auth.Trainee, "/org/training.csv", 403, nil, []string{"deelnemer3@kring.example"}, ""},
		{auth.Trainee, "/gemeente", 403, nil, []string{"Zorggroep De Linde"}, ""},
		{auth.Trainee, "/admin/organisations", 403, nil, nil, ""},
		{auth.Trainee, "/groups/new", 403, nil, nil, ""},
		{auth.Trainee, "/metrics", 403, nil, []string{"# HELP"}, ""},
		{auth.Trainee, "/groups", 200, []string{"Intervisiegroep SNV Noord"}, nil, ""},
		{auth.Trainee, groupPath, 200, []string{"Intervisiegroep SNV Noord", "Koen Smits"}, []string{"/members/"}, ""},

		{auth.Coach, "/org", 403, nil, nil, ""},
		{auth.Coach, "/admin/organisations", 403, nil, nil, ""},
		{auth.Coach, org2Path, 403, nil, []string{"Koen Smits"}, ""},
		{auth.Coach, "/metrics", 403, nil, nil, ""},
		{auth.Coach, "/groups/new", 200, []string{`action="/groups"`}, nil, ""},
		{auth.Coach, groupPath, 200, []string{"/members/", "/meetings"}, nil, ""},

		{auth.OrgAdmin, "/groups", 403, nil, nil, ""},
		{auth.OrgAdmin, groupPath, 403, nil, nil, ""},
		{auth.OrgAdmin, "/admin/organisations", 403, nil, nil, ""},
		{auth.OrgAdmin, org2Path, 403, nil, []string{"Koen Smits"}, ""},
		{auth.OrgAdmin, "/metrics", 403, nil, nil, ""},
		{auth.OrgAdmin, "/gemeente", 403, nil, []string{"Zorggroep De Linde"}, ""},
		{auth.OrgAdmin, "/org/settings", 200, []string{"Wanneer is iemand getraind?"}, nil, ""},
		{auth.OrgAdmin, "/org", 200,
			[]string{"Sociaal Team Noorderkwartier", "Sanne Visser", "deelnemer1@kring.example", "deelnemer3@kring.example"},
			[]string{"deelnemer4@kring.example", "Koen Smits", "Zorggroep De Linde", "gemeente@kring.example"}, ""},

		{auth.MuniAdmin, "/admin/organisations", 200, []string{"Sociaal Team Noorderkwartier", "Zorggroep De Linde"}, nil, ""},
		{auth.MuniAdmin, org2Path, 200, []string{"Koen Smits", "deelnemer4@kring.example"}, []string{"deelnemer1@kring.example"}, ""},
		{auth.MuniAdmin, "/metrics", 200, []string{"# HELP", "kring_http_requests_total"}, nil, ""},
		{auth.MuniAdmin, "/org", 303, nil, nil, "/gemeente"},
		{auth.MuniAdmin, "/gemeente", 200, []string{"Sociaal Team Noorderkwartier", "Zorggroep De Linde"}, []string{"deelnemer1@kring.example"}, ""},
		{auth.MuniAdmin, "/org/settings", 403, nil, nil, ""},
		{auth.MuniAdmin, groupPath, 200, []string{"Intervisiegroep SNV Noord"}, nil, ""},
	}
	for _, tc := range cases {
		t.Run(string(tc.role)+" "+tc.path, func(t *testing.T) {
			p := f.clients[tc.role].get(tc.path)
			if p.Status != tc.status {
				t.Fatalf("status %d, want %d", p.Status, tc.status)
			}
			if tc.wantLocate != "" && p.Location != tc.wantLocate {
				t.Errorf("location %q, want %q", p.Location, tc.wantLocate)
			}
			for _, w := range tc.want {
				if !strings.Contains(p.Body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(p.Body, w) {
					t.Errorf("page shows %q", w)
				}
			}
		})
	}
}

func TestMetricsBearerToken(t *testing.T) {
	ts := newTestServer(t, func(c *Config, _ *Deps) { c.MetricsToken = "scrape-secret" })
	ts.client().get("/healthz") // so there is a counted request to report
	cases := []struct {
		name, auth string
		ok         bool
	}{
		{"right token", "Bearer scrape-secret", true},
		{"wrong token", "Bearer guess", false},
		{"bare token", "scrape-secret", false},
		{"no token", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
			if tc.auth != "" {
				req.Header.Set("Authorization", tc.auth)
			}
			p := ts.client().do(req)
			got := p.Status == http.StatusOK && strings.Contains(p.Body, "# HELP")
			if got != tc.ok {
				t.Errorf("status %d, metrics shown %v, want %v", p.Status, got, tc.ok)
			}
		})
	}
	// Without a configured token, no bearer header opens it.
	plain := newTestServer(t)
	req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
	req.Header.Set("Authorization", "Bearer ")
	if p := plain.client().do(req); p.Status == http.StatusOK {
		t.Errorf("empty configured token lets an empty bearer in: %d", p.Status)
	}
}

// addCoachWithGroup creates a second coach (in organisation 2) with a group of one member.
func addCoachWithGroup(t *testing.T, ts *testServer, member string) (coachEmail string, groupID int64) {
	t.Helper()
	ctx := context.Background()
	hash, err := ts.srv.hasher.Hash(demo.Password)
	if err != nil {
		t.Fatal(err)
	}
	org2 := orgOfUser(t, ts, "deelnemer4@kring.example")
	coachEmail = "coach2@kring.example"
	cid, err := ts.store.CreateUser(ctx, store.NewUser{Email: coachEmail, Name: "Tweede Coach", PasswordHash: hash, Role: string(auth.Coach), OrgID: org2})
	if err != nil {
		t.Fatal(err)
	}
	groupID, err = ts.store.CreateGroup(ctx, "Intervisiegroep De Linde", "Tweede groep", cid)
	if err != nil {
		t.Fatal(err)
	}
	if member != "" {
		if err := ts.store.AddMember(ctx, groupID, ts.userID(member)); err != nil {
			t.Fatal(err)
		}
	}
	return coachEmail, groupID
}

var hiddenOrEmpty = regexp.MustCompile(`Intervisiegroep De Linde`)

func TestGroupPagesOnlyForMembersAndTheirCoach(t *testing.T) {
	f := newAccessFixture(t)
	ts := f.ts
	coach2, g2 := addCoachWithGroup(t, ts, "deelnemer4@kring.example")
	g2Path := "/groups/" + strconv.FormatInt(g2, 10)
	ctx := context.Background()

	// A trainee who is not a member: 404, and the group is not listed.
	if p := f.clients[auth.Trainee].get(g2Path); p.Status != http.StatusNotFound {
		t.Errorf("non-member trainee on %s: status %d, want 404", g2Path, p.Status)
	}
	if p := f.clients[auth.Trainee].get("/groups"); hiddenOrEmpty.MatchString(p.Body) {
		t.Error("non-member trainee sees the other group in /groups")
	}
	// The member and the group's coach see it; the municipality admin too.
	for _, email := range []string{"deelnemer4@kring.example", coach2} {
		if p := ts.as(email).get(g2Path); p.Status != http.StatusOK || !strings.Contains(p.Body, "Intervisiegroep De Linde") {
			t.Errorf("%s on own group: status %d", email, p.Status)
		}
	}
	if p := f.clients[auth.MuniAdmin].get(g2Path); p.Status != http.StatusOK {
		t.Errorf("municipality admin on a group: status %d", p.Status)
	}

	// Another coach can neither see nor manage it.
	coach := f.clients[auth.Coach]
	if p := coach.get(g2Path); p.Status != http.StatusNotFound {
		t.Errorf("other coach GET: status %d, want 404", p.Status)
	}
	d1 := strconv.FormatInt(ts.userID("deelnemer1@kring.example"), 10)
	d4 := strconv.FormatInt(ts.userID("deelnemer4@kring.example"), 10)
	day := ts.store.Now().AddDate(0, 0, 7).Format("2006-01-02")
	posts := []struct {
		path string
		form url.Values
	}{
		{g2Path + "/members", url.Values{"user": {d1}}},
		{g2Path + "/members/" + d4 + "/remove", url.Values{}},
		{g2Path + "/meetings", url.Values{"date": {day}, "time": {"10:00"}, "method": {demo.Method}, "online": {"1"}}},
	}
	for _, ps := range posts {
		if p := coach.post(ps.path, ps.form); p.Status != http.StatusNotFound {
			t.Errorf("other coach POST %s: status %d, want 404", ps.path, p.Status)
		}
	}
	// A member cannot manage their own group either.
	member := ts.as("deelnemer4@kring.example")
	if p := member.post(g2Path+"/members", url.Values{"user": {d1}}); p.Status != http.StatusForbidden {
		t.Errorf("member adding a member: status %d, want 403", p.Status)
	}
	members, _ := ts.store.Members(ctx, g2)
	meetings, _ := ts.store.MeetingsOfGroup(ctx, g2)
	if len(members) != 1 || members[0].Email != "deelnemer4@kring.example" || len(meetings) != 0 {
		t.Errorf("group changed by people who may not manage it: %d members, %d meetings", len(members), len(meetings))
	}
}
