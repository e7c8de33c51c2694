package server

import (
	"strings"
	"testing"

	"kring/modules"
	"kring/server/view"
)

// promptHTML writes what views/partials/prompt.html renders, byte for byte, for every prompt
// of the real content, in both languages, in every state a person's prompt can be in: new,
// answered (with text that needs escaping), just saved, with a mistake (an id and an already
// translated message), and for a check question each option chosen, right or wrong, with the
// first choice wrong or not.
func TestPromptMarkupMatchesPartial(t *testing.T) {
	ts := newTestServer(t)
	s := ts.srv
	eng := s.App().Config().Views.(*view.Engine)
	const text = `Mijn <b>antwoord</b> & "citaat" van 'Ans' + 1`
	n := 0
	for _, m := range s.catalog.Modules {
		for _, l := range m.Lessons {
			for _, b := range l.Blocks {
				pr := b.Prompt
				if pr == nil {
					continue
				}
				var states []promptView
				if pr.Type == modules.CheckQuestion {
					var opts []optionView
					for pos, i := range pr.OptionOrder(7, m.Slug) {
						opts = append(opts, optionView{Pos: pos, Text: pr.Options[i].Text})
					}
					states = append(states, promptView{Chosen: -1, Options: opts}, promptView{Chosen: -1, Options: opts, Error: "learning.prompt.choose"})
					for pos, i := range pr.OptionOrder(7, m.Slug) {
						states = append(states,
							promptView{Options: opts, Answered: true, Chosen: pos, Correct: pr.IsCorrect(i), Feedback: pr.Options[i].Feedback},
							promptView{Options: opts, Answered: true, Chosen: pos, Correct: pr.IsCorrect(i), Feedback: text, FirstWrong: true})
					}
				} else {
					states = append(states, promptView{Chosen: -1},
						promptView{Chosen: -1, Answered: true, Value: text, ShowModel: pr.Type == modules.Case},
						promptView{Chosen: -1, Answered: true, Value: text, Saved: true},
						promptView{Chosen: -1, Value: text, Error: "form.required"},
						promptView{Chosen: -1, Value: "", Error: `Bevat <persoonsgegevens> & "namen"`})
				}
				for _, lang := range []string{"nl", "en"} {
					for i := range states {
						v := states[i]
						v.Lang, v.CSRF, v.Prompt = lang, `tok<en>&"+'`, pr
						v.Action = lessonURL(m, l) + "/prompts/" + pr.ID + "#prompt-" + pr.ID
						var want strings.Builder
						if err := eng.Render(&want, "partials/prompt", &v); err != nil {
							t.Fatal(err)
						}
						if got := string(s.promptHTML(&v)); got != want.String() {
							t.Fatalf("%s/%s prompt %s (%s, state %d):\n got %q\nwant %q", m.Slug, l.Slug, pr.ID, lang, i, got, want.String())
						}
						n++
					}
				}
			}
		}
	}
	if n < 100 {
		t.Fatalf("compared only %d prompt renders", n)
	}
	t.Logf("compared %d prompt renders", n)
}
