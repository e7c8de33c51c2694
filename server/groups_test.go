package server

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"kring/server/demo"
)

var groupLocRe = regexp.MustCompile(`^/groups/(\d+)$`)

func TestCoachRunsAGroup(t *testing.T) {
	ts := newTestServer(t).withDemo()
	ctx := context.Background()
	coach := ts.as("coach@kring.example")

	if p := coach.get("/groups/new"); p.Status != http.StatusOK || !strings.Contains(p.Body, `name="name"`) {
		t.Fatalf("GET /groups/new: status %d", p.Status)
	}
	before, _ := ts.store.GroupsFor(ctx, 0, true)
	bad := []struct {
		name string
		form url.Values
		want string
	}{
		{"empty name", url.Values{"name": {"   "}}, "Vul dit veld in."},
		{"long name", url.Values{"name": {strings.Repeat("g", 121)}}, "Dit is te lang."},
	}
	for _, b := range bad {
		p := coach.post("/groups", b.form)
		if p.Status != http.StatusUnprocessableEntity || !strings.Contains(p.Body, b.want) {
			t.Errorf("%s: status %d, want 422 with %q", b.name, p.Status, b.want)
		}
	}
	if after, _ := ts.store.GroupsFor(ctx, 0, true); len(after) != len(before) {
		t.Fatalf("groups %d -> %d after bad forms", len(before), len(after))
	}

	p := coach.post("/groups", url.Values{"name": {"Intervisie Zuid"}, "description": {"Nieuwe groep"}, "coach": {"1"}})
	m := groupLocRe.FindStringSubmatch(p.Location)
	if p.Status != http.StatusSeeOther || m == nil {
		t.Fatalf("create group: status %d location %q", p.Status, p.Location)
	}
	gid, _ := strconv.ParseInt(m[1], 10, 64)
	g, err := ts.store.Group(ctx, gid)
	if err != nil {
		t.Fatal(err)
	}
	if g.CoachID != ts.userID("coach@kring.example") {
		t.Errorf("a coach's own group is led by %d (the coach field must be ignored)", g.CoachID)
	}
	gPath := p.Location
	page := coach.get(gPath)
	if page.Status != http.StatusOK || !strings.Contains(page.Body, "Intervisie Zuid") || !strings.Contains(page.Body, "Deze groep heeft nog geen deelnemers.") {
		t.Fatalf("new group page: status %d", page.Status)
	}

	// Adding members: only trainees.
	d4 := ts.userID("deelnemer4@kring.example")
	for name, who := range map[string]string{"the coach": "coach@kring.example", "an org admin": "coordinator@kring.example", "a municipality admin": "gemeente@kring.example"} {
		p := coach.post(gPath+"/members", url.Values{"user": {strconv.FormatInt(ts.userID(who), 10)}})
		if p.Status != http.StatusUnprocessableEntity || !strings.Contains(p.Body, "Kies een deelnemer uit de lijst.") {
			t.Errorf("adding %s: status %d, want 422", name, p.Status)
		}
	}
	if p := coach.post(gPath+"/members", url.Values{"user": {"99999"}}); p.Status != http.StatusUnprocessableEntity {
		t.Errorf("adding nobody: status %d", p.Status)
	}
	// The group is open to the coach's own organisation: deelnemer4 (the other one) is not in
	// the picker and cannot be added by id, only by exact e-mail address.
	if page := coach.get(gPath); !strings.Contains(page.Body, "Sanne Visser") || strings.Contains(page.Body, "Koen Smits") {
		t.Error("picker does not list exactly the trainees of the coach's organisation")
	}
	p = coach.post(gPath+"/members", url.Values{"user": {strconv.FormatInt(d4, 10)}})
	if p.Status != http.StatusUnprocessableEntity || !strings.Contains(p.Body, "Kies een deelnemer uit de lijst.") {
		t.Fatalf("add member of another organisation by id: status %d, want 422", p.Status)
	}
	if ok, _ := ts.store.IsMember(ctx, gid, d4); ok {
		t.Fatal("a refused id was added")
	}
	for _, near := range []string{"deelnemer4@kring", "eelnemer4@kring.example", "coach@kring.example"} {
		if p := coach.post(gPath+"/members", url.Values{"email": {near}}); p.Status != http.StatusUnprocessableEntity {
			t.Errorf("add by inexact or non-trainee address %q: status %d, want 422", near, p.Status)
		}
	}
	p = coach.post(gPath+"/members", url.Values{"email": {"Deelnemer4@kring.example"}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("add member by e-mail: status %d", p.Status)
	}
	if ok, _ := ts.store.IsMember(ctx, gid, d4); !ok {
		t.Fatal("deelnemer4 is not a member")
	}
	if page := coach.get(gPath); !strings.Contains(page.Body, "Koen Smits") || !strings.Contains(page.Body, "Zorggroep De Linde") {
		t.Error("member and their organisation not on the group page")
	}

	// Planning a meeting: every mistake is a field error and plans nothing.
	day := ts.store.Now().AddDate(0, 0, 10).Format("2006-01-02")
	good := url.Values{"title": {"Eerste bijeenkomst Zuid"}, "date": {day}, "time": {"14:00"}, "method": {demo.Method}, "location": {"Buurthuis Zuid"}}
	with := func(k, v string) url.Values {
		f := cloneValues(good)
		if v == "" {
			f.Del(k)
		} else {
			f.Set(k, v)
		}
		return f
	}
	badMeetings := []struct {
		name string
		form url.Values
		want string
	}{
		{"past date", with("date", "2020-01-01"), "Deze datum ligt in het verleden."},
		{"no date", with("date", ""), "Vul dit veld in."},
		{"nonsense date", with("date", "morgen"), "Vul een geldige datum en tijd in."},
		{"no place and not online", with("location", ""), "Vul een plaats in, of kies voor een online bijeenkomst."},
		{"bad method", with("method", "brainstorm-zonder-regels"), "Deze keuze is niet geldig."},
		{"no method", with("method", ""), "Vul dit veld in."},
		{"too short", with("minutes", "5"), "Kies een duur tussen 15 en 480 minuten."},
		{"not a number", with("minutes", "lang"), "Kies een duur tussen 15 en 480 minuten."},
	}
	for _, b := range badMeetings {
		p := coach.post(gPath+"/meetings", b.form)
		if p.Status != http.StatusUnprocessableEntity || !strings.Contains(p.Body, b.want) {
			t.Errorf("meeting %s: status %d, want 422 with %q", b.name, p.Status, b.want)
		}
	}
	if ms, _ := ts.store.MeetingsOfGroup(ctx, gid); len(ms) != 0 {
		t.Fatalf("%d meetings planned by bad forms", len(ms))
	}
	// Online without a place is fine, as is a place; the method gives the default length.
	online := with("location", "")
	online.Set("online", "1")
	p = coach.post(gPath+"/meetings", online)
	if p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/meetings/") {
		t.Fatalf("plan meeting: status %d location %q", p.Status, p.Location)
	}
	ms, _ := ts.store.MeetingsOfGroup(ctx, gid)
	if len(ms) != 1 || !ms[0].Online || ms[0].Method != demo.Method || ms[0].Minutes <= 0 || ms[0].Status != "planned" {
		t.Fatalf("planned meeting: %+v", ms)
	}

	// The member sees the group and the meeting on their home page; a non-member does not.
	member := ts.as("deelnemer4@kring.example")
	home := member.get("/")
	for _, w := range []string{"Intervisie Zuid", "Eerste bijeenkomst Zuid", "/meetings/" + strconv.FormatInt(ms[0].ID, 10)} {
		if !strings.Contains(home.Body, w) {
			t.Errorf("member's home lacks %q", w)
		}
	}
	if home := ts.as("deelnemer5@kring.example").get("/"); strings.Contains(home.Body, "Eerste bijeenkomst Zuid") {
		t.Error("a non-member sees the meeting")
	}

	// Removing the member: gone from the group, the page and their home.
	p = coach.post(gPath+"/members/"+strconv.FormatInt(d4, 10)+"/remove", nil)
	if p.Status != http.StatusSeeOther {
		t.Fatalf("remove member: status %d", p.Status)
	}
	if ok, _ := ts.store.IsMember(ctx, gid, d4); ok {
		t.Fatal("still a member after removal")
	}
	if p := member.get(gPath); p.Status != http.StatusNotFound {
		t.Errorf("removed member on the group page: status %d, want 404", p.Status)
	}
	if home := member.get("/"); strings.Contains(home.Body, "Eerste bijeenkomst Zuid") {
		t.Error("removed member still sees the meeting")
	}
}

// A municipality admin starts a group for a coach, and must pick a real coach.
func TestMunicipalityCreatesGroupForCoach(t *testing.T) {
	ts := newTestServer(t).withDemo()
	ctx := context.Background()
	muni := ts.as("gemeente@kring.example")
	for name, id := range map[string]string{"no coach": "", "a trainee": strconv.FormatInt(ts.userID("deelnemer1@kring.example"), 10), "nobody": "99999"} {
		p := muni.post("/groups", url.Values{"name": {"Groep van de gemeente"}, "coach": {id}})
		if p.Status != http.StatusUnprocessableEntity || !strings.Contains(p.Body, "Kies een coach uit de lijst.") {
			t.Errorf("%s: status %d, want 422", name, p.Status)
		}
	}
	p := muni.post("/groups", url.Values{"name": {"Groep van de gemeente"}, "coach": {strconv.FormatInt(ts.userID("coach@kring.example"), 10)}})
	m := groupLocRe.FindStringSubmatch(p.Location)
	if p.Status != http.StatusSeeOther || m == nil {
		t.Fatalf("create: status %d location %q", p.Status, p.Location)
	}
	gid, _ := strconv.ParseInt(m[1], 10, 64)
	if g, _ := ts.store.Group(ctx, gid); g == nil || g.CoachID != ts.userID("coach@kring.example") {
		t.Errorf("group coach: %+v", g)
	}
	if p := ts.as("coach@kring.example").get(p.Location); p.Status != http.StatusOK || !strings.Contains(p.Body, `/meetings"`) {
		t.Errorf("the chosen coach cannot manage the group: %d", p.Status)
	}
}
