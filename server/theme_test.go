package server

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"kring/server/room"
	"kring/server/store"
)

// fixtureCard is one card of a hand-made meeting: who wrote it, on which board, its theme.
type fixtureCard struct {
	by, board, theme, text string
}

// recordMeeting writes a meeting of a group the way the live room does: card.add and card.tag
// events, then (when closed) meeting.close, the closed status and the report built by the room.
func recordMeeting(t *testing.T, ts *testServer, groupID int64, at time.Time, closed bool, cards []fixtureCard) int64 {
	t.Helper()
	ctx := context.Background()
	g, err := ts.store.Group(ctx, groupID)
	if err != nil {
		t.Fatal(err)
	}
	id, err := ts.store.CreateMeeting(ctx, store.NewMeeting{GroupID: groupID, Title: "Fixture", Method: "successen-en-knelpunten",
		StartsAt: at.Add(-90 * time.Minute), Minutes: 90, By: g.CoachID})
	if err != nil {
		t.Fatal(err)
	}
	var evs []room.Event
	evs = append(evs, room.Event{Op: "meeting.start", By: g.CoachID, At: at.Add(-90 * time.Minute).UnixMilli()})
	for _, c := range cards {
		u, err := ts.store.UserByEmail(ctx, c.by)
		if err != nil {
			t.Fatal(err)
		}
		evs = append(evs, room.Event{Op: "card.add", By: u.ID, Name: u.Name, Board: c.board, Text: c.text, At: at.Add(-time.Hour).UnixMilli()})
		if c.theme != "" {
			evs = append(evs, room.Event{Op: "card.tag", By: g.CoachID, Card: int64(len(evs)), Theme: c.theme, At: at.Add(-50 * time.Minute).UnixMilli()})
		}
	}
	if closed {
		evs = append(evs, room.Event{Op: "meeting.close", By: g.CoachID, At: at.UnixMilli()})
	}
	var news []store.NewEvent
	for _, ev := range evs {
		data, _ := json.Marshal(ev)
		news = append(news, store.NewEvent{MeetingID: id, UserID: ev.By, Op: ev.Op, Data: data, At: time.UnixMilli(ev.At)})
	}
	if _, err := ts.store.AppendEvents(ctx, news); err != nil {
		t.Fatal(err)
	}
	status := "live"
	if closed {
		status = "closed"
	}
	if err := ts.store.SetMeetingStatus(ctx, id, status, at); err != nil {
		t.Fatal(err)
	}
	stored, err := ts.store.MeetingEvents(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	folded := make([]room.Event, len(stored))
	for i, e := range stored {
		if err := json.Unmarshal(e.Data, &folded[i]); err != nil {
			t.Fatal(err)
		}
		folded[i].Seq = e.Seq
	}
	st := room.Fold(room.Meeting{ID: id, GroupID: groupID, CoachID: g.CoachID, Title: "Fixture", Status: "planned"}, folded)
	rep := room.BuildReport(st, nil, 2*time.Minute)
	data, _ := json.Marshal(rep)
	// Even a report saved for a meeting that is not closed must not count.
	if err := ts.store.SaveReport(ctx, id, rep.Markdown("nl", nil), data); err != nil {
		t.Fatal(err)
	}
	return id
}

// themeFixture is the demo data set with a second group (De Linde) and four meetings in 2025:
// three closed ones in two quarters and a live one that must not count. The demo's own history
// lies in the months before today, so the tests look at 2025 only (upTo2025).
type themeFixture struct {
	ts           *testServer
	org1, org2   int64
	group1, grp2 int64
	first        int64 // the first closed meeting
}

// upTo2025 limits the theme figures to the fixture's year.
const upTo2025 = "2025-Q4"

func newThemeFixture(t *testing.T) *themeFixture {
	t.Helper()
	f := newAccessFixture(t)
	ts := f.ts
	_, g2 := addCoachWithGroup(t, ts, "deelnemer4@kring.example")
	q1 := time.Date(2025, 2, 10, 16, 0, 0, 0, time.UTC)
	q2 := time.Date(2025, 5, 12, 16, 0, 0, 0, time.UTC)
	first := recordMeeting(t, ts, f.groupID, q1, true, []fixtureCard{
		{"deelnemer1@kring.example", room.BoardBottleneck, "tijd", "Geen tijd om het netwerk erbij te halen"},
		{"deelnemer4@kring.example", room.BoardBottleneck, "tijd", "Caseload te hoog voor een netwerkberaad"},
		{"deelnemer2@kring.example", room.BoardSuccess, "netwerk", "Buurvrouw bleek een sleutelfiguur"},
		{"deelnemer3@kring.example", room.BoardBottleneck, "", "Zonder thema telt niet mee"},
		{"deelnemer3@kring.example", room.BoardCase, "", "Een casus telt niet mee"},
	})
	recordMeeting(t, ts, g2, q1.AddDate(0, 0, 7), true, []fixtureCard{
		{"deelnemer4@kring.example", room.BoardBottleneck, "tijd", "=HYPERLINK(\"http://x\") planning vol"},
	})
	recordMeeting(t, ts, f.groupID, q2, true, []fixtureCard{
		{"deelnemer1@kring.example", room.BoardBottleneck, "organisatie", "Teamleider wil eerst resultaten zien"},
	})
	recordMeeting(t, ts, g2, q2, false, []fixtureCard{
		{"deelnemer4@kring.example", room.BoardBottleneck, "tijd", "Nog niet gesloten: telt niet mee"},
	})
	return &themeFixture{ts: ts, org1: f.org1, org2: f.org2, group1: f.groupID, grp2: g2, first: first}
}

func TestThemeCountsPerQuarter(t *testing.T) {
	fx := newThemeFixture(t)
	ctx := context.Background()
	type key struct{ theme, board, quarter string }
	cases := []struct {
		name   string
		filter store.ThemeFilter
		want   map[key][2]int // cards, groups
	}{
		{"everything in 2025", store.ThemeFilter{To: upTo2025}, map[key][2]int{
			{"tijd", "bottleneck", "2025-Q1"}:        {3, 2},
			{"netwerk", "success", "2025-Q1"}:        {1, 1},
			{"organisatie", "bottleneck", "2025-Q2"}: {1, 1},
		}},
		{"organisation 2 (De Linde)", store.ThemeFilter{OrgID: fx.org2, To: upTo2025}, map[key][2]int{
			{"tijd", "bottleneck", "2025-Q1"}: {2, 2},
		}},
		{"organisation 1, bottlenecks", store.ThemeFilter{OrgID: fx.org1, Board: store.ThemeBoardBottleneck, To: upTo2025}, map[key][2]int{
			{"tijd", "bottleneck", "2025-Q1"}:        {1, 1},
			{"organisatie", "bottleneck", "2025-Q2"}: {1, 1},
		}},
		{"second quarter only", store.ThemeFilter{From: "2025-Q2", To: "2025-Q2"}, map[key][2]int{
			{"organisatie", "bottleneck", "2025-Q2"}: {1, 1},
		}},
		{"period before everything", store.ThemeFilter{To: "2024-Q4"}, map[key][2]int{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := fx.ts.store.ThemeCounts(ctx, tc.filter)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Errorf("%d rows, want %d: %+v", len(got), len(tc.want), got)
			}
			for _, c := range got {
				w, ok := tc.want[key{c.Theme, c.Board, c.Quarter}]
				if !ok || w != [2]int{c.Cards, c.Groups} {
					t.Errorf("%s/%s/%s: %d cards in %d groups, want %v", c.Theme, c.Board, c.Quarter, c.Cards, c.Groups, w)
				}
			}
		})
	}
	totals, err := fx.ts.store.ThemeTotals(ctx, store.ThemeFilter{To: upTo2025})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range totals {
		if tt.Theme == "tijd" && (tt.Bottlenecks != 3 || tt.Groups != 2) {
			t.Errorf("tijd: %+v, want 3 bottlenecks in 2 groups", tt)
		}
		if tt.Theme == "" && (tt.Cards != 5 || tt.Meetings != 3 || tt.Groups != 2) {
			t.Errorf("overall: %+v, want 5 cards from 3 meetings of 2 groups", tt)
		}
	}
	// Saving a report again (after a crash) neither doubles nor loses cards.
	before, _ := fx.ts.store.ThemeCounts(ctx, store.ThemeFilter{})
	_, data, _, err := fx.ts.store.Report(ctx, fx.first)
	if err != nil {
		t.Fatal(err)
	}
	if err := fx.ts.store.SaveReport(ctx, fx.first, "again", data); err != nil {
		t.Fatal(err)
	}
	after, _ := fx.ts.store.ThemeCounts(ctx, store.ThemeFilter{})
	if fmt.Sprint(before) != fmt.Sprint(after) || len(before) == 0 {
		t.Errorf("saving a report again changed the counts: %+v -> %+v", before, after)
	}
}

func TestThemePagesForTheMunicipality(t *testing.T) {
	fx := newThemeFixture(t)
	muni := fx.ts.as("gemeente@kring.example")
	p := muni.get("/gemeente/thema?to=" + upTo2025)
	if p.Status != http.StatusOK {
		t.Fatalf("status %d", p.Status)
	}
	doc := parseHTML(t, p.Body)
	svg := doc.find("svg")
	if svg == nil || svg.attr("role") != "img" || doc.find("svg title") == nil || doc.find("svg desc") == nil {
		t.Fatalf("no accessible SVG chart (role=img, title, desc)")
	}
	if strings.Contains(p.Body, `style="`) {
		t.Error("the page has an inline style attribute (CSP)")
	}
	if !strings.Contains(doc.text("svg"), "3 knelpunten") {
		t.Errorf("the chart does not label the bar of Tijd with its number: %q", doc.text("svg"))
	}
	// The table beside the chart: Tijd with 3 bottlenecks, 0 successes, 2 groups.
	row := doc.rowWith("table", "Tijd")
	if want := []string{"Tijd", "3", "0", "2"}; strings.Join(row, "|") != strings.Join(want, "|") {
		t.Errorf("row of Tijd = %q, want %q", row, want)
	}
	for _, name := range []string{"Sanne Visser", "Koen Smits", "Intervisiegroep SNV Noord", "Intervisiegroep De Linde", "Nog niet gesloten"} {
		if strings.Contains(p.Body, name) {
			t.Errorf("the overview shows %q", name)
		}
	}
	// Filtered by organisation 2 and the second quarter only: nothing of De Linde then.
	p = muni.get("/gemeente/thema?org=" + strconv.FormatInt(fx.org2, 10) + "&from=2025-Q2&to=" + upTo2025)
	if row := parseHTML(t, p.Body).rowWith("table", "Tijd"); len(row) < 2 || row[1] != "0" {
		t.Errorf("filtered row of Tijd = %q, want 0 bottlenecks", row)
	}
	// Bad filter values are named and ignored; the page still answers.
	p = muni.get("/gemeente/thema?board=x&org=999&from=2025-Q9")
	if p.Status != http.StatusOK || strings.Count(p.Body, "utrecht-form-field-error-message") != 3 {
		t.Errorf("bad filter: status %d, %d field errors, want 200 and 3", p.Status, strings.Count(p.Body, "utrecht-form-field-error-message"))
	}
}

func TestThemeDrillDownIsAnonymous(t *testing.T) {
	fx := newThemeFixture(t)
	muni := fx.ts.as("gemeente@kring.example")
	p := muni.get("/gemeente/thema/tijd?to=" + upTo2025)
	if p.Status != http.StatusOK {
		t.Fatalf("status %d", p.Status)
	}
	for _, want := range []string{"Geen tijd om het netwerk erbij te halen", "Caseload te hoog", "K1 2025"} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("drill-down lacks %q", want)
		}
	}
	// The theme over time: a chart with its title and the same numbers in a table.
	doc := parseHTML(t, p.Body)
	if svg := doc.find("svg"); svg == nil || svg.attr("role") != "img" || !strings.Contains(doc.text("svg title"), "Tijd") {
		t.Error("the drill-down has no chart of the theme over time")
	}
	if row := doc.rowWith("table", "K1 2025"); strings.Join(row, "|") != "K1 2025|3|0" {
		t.Errorf("trend row of K1 2025 = %q, want 3 bottlenecks and 0 successes", row)
	}
	if row := doc.rowWith("table", "K2 2025"); strings.Join(row, "|") != "K2 2025|0|0" {
		t.Errorf("trend row of K2 2025 = %q, want a quarter without cards shown as 0", row)
	}
	// No participant, author, coach or group names; not the live meeting's card; no other theme.
	for _, name := range []string{"Sanne Visser", "Koen Smits", "Youssef El Idrissi", "Hanneke de Wit", "Tweede Coach",
		"Intervisiegroep SNV Noord", "Intervisiegroep De Linde", "Nog niet gesloten", "Teamleider"} {
		if strings.Contains(p.Body, name) {
			t.Errorf("drill-down shows %q", name)
		}
	}
	if p := muni.get("/gemeente/thema/tijd?to=" + upTo2025 + "&org=" + strconv.FormatInt(fx.org1, 10)); strings.Contains(p.Body, "Caseload") || !strings.Contains(p.Body, "Geen tijd") {
		t.Error("the organisation filter does not narrow the drill-down")
	}
	for _, path := range []string{"/gemeente/thema/onbekend", "/gemeente/thema/tijd?page=9", "/gemeente/thema/tijd?page=x"} {
		if p := muni.get(path); p.Status != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", path, p.Status)
		}
	}
}

func TestThemeCSV(t *testing.T) {
	fx := newThemeFixture(t)
	p := fx.ts.as("gemeente@kring.example").get("/gemeente/thema.csv?to=" + upTo2025)
	if p.Status != http.StatusOK || !strings.HasPrefix(p.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("status %d, type %q", p.Status, p.Header.Get("Content-Type"))
	}
	b := []byte(p.Body)
	if !bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}) {
		t.Fatal("no UTF-8 BOM")
	}
	r := csv.NewReader(bytes.NewReader(b[3:]))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"Thema", "Themacode", "Soort", "Kwartaal", "Kaarten", "Groepen"},
		{"Netwerk", "netwerk", "Succesfactoren", "2025-Q1", "1", "1"},
		{"Tijd", "tijd", "Knelpunten", "2025-Q1", "3", "2"},
		{"Organisatie", "organisatie", "Knelpunten", "2025-Q2", "1", "1"},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d: %q", len(rows), len(want), rows)
	}
	for i := range want {
		if strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d = %q, want %q", i, rows[i], want[i])
		}
	}
	for _, bad := range []string{"?from=bad", "?theme=onbekend"} {
		if p := fx.ts.as("gemeente@kring.example").get("/gemeente/thema.csv" + bad); p.Status != http.StatusBadRequest {
			t.Errorf("bad filter %s on the export: status %d, want 400", bad, p.Status)
		}
	}

	// One theme's cards: anonymised texts, and a text that a spreadsheet would run is inert.
	p = fx.ts.as("gemeente@kring.example").get("/gemeente/thema.csv?theme=tijd&to=" + upTo2025)
	b = []byte(p.Body)
	if !bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}) {
		t.Fatal("cards CSV: no UTF-8 BOM")
	}
	r = csv.NewReader(bytes.NewReader(b[3:]))
	r.Comma = ';'
	rows, err = r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || strings.Join(rows[0], "|") != "Thema|Soort|Kwartaal|Tekst" {
		t.Fatalf("cards CSV: %q, want a header and 3 cards of Tijd", rows)
	}
	formula := false
	for _, row := range rows[1:] {
		if len(row) != 4 || row[0] != "Tijd" || row[1] != "Knelpunten" || !strings.HasPrefix(row[2], "2025-Q") {
			t.Errorf("cards CSV row %q", row)
		}
		if strings.Contains(row[3], "HYPERLINK") {
			formula = true
			if !strings.HasPrefix(row[3], "'=") {
				t.Errorf("a formula card text is not neutralised: %q", row[3])
			}
		}
	}
	if !formula {
		t.Error("the fixture's formula card is missing from the cards CSV")
	}
	for _, name := range []string{"Sanne Visser", "Koen Smits", "Intervisiegroep"} {
		if strings.Contains(p.Body, name) {
			t.Errorf("cards CSV shows %q", name)
		}
	}
}

// The theme pages are the municipality's: trainees, coaches and coordinators are refused.
func TestThemePagesRefused(t *testing.T) {
	fx := newThemeFixture(t)
	for _, email := range []string{"deelnemer1@kring.example", "coach@kring.example", "coordinator@kring.example"} {
		c := fx.ts.as(email)
		for _, path := range []string{"/gemeente/thema", "/gemeente/thema/tijd", "/gemeente/thema.csv"} {
			p := c.get(path)
			if p.Status != http.StatusForbidden {
				t.Errorf("%s on %s: status %d, want 403", email, path, p.Status)
			}
			if strings.Contains(p.Body, "Geen tijd om") || strings.Contains(p.Body, "Kaarten") {
				t.Errorf("%s on %s sees theme data", email, path)
			}
		}
	}
}
