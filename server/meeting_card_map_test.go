package server

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"kring/server/netmap"
	"kring/server/room"
	"kring/server/store"
)

// roomTestMap is a small client map with roles and initials as labels.
func roomTestMap(title string) netmap.Map {
	m := netmap.New(title, time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), func(id string) string { return "Sector " + id })
	m.People = []netmap.Person{
		{ID: "zus", Label: "zus", Sector: "origin", Circle: 1, Support: []string{netmap.Practical, netmap.Emotional}, Direction: netmap.Both, Quality: 4},
		{ID: "buurman", Label: "buurman", Sector: "neighbours", Circle: 2, Support: []string{}, Quality: 3},
		{ID: "j", Label: "J.", Sector: "friends", Circle: 3, Support: []string{netmap.Company}, Quality: 2},
	}
	return m
}

// saveTestMap stores a map for owner and returns its id.
func saveTestMap(t testing.TB, ts *testServer, owner int64, kind string, m netmap.Map) int64 {
	t.Helper()
	body, err := m.JSON()
	if err != nil {
		t.Fatal(err)
	}
	id, err := ts.store.CreateNetworkMap(context.Background(), store.NewNetworkMap{OwnerID: owner, Kind: kind, Title: m.Title, Date: m.Date, Body: body})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// appendCardWithMap writes, as the room would, a case card by author with a copy of m and the
// coach's highlight of ids, straight into a meeting's log (the room is not loaded, so the next
// reader replays it). It returns the card's id.
func appendCardWithMap(t testing.TB, ts *testServer, meeting, author, coach int64, m netmap.Map, ids []string) int64 {
	t.Helper()
	ctx := context.Background()
	body, err := m.JSON()
	if err != nil {
		t.Fatal(err)
	}
	at := time.Now()
	ev := func(user int64, cid string, e room.Event) store.NewEvent {
		data, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		return store.NewEvent{MeetingID: meeting, UserID: user, ClientID: cid, Op: e.Op, Data: data, At: at}
	}
	got, err := ts.store.AppendEvents(ctx, []store.NewEvent{
		ev(author, "test-card-"+m.Title, room.Event{Op: room.OpCardAdd, By: author, At: at.UnixMilli(), Board: room.BoardCase, Text: "Casus met kaart: " + m.Title, Name: "Auteur"}),
	})
	if err != nil {
		t.Fatal(err)
	}
	card := got[0].Seq
	if _, err := ts.store.AppendEvents(ctx, []store.NewEvent{
		ev(author, "test-map-"+m.Title, room.Event{Op: room.OpCardMap, By: author, At: at.UnixMilli(), Card: card, Map: body}),
		ev(coach, "test-hl-"+m.Title, room.Event{Op: room.OpMapHighlight, By: coach, At: at.UnixMilli(), Card: card, IDs: ids}),
	}); err != nil {
		t.Fatal(err)
	}
	return card
}

// scopeCardMap is a case card with a network map in group 1's meeting.
func scopeCardMap(f *scopeFixture) map[string]string {
	t := f.ts.t
	card := appendCardWithMap(t, f.ts, f.m1, f.ts.userID(f.emails[member1]), f.ts.userID(f.emails[coach1]), roomTestMap("Kaart van K."), []string{"zus"})
	return map[string]string{":id": id(f.m1), ":card": id(card)}
}

// The room draws a card's map for whoever is in the room, from the card's copy, in their
// language; a card without a map, or one that does not exist, is 404.
func TestMeetingCardMapShow(t *testing.T) {
	ts := newTestServer(t).withDemo()
	m := ts.demoMeeting()
	author := ts.userID("deelnemer2@kring.example")
	card := appendCardWithMap(t, ts, m.ID, author, m.CoachID, roomTestMap("Kaart van K."), []string{"zus"})
	base := "/meetings/" + strconv.FormatInt(m.ID, 10) + "/kaart/"
	p := ts.as("deelnemer1@kring.example").get(base + strconv.FormatInt(card, 10) + "?v=2")
	if p.Status != http.StatusOK || !strings.HasPrefix(p.Header.Get("Content-Type"), "image/svg+xml") {
		t.Fatalf("status %d type %q", p.Status, p.Header.Get("Content-Type"))
	}
	doc := parseHTML(t, p.Body)
	svg := doc.find("svg")
	if svg == nil || svg.attr("role") != "img" {
		t.Fatalf("no drawing: %.300s", p.Body)
	}
	prefix := "card-" + strconv.FormatInt(card, 10) + "-"
	if title := doc.find("svg title"); title == nil || title.attr("id") != prefix+"title" || !strings.Contains(title.textOf(), "Kaart van K.") {
		t.Errorf("the drawing's title: %+v", title)
	}
	var labels []string
	for _, g := range doc.findAll("g") {
		if strings.Contains(g.attr("class"), "nm-person") {
			labels = append(labels, g.attr("data-id"))
			if g.attr("tabindex") != "" {
				t.Error("a marker in the room is focusable: the room's drawing is read-only")
			}
		}
	}
	if strings.Join(labels, ",") != "zus,buurman,j" {
		t.Errorf("people drawn %v", labels)
	}
	if strings.Contains(p.Body, "style=") {
		t.Error("the drawing has a style attribute (strict CSP)")
	}
	// The same drawing in English for an English reader.
	en := ts.as("deelnemer1@kring.example")
	en.post("/lang", map[string][]string{"lang": {"en"}})
	if p := en.get(base + strconv.FormatInt(card, 10)); !strings.Contains(p.Body, "Kaart van K.") {
		t.Errorf("English drawing: status %d", p.Status)
	}
	for _, path := range []string{base + "99999", base + "abc", base + strconv.FormatInt(card-0, 10) + "0"} {
		if p := ts.as("deelnemer1@kring.example").get(path); p.Status != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", path, p.Status)
		}
	}
	if p := ts.as(ts.outsider()).get(base + strconv.FormatInt(card, 10)); p.Status != http.StatusNotFound {
		t.Errorf("an outsider: status %d, want 404", p.Status)
	}
	// The projector view shows the maps too (read-only: it offers no maps of its own).
	scr := ts.as("coach@kring.example").get("/meetings/" + strconv.FormatInt(m.ID, 10) + "/scherm")
	if !strings.Contains(scr.Body, `src="/static/js/roommap.js"`) || !strings.Contains(scr.Body, `"svgUrl":"/meetings/`+strconv.FormatInt(m.ID, 10)+`/kaart/"`) {
		t.Error("the projector view does not load the maps")
	}
}

// The room loads only a person's own maps of a client or an exercise: not someone else's, not
// the map of their own network (private, like a reflection).
func TestMeetingDirectoryOwnMap(t *testing.T) {
	ts := newTestServer(t).withDemo()
	anna, bram := ts.userID("deelnemer1@kring.example"), ts.userID("deelnemer2@kring.example")
	client := saveTestMap(t, ts, anna, store.MapClient, roomTestMap("Kaart van K."))
	practice := saveTestMap(t, ts, anna, store.MapPractice, roomTestMap("Oefening"))
	own := saveTestMap(t, ts, anna, store.MapOwn, roomTestMap("Mijn netwerk"))
	d := NewMeetingDirectory(ts.store, nil)
	ctx := context.Background()
	for _, tc := range []struct {
		name       string
		user, map_ int64
		ok         bool
	}{
		{"own client map", anna, client, true},
		{"own exercise", anna, practice, true},
		{"own network", anna, own, false},
		{"someone else's", bram, client, false},
		{"no such map", anna, 99999, false},
	} {
		body, err := d.OwnMap(ctx, tc.user, tc.map_)
		if tc.ok != (err == nil) || !tc.ok && !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s: %v", tc.name, err)
		}
		if tc.ok && !strings.Contains(string(body), `"zus"`) {
			t.Errorf("%s: body %s", tc.name, body)
		}
	}
	// The room page offers the person's maps of clients and exercises, not their own network.
	m := ts.demoMeeting()
	p := ts.as("deelnemer1@kring.example").get("/meetings/" + strconv.FormatInt(m.ID, 10))
	mm := roomDataRe.FindStringSubmatch(p.Body)
	if mm == nil {
		t.Fatal("no room-data")
	}
	var data struct {
		Map struct {
			Maps   []roomMapChoice   `json:"maps"`
			SVGURL string            `json:"svgUrl"`
			T      map[string]string `json:"t"`
		} `json:"map"`
	}
	if err := json.Unmarshal([]byte(mm[1]), &data); err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, c := range data.Map.Maps {
		titles = append(titles, c.Title)
	}
	if strings.Join(titles, ",") != "Oefening,Kaart van K." && strings.Join(titles, ",") != "Kaart van K.,Oefening" {
		t.Errorf("maps offered %v", titles)
	}
	if data.Map.SVGURL != "/meetings/"+strconv.FormatInt(m.ID, 10)+"/kaart/" || data.Map.T["attach"] != "Kaart toevoegen" {
		t.Errorf("map data %+v", data.Map)
	}
	if !strings.Contains(p.Body, `src="/static/js/roommap.js"`) {
		t.Error("the room page does not load roommap.js")
	}
}

// The verslag shows each case's map (the server's drawing) with its summary and who was
// highlighted; the text download has the summary.
func TestMeetingReportHasTheMap(t *testing.T) {
	ts := newTestServer(t).withDemo()
	m := ts.demoMeeting()
	nm := roomTestMap("Kaart van K.")
	body, _ := nm.JSON()
	rep := room.Report{MeetingID: m.ID, Title: "Intervisie", Method: "Incidentmethode", StartedAt: time.Date(2026, 1, 5, 13, 0, 0, 0, time.UTC),
		Cases: []room.ReportCard{{ID: 3, Board: room.BoardCase, Text: "Moeder wil niemand tot last zijn"}},
		Maps:  []room.ReportMap{{Card: 3, Text: "Moeder wil niemand tot last zijn", Map: body, Highlight: []string{"buurman"}}}}
	data, _ := json.Marshal(rep)
	if err := ts.store.SaveReport(context.Background(), m.ID, rep.Markdown("nl", nil), data); err != nil {
		t.Fatal(err)
	}
	path := "/meetings/" + strconv.FormatInt(m.ID, 10) + "/report"
	member := ts.as("deelnemer2@kring.example")
	p := member.get(path)
	doc := parseHTML(t, p.Body)
	var maps *htmlNode
	for _, s := range doc.findAll("section") {
		if strings.Contains(s.attr("class"), "kring-roommap-report") {
			maps = &s
		}
	}
	if maps == nil {
		t.Fatalf("the report has no maps section")
	}
	if svg := maps.find("svg"); svg == nil || svg.attr("role") != "img" {
		t.Error("the report's map section has no drawing")
	}
	text := maps.textOf()
	for _, want := range []string{"Netwerkkaarten", "Casus: Moeder wil niemand tot last zijn", "Uitgelicht: buurman", "Personen op de kaart"} {
		if !strings.Contains(text, want) {
			t.Errorf("the maps section lacks %q: %.400s", want, text)
		}
	}
	txt := member.get(path + "?format=txt")
	for _, want := range []string{"Netwerkkaarten", "Casus: Moeder wil niemand tot last zijn", "- Uitgelicht: buurman", "Vragen om te stellen:"} {
		if !strings.Contains(txt.Body, want) {
			t.Errorf("the text download lacks %q:\n%s", want, txt.Body)
		}
	}
	if strings.Contains(txt.Body, "<svg") {
		t.Error("the text download has SVG in it")
	}
}
