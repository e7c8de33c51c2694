package room

import (
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"kring/server/privacy"
)

// Every repeatable action has its own limit per person, and neither a reconnect nor the room
// emptying resets the count.
func TestActionLimitsPerPerson(t *testing.T) {
	e := newEnv(t, Config{CardsPerMinute: 3, EditsPerMinute: 1, HandsPerMinute: 1, VotesPerMinute: 1,
		ScaleAnswersPerMinute: 1, NotesPerMinute: 1})
	coach, a := e.dial(coachID), e.dial(annaID)
	coach.hello(0)
	a.hello(0)
	c1 := a.ok("card.add", map[string]any{"board": "case", "text": "een"})
	coach.ok("meeting.start", nil)
	coach.ok("scale.allow", nil) // the first phase does not ask the scale question
	coach.ok("scale.open", map[string]any{"text": "Schaal"})
	coach.ok("scribe.set", map[string]any{"user": annaID})
	for _, tc := range []struct {
		op     string
		fields map[string]any
	}{
		{"card.edit", map[string]any{"card": c1, "text": "een (1)"}},
		{"hand.raise", nil},
		{"card.vote", map[string]any{"card": c1}},
		{"scale.answer", map[string]any{"value": 4}},
		{"note.add", map[string]any{"text": "notitie"}},
	} {
		t.Run(tc.op, func(t *testing.T) {
			a.ok(tc.op, tc.fields)
			again := map[string]any{"card": c1, "text": "een (2)", "value": 5}
			if tc.op == "hand.raise" {
				tc.op, again = "hand.lower", nil
			}
			f := a.fail(tc.op, again)
			if f.Code != CodeRateLimited || f.Message != "Dat gaat te snel: maximaal 1 keer per minuut. Wacht even." {
				t.Fatalf("second %s in a minute: %+v", tc.op, f)
			}
		})
	}
	// Limits are per person: the coach still edits.
	coach.ok("card.edit", map[string]any{"card": c1, "text": "door de coach"})

	// Everyone leaves, the room unloads; Anna comes back and is still limited.
	_ = a.conn.Close()
	_ = coach.conn.Close()
	waitFor(t, "room unloaded", func() bool {
		e.reg.mu.Lock()
		defer e.reg.mu.Unlock()
		return e.reg.rooms[e.meeting] == nil
	})
	a = e.dial(annaID)
	a.n = 100
	a.hello(0)
	if f := a.fail("card.edit", map[string]any{"card": c1, "text": "na herverbinden"}); f.Code != CodeRateLimited {
		t.Fatalf("edit after reconnect: %+v", f)
	}
	e.clock.Add(61 * time.Second)
	a.ok("card.edit", map[string]any{"card": c1, "text": "een minuut later"})
}

// A person has at most MaxConnsPerPerson connections to a meeting: a new one closes the oldest.
func TestConnectionCapClosesTheOldest(t *testing.T) {
	e := newEnv(t, Config{MaxConnsPerPerson: 2})
	b := e.dial(bramID)
	b.hello(0)
	// Each joins before the next is dialled: a connection joins the room only after its
	// upgrade, so two dials in a row could join in either order.
	first := e.dial(annaID)
	first.hello(0)
	second := e.dial(annaID)
	second.hello(0)
	third := e.dial(annaID)
	third.hello(0)
	if f := first.next("error"); f.Code != CodeReplaced {
		t.Fatalf("oldest connection: %+v", f)
	}
	_ = first.conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	var ce *websocket.CloseError
	for {
		if _, _, err := first.conn.ReadMessage(); err != nil {
			if !errors.As(err, &ce) || ce.Code != 4001 {
				t.Fatalf("oldest connection closed with %v, want code 4001", err)
			}
			break
		}
	}
	second.ok("hand.raise", nil) // the newer ones work on
	third.ok("hand.lower", nil)
	waitFor(t, "presence", func() bool { return len(peopleOf(e)) == 2 })
}

// One person reconnecting in a loop costs the others a few presence frames, not a full queue.
func TestPresenceIsCoalesced(t *testing.T) {
	e := newEnv(t, Config{SendQueue: 8, PresenceDelay: 50 * time.Millisecond})
	b := e.dial(bramID)
	b.hello(0)
	b.next("presence")
	for i := 0; i < 40; i++ {
		a := e.dial(annaID)
		a.hello(0)
		_ = a.conn.Close()
	}
	time.Sleep(200 * time.Millisecond)
	id := b.do("hand.raise", nil) // Bram was not dropped as a slow client
	presence := 0
	for f := b.read(); f.Type != "ack" || f.ID != id; f = b.read() {
		if f.Type == "presence" {
			presence++
		}
	}
	// 80 joins and leaves; without coalescing that is 80 frames.
	if presence > 12 {
		t.Errorf("Bram got %d presence frames", presence)
	}
	if n := metricValue(t, e, "kring_room_dropped_clients_total"); n != 0 {
		t.Fatalf("%v clients dropped", n)
	}
}

// A person at their card limit is refused before the privacy screen runs: a flood of cards
// costs the room no screening, and a refused card is still never counted.
func TestLimitBeforeScreen(t *testing.T) {
	var screened atomic.Int64
	e := newEnv(t, Config{CardsPerMinute: 2, Screen: func(text string) []privacy.Finding {
		screened.Add(1)
		return privacy.ScreenBlocking(text)
	}})
	a := e.dial(annaID)
	a.hello(0)
	// A card refused by the screen does not count towards the limit.
	if f := a.fail("card.add", map[string]any{"board": "case", "text": "BSN 123456782"}); f.Code != CodePersonalData {
		t.Fatalf("card with a BSN: %+v", f)
	}
	a.ok("card.add", map[string]any{"board": "case", "text": "een"})
	a.ok("card.add", map[string]any{"board": "case", "text": "twee"})
	before := screened.Load()
	if before != 3 {
		t.Fatalf("screened %d texts, want 3", before)
	}
	for _, text := range []string{"drie", "BSN 123456782"} {
		if f := a.fail("card.add", map[string]any{"board": "case", "text": text}); f.Code != CodeRateLimited {
			t.Fatalf("card %q over the limit: %+v", text, f)
		}
	}
	if got := screened.Load(); got != before {
		t.Fatalf("cards over the limit were screened (%d more)", got-before)
	}
}
