package room

import (
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"kring/server/netmap"
	"kring/server/store"
)

// The saved maps the tests' directory knows, by owner and id: Anna owns 1 (clean), 3 (a phone
// number as a label), 4 (an e-mail address in a note) and 6 (an invalid map); Bram owns 2.
const (
	annaMap       int64 = 1
	bramMap       int64 = 2
	annaPhoneMap  int64 = 3
	annaEmailMap  int64 = 4
	annaBrokenMap int64 = 6
)

func testNetmap(title string) netmap.Map {
	m := netmap.New(title, time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), func(id string) string { return "sector " + id })
	m.People = []netmap.Person{
		{ID: "zus", Label: "zus", Sector: "origin", Circle: 1, Support: []string{netmap.Practical}, Direction: netmap.Both, Quality: 4},
		{ID: "buurman", Label: "buurman", Sector: "neighbours", Circle: 2, Support: []string{}, Quality: 3},
		{ID: "j", Label: "J.", Sector: "friends", Circle: 3, Support: []string{netmap.Company}, Quality: 2, Note: "ziet hij op zaterdag"},
	}
	m.Lines = []netmap.Line{{From: netmap.Centre, To: "zus", Kind: "support"}}
	return m
}

// OwnMap makes the test directory a MapSource: a fixed table, so it holds no state.
func (d *fakeDir) OwnMap(_ context.Context, userID, mapID int64) ([]byte, error) {
	m := testNetmap("Kaart van K.")
	switch {
	case userID == annaID && mapID == annaMap:
	case userID == bramID && mapID == bramMap:
		m.Title = "Kaart van Bram"
	case userID == annaID && mapID == annaPhoneMap:
		m.People[1].Label = "06-12345678"
	case userID == annaID && mapID == annaEmailMap:
		m.People[2].Note = "mail hem op j@voorbeeld.nl"
	case userID == annaID && mapID == annaBrokenMap:
		m.People[0].Circle = 7
	default:
		return nil, store.ErrNotFound
	}
	return m.JSON()
}

// cardIn is a card of the room's current state.
func cardIn(e *env, id int64) *Card {
	st := e.state()
	return st.Card(id)
}

// cardOf finds a card in a snapshot frame.
func cardOf(t *testing.T, f frame, id int64) *Card {
	t.Helper()
	st := f.state()
	c := st.Card(id)
	if c == nil {
		t.Fatalf("card %d not in snapshot", id)
	}
	return c
}

func TestCardMapReachesOthersAndSurvivesRestart(t *testing.T) {
	e := newEnv(t, Config{})
	coach, a, b := e.dial(coachID), e.dial(annaID), e.dial(bramID)
	coach.hello(0)
	a.hello(0)
	b.hello(0)
	card := a.ok("card.add", map[string]any{"board": "case", "text": "Moeder van drie wil niemand tot last zijn."})
	seq := a.ok("card.map", map[string]any{"card": card, "map": annaMap})

	// Bram sees the map arrive with the card: a copy of Anna's map in the event.
	want, _ := testNetmap("Kaart van K.").JSON()
	for {
		f := b.next("event")
		if ev := f.event(); ev.Op == OpCardMap {
			if f.Seq != seq || ev.Card != card || ev.By != annaID || string(ev.Map) != string(want) {
				t.Fatalf("card.map event %+v map %s", ev, ev.Map)
			}
			break
		}
	}
	// The coach highlights the sister while the group asks; Bram sees it live.
	hl := coach.ok("map.highlight", map[string]any{"card": card, "ids": []string{"zus"}})
	for {
		f := b.next("event")
		if ev := f.event(); ev.Op == OpMapHighlight {
			if f.Seq != hl || ev.Card != card || !reflect.DeepEqual(ev.IDs, []string{"zus"}) {
				t.Fatalf("map.highlight event %+v", ev)
			}
			break
		}
	}
	// Highlighting the same people again changes nothing (an ack, no event).
	if again := coach.ok("map.highlight", map[string]any{"card": card, "ids": []string{"zus"}}); again != hl {
		t.Fatalf("repeated highlight acked at %d, want %d", again, hl)
	}
	if c := cardIn(e, card); c.MapSeq != seq || !reflect.DeepEqual(c.Highlight, []string{"zus"}) || string(c.Map) != string(want) {
		t.Fatalf("card before restart %+v", c)
	}

	// Restart: a new registry on a reopened store replays the log.
	e.stop()
	if err := e.store.Close(); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), e.path)
	if err != nil {
		t.Fatal(err)
	}
	e.store = st
	e.start()
	b = e.dial(bramID)
	c := cardOf(t, b.hello(0), card)
	if string(c.Map) != string(want) || c.MapSeq != seq || !reflect.DeepEqual(c.Highlight, []string{"zus"}) {
		t.Fatalf("card in the snapshot after restart: map %s seq %d highlight %v", c.Map, c.MapSeq, c.Highlight)
	}
	// A reconnect that missed only the highlight gets it as an event from the replay ring.
	a = e.dial(annaID)
	a.n = 100 // its ids must not repeat the first connection's (they would get the old acks)
	a.send(map[string]any{"op": "hello", "since": seq})
	if f := a.next("event"); f.Seq != hl || f.event().Op != OpMapHighlight {
		t.Fatalf("replayed %+v", f)
	}

	// Highlighting nobody clears it; a new map replaces the old and clears the highlight too;
	// map 0 removes it.
	coach = e.dial(coachID)
	coach.n = 100
	coach.hello(0)
	coach.ok("map.highlight", map[string]any{"card": card, "ids": []string{"zus", "j"}})
	coach.ok("map.highlight", map[string]any{"card": card, "ids": []string{}})
	if c := cardIn(e, card); c.Highlight != nil {
		t.Fatalf("highlight after clearing: %v", c.Highlight)
	}
	coach.ok("map.highlight", map[string]any{"card": card, "ids": []string{"buurman"}})
	a.ok("card.map", map[string]any{"card": card, "map": annaMap})
	if c := cardIn(e, card); c.Highlight != nil || c.MapSeq <= seq {
		t.Fatalf("after a new map: %+v", c)
	}
	a.ok("card.map", map[string]any{"card": card, "map": 0})
	if c := cardIn(e, card); c.Map != nil || c.MapSeq != 0 {
		t.Fatalf("after removing: %+v", c)
	}
}

func TestCardMapRefusalsChangeNothing(t *testing.T) {
	e := newEnv(t, Config{EditsPerMinute: 100})
	coach, a, b := e.dial(coachID), e.dial(annaID), e.dial(bramID)
	coach.hello(0)
	a.hello(0)
	b.hello(0)
	card := a.ok("card.add", map[string]any{"board": "case", "text": "Jongere zonder netwerk."})
	bare := a.ok("card.add", map[string]any{"board": "case", "text": "Nog een casus, zonder kaart."})
	a.ok("card.map", map[string]any{"card": card, "map": annaMap})
	coach.ok("meeting.start", nil)
	coach.ok("board.open", map[string]any{"board": "success"})
	success := a.ok("card.add", map[string]any{"board": "success", "text": "Samen de kaart tekenen."})
	before := e.state()

	for _, tc := range []struct {
		name   string
		by     *wsClient
		op     string
		fields map[string]any
		code   string
		kinds  []string
		says   string // part of the Dutch message
	}{
		{"someone else's map", a, OpCardMap, map[string]any{"card": card, "map": bramMap}, CodeNotFound, nil, "eigen kaart"},
		{"a map that does not exist", a, OpCardMap, map[string]any{"card": card, "map": 999}, CodeNotFound, nil, "eigen kaart"},
		{"a phone number as a label", a, OpCardMap, map[string]any{"card": card, "map": annaPhoneMap}, CodePersonalData, []string{"Phone"}, "telefoonnummer"},
		{"an e-mail address in a note", a, OpCardMap, map[string]any{"card": card, "map": annaEmailMap}, CodePersonalData, []string{"Email"}, "e-mailadres"},
		{"an invalid map", a, OpCardMap, map[string]any{"card": card, "map": annaBrokenMap}, CodeInvalid, nil, "niet geldig"},
		{"another's card", b, OpCardMap, map[string]any{"card": card, "map": bramMap}, CodeForbidden, nil, "schrijver"},
		{"not a case", a, OpCardMap, map[string]any{"card": success, "map": annaMap}, CodeInvalid, nil, "casus"},
		{"no map field", a, OpCardMap, map[string]any{"card": card}, CodeMissingField, nil, "map"},
		{"a highlight by a participant", a, OpMapHighlight, map[string]any{"card": card, "ids": []string{"zus"}}, CodeForbidden, nil, "coach"},
		{"an unknown person", coach, OpMapHighlight, map[string]any{"card": card, "ids": []string{"zus", "oom"}}, CodeNotFound, nil, "niet op de netwerkkaart"},
		{"a card without a map", coach, OpMapHighlight, map[string]any{"card": bare, "ids": []string{"zus"}}, CodeInvalid, nil, "geen netwerkkaart"},
		{"no ids", coach, OpMapHighlight, map[string]any{"card": card}, CodeMissingField, nil, "ids"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.by.fail(tc.op, tc.fields)
			if f.Code != tc.code || !slices.Equal(f.Kinds, tc.kinds) || !strings.Contains(f.Message, tc.says) {
				t.Fatalf("got %+v, want %s %v saying %q", f, tc.code, tc.kinds, tc.says)
			}
		})
	}
	after := e.state()
	if after.Seq != before.Seq || !reflect.DeepEqual(after.Cards, before.Cards) {
		t.Fatalf("refused actions changed the room: seq %d -> %d", before.Seq, after.Seq)
	}
	// English for an English participant.
	en := e.dial(annaID, "lang=en")
	en.hello(0)
	en.n = 100 // its ids must not repeat the first connection's
	if f := en.fail(OpCardMap, map[string]any{"card": card, "map": annaPhoneMap}); !strings.Contains(f.Message, "phone number") {
		t.Fatalf("English message %q", f.Message)
	}
}

func TestCardMapInReportAndAnonymous(t *testing.T) {
	e := newEnv(t, Config{})
	coach, a, b := e.dial(coachID), e.dial(annaID), e.dial(bramID)
	coach.hello(0)
	a.hello(0)
	b.hello(0)
	coach.ok("meeting.anonymous", map[string]any{"on": true})
	card := a.ok("card.add", map[string]any{"board": "case", "text": "Vader na een scheiding."})
	a.ok("card.map", map[string]any{"card": card, "map": annaMap})
	// In an anonymous meeting the others do not learn who attached the map.
	for {
		f := b.next("event")
		if ev := f.event(); ev.Op == OpCardMap {
			if ev.By != 0 || len(ev.Map) == 0 {
				t.Fatalf("card.map to another in an anonymous meeting: %+v", ev)
			}
			break
		}
	}
	coach.ok("map.highlight", map[string]any{"card": card, "ids": []string{"j", "zus"}})
	rep := BuildReport(e.state(), nil, time.Minute)
	if len(rep.Maps) != 1 || rep.Maps[0].Card != card || rep.Maps[0].Text != "Vader na een scheiding." ||
		!reflect.DeepEqual(rep.Maps[0].Highlight, []string{"j", "zus"}) {
		t.Fatalf("report maps %+v", rep.Maps)
	}
	var m netmap.Map
	if err := json.Unmarshal(rep.Maps[0].Map, &m); err != nil || m.Title != "Kaart van K." || len(m.People) != 3 {
		t.Fatalf("report map %s: %v", rep.Maps[0].Map, err)
	}
}
