package server

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kring/server/demo"
	"kring/server/store"
)

// seedEarlierAgreement closes a meeting of the demo group two days ago whose report holds one
// agreement for the given person, and returns its text.
func seedEarlierAgreement(t *testing.T, ts *testServer, ownerEmail, ownerName string) string {
	t.Helper()
	ctx := context.Background()
	m := ts.demoMeeting()
	id, err := ts.store.CreateMeeting(ctx, store.NewMeeting{GroupID: m.GroupID, Title: "Vorige keer", Method: demo.Method,
		StartsAt: time.Now().Add(-48 * time.Hour), Minutes: 90, Location: "Zaal"})
	if err != nil {
		t.Fatal(err)
	}
	if err := ts.store.SetMeetingStatus(ctx, id, "closed", time.Now().Add(-46*time.Hour)); err != nil {
		t.Fatal(err)
	}
	text := fmt.Sprintf("Netwerkkaart maken met de familie %d", time.Now().UnixNano())
	data := fmt.Sprintf(`{"agreements": [{"id": 3, "board": "agreement", "text": %q, "owner": %q, "ownerId": %d, "due": %q}]}`,
		text, ownerName, ts.userID(ownerEmail), time.Now().AddDate(0, 0, 7).Format(time.DateOnly))
	if err := ts.store.SaveReport(ctx, id, "verslag", []byte(data)); err != nil {
		t.Fatal(err)
	}
	return text
}

// TestBrowserRoomAgreements: an agreement from the group's last meeting is listed in the
// opening phase of the next one; its owner marks it done there (she has no buttons on other
// people's agreements), the coach sees it at once, the report records it, and it is gone from
// her "Mijn afspraken".
func TestBrowserRoomAgreements(t *testing.T) {
	ts, base := browserServer(t)
	text := seedEarlierAgreement(t, ts, "deelnemer1@kring.example", "Sanne Visser")
	path := "/meetings/" + strconv.FormatInt(ts.demoMeeting().ID, 10)
	browser := newBrowser(t, base)
	coach, coachWatch := newTab(t, browser)
	sanne, sanneWatch := newTab(t, browser)
	signInAs(t, coach, "coach@kring.example")
	signInAs(t, sanne, "deelnemer1@kring.example")

	visit(t, sanne, "/", 200)
	if !evalJS[bool](t, sanne, fmt.Sprintf(`[...document.querySelectorAll('.kring-agreements__text')].some(p => p.textContent.includes(%q))`, text)) {
		t.Fatal("the agreement is not on Sanne's home page")
	}
	for tab, who := range map[context.Context]string{coach: "coach", sanne: "Sanne"} {
		visit(t, tab, path, 200)
		if err := chromedp.Do(tab, chromedp.WaitVisible(chromedp.CSS(`.kring-connection--connected`))); err != nil {
			t.Fatalf("%s: the room did not connect: %v", who, err)
		}
	}
	item := fmt.Sprintf(`//li[contains(@class,'kring-prior__item')][contains(., %q)]`, text)
	if err := chromedp.Do(sanne, chromedp.WaitVisible(chromedp.Search(item))); err != nil {
		t.Fatalf("the earlier agreement is not listed before the start: %v", err)
	}
	// The owner field of a new agreement offers the members' names, so an owner names a member.
	if !evalJS[bool](t, coach, `document.querySelector('.kring-board__column--agreement input[type="text"]').list.querySelector('option[value="Sanne Visser"]') !== null`) {
		t.Error("the owner field does not offer the members' names")
	}
	waitPresent(t, coach, 2)
	if err := chromedp.Do(coach, chromedp.Click(chromedp.Search(`//button[normalize-space()='Bijeenkomst starten']`), chromedp.NodeVisible)); err != nil {
		t.Fatalf("coach starts the meeting: %v", err)
	}
	if _, err := chromedp.Run(sanne, chromedp.Poll[bool](`(s => !!s && s.textContent.includes('Opening en afspraken'))(document.querySelector('.kring-phasebar__step--current'))`)); err != nil {
		t.Fatalf("Sanne's room never reached the opening phase: %v", err)
	}
	// Sanne may mark her own agreement, nobody else's.
	others := fmt.Sprintf(`[...document.querySelectorAll('.kring-prior__item')].filter(li => !li.textContent.includes(%q) && li.querySelector('button')).length`, text)
	if n := evalJS[int](t, sanne, others); n != 0 {
		t.Errorf("Sanne has buttons on %d agreements of other people", n)
	}
	if err := clickLive(sanne, item+`//button[normalize-space()='Gedaan']`); err != nil {
		t.Fatalf("Sanne marks her agreement done: %v", err)
	}
	doneIn := fmt.Sprintf(`(li => !!li && li.querySelector('.kring-prior__status').dataset.outcome === 'done')(document.evaluate(%q, document, null, 9, null).singleNodeValue)`, item)
	for tab, who := range map[context.Context]string{coach: "the coach", sanne: "Sanne"} {
		if _, err := chromedp.Run(tab, chromedp.Poll[bool](doneIn)); err != nil {
			t.Fatalf("%s does not see the agreement done: %v", who, err)
		}
	}
	if pressed := evalJS[string](t, sanne, fmt.Sprintf(`document.evaluate(%q, document, null, 9, null).singleNodeValue.getAttribute('aria-pressed')`, item+`//button[normalize-space()='Gedaan']`)); pressed != "true" {
		t.Errorf("the Gedaan button is aria-pressed=%q after marking", pressed)
	}

	evalJS[bool](t, coach, `(window.confirm = () => true, true)`)
	if err := chromedp.Do(coach, chromedp.Click(chromedp.Search(`//button[normalize-space()='Bijeenkomst sluiten']`), chromedp.NodeVisible)); err != nil {
		t.Fatalf("coach closes the meeting: %v", err)
	}
	var report string
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		visit(t, sanne, path+"/report", 200)
		if report = evalJS[string](t, sanne, `document.querySelector('main').textContent`); strings.Contains(report, "Afspraken van de vorige keer") {
			break
		}
	}
	if !strings.Contains(report, "Afspraken van de vorige keer") || !strings.Contains(report, text) || !strings.Contains(report, "gedaan (Sanne Visser)") {
		t.Errorf("the report does not record the agreement as done:\n%.800s", report)
	}
	visit(t, sanne, "/", 200)
	if evalJS[bool](t, sanne, fmt.Sprintf(`document.body.textContent.includes(%q)`, text)) {
		t.Error("the agreement marked done is still on Sanne's home page")
	}
	for who, w := range map[string]*pageWatch{"coach": coachWatch, "Sanne": sanneWatch} {
		tab := coach
		if who == "Sanne" {
			tab = sanne
		}
		for _, p := range pageProblems(t, tab, w) {
			t.Errorf("%s: page problem: %s", who, p)
		}
	}
}
