package room

import (
	"reflect"
	"testing"
)

// The scale question is asked where the method asks it; elsewhere only after the coach asks
// it by hand, for the rest of that phase, and the hand-opening replays after a restart.
func TestScaleFollowsThePhase(t *testing.T) {
	e := newEnv(t, Config{})
	coach, a := e.dial(coachID), e.dial(annaID, "lang=en")
	coach.hello(0)
	a.hello(0)
	// Before the start nothing is restricted.
	before := coach.ok("scale.open", map[string]any{"text": "Hoe sta je erin?"})
	coach.ok("meeting.start", nil) // "Inbreng": no scale
	refused := func(who *wsClient, op string, fields map[string]any, code, msg string) {
		t.Helper()
		st := e.state()
		f := who.fail(op, fields)
		if f.Code != code || msg != "" && f.Message != msg {
			t.Fatalf("%s: got %s %q, want %s %q", op, f.Code, f.Message, code, msg)
		}
		if after := e.state(); !reflect.DeepEqual(st, after) {
			t.Fatalf("refused %s changed the room", op)
		}
	}
	refused(a, "scale.answer", map[string]any{"value": 5}, CodeScaleClosed, "The scale question is not asked in this phase. The coach can open it anyway.")
	refused(coach, "scale.open", map[string]any{"text": "Hoe bruikbaar?"}, CodeScaleClosed, "In deze fase wordt de schaalvraag niet gesteld. De coach kan haar toch openen.")
	refused(a, "scale.allow", nil, CodeForbidden, "Only the coach can do that.")

	coach.ok("scale.allow", nil)
	refused(coach, "scale.allow", nil, CodeInvalid, "De schaalvraag kan in deze fase al worden gesteld.")
	a.ok("scale.answer", map[string]any{"value": 5}) // the scale opened before the start
	opened := coach.ok("scale.open", map[string]any{"text": "Hoe bruikbaar?"})
	a.ok("scale.answer", map[string]any{"value": 6})
	if st := e.state(); !st.ScaleAllowed || st.OpenScale().ID != opened || st.Scales[0].ID != before {
		t.Fatalf("scale by hand: %+v", st.Scales)
	}

	// A restart keeps the hand-opening for the rest of the phase.
	e.stop()
	e.start()
	if st := e.state(); !st.ScaleAllowed {
		t.Fatal("the scale asked by hand was lost on restart")
	}
	cn, an := coach.n, a.n
	coach, a = e.dial(coachID), e.dial(annaID)
	coach.n, a.n = cn, an // new action ids: a reused one would get its first ack again
	coach.hello(0)
	a.hello(0)
	a.ok("scale.answer", map[string]any{"value": 7})

	// The next phase ("Vragen") does not ask it: answers stop until the coach asks again.
	coach.ok("phase.next", nil)
	refused(a, "scale.answer", map[string]any{"value": 8}, CodeScaleClosed, "")
	// The phase after ("Afspraken") asks it by itself.
	coach.ok("phase.next", nil)
	a.ok("scale.answer", map[string]any{"value": 8})
	coach.ok("scale.open", map[string]any{"text": "Hoe tevreden?"})
	refused(coach, "scale.allow", nil, CodeInvalid, "")
	coach.ok("scale.reveal", nil)
}
