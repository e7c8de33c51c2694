package room

import (
	"strings"
	"testing"
	"time"
)

// Cases chosen in turn are discussed in turn: a note belongs to the case being discussed when
// it is written (the one chosen last), an edited note keeps its case, and the verslag shows
// each note under its case.
func TestNotesFollowTheCaseBeingDiscussed(t *testing.T) {
	e := newEnv(t, Config{})
	coach, a := e.dial(coachID), e.dial(annaID)
	coach.hello(0)
	a.hello(0)
	first := a.ok("card.add", map[string]any{"board": "case", "text": "Casus een"})
	second := a.ok("card.add", map[string]any{"board": "case", "text": "Casus twee"})
	coach.ok("meeting.start", nil)
	coach.ok("scribe.set", map[string]any{"user": annaID})
	coach.ok("card.discuss", map[string]any{"card": first, "on": true})
	n1 := coach.ok("note.add", map[string]any{"text": "Vraag bij een"})
	coach.ok("card.discuss", map[string]any{"card": second, "on": true})
	n2 := a.ok("note.add", map[string]any{"text": "Vraag bij twee"})
	coach.ok("card.discuss", map[string]any{"card": second, "on": false})
	n3 := coach.ok("note.add", map[string]any{"text": "Weer bij een"})

	coach.ok("note.edit", map[string]any{"note": n1, "text": "Vraag bij een, aangevuld"})
	a.ok("note.edit", map[string]any{"note": n2, "text": "Vraag bij twee, aangevuld"})
	// Someone else's note is the writer's and the coach's to change.
	if f := a.fail("note.edit", map[string]any{"note": n1, "text": "overschreven"}); f.Code != CodeForbidden {
		t.Fatalf("scribe edits the coach's note: %+v", f)
	}
	if f := a.fail("note.edit", map[string]any{"note": n2, "text": "mail jan@example.nl"}); f.Code != CodePersonalData {
		t.Fatalf("edit screened: %+v", f)
	}

	st := e.state()
	for _, tc := range []struct {
		note int64
		card int64
		text string
	}{
		{n1, first, "Vraag bij een, aangevuld"},
		{n2, second, "Vraag bij twee, aangevuld"},
		{n3, first, "Weer bij een"},
	} {
		n := st.Note(tc.note)
		if n == nil || n.Card != tc.card || n.Text != tc.text {
			t.Errorf("note %d: %+v, want card %d text %q", tc.note, n, tc.card, tc.text)
		}
	}
	if n := st.Note(n1); n.Edited == 0 {
		t.Errorf("edit not marked: %+v", n)
	}

	coach.ok("card.discuss", map[string]any{"card": second, "on": true})
	r := BuildReport(e.state(), nil, time.Minute)
	txt := r.Text("nl", nil)
	want := "## Besproken\n\n- Casus: Casus een (Anna)\n  - Notitie (Coach Cor): Vraag bij een, aangevuld\n  - Notitie (Coach Cor): Weer bij een\n" +
		"- Casus: Casus twee (Anna)\n  - Notitie (Anna): Vraag bij twee, aangevuld\n"
	if !strings.Contains(txt, want) {
		t.Fatalf("want\n%s\nin\n%s", want, txt)
	}
}
