package server

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kring/server/store"
)

// hostile is what a careless or malicious person might type: markup that would run script or
// add elements if any page put it into the document as HTML instead of text.
const hostile = `<img src=x onerror="window.__pwned=1"><svg onload="window.__pwned=2"></svg>"><script>window.__pwned=3</script>`

// injected is true when a page carries an element or a script that came from typed text.
const injected = `window.__pwned !== undefined || !!document.querySelector('img[src="x"], svg[onload], img[onerror], script:not([src]):not([type="application/json"])')`

// TestBrowserHostileInputStaysText posts hostile names, a group name, room cards, an agreement
// owner, a series reflection and a network-map title, and opens the room (coach and trainee),
// the group, the report, the coordinator's dashboard and person page, the municipality's
// overview and the portfolio: every page shows the text as text, with no injected element, no
// script run and no CSP violation.
func TestBrowserHostileInputStaysText(t *testing.T) {
	ts, base := browserServer(t)
	ctx := context.Background()
	m := ts.demoMeeting()
	trainee := ts.userID("deelnemer1@kring.example")
	if err := ts.store.UpdateProfile(ctx, trainee, "Sanne "+hostile, ""); err != nil {
		t.Fatal(err)
	}
	g, err := ts.store.CreateGroup(ctx, "Groep "+hostile, "Beschrijving "+hostile, ts.userID("coach@kring.example"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.store.AddSeriesReflection(ctx, store.NewSeriesReflection{UserID: trainee, GroupID: m.GroupID,
		Technical: "Techniek " + hostile, Normative: "Norm " + hostile, Personal: "Persoonlijk " + hostile, Meetings: 1, Minutes: 60}); err != nil {
		t.Fatal(err)
	}

	browser := newBrowser(t, base)
	coach, coachWatch := newTab(t, browser)
	tr, trWatch := newTab(t, browser)
	path := "/meetings/" + strconv.FormatInt(m.ID, 10)
	for who, tab := range map[string]context.Context{"coach@kring.example": coach, "deelnemer1@kring.example": tr} {
		signInAs(t, tab, who)
		visit(t, tab, path, 200)
		if err := chromedp.Do(tab, chromedp.WaitVisible(chromedp.CSS(`.kring-connection--connected`))); err != nil {
			t.Fatalf("%s: the room did not connect: %v", who, err)
		}
	}
	waitPresent(t, coach, 2)
	if err := chromedp.Do(coach, chromedp.Click(chromedp.Search(`//button[normalize-space()='Bijeenkomst starten']`), chromedp.NodeVisible)); err != nil {
		t.Fatalf("coach starts the meeting: %v", err)
	}
	if err := chromedp.Do(tr, chromedp.WaitVisible(chromedp.CSS(`.kring-phasebar__step--current`))); err != nil {
		t.Fatalf("the trainee's room did not follow the start: %v", err)
	}
	marker := fmt.Sprintf("Afspraak %d ", time.Now().UnixNano())
	col := `.kring-board__column--agreement`
	if err := chromedp.Do(tr,
		chromedp.SendKeys(chromedp.CSS(col+` textarea`), marker+hostile),
		chromedp.SendKeys(chromedp.CSS(col+` input[type="text"]`), "Koen "+hostile),
		chromedp.Click(chromedp.CSS(col+` button[type="submit"]`)),
	); err != nil {
		t.Fatalf("trainee adds a hostile agreement: %v", err)
	}
	seen := fmt.Sprintf(`//section[contains(@class,'kring-board__column--agreement')]//li[contains(., %q)]`, strings.TrimSpace(marker))
	if err := chromedp.Do(coach, chromedp.WaitVisible(chromedp.Search(seen))); err != nil {
		t.Fatalf("the coach never saw the agreement: %v", err)
	}
	check := func(who string, tab context.Context, watch *pageWatch, page string) {
		t.Helper()
		if evalJS[bool](t, tab, injected) {
			t.Errorf("%s on %s: typed markup became part of the page", who, page)
		}
		if !evalJS[bool](t, tab, `document.body.textContent.includes('onerror=')`) && page != "room" {
			t.Errorf("%s on %s: the hostile text is not shown as text at all (the test would prove nothing)", who, page)
		}
		if probs := pageProblems(t, tab, watch); len(probs) > 0 {
			t.Errorf("%s on %s:\n%s", who, page, strings.Join(probs, "\n"))
		}
	}
	check("coach", coach, coachWatch, "room")
	check("trainee", tr, trWatch, "room")
	if !evalJS[bool](t, coach, fmt.Sprintf(`document.querySelector('#room').textContent.includes(%q)`, "onerror=")) {
		t.Error("the room does not show the hostile card as text")
	}

	evalJS[bool](t, coach, `(window.confirm = () => true, true)`)
	if err := chromedp.Do(coach, chromedp.Click(chromedp.Search(`//button[normalize-space()='Bijeenkomst sluiten']`), chromedp.NodeVisible)); err != nil {
		t.Fatalf("coach closes the meeting: %v", err)
	}
	if _, err := chromedp.Run(coach, chromedp.Poll[bool](`document.querySelector('#room').textContent.includes('gesloten')`)); err != nil {
		t.Fatalf("the room never said the meeting is closed: %v", err)
	}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if _, _, _, err := ts.store.Report(ctx, m.ID); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no report after the close")
		}
	}
	group := "/groups/" + strconv.FormatInt(m.GroupID, 10)
	for _, p := range []string{path + "/report", group, "/groups/" + strconv.FormatInt(g, 10), "/portfolio", "/"} {
		who := "coach"
		tab, watch := coach, coachWatch
		if p == "/portfolio" {
			who, tab, watch = "trainee", tr, trWatch
		}
		visit(t, tab, p, 200)
		check(who, tab, watch, p)
	}
	org, orgWatch := newTab(t, browser)
	signInAs(t, org, "coordinator@kring.example")
	for _, p := range []string{"/org", "/org/people/" + strconv.FormatInt(trainee, 10)} {
		visit(t, org, p, 200)
		check("coordinator", org, orgWatch, p)
	}
}
