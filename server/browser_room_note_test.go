package server

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserRoomNoteEdit: the coach writes a note in the opening and corrects it in place
// with "Wijzigen"; the trainee sees the corrected text replace the first one, and has no
// button to change the coach's note herself.
func TestBrowserRoomNoteEdit(t *testing.T) {
	_, coach, trainee, coachWatch, traineeWatch := openRoomTabs(t, "deelnemer4@kring.example")
	byText := func(label string) chromedp.Search {
		return chromedp.Search(fmt.Sprintf(`//button[normalize-space()=%q]`, label))
	}
	if err := chromedp.Do(coach, chromedp.Click(byText("Bijeenkomst starten"), chromedp.NodeVisible)); err != nil {
		t.Fatalf("coach starts the meeting: %v", err)
	}
	stamp := time.Now().UnixNano()
	first := fmt.Sprintf("Iedereen is er behalve Koen %d", stamp)
	fixed := fmt.Sprintf("Iedereen is er behalve Pieter %d", stamp)
	if err := chromedp.Do(coach,
		chromedp.SendKeys(chromedp.CSS(`.kring-room__notes textarea`), first, chromedp.NodeVisible),
		chromedp.Click(byText("Notitie opslaan")),
	); err != nil {
		t.Fatalf("coach writes a note: %v", err)
	}
	noteShows := func(text string) string {
		return fmt.Sprintf(`[...document.querySelectorAll('.kring-room__note-text')].some(p => p.textContent === %q)`, text)
	}
	if _, err := chromedp.Run(trainee, chromedp.Poll[bool](noteShows(first))); err != nil {
		t.Fatalf("the trainee never saw the coach's note: %v", err)
	}
	if n := evalJS[int](t, trainee, `document.querySelectorAll('.kring-room__note button[aria-label="Notitie wijzigen"]').length`); n != 0 {
		t.Errorf("the trainee has %d buttons to change the coach's note", n)
	}

	if err := chromedp.Do(coach, chromedp.Click(chromedp.CSS(`.kring-room__note button[aria-label="Notitie wijzigen"]`), chromedp.NodeVisible)); err != nil {
		t.Fatalf("coach opens the note's editor: %v", err)
	}
	if got := evalJS[string](t, coach, `document.activeElement.value || ''`); got != first {
		t.Fatalf("the editor has focus with %q, want the note's text %q", got, first)
	}
	if err := chromedp.Do(coach,
		chromedp.SetValue(chromedp.CSS(`.kring-room__edit textarea`), fixed),
		chromedp.Click(chromedp.CSS(`.kring-room__edit button[type="submit"]`)),
	); err != nil {
		t.Fatalf("coach saves the corrected note: %v", err)
	}
	for _, tab := range []struct {
		name string
		w    *pageWatch
	}{{"coach", coachWatch}, {"trainee", traineeWatch}} {
		ctx := coach
		if tab.name == "trainee" {
			ctx = trainee
		}
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](noteShows(fixed)+` && !document.querySelector('.kring-room__edit')`)); err != nil {
			t.Fatalf("%s: the corrected note never showed: %v", tab.name, err)
		}
		if evalJS[bool](t, ctx, noteShows(first)) {
			t.Errorf("%s: the first text is still shown beside the corrected one", tab.name)
		}
		if n := evalJS[int](t, ctx, `document.querySelectorAll('.kring-room__note').length`); n != 1 {
			t.Errorf("%s: %d notes shown, want the one corrected note", tab.name, n)
		}
		if probs := pageProblems(t, ctx, tab.w); len(probs) > 0 {
			t.Errorf("%s's room page had problems:\n%s", tab.name, strings.Join(probs, "\n"))
		}
	}
}
