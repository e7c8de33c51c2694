package server

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserRoom is the Meet journey in two real browsers: the coach and a trainee open the
// live room, the trainee adds a success card and the coach sees it appear; a case card with a
// valid BSN is stopped in the browser with the findings shown, and never reaches the coach.
func TestBrowserRoom(t *testing.T) {
	ts, base := browserServer(t)
	m := ts.demoMeeting()
	path := "/meetings/" + strconv.FormatInt(m.ID, 10)
	browser := newBrowser(t, base)
	coach, coachWatch := newTab(t, browser)
	trainee, traineeWatch := newTab(t, browser)
	signInAs(t, coach, "coach@kring.example")
	signInAs(t, trainee, "deelnemer1@kring.example")
	for _, tab := range []struct {
		name string
		ctx  func() error
	}{
		{"coach", func() error {
			visit(t, coach, path, 200)
			return chromedp.Do(coach, chromedp.WaitVisible(chromedp.CSS(`.kring-connection--connected`)))
		}},
		{"trainee", func() error {
			visit(t, trainee, path, 200)
			return chromedp.Do(trainee, chromedp.WaitVisible(chromedp.CSS(`.kring-connection--connected`)))
		}},
	} {
		if err := tab.ctx(); err != nil {
			t.Fatalf("%s: the room did not connect: %v", tab.name, err)
		}
	}

	text := fmt.Sprintf("Samen op huisbezoek werkt %d", time.Now().UnixNano())
	success := `.kring-board__column--success`
	start := time.Now()
	if err := chromedp.Do(trainee,
		chromedp.SendKeys(chromedp.CSS(success+` textarea`), text),
		chromedp.Click(chromedp.CSS(success+` button[type="submit"]`)),
	); err != nil {
		t.Fatalf("trainee adds a card: %v", err)
	}
	seen := fmt.Sprintf(`//section[contains(@class,'kring-board__column--success')]//li[contains(., %q)]`, text)
	if err := chromedp.Do(coach, chromedp.WaitVisible(chromedp.Search(seen))); err != nil {
		t.Fatalf("the coach never saw the trainee's card: %v", err)
	}
	t.Logf("card typed by the trainee appeared on the coach's screen after %v", time.Since(start).Round(time.Millisecond))

	// A case with a valid BSN (11-proef) is held back by screen.js with the findings shown.
	bsnCase := "Mevrouw met BSN 123456782 wil haar buren niet belasten"
	caseCol := `.kring-board__column--case`
	if err := chromedp.Do(trainee,
		chromedp.SendKeys(chromedp.CSS(caseCol+` textarea`), bsnCase),
		chromedp.Click(chromedp.CSS(caseCol+` button[type="submit"]`)),
	); err != nil {
		t.Fatalf("trainee tries a case card with a BSN: %v", err)
	}
	if _, err := chromedp.Run(trainee, chromedp.Poll[bool](`document.querySelector('.kring-board__column--case .kring-room__findings').textContent.length > 0`)); err != nil {
		t.Fatalf("no findings shown for a case with a BSN: %v", err)
	}
	findings := evalJS[string](t, trainee, `document.querySelector('.kring-board__column--case .kring-room__findings').textContent`)
	if !strings.Contains(findings, "BSN") {
		t.Errorf("the author is not told about the BSN; findings box says %q", findings)
	}
	time.Sleep(300 * time.Millisecond)
	if evalJS[bool](t, coach, fmt.Sprintf(`document.body.textContent.includes(%q)`, "123456782")) {
		t.Error("the case with a BSN reached the coach's screen")
	}
	for name, tab := range map[string]*pageWatch{"coach": coachWatch, "trainee": traineeWatch} {
		ctx := coach
		if name == "trainee" {
			ctx = trainee
		}
		if probs := pageProblems(t, ctx, tab); len(probs) > 0 {
			t.Errorf("%s's room page had problems:\n%s", name, strings.Join(probs, "\n"))
		}
	}
}
