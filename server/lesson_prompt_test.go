package server

import (
	"fmt"
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

// The line above a lesson's title is translated once per lesson and language, and is the
// same as translating it on the page: for every lesson, in both languages, and on the page.
func TestLessonMetaLine(t *testing.T) {
	ts := newTestServer(t).withDemo()
	s := ts.srv
	for _, m := range s.catalog.Modules {
		for _, l := range m.Lessons {
			for _, lang := range []string{"nl", "en"} {
				want := map[string]string{"nl": "Les %d van %d · %d min lezen, %d min opdrachten", "en": "Lesson %d of %d · %d min reading, %d min exercises"}[lang]
				want = fmt.Sprintf(want, l.Number, len(m.Lessons), l.Reading, l.Exercises)
				for range 2 { // the first call translates, the second is kept
					if got := s.lessonMetaLine(lang, m, l); got != want {
						t.Fatalf("%s/%s %s: %q, want %q", m.Slug, l.Slug, lang, got, want)
					}
				}
			}
		}
	}
	c := ts.as("deelnemer1@kring.example")
	m, _ := s.catalog.Module(benchModule)
	l, _ := m.Lesson(benchLesson)
	c.cookies[langCookie] = "en"
	page := c.get("/modules/" + benchModule + "/" + benchLesson).Body
	if want := fmt.Sprintf(`<p class="kring-muted">Lesson %d of %d · %d min reading, %d min exercises</p>`, l.Number, len(m.Lessons), l.Reading, l.Exercises); !strings.Contains(page, want) {
		t.Errorf("the lesson page lacks %q", want)
	}
}
