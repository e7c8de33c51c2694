package server

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestBrowserRoomGroupByKeyboard: the coach groups two of a trainee's cards with the keyboard
// only (the card's menu, "Groeperen met…", Enter) and gives the group a title; the trainee's
// page shows both cards together under that title, each with its own text, and hears it in
// the live region.
func TestBrowserRoomGroupByKeyboard(t *testing.T) {
	_, coach, trainee, coachWatch, traineeWatch := openRoomTabs(t, "deelnemer3@kring.example")
	stamp := time.Now().UnixNano()
	first := fmt.Sprintf("Buren helpen met boodschappen %d", stamp)
	second := fmt.Sprintf("Zus belt elke week %d", stamp)
	col := `.kring-board__column--success`
	for _, text := range []string{first, second} {
		if err := chromedp.Do(trainee,
			chromedp.SendKeys(chromedp.CSS(col+` textarea`), text),
			chromedp.Click(chromedp.CSS(col+` button[type="submit"]`)),
		); err != nil {
			t.Fatalf("trainee adds a card: %v", err)
		}
		if _, err := chromedp.Run(coach, chromedp.Poll[bool](fmt.Sprintf(`[...document.querySelectorAll('li[data-card]')].some(li => li.textContent.includes(%q))`, text))); err != nil {
			t.Fatalf("the coach never saw %q: %v", text, err)
		}
	}
	cardID := func(text string) string {
		return evalJS[string](t, coach, fmt.Sprintf(`[...document.querySelectorAll('li[data-card]')].find(li => li.querySelector('.kring-card__body').textContent === %q).dataset.card`, text))
	}
	a, b := cardID(first), cardID(second)
	// focus puts keyboard focus on a room control by its data-key (as a Tab would) and checks it.
	focus := func(key string) {
		t.Helper()
		if _, err := chromedp.Run(coach, chromedp.Poll[bool](fmt.Sprintf(`(e => !!e && (e.focus(), document.activeElement === e))(document.querySelector('[data-key=%q]'))`, key))); err != nil {
			t.Fatalf("focus %s: %v", key, err)
		}
	}
	keys := func(k ...string) {
		t.Helper()
		for _, key := range k {
			if err := chromedp.Do(coach, chromedp.KeyEvent(key)); err != nil {
				t.Fatalf("key %q: %v", key, err)
			}
		}
	}

	// The first card's menu opens with Enter; in it the coach picks the second card from
	// "Groeperen met…" with the arrow keys, tabs to "Groeperen" and presses Enter.
	focus("menu-toggle-" + a)
	keys(kb.Enter)
	if _, err := chromedp.Run(coach, chromedp.Poll[bool](fmt.Sprintf(`document.querySelector('[data-key="menu-%s"]').open`, a))); err != nil {
		t.Fatalf("Enter did not open the card's menu: %v", err)
	}
	focus("group-with-" + a)
	picked := fmt.Sprintf(`(s => s.options[s.selectedIndex].value === %q)(document.querySelector('[data-key="group-with-%s"]'))`, b, a)
	for try := 0; try < 20 && !evalJS[bool](t, coach, picked); try++ {
		keys(kb.ArrowDown)
	}
	if !evalJS[bool](t, coach, picked) {
		t.Fatal("the arrow keys never reached the second card in “Groeperen met…”")
	}
	keys(kb.Tab)
	if got := evalJS[string](t, coach, `document.activeElement.getAttribute('data-key') || ''`); got != "group-do-"+a {
		t.Fatalf("Tab after the select went to %q, not the Groeperen button", got)
	}
	keys(kb.Enter)

	together := fmt.Sprintf(`(g => !!g && g.querySelectorAll('li[data-card]').length === 2 && g.textContent.includes(%q))([...document.querySelectorAll('.kring-group')].find(g => g.textContent.includes(%q)))`, second, first)
	for name, tab := range map[string]context.Context{"coach": coach, "trainee": trainee} {
		if _, err := chromedp.Run(tab, chromedp.Poll[bool](together)); err != nil {
			t.Fatalf("%s's page does not show the two cards together: %v", name, err)
		}
	}
	if _, err := chromedp.Run(trainee, chromedp.Poll[bool](`document.querySelector('#room [role="log"]').textContent.includes('Gegroepeerd')`)); err != nil {
		t.Errorf("the grouping was not announced in the live region: %v", err)
	}
	if _, err := chromedp.Run(coach, chromedp.Poll[bool](`!!document.activeElement.closest('#room')`, chromedp.WithPollingTimeout(2*time.Second))); err != nil {
		t.Errorf("after grouping, keyboard focus fell out of the room: on %s", evalJS[string](t, coach, `document.activeElement.tagName + ' ' + (document.activeElement.getAttribute('data-key') || '') + ' ungroup there: ' + !!document.querySelector('[data-key="ungroup-`+a+`"]')`))
	}

	// The title: Enter on "Titel geven", type, Enter.
	group := evalJS[string](t, coach, fmt.Sprintf(`[...document.querySelectorAll('.kring-group')].find(g => g.textContent.includes(%q)).dataset.group`, first))
	focus("group-title-" + group)
	keys(kb.Enter)
	if _, err := chromedp.Run(coach, chromedp.Poll[bool](fmt.Sprintf(`document.activeElement === document.querySelector('[data-key="group-title-text-%s"]')`, group))); err != nil {
		t.Fatalf("the title field did not take focus: %v", err)
	}
	title := "Familie en buren"
	keys(title, kb.Enter)
	titled := fmt.Sprintf(`(g => !!g && g.querySelector('.kring-group__title').textContent === %q)(document.querySelector('.kring-group[data-group="%s"]'))`, title, group)
	for name, tab := range map[string]context.Context{"coach": coach, "trainee": trainee} {
		if _, err := chromedp.Run(tab, chromedp.Poll[bool](titled)); err != nil {
			t.Fatalf("%s's page does not show the group's title: %v", name, err)
		}
	}
	// Each card keeps its own text: nothing was joined.
	texts := evalJS[[]string](t, trainee, fmt.Sprintf(`[...document.querySelectorAll('.kring-group[data-group="%s"] .kring-card__body')].map(p => p.textContent)`, group))
	if strings.Join(texts, "|") != first+"|"+second {
		t.Errorf("grouped cards on the trainee's page: %q", texts)
	}
	for name, w := range map[string]struct {
		tab   context.Context
		watch *pageWatch
	}{"coach": {coach, coachWatch}, "trainee": {trainee, traineeWatch}} {
		if probs := pageProblems(t, w.tab, w.watch); len(probs) > 0 {
			t.Errorf("%s's room page had problems:\n%s", name, strings.Join(probs, "\n"))
		}
	}
}
