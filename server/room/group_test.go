package room

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

// Groups made, moved, titled and undone by the coach come back the same after a restart, in
// the live state, in a fresh snapshot and in a plain fold of the stored events.
func TestGroupsReplayAfterRestart(t *testing.T) {
	e := newEnv(t, Config{})
	coach, a := e.dial(coachID), e.dial(annaID)
	coach.hello(0)
	a.hello(0)
	c1 := a.ok("card.add", map[string]any{"board": "bottleneck", "text": "Geen tijd"})
	c2 := a.ok("card.add", map[string]any{"board": "bottleneck", "text": "Wachtlijst"})
	c3 := a.ok("card.add", map[string]any{"board": "bottleneck", "text": "Te veel cliënten"})
	c4 := a.ok("card.add", map[string]any{"board": "bottleneck", "text": "Collega ziek"})
	g := coach.ok("card.group", map[string]any{"card": c1, "from": c2})
	coach.ok("group.title", map[string]any{"group": g, "text": "Tijd en drukte"})
	coach.ok("card.group", map[string]any{"card": c2, "from": c3}) // onto a grouped card: joins its group
	coach.ok("card.ungroup", map[string]any{"card": c1})
	g2 := coach.ok("card.group", map[string]any{"card": c4, "from": c1})
	coach.ok("group.title", map[string]any{"group": g2, "text": "Bezetting"})

	check := func(where string, st State) {
		t.Helper()
		if len(st.Groups) != 2 || st.Groups[0].ID != g || st.Groups[0].Title != "Tijd en drukte" ||
			st.Groups[1].ID != g2 || st.Groups[1].Title != "Bezetting" || st.Groups[0].Board != "bottleneck" {
			t.Fatalf("%s: groups %+v", where, st.Groups)
		}
		want := map[int64]int64{c1: g2, c2: g, c3: g, c4: g2}
		for id, grp := range want {
			c := st.Card(id)
			if c == nil || c.Group != grp {
				t.Fatalf("%s: card %d in group %v, want %d", where, id, c, grp)
			}
		}
		// Grouping keeps every text as written.
		if st.Card(c2).Text != "Wachtlijst" || len(st.Cards) != 4 {
			t.Fatalf("%s: cards %+v", where, st.Cards)
		}
	}
	live := e.state()
	check("live", live)
	if snap := coach.hello(0).state(); true {
		check("snapshot", snap)
	}

	e.stop()
	e.start()
	after := e.state()
	check("after restart", after)
	if !reflect.DeepEqual(live, after) {
		t.Fatalf("state after restart differs:\n%+v\n%+v", live, after)
	}
	fresh := e.dial(bramID)
	check("snapshot after restart", fresh.hello(0).state())

	stored, err := e.store.MeetingEvents(context.Background(), e.meeting)
	if err != nil {
		t.Fatal(err)
	}
	var evs []Event
	for _, se := range stored {
		ev, err := decodeEvent(se)
		if err != nil {
			t.Fatal(err)
		}
		evs = append(evs, ev)
	}
	m, _ := e.dir.Meeting(context.Background(), e.meeting)
	if folded := Fold(m, evs); !reflect.DeepEqual(folded, after) {
		t.Fatalf("fold differs:\n%+v\n%+v", folded, after)
	}
}

// Only the coach groups; everyone else gets an error frame and the room stays as it was.
func TestGroupingIsCoachOnly(t *testing.T) {
	e := newEnv(t, Config{})
	coach, a := e.dial(coachID), e.dial(annaID)
	coach.hello(0)
	a.hello(0)
	c1 := a.ok("card.add", map[string]any{"board": "case", "text": "een"})
	c2 := a.ok("card.add", map[string]any{"board": "case", "text": "twee"})
	c3 := a.ok("card.add", map[string]any{"board": "case", "text": "drie"})
	g := coach.ok("card.group", map[string]any{"card": c1, "from": c2})
	for _, tc := range []struct {
		op     string
		fields map[string]any
	}{
		{"card.group", map[string]any{"card": c1, "from": c3}},
		{"card.ungroup", map[string]any{"card": c1}},
		{"group.title", map[string]any{"group": g, "text": "Mijn titel"}},
	} {
		before := e.state()
		f := a.fail(tc.op, tc.fields)
		if f.Code != CodeForbidden || f.Message != "Dat kan alleen de coach." {
			t.Errorf("%s by a participant: %+v", tc.op, f)
		}
		if after := e.state(); !reflect.DeepEqual(before, after) {
			t.Errorf("%s by a participant changed the room", tc.op)
		}
	}
}

// Bad grouping actions by the coach are refused with a clear message and change nothing.
func TestGroupingRefusesBadActions(t *testing.T) {
	e := newEnv(t, Config{})
	coach, a := e.dial(coachID), e.dial(annaID, "lang=en")
	coach.hello(0)
	a.hello(0)
	c1 := a.ok("card.add", map[string]any{"board": "case", "text": "een"})
	c2 := a.ok("card.add", map[string]any{"board": "case", "text": "twee"})
	c3 := a.ok("card.add", map[string]any{"board": "case", "text": "drie"})
	other := a.ok("card.add", map[string]any{"board": "success", "text": "succes"})
	g := coach.ok("card.group", map[string]any{"card": c1, "from": c2})
	coach.ok("meeting.start", nil)
	coach.ok("phase.next", nil) // a silent phase on the idea board
	hidden := a.ok("card.add", map[string]any{"board": "idea", "text": "stil"})
	hidden2 := a.ok("card.add", map[string]any{"board": "idea", "text": "ook stil"})
	for _, tc := range []struct {
		name   string
		op     string
		fields map[string]any
		code   string
		msg    string
	}{
		{"other board", "card.group", map[string]any{"card": c1, "from": other}, CodeInvalid, "Groeperen kan alleen met een andere kaart op hetzelfde bord."},
		{"itself", "card.group", map[string]any{"card": c3, "from": c3}, CodeInvalid, "Groeperen kan alleen met een andere kaart op hetzelfde bord."},
		{"same group", "card.group", map[string]any{"card": c2, "from": c1}, CodeInvalid, "Deze kaartjes zitten al in dezelfde groep."},
		{"hidden", "card.group", map[string]any{"card": hidden, "from": hidden2}, CodeInvalid, "Dit kaartje is nog verborgen. Wacht tot de coach de kaartjes toont."},
		{"no from", "card.group", map[string]any{"card": c1}, CodeMissingField, "Er ontbreekt een veld: from."},
		{"gone", "card.group", map[string]any{"card": c1, "from": 999}, CodeNotFound, "Deze kaart bestaat niet (meer)."},
		{"not grouped", "card.ungroup", map[string]any{"card": c3}, CodeInvalid, "Dit kaartje zit niet in een groep."},
		{"no group", "group.title", map[string]any{"group": 999, "text": "x"}, CodeNotFound, "Deze groep bestaat niet (meer)."},
		{"no group field", "group.title", map[string]any{"text": "x"}, CodeMissingField, "Er ontbreekt een veld: group."},
		{"no text", "group.title", map[string]any{"group": g}, CodeMissingField, "Er ontbreekt een veld: text."},
		{"too long", "group.title", map[string]any{"group": g, "text": strings.Repeat("a", maxGroupTitle+1)}, CodeTooLong, "Deze tekst is te lang: maximaal 80 tekens."},
		{"personal data", "group.title", map[string]any{"group": g, "text": "Mail jan@example.nl"}, CodePersonalData, "Deze tekst bevat persoonsgegevens (e-mailadres). Maak de tekst anoniem."},
		{"control chars", "group.title", map[string]any{"group": g, "text": "a\x00b"}, CodeInvalid, "De tekst bevat ongeldige tekens."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := e.state()
			f := coach.fail(tc.op, tc.fields)
			if f.Code != tc.code || f.Message != tc.msg {
				t.Errorf("got %s %q, want %s %q", f.Code, f.Message, tc.code, tc.msg)
			}
			if after := e.state(); !reflect.DeepEqual(before, after) {
				t.Errorf("refused %s changed the room", tc.op)
			}
		})
	}
	// An empty title clears it; English messages for English readers.
	coach.ok("group.title", map[string]any{"group": g, "text": "Titel"})
	coach.ok("group.title", map[string]any{"group": g, "text": "  "})
	if st := e.state(); st.Group(g).Title != "" {
		t.Fatalf("title not cleared: %+v", st.Group(g))
	}
	if f := a.fail("card.ungroup", map[string]any{"card": c1}); f.Message != "Only the coach can do that." {
		t.Fatalf("english: %+v", f)
	}
}

// A group that drops below two cards dissolves, whether a card is taken out, removed or
// merged away; grouping never joins texts.
func TestGroupsDissolve(t *testing.T) {
	m := Meeting{ID: 1, CoachID: coachID, Members: map[int64]string{coachID: "Coach Cor", annaID: "Anna"}, Method: testMethod}
	add := func(seq int64, text string) Event {
		return Event{Seq: seq, Op: OpCardAdd, By: annaID, Name: "Anna", Board: BoardCase, Text: text}
	}
	base := []Event{add(1, "een"), add(2, "twee"), add(3, "drie"),
		{Seq: 4, Op: OpCardGroup, By: coachID, Card: 1, From: 2},
		{Seq: 5, Op: OpGroupTitle, By: coachID, Group: 4, Text: "Samen"}}
	for _, tc := range []struct {
		name   string
		then   Event
		groups int
	}{
		{"nothing", Event{Seq: 6, Op: OpHandRaise, By: annaID}, 1},
		{"ungroup", Event{Seq: 6, Op: OpCardUngroup, By: coachID, Card: 2}, 0},
		{"remove", Event{Seq: 6, Op: OpCardRemove, By: coachID, Card: 1}, 0},
		{"merge away", Event{Seq: 6, Op: OpCardMerge, By: coachID, Card: 3, From: 2, Text: "drie twee"}, 0},
		{"move out", Event{Seq: 6, Op: OpCardGroup, By: coachID, Card: 3, From: 2}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := Fold(m, append(append([]Event{}, base...), tc.then))
			if len(st.Groups) != tc.groups {
				t.Fatalf("groups %+v", st.Groups)
			}
			for _, c := range st.Cards {
				if c.Group != 0 && st.Group(c.Group) == nil {
					t.Fatalf("card %d in a dissolved group %d", c.ID, c.Group)
				}
				if len(st.GroupCards(c.Group)) == 1 && c.Group != 0 {
					t.Fatalf("group %d of one card", c.Group)
				}
			}
		})
	}
}

// The verslag lists each board's groups with their title and cards, texts kept apart, in the
// page's Markdown and the text download alike.
func TestReportShowsGroups(t *testing.T) {
	m := Meeting{ID: 1, CoachID: coachID, Title: "T", Members: map[int64]string{coachID: "Coach Cor", annaID: "Anna", bramID: "Bram"}, Method: testMethod}
	evs := []Event{
		{Seq: 1, Op: OpCardAdd, By: annaID, Name: "Anna", Board: BoardBottleneck, Text: "Geen tijd"},
		{Seq: 2, Op: OpCardAdd, By: bramID, Name: "Bram", Board: BoardBottleneck, Text: "Wachtlijst"},
		{Seq: 3, Op: OpCardAdd, By: annaID, Name: "Anna", Board: BoardCase, Text: "Casus A"},
		{Seq: 4, Op: OpCardAdd, By: bramID, Name: "Bram", Board: BoardCase, Text: "Casus B"},
		{Seq: 5, Op: OpCardGroup, By: coachID, Card: 1, From: 2},
		{Seq: 6, Op: OpGroupTitle, By: coachID, Group: 5, Text: "Tijd"},
		{Seq: 7, Op: OpCardGroup, By: coachID, Card: 4, From: 3},
	}
	r := BuildReport(Fold(m, evs), nil, time.Minute)
	if len(r.Groups) != 2 || r.Groups[0].Board != BoardCase || r.Groups[1].Title != "Tijd" || len(r.Groups[1].Cards) != 2 {
		t.Fatalf("groups %+v", r.Groups)
	}
	txt := r.Text("nl", nil)
	want := "## Groepen\n\n### Casussen\n\n- Groep zonder titel:\n  - Casus A (Anna)\n  - Casus B (Bram)\n\n### Knelpunten\n\n- Tijd:\n  - Geen tijd (Anna)\n  - Wachtlijst (Bram)\n"
	if !strings.Contains(txt, want) {
		t.Fatalf("want\n%s\nin\n%s", want, txt)
	}
	// Phase by phase, each grouped card names its group.
	for _, line := range []string{"- Knelpunt: Geen tijd — in groep Tijd (Anna)\n", "- Casus: Casus B — in een groep zonder titel (Bram)\n"} {
		if !strings.Contains(txt, line) {
			t.Errorf("the phase-by-phase list lacks %q:\n%s", line, txt)
		}
	}
	if en := r.Text("en", nil); !strings.Contains(en, "## Groups\n\n### Cases\n\n- Untitled group:\n") {
		t.Fatalf("english:\n%s", en)
	}
	if md := r.Markdown("nl", nil); !strings.Contains(md, "- Tijd:\n  - Geen tijd (Anna)\n") {
		t.Fatalf("markdown:\n%s", md)
	}
	// The stored JSON keeps the structure for other readers.
	b, _ := json.Marshal(r)
	if !strings.Contains(string(b), `"groups":[{"board":"case","title":"","cards":[`) {
		t.Fatalf("json %s", b)
	}
}
