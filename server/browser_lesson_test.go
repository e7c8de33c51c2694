package server

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kring/modules"
)

// TestBrowserLesson is the Learn journey in a real browser: a trainee reads a lesson, answers
// a check question (options in this person's shuffled order) wrongly and then rightly, and
// sees each option's own feedback; a reflection
// typed into the lesson is saved by lesson.js while typing and is still there after a reload.
func TestBrowserLesson(t *testing.T) {
	ts, base := browserServer(t)
	var lesson *modules.Lesson
	var check *modules.Prompt
	var mod *modules.Module
	for _, m := range ts.srv.catalog.Modules {
		for _, l := range m.Lessons {
			for _, p := range l.Prompts {
				if p.Type == modules.CheckQuestion && check == nil {
					mod, lesson, check = m, l, p
				}
			}
		}
	}
	if check == nil {
		t.Fatal("no check question in the content")
	}
	right, wrong := -1, -1
	for i, o := range check.Options {
		if o.Correct && right < 0 {
			right = i
		} else if !o.Correct && wrong < 0 {
			wrong = i
		}
	}
	path := "/modules/" + mod.Slug + "/" + lesson.Slug
	browser := newBrowser(t, base)
	tab, watch := newTab(t, browser)
	signInAs(t, tab, "deelnemer1@kring.example")
	visit(t, tab, path, 200)
	if h1 := evalJS[string](t, tab, `document.querySelector('main h1').textContent`); !strings.Contains(h1, lesson.Title) {
		t.Fatalf("lesson heading %q, want %q", h1, lesson.Title)
	}
	form := fmt.Sprintf(`form.kring-prompt--check[data-prompt-id=%q]`, check.ID)
	// Options are shuffled per person: the radio of option i sits at this person's position.
	order := check.OptionOrder(ts.userID("deelnemer1@kring.example"), mod.Slug)
	answer := func(option int, want string) string {
		t.Helper()
		choose(t, tab, fmt.Sprintf(`%s input[type=radio][name=option][value="%d"]`, form, slices.Index(order, option)))
		if _, err := chromedp.RunResponse(tab, chromedp.Click(chromedp.CSS(form+` button[type=submit]`))); err != nil {
			t.Fatalf("submit the check question: %v", err)
		}
		sel := form + ` .kring-feedback--` + want
		if err := chromedp.Do(tab, chromedp.WaitVisible(chromedp.CSS(sel))); err != nil {
			t.Fatalf("no %s feedback after answering option %d: %v", want, option, err)
		}
		return evalJS[string](t, tab, fmt.Sprintf(`document.querySelector(%q).textContent`, sel))
	}
	if fb := answer(wrong, "incorrect"); !strings.Contains(fb, prefix(check.Options[wrong].Feedback, 20)) {
		t.Errorf("wrong answer shows %q, not the option's own feedback", fb)
	}
	if fb := answer(right, "correct"); !strings.Contains(fb, prefix(check.Options[right].Feedback, 20)) {
		t.Errorf("right answer shows %q, not the option's own feedback", fb)
	}

	// A reflection is saved while typing (no button), and survives a reload.
	var refl *modules.Prompt
	for _, p := range lesson.Prompts {
		if p.Type == modules.Reflection {
			refl = p
			break
		}
	}
	if refl == nil {
		t.Fatalf("lesson %s has no reflection prompt", lesson.Slug)
	}
	text := fmt.Sprintf("Mijn buurvrouw hielp al jaren met boodschappen %d", time.Now().UnixNano())
	area := fmt.Sprintf(`#answer-%s`, refl.ID)
	if err := chromedp.Do(tab, chromedp.SendKeys(chromedp.CSS(area), text)); err != nil {
		t.Fatalf("type a reflection: %v", err)
	}
	// Wait for "saved" itself, not the "saving…" text that comes first.
	saved := fmt.Sprintf(`(s => s.textContent.trim() === s.getAttribute('data-text-saved'))(document.querySelector('#prompt-%s [data-saved]'))`, refl.ID)
	if _, err := chromedp.Run(tab, chromedp.Poll[bool](saved)); err != nil {
		t.Fatalf("the reflection was never reported saved: %v", err)
	}
	visit(t, tab, path, 200)
	if got := evalJS[string](t, tab, fmt.Sprintf(`document.querySelector(%q).value`, area)); got != text {
		t.Errorf("after a reload the reflection reads %q, want %q", got, text)
	}
	// "Les afronden": with required prompts still open it lists them; otherwise the lesson is
	// done. Opening and answering alone never completed it.
	missing := lesson.Missing(map[string]bool{check.ID: true, refl.ID: true})
	if _, err := chromedp.RunResponse(tab, chromedp.Click(chromedp.CSS(`#complete button[type=submit]`))); err != nil {
		t.Fatalf("press Les afronden: %v", err)
	}
	if len(missing) > 0 {
		sel := fmt.Sprintf(`#complete [role=alert] a[href="#prompt-%s"]`, missing[0].ID)
		if n := evalJS[int](t, tab, fmt.Sprintf(`document.querySelectorAll(%q).length`, sel)); n != 1 {
			t.Errorf("finishing too early does not point at %s", missing[0].ID)
		}
	} else if txt := evalJS[string](t, tab, `document.querySelector('#complete').textContent`); !strings.Contains(txt, "afgerond op") {
		t.Errorf("after Les afronden the lesson reads %q", txt)
	}
	if probs := pageProblems(t, tab, watch); len(probs) > 0 {
		t.Errorf("the lesson page had problems:\n%s", strings.Join(probs, "\n"))
	}
}

// prefix is the first n bytes of s, or s when it is shorter.
func prefix(s string, n int) string {
	if len(s) < n {
		return s
	}
	return s[:n]
}
