package server

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"kring/server/room"
)

// The verslag page and its text download show the coach's groups per board: the title, then
// each card with its own text; and the note written while a case was discussed under that case.
func TestMeetingReportShowsGroupsAndNotes(t *testing.T) {
	ts := newTestServer(t).withDemo()
	m := ts.demoMeeting()
	path := "/meetings/" + strconv.FormatInt(m.ID, 10) + "/report"
	meeting := room.Meeting{ID: m.ID, CoachID: 1, Title: "Successen en knelpunten",
		Members: map[int64]string{1: "Hanneke de Wit", 2: "Sanne Visser"},
		Method:  room.MethodInfo{Name: "Successen en knelpunten", Phases: []room.PhaseInfo{{ID: "k", Name: "Knelpunten", Minutes: 10}}}}
	evs := []room.Event{
		{Seq: 1, Op: room.OpCardAdd, By: 2, Name: "Sanne Visser", Board: room.BoardBottleneck, Text: "Geen tijd"},
		{Seq: 2, Op: room.OpCardAdd, By: 2, Name: "Sanne Visser", Board: room.BoardBottleneck, Text: "Wachtlijst bij de GGZ"},
		{Seq: 3, Op: room.OpMeetingStart, By: 1, At: time.Date(2026, 1, 5, 13, 0, 0, 0, time.UTC).UnixMilli()},
		{Seq: 4, Op: room.OpCardGroup, By: 1, Card: 1, From: 2},
		{Seq: 5, Op: room.OpGroupTitle, By: 1, Group: 4, Text: "Tijd en wachten"},
		{Seq: 6, Op: room.OpCardDiscuss, By: 1, Card: 2, On: true},
		{Seq: 7, Op: room.OpNoteAdd, By: 1, Name: "Hanneke de Wit", Card: 2, Text: "Vraag: wie kan er nu al helpen?"},
	}
	rep := room.BuildReport(room.Fold(meeting, evs), nil, time.Minute)
	data, _ := json.Marshal(rep)
	if err := ts.store.SaveReport(context.Background(), m.ID, rep.Markdown("nl", nil), data); err != nil {
		t.Fatal(err)
	}
	member := ts.as("deelnemer2@kring.example")
	page := member.get(path)
	for _, want := range []string{"Groepen", "Tijd en wachten", "Wachtlijst bij de GGZ", "Vraag: wie kan er nu al helpen?"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("report page lacks %q", want)
		}
	}
	txt := member.get(path + "?format=txt").Body
	for _, want := range []string{
		"## Groepen\n\n### Knelpunten\n\n- Tijd en wachten:\n  - Geen tijd (Sanne Visser)\n  - Wachtlijst bij de GGZ — besproken (Sanne Visser)\n",
		"## Besproken\n\n- Knelpunt: Wachtlijst bij de GGZ (Sanne Visser)\n  - Notitie (Hanneke de Wit): Vraag: wie kan er nu al helpen?\n",
	} {
		if !strings.Contains(txt, want) {
			t.Errorf("text download lacks\n%s\nin\n%s", want, txt)
		}
	}
}
