package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"kring/server/auth"
	"kring/server/room"
	"kring/server/store"
)

// demoMeeting returns the id of the demo meeting.
func (ts *testServer) demoMeeting() *store.Meeting {
	ts.t.Helper()
	gs, err := ts.store.GroupsFor(context.Background(), 0, true)
	if err != nil || len(gs) == 0 {
		ts.t.Fatal("no demo group", err)
	}
	ms, err := ts.store.MeetingsOfGroup(context.Background(), gs[0].ID)
	if err != nil || len(ms) == 0 {
		ts.t.Fatal("no demo meeting", err)
	}
	return ms[0]
}

// outsider creates a trainee of the first organisation who is in no group.
func (ts *testServer) outsider() string {
	ts.t.Helper()
	u, _ := ts.store.UserByEmail(context.Background(), "deelnemer1@kring.example")
	if _, err := ts.store.CreateUser(context.Background(), store.NewUser{Email: "buiten@kring.example", Name: "Buiten Staander",
		PasswordHash: u.PasswordHash, Role: string(auth.Trainee), OrgID: u.OrgID}); err != nil {
		ts.t.Fatal(err)
	}
	return "buiten@kring.example"
}

var roomDataRe = regexp.MustCompile(`(?s)<script type="application/json" id="room-data">(.*?)</script>`)

// The room page carries what room.js needs, differs for the coach, and is closed to people
// outside the group (404) and to roles that never join meetings (403).
func TestMeetingRoomPage(t *testing.T) {
	ts := newTestServer(t).withDemo()
	m := ts.demoMeeting()
	path := "/meetings/" + strconv.FormatInt(m.ID, 10)
	outsider := ts.outsider()
	cases := []struct {
		email  string
		status int
		coach  string
	}{
		{"coach@kring.example", http.StatusOK, `data-coach="true"`},
		{"deelnemer4@kring.example", http.StatusOK, `data-coach="false"`},
		{outsider, http.StatusNotFound, ""},
		{"gemeente@kring.example", http.StatusForbidden, ""},
		{"coordinator@kring.example", http.StatusForbidden, ""},
	}
	for _, tc := range cases {
		t.Run(tc.email, func(t *testing.T) {
			p := ts.as(tc.email).get(path)
			if p.Status != tc.status {
				t.Fatalf("status %d, want %d", p.Status, tc.status)
			}
			if tc.status != http.StatusOK {
				if strings.Contains(p.Body, `id="room"`) {
					t.Error("a refused person got the room")
				}
				return
			}
			for _, want := range []string{tc.coach, `data-ws-url="` + path + `/ws"`, `src="/static/js/room.js"`, `src="/static/js/screen.js"`} {
				if !strings.Contains(p.Body, want) {
					t.Errorf("room page lacks %q", want)
				}
			}
			mm := roomDataRe.FindStringSubmatch(p.Body)
			if mm == nil {
				t.Fatal("no room-data JSON")
			}
			var data struct {
				Lang      string            `json:"lang"`
				ReportURL string            `json:"reportUrl"`
				Themes    map[string]string `json:"themes"`
				Questions []map[string]string
			}
			if err := json.Unmarshal([]byte(mm[1]), &data); err != nil {
				t.Fatalf("room-data is not JSON: %v\n%s", err, mm[1])
			}
			if data.Lang != "nl" || data.ReportURL != path+"/report" || data.Themes["tijd"] == "" || len(data.Questions) < 100 {
				t.Errorf("room-data incomplete: %+v", data)
			}
			if strings.Contains(p.Body, "Handleiding voor de coach") != (tc.coach == `data-coach="true"`) {
				t.Error("the coach's method guide is shown to the wrong person")
			}
		})
	}
}

// The report exists only after closing; members and the coach read it, the municipality and an
// outsider do not; it downloads as Markdown and its user text is escaped.
func TestMeetingReport(t *testing.T) {
	ts := newTestServer(t).withDemo()
	m := ts.demoMeeting()
	path := "/meetings/" + strconv.FormatInt(m.ID, 10) + "/report"
	member := ts.as("deelnemer2@kring.example")
	if p := member.get(path); p.Status != http.StatusOK || !strings.Contains(p.Body, "Er is nog geen verslag") {
		t.Fatalf("before closing: status %d, body lacks the 'no report yet' text", p.Status)
	}
	knelpunt := room.ReportCard{ID: 3, Board: room.BoardBottleneck, Text: "Te weinig tijd <script>alert(1)</script>", Author: "Sanne Visser", Theme: "tijd"}
	afspraak := room.ReportCard{ID: 4, Board: room.BoardAgreement, Text: "Volgende keer casus van Koen", Author: "Hanneke de Wit", Owner: "Koen"}
	rep := room.Report{MeetingID: m.ID, Title: "Successen en knelpunten", Method: "Successen en knelpunten",
		StartedAt:   time.Date(2026, 1, 5, 13, 0, 0, 0, time.UTC),
		Phases:      []room.ReportPhase{{Index: 2, Name: "Knelpunten", Cards: []room.ReportCard{knelpunt}}},
		Bottlenecks: []room.ReportCard{knelpunt}, Agreements: []room.ReportCard{afspraak}}
	data, _ := json.Marshal(rep)
	if err := ts.store.SaveReport(context.Background(), m.ID, rep.Markdown("nl", nil), data); err != nil {
		t.Fatal(err)
	}
	outsider := ts.outsider()
	for _, tc := range []struct {
		email  string
		status int
	}{
		{"deelnemer2@kring.example", 200}, {"coach@kring.example", 200},
		// Reports (case texts) are not the municipality's: it gets anonymised aggregates.
		{"gemeente@kring.example", 403}, {outsider, 404}, {"coordinator@kring.example", 403},
	} {
		p := ts.as(tc.email).get(path)
		if p.Status != tc.status {
			t.Errorf("%s: status %d, want %d", tc.email, p.Status, tc.status)
			continue
		}
		if tc.status == 200 {
			if !strings.Contains(p.Body, "Te weinig tijd") || !strings.Contains(p.Body, "Volgende keer casus van Koen") {
				t.Errorf("%s: report lacks its cards", tc.email)
			}
			if strings.Contains(p.Body, "<script>alert(1)</script>") {
				t.Errorf("%s: card text not escaped in the report", tc.email)
			}
		}
	}
	if page := member.get(path); !strings.Contains(page.Body, "Download als tekstbestand") || strings.Contains(page.Body, "Markdown") {
		t.Error("the download is not offered as a text file")
	}
	md := member.get(path + "?format=txt")
	if md.Status != 200 || !strings.HasPrefix(md.Header.Get("Content-Type"), "text/plain") ||
		!strings.Contains(md.Header.Get("Content-Disposition"), `attachment; filename="verslag-2026-01-05.txt"`) || !strings.Contains(md.Body, "Te weinig tijd") {
		t.Errorf("text download: status %d, type %q, disposition %q", md.Status, md.Header.Get("Content-Type"), md.Header.Get("Content-Disposition"))
	}
}

// A meeting planned at 14:00 is 14:00 in the Netherlands, whatever the server's own time zone
// (CI machines run in UTC), and the page shows it as 14:00.
func TestMeetingTimesAreDutch(t *testing.T) {
	ts := newTestServer(t).withDemo()
	m := ts.demoMeeting()
	coach := ts.as("coach@kring.example")
	day := time.Now().AddDate(0, 1, 0).Format("2006-01-02")
	p := coach.post("/groups/"+strconv.FormatInt(m.GroupID, 10)+"/meetings", url.Values{
		"date": {day}, "time": {"14:00"}, "method": {"incidentmethode"}, "location": {"Stadhuis"}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("plan: status %d", p.Status)
	}
	id, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(p.Location, "/meetings/"), "/planned"), 10, 64)
	got, err := ts.store.Meeting(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	if local := got.StartsAt.In(ams); local.Hour() != 14 || local.Minute() != 0 {
		t.Errorf("stored start is %v in Amsterdam, want 14:00", local)
	}
	if page := coach.get(p.Location); !strings.Contains(page.Body, ", 14:00") {
		t.Error("the meeting page does not show 14:00")
	}
}

// The projector view is the room read-only: members and the coach open it, others do not; it
// carries no coach guidance and no forms, and tells room.js to show it as the screen.
func TestMeetingScreen(t *testing.T) {
	ts := newTestServer(t).withDemo()
	m := ts.demoMeeting()
	path := "/meetings/" + strconv.FormatInt(m.ID, 10) + "/scherm"
	for _, tc := range []struct {
		email  string
		status int
	}{
		{"coach@kring.example", 200}, {"deelnemer2@kring.example", 200}, {ts.outsider(), 404}, {"gemeente@kring.example", 403},
	} {
		p := ts.as(tc.email).get(path)
		if p.Status != tc.status {
			t.Errorf("%s: status %d, want %d", tc.email, p.Status, tc.status)
			continue
		}
		if tc.status != 200 {
			continue
		}
		for _, want := range []string{`data-mode="screen"`, `src="/static/js/room.js"`, "Scherm voor de groep"} {
			if !strings.Contains(p.Body, want) {
				t.Errorf("%s: the screen lacks %q", tc.email, want)
			}
		}
		for _, bad := range []string{"room-guidance", `action="/logout"`, "<textarea"} {
			if strings.Contains(p.Body, bad) {
				t.Errorf("%s: the screen carries %q", tc.email, bad)
			}
		}
	}
	if p := ts.as("coach@kring.example").get("/meetings/" + strconv.FormatInt(m.ID, 10)); !strings.Contains(p.Body, `href="`+path+`"`) {
		t.Error("the coach's room page does not link the screen")
	}
}
