package server

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kring/server/store"
)

// TestBrowserRoomNetmap: a trainee brings a case and puts one of her saved network maps on it
// from the card's menu; the coach's page shows the server's drawing of it with the list of
// people; the coach highlights the sister and the trainee's page shows the highlight on the
// drawing and in the list; highlighting nobody clears it on both. With KRING_ROOMMAP_SHOTS set
// to a folder it also writes screenshots of the trainee's room at 390 and 1280 px.
func TestBrowserRoomNetmap(t *testing.T) {
	ts, base := browserServer(t)
	anna := ts.userID("deelnemer1@kring.example")
	saveTestMap(t, ts, anna, store.MapClient, roomTestMap("Kaart van K."))
	path := "/meetings/" + strconv.FormatInt(ts.demoMeeting().ID, 10)
	browser := newBrowser(t, base)
	coach, coachWatch := newTab(t, browser)
	trainee, traineeWatch := newTab(t, browser)
	for who, tab := range map[string]context.Context{"coach@kring.example": coach, "deelnemer1@kring.example": trainee} {
		signInAs(t, tab, who)
		visit(t, tab, path, 200)
		if err := chromedp.Do(tab, chromedp.WaitVisible(chromedp.CSS(`.kring-connection--connected`))); err != nil {
			t.Fatalf("%s: the room did not connect: %v", who, err)
		}
	}

	caseText := fmt.Sprintf("Moeder van drie wil niemand tot last zijn %d", time.Now().UnixNano())
	col := `.kring-board__column--case`
	if err := chromedp.Do(trainee,
		chromedp.SendKeys(chromedp.CSS(col+` textarea`), caseText),
		chromedp.Click(chromedp.CSS(col+` button[type="submit"]`)),
	); err != nil {
		t.Fatalf("the trainee adds a case: %v", err)
	}
	cardXP := fmt.Sprintf(`//section[contains(@class,'kring-board__column--case')]//li[contains(., %q)]`, caseText)
	if err := clickLive(trainee, cardXP+`//summary[contains(@class,'kring-card__menu-toggle')]`); err != nil {
		t.Fatalf("the trainee opens the card's menu: %v", err)
	}
	if got := evalJS[string](t, trainee, `(s => s ? s.options[s.selectedIndex].textContent : '')(document.querySelector('.kring-roommap__menu select'))`); !strings.Contains(got, "Kaart van K.") {
		t.Fatalf("the menu does not offer the trainee's map: %q", got)
	}
	if err := clickLive(trainee, cardXP+`//button[normalize-space()='Kaart toevoegen']`); err != nil {
		t.Fatalf("the trainee attaches her map: %v", err)
	}

	// The coach sees the drawing: the server's SVG with the three people, read-only.
	start := time.Now()
	if _, err := chromedp.Run(coach, chromedp.Poll[bool](`document.querySelectorAll('.kring-roommap__panel svg.nm-svg .nm-person').length === 3`)); err != nil {
		t.Fatalf("the coach never saw the map on the case: %v", err)
	}
	t.Logf("map attached by the trainee appeared on the coach's screen after %v", time.Since(start).Round(time.Millisecond))
	if got := evalJS[string](t, coach, `document.querySelector('.kring-roommap__panel').textContent`); !strings.Contains(got, caseText) || !strings.Contains(got, "zus") || !strings.Contains(got, "buurman") {
		t.Errorf("the coach's map panel says %q", got)
	}
	if evalJS[bool](t, coach, `!!document.querySelector('.kring-roommap__panel [tabindex="0"].nm-person')`) {
		t.Error("the room's drawing has focusable markers: it should be read-only")
	}
	if !evalJS[bool](t, trainee, `!!document.querySelector('.kring-roommap__panel svg.nm-svg')`) {
		if _, err := chromedp.Run(trainee, chromedp.Poll[bool](`!!document.querySelector('.kring-roommap__panel svg.nm-svg')`)); err != nil {
			t.Errorf("the trainee's own page does not show the map: %v", err)
		}
	}

	// The coach highlights the sister; the trainee sees it on the drawing and in the list.
	if err := chromedp.Do(coach, chromedp.Click(chromedp.CSS(`.kring-roommap__panel input[value="zus"]`), chromedp.NodeVisible)); err != nil {
		t.Fatalf("the coach highlights the sister: %v", err)
	}
	hl := `(() => { const g = document.querySelector('.kring-roommap__panel .nm-person[data-id="zus"]'); const others = document.querySelectorAll('.kring-roommap__panel .nm-person--hl').length; const li = document.querySelector('.kring-roommap__person--on'); return !!g && g.classList.contains('nm-person--hl') && others === 1 && !!li && li.textContent.includes('zus') })()`
	if _, err := chromedp.Run(trainee, chromedp.Poll[bool](hl)); err != nil {
		t.Fatalf("the trainee never saw the highlight: %v", err)
	}
	if evalJS[bool](t, trainee, `!!document.querySelector('.kring-roommap__panel input[type="checkbox"]')`) {
		t.Error("the trainee got the coach's highlight controls")
	}
	if err := clickLive(coach, `//button[normalize-space()='Niemand uitlichten']`); err != nil {
		t.Fatalf("the coach clears the highlight: %v", err)
	}
	if _, err := chromedp.Run(trainee, chromedp.Poll[bool](`document.querySelectorAll('.nm-person--hl, .kring-roommap__person--on').length === 0`)); err != nil {
		t.Fatalf("the highlight stayed on the trainee's page: %v", err)
	}
	// Highlight again, so a reload shows it from the snapshot.
	if err := chromedp.Do(coach, chromedp.Click(chromedp.CSS(`.kring-roommap__panel input[value="buurman"]`), chromedp.NodeVisible)); err != nil {
		t.Fatalf("the coach highlights the neighbour: %v", err)
	}
	if _, err := chromedp.Run(trainee, chromedp.Poll[bool](`!!document.querySelector('.nm-person--hl[data-id="buurman"]')`)); err != nil {
		t.Fatalf("the trainee never saw the second highlight: %v", err)
	}
	visit(t, trainee, path, 200)
	if _, err := chromedp.Run(trainee, chromedp.Poll[bool](`!!document.querySelector('.kring-roommap__panel .nm-person--hl[data-id="buurman"]')`)); err != nil {
		t.Fatalf("after a reload the highlight is gone: %v", err)
	}
	// On a phone the drawing keeps a width at which its labels (16 of the 1,100 units across)
	// stay readable, at least 12 px, and scrolls sideways in its own box.
	if err := chromedp.Do(trainee, chromedp.EmulateViewport(390, 900)); err != nil {
		t.Fatal(err)
	}
	visit(t, trainee, path, 200)
	if _, err := chromedp.Run(trainee, chromedp.Poll[bool](`!!document.querySelector('.kring-roommap__panel .nm-svg')`)); err != nil {
		t.Fatal(err)
	}
	label := `(s => s.getBoundingClientRect().width / s.viewBox.baseVal.width * 16)(document.querySelector('.kring-roommap__panel .nm-svg'))`
	if px := evalJS[float64](t, trainee, label); px < 12 {
		t.Errorf("at 390 px the map's labels are %.1f px high, want 12 or more", px)
	}
	if wide := evalJS[bool](t, trainee, `document.documentElement.scrollWidth > window.innerWidth`); wide {
		t.Error("at 390 px the map widens the page instead of scrolling in its own box")
	}
	if err := chromedp.Do(trainee, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("KRING_ROOMMAP_SHOTS"); dir != "" {
		for _, w := range []int64{390, 1280} {
			if err := chromedp.Do(trainee, chromedp.EmulateViewport(w, 900)); err != nil {
				t.Fatal(err)
			}
			visit(t, trainee, path, 200) // loaded at this width, as on a phone
			if _, err := chromedp.Run(trainee, chromedp.Poll[bool](`!!document.querySelector('.kring-roommap__panel .nm-person--hl')`)); err != nil {
				t.Fatal(err)
			}
			time.Sleep(300 * time.Millisecond)
			buf, err := chromedp.Run(trainee, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("roommap-%d.png", w)), buf, 0o644); err != nil {
				t.Fatal(err)
			}
			panel, err := chromedp.Run(trainee, chromedp.Screenshot(chromedp.CSS(`.kring-roommap__panel`)))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("roommap-panel-%d.png", w)), panel, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for name, w := range map[string]*pageWatch{"coach": coachWatch, "trainee": traineeWatch} {
		tab := coach
		if name == "trainee" {
			tab = trainee
		}
		if probs := pageProblems(t, tab, w); len(probs) > 0 {
			t.Errorf("%s's room page had problems:\n%s", name, strings.Join(probs, "\n"))
		}
	}
}
