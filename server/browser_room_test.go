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

// TestBrowserRoom is the Meet journey in two real browsers: the coach and a trainee open the
// live room, the trainee adds a success card and the coach sees it appear; a case card with a
// valid BSN is stopped in the browser with the findings shown, and never reaches the coach.
func TestBrowserRoom(t *testing.T) {
	_, coach, trainee, coachWatch, traineeWatch := openRoomTabs(t, "deelnemer1@kring.example")

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

// TestBrowserRoomCoachFlow: the coach starts the meeting and the trainee's phase bar and the
// phase's instruction follow; the trainee adds an agreement in the opening; a knelpunt written
// in the silent phase stays hidden from the coach until the next phase; in "Knelpunt kiezen"
// the trainee votes on it and sees only her own dot until the coach reveals the vote; the coach
// closes the meeting, both rooms say it is closed, and the report shows the agreement with its
// owner.
func TestBrowserRoomCoachFlow(t *testing.T) {
	path, coach, trainee, _, _ := openRoomTabs(t, "deelnemer2@kring.example")
	button := func(label string) chromedp.Search {
		return chromedp.Search(fmt.Sprintf(`//button[normalize-space()=%q]`, label))
	}
	if err := chromedp.Do(coach, chromedp.Click(button("Bijeenkomst starten"), chromedp.NodeVisible)); err != nil {
		t.Fatalf("coach starts the meeting: %v", err)
	}
	if err := chromedp.Do(trainee, chromedp.WaitVisible(chromedp.CSS(`.kring-phasebar__step--current`))); err != nil {
		t.Fatalf("the trainee's phase bar did not follow the start: %v", err)
	}
	if _, err := chromedp.Run(coach, chromedp.Poll[bool](`![...document.querySelectorAll('#room button')].some(b => b.textContent.trim() === 'Bijeenkomst starten' && b.offsetParent !== null)`)); err != nil {
		t.Errorf("the start button is still shown after the start: %v", err)
	}
	// Keyboard focus moved on from the start button that disappeared, instead of to the page top.
	if inRoom := evalJS[bool](t, coach, `document.activeElement !== document.body && !!document.activeElement.closest('#room')`); !inRoom {
		t.Error("after the start, keyboard focus fell out of the room")
	}
	if _, err := chromedp.Run(trainee, chromedp.Poll[bool](`document.querySelector('.kring-room__instruction').textContent.includes('afspraak')`)); err != nil {
		t.Errorf("the trainee is not told what the opening asks: %v", err)
	}
	if guide := evalJS[string](t, coach, `(g => g && !g.hidden ? g.textContent : '')(document.querySelector('.kring-room__guidance'))`); !strings.Contains(guide, "Heet iedereen welkom") {
		t.Errorf("the coach's guidance for the opening: %q", guide)
	}
	if evalJS[bool](t, trainee, `!!document.querySelector('.kring-room__guidance, #room-guidance')`) {
		t.Error("the trainee's page carries the coach's guidance")
	}
	// Only the opening's board takes new cards.
	if evalJS[bool](t, trainee, `!document.querySelector('.kring-board__column--bottleneck').hidden`) {
		t.Error("the knelpunten board is shown in the opening")
	}
	agreement := fmt.Sprintf("Volgende keer brengt Koen zijn casus in %d", time.Now().UnixNano())
	col := `.kring-board__column--agreement`
	if err := chromedp.Do(trainee,
		chromedp.SendKeys(chromedp.CSS(col+` textarea`), agreement),
		chromedp.SendKeys(chromedp.CSS(col+` input[type="text"]`), "Koen"),
		chromedp.Click(chromedp.CSS(col+` button[type="submit"]`)),
	); err != nil {
		t.Fatalf("trainee adds an agreement: %v", err)
	}
	seen := fmt.Sprintf(`//section[contains(@class,'kring-board__column--agreement')]//li[contains(., %q)]`, agreement)
	if err := chromedp.Do(coach, chromedp.WaitVisible(chromedp.Search(seen))); err != nil {
		t.Fatalf("the coach never saw the agreement: %v", err)
	}
	next := func(phase string) {
		t.Helper()
		reached := fmt.Sprintf(`document.querySelector('.kring-phasebar__step--current').textContent.includes(%q)`, phase)
		for try := 0; try < 3; try++ { // again only if a moving layout made the click miss
			if err := chromedp.Do(coach, chromedp.Click(button("Volgende fase"), chromedp.NodeVisible)); err != nil {
				t.Fatalf("coach moves on: %v", err)
			}
			if _, err := chromedp.Run(coach, chromedp.Poll[bool](reached, chromedp.WithPollingTimeout(3*time.Second))); err == nil {
				break
			}
		}
		if _, err := chromedp.Run(trainee, chromedp.Poll[bool](fmt.Sprintf(`document.querySelector('.kring-phasebar__step--current').textContent.includes(%q)`, phase))); err != nil {
			t.Fatalf("the trainee never reached %q: %v", phase, err)
		}
	}
	next("Successen")
	next("Knelpunten")
	knelpunt := fmt.Sprintf("Geen tijd door de wachtlijst %d", time.Now().UnixNano())
	kcol := `.kring-board__column--bottleneck`
	if err := chromedp.Do(trainee,
		chromedp.SendKeys(chromedp.CSS(kcol+` textarea`), knelpunt),
		chromedp.Click(chromedp.CSS(kcol+` button[type="submit"]`)),
	); err != nil {
		t.Fatalf("trainee writes a knelpunt: %v", err)
	}
	if err := chromedp.Do(coach, chromedp.WaitVisible(chromedp.Search(`//section[contains(@class,'kring-board__column--bottleneck')]//li[contains(., 'Verborgen kaartje')]`))); err != nil {
		t.Fatalf("the coach never saw the hidden knelpunt arrive: %v", err)
	}
	if evalJS[bool](t, coach, fmt.Sprintf(`document.body.textContent.includes(%q)`, knelpunt)) {
		t.Error("the coach saw the knelpunt's text before it was revealed")
	}
	next("Knelpunt kiezen")
	if err := clickLive(trainee, fmt.Sprintf(`//li[contains(., %q)]//button[normalize-space()='Stem']`, knelpunt)); err != nil {
		t.Fatalf("trainee votes on the knelpunt: %v", err)
	}
	if _, err := chromedp.Run(trainee, chromedp.Poll[bool](`(v => !!v && v.textContent.includes('Jouw stemmen: 1'))(document.querySelector('.kring-board__column--bottleneck .kring-votes'))`)); err != nil {
		t.Errorf("the trainee's own vote is not shown: %v", err)
	}
	if err := chromedp.Do(coach, chromedp.Click(button("Uitslag stemming tonen"), chromedp.NodeVisible)); err != nil {
		t.Fatalf("coach reveals the vote: %v", err)
	}
	if _, err := chromedp.Run(trainee, chromedp.Poll[bool](`(v => !!v && v.textContent.includes('1 stem') && !v.textContent.includes('1 stemmen'))(document.querySelector('.kring-board__column--bottleneck .kring-votes'))`)); err != nil {
		t.Errorf("the revealed vote count is not readable: %v", err)
	}
	evalJS[bool](t, coach, `(window.confirm = () => true, true)`)
	if err := chromedp.Do(coach, chromedp.Click(button("Bijeenkomst sluiten"), chromedp.NodeVisible)); err != nil {
		t.Fatalf("coach closes the meeting: %v", err)
	}
	for name, tab := range map[string]context.Context{"coach": coach, "trainee": trainee} {
		if _, err := chromedp.Run(tab, chromedp.Poll[bool](`document.querySelector('#room').textContent.includes('gesloten')`)); err != nil {
			t.Fatalf("%s's room never said the meeting is closed: %v", name, err)
		}
	}
	var report string
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); { // the report is written right after the close
		visit(t, trainee, path+"/report", 200)
		report = evalJS[string](t, trainee, `document.querySelector('main').textContent`)
		if strings.Contains(report, agreement) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !strings.Contains(report, agreement) || !strings.Contains(report, "Koen") {
		t.Errorf("the report lacks the agreement and its owner:\n%.600s", report)
	}
}

// openRoomTabs starts a demo server and a browser, signs the coach and a trainee in, each in a
// tab of their own, and opens the demo meeting's room in both until it says it is connected.
func openRoomTabs(t *testing.T, trainee string) (path string, coachTab, traineeTab context.Context, coachWatch, traineeWatch *pageWatch) {
	t.Helper()
	ts, base := browserServer(t)
	path = "/meetings/" + strconv.FormatInt(ts.demoMeeting().ID, 10)
	browser := newBrowser(t, base)
	coachTab, coachWatch = newTab(t, browser)
	traineeTab, traineeWatch = newTab(t, browser)
	for who, tab := range map[string]context.Context{"coach@kring.example": coachTab, trainee: traineeTab} {
		signInAs(t, tab, who)
		visit(t, tab, path, 200)
		if err := chromedp.Do(tab, chromedp.WaitVisible(chromedp.CSS(`.kring-connection--connected`))); err != nil {
			t.Fatalf("%s: the room did not connect: %v", who, err)
		}
	}
	waitPresent(t, coachTab, 2)
	return path, coachTab, traineeTab, coachWatch, traineeWatch
}

// TestBrowserRoomPresenceKeepsItsPlace: the presence panel lists the whole group from the
// start, marking who is there, so people arriving never move the coach's buttons: the coach
// alone sees every member listed as not present and the start button where it stays when two
// trainees arrive.
func TestBrowserRoomPresenceKeepsItsPlace(t *testing.T) {
	ts, base := browserServer(t)
	m := ts.demoMeeting()
	members, err := ts.store.Members(context.Background(), m.GroupID)
	if err != nil {
		t.Fatal(err)
	}
	group := len(members) + 1 // and the coach
	path := "/meetings/" + strconv.FormatInt(m.ID, 10)
	browser := newBrowser(t, base)
	coach, coachWatch := newTab(t, browser)
	signInAs(t, coach, "coach@kring.example")
	visit(t, coach, path, 200)
	waitPresent(t, coach, 1)
	items := `document.querySelectorAll('.kring-presence__item').length`
	if got := evalJS[int](t, coach, items); got != group {
		t.Fatalf("the coach alone: presence lists %d people, want the whole group of %d", got, group)
	}
	if got := evalJS[int](t, coach, `document.querySelectorAll('.kring-presence__item--offline').length`); got != group-1 {
		t.Errorf("the coach alone: %d people marked not present, want %d", got, group-1)
	}
	startTop := `Math.round([...document.querySelectorAll('button')].find(b => b.textContent.trim() === 'Bijeenkomst starten').getBoundingClientRect().top + window.scrollY)`
	before := evalJS[int](t, coach, startTop)
	for _, who := range []string{"deelnemer1@kring.example", "deelnemer2@kring.example"} {
		tab, _ := newTab(t, browser)
		signInAs(t, tab, who)
		visit(t, tab, path, 200)
	}
	waitPresent(t, coach, 3)
	if got := evalJS[int](t, coach, items); got != group {
		t.Errorf("with three there: presence lists %d people, want %d", got, group)
	}
	if got, want := evalJS[string](t, coach, `document.querySelector('#kring-room-presence-h + p').textContent`), fmt.Sprintf("3 van %d aanwezig", group); got != want {
		t.Errorf("presence count says %q, want %q", got, want)
	}
	if after := evalJS[int](t, coach, startTop); after != before {
		t.Errorf("the start button moved from %d to %d px as people arrived", before, after)
	}
	if probs := pageProblems(t, coach, coachWatch); len(probs) > 0 {
		t.Errorf("the coach's room page had problems:\n%s", strings.Join(probs, "\n"))
	}
}

// TestBrowserRoomDraftsClearedOnSignOut: the room keeps drafts and unsent actions per meeting and
// person, and signing out clears them, so the next person at a shared computer sees none.
func TestBrowserRoomDraftsClearedOnSignOut(t *testing.T) {
	_, _, trainee, _, _ := openRoomTabs(t, "deelnemer1@kring.example")
	if err := chromedp.Do(trainee, chromedp.SendKeys(chromedp.CSS(`.kring-board__column--success textarea`), "Half af")); err != nil {
		t.Fatal(err)
	}
	user := evalJS[string](t, trainee, `document.getElementById('room').dataset.userId`)
	key := evalJS[string](t, trainee, `Object.keys(localStorage).find(k => k.endsWith('.draft.success')) || ''`)
	if !strings.HasSuffix(key, "."+user+".draft.success") {
		t.Fatalf("draft kept under %q, want a key with the person's id %s", key, user)
	}
	if err := chromedp.Do(trainee, chromedp.Click(chromedp.Search(`//form[@action='/logout']//button`), chromedp.NodeVisible)); err != nil {
		t.Fatal(err)
	}
	signedOut := false
	for deadline := time.Now().Add(10 * time.Second); !signedOut && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		// The page navigates meanwhile: a failed look is tried again.
		signedOut, _ = chromedp.Run(trainee, chromedp.Evaluate[bool](`document.readyState === 'complete' && !document.querySelector('form[action="/logout"]')`))
	}
	if !signedOut {
		t.Fatal("sign-out did not finish")
	}
	if left := evalJS[string](t, trainee, `Object.keys(localStorage).concat(Object.keys(sessionStorage)).filter(k => k.startsWith('kring.')).join(',')`); left != "" {
		t.Errorf("Kring's keys left after sign-out: %s", left)
	}
}

// TestBrowserRoomScreen: the projector view shows the room live and read-only in large type:
// a card written earlier, then the phase and its instruction as soon as the coach starts, and
// nothing to type into or click.
func TestBrowserRoomScreen(t *testing.T) {
	path, coach, screen, _, screenWatch := openRoomTabs(t, "deelnemer1@kring.example")
	text := fmt.Sprintf("Buurvrouw kookt mee %d", time.Now().UnixNano())
	if err := chromedp.Do(screen,
		chromedp.SendKeys(chromedp.CSS(`.kring-board__column--success textarea`), text),
		chromedp.Click(chromedp.CSS(`.kring-board__column--success button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.Search(fmt.Sprintf(`//li[contains(., %q) and not(contains(@class, 'pending'))]`, text))),
	); err != nil {
		t.Fatalf("trainee adds a card: %v", err)
	}
	visit(t, screen, path+"/scherm", 200)
	if err := chromedp.Do(screen, chromedp.WaitVisible(chromedp.CSS(`.kring-connection--connected`)),
		chromedp.WaitVisible(chromedp.Search(fmt.Sprintf(`//li[contains(., %q)]`, text)))); err != nil {
		t.Fatalf("the screen does not show the room: %v", err)
	}
	if err := chromedp.Do(coach, chromedp.Click(chromedp.Search(`//button[normalize-space()='Bijeenkomst starten']`), chromedp.NodeVisible)); err != nil {
		t.Fatalf("coach starts: %v", err)
	}
	if _, err := chromedp.Run(screen, chromedp.Poll[bool](`(i => !!i && i.textContent.includes('afspraak'))(document.querySelector('.kring-room__instruction'))`)); err != nil {
		t.Fatalf("the screen did not follow the start: %v", err)
	}
	controls := evalJS[int](t, screen, `[...document.querySelectorAll('#room textarea, #room input, #room select, #room button, #room summary')].filter(e => e.offsetParent !== null).length`)
	if controls != 0 {
		t.Errorf("the screen shows %d controls", controls)
	}
	if size := evalJS[float64](t, screen, `parseFloat(getComputedStyle(document.querySelector('.kring-room__instruction')).fontSize)`); size < 24 {
		t.Errorf("the instruction on the screen is %vpx, want large type", size)
	}
	if timer := evalJS[string](t, screen, `document.querySelector('.kring-timer__value').textContent`); timer == "--:--" {
		t.Error("the screen shows no timer after the start")
	}
	if probs := pageProblems(t, screen, screenWatch); len(probs) > 0 {
		t.Errorf("the screen had problems:\n%s", strings.Join(probs, "\n"))
	}
}

// TestBrowserRoomWholeOplossingsgerichteIntervisie runs a whole "Oplossingsgerichte
// intervisie" in three browsers (coach, case-bringer, participant): the case-bringer writes the
// case, the group votes and the coach marks it for discussion; the coach notes the "Hoe kan
// ik…?" question; the participant writes a compliment and, in the silent phase, advice the
// others see only when the coach reveals it; the case-bringer closes with an agreement; the
// verslag holds the question, the advice and the agreement.
func TestBrowserRoomWholeOplossingsgerichteIntervisie(t *testing.T) {
	ts, base := browserServer(t)
	demoM := ts.demoMeeting()
	ctx := context.Background()
	id, err := ts.store.CreateMeeting(ctx, store.NewMeeting{GroupID: demoM.GroupID, Title: "Intervisie oplossingsgericht",
		Method: "oplossingsgerichte-intervisie", StartsAt: time.Now().Add(time.Hour), Minutes: 75, By: demoM.CoachID})
	if err != nil {
		t.Fatal(err)
	}
	path := "/meetings/" + strconv.FormatInt(id, 10)
	browser := newBrowser(t, base)
	tabs := map[string]context.Context{}
	watches := map[string]*pageWatch{}
	for who, email := range map[string]string{"coach": "coach@kring.example", "inbrenger": "deelnemer1@kring.example", "deelnemer": "deelnemer2@kring.example"} {
		tabs[who], watches[who] = newTab(t, browser)
		signInAs(t, tabs[who], email)
		visit(t, tabs[who], path, 200)
		if err := chromedp.Do(tabs[who], chromedp.WaitVisible(chromedp.CSS(`.kring-connection--connected`))); err != nil {
			t.Fatalf("%s: the room did not connect: %v", who, err)
		}
	}
	coach, inbrenger, deelnemer := tabs["coach"], tabs["inbrenger"], tabs["deelnemer"]
	waitPresent(t, coach, 3)
	click := func(tab context.Context, xpath, what string) {
		t.Helper()
		if err := clickLive(tab, xpath); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	coachButton := func(label string) {
		t.Helper()
		click(coach, fmt.Sprintf(`//button[normalize-space()=%q]`, label), "coach clicks "+label)
	}
	phase := func(n int, name string) {
		t.Helper()
		for who, tab := range tabs {
			if _, err := chromedp.Run(tab, chromedp.Poll[bool](fmt.Sprintf(`(s => !!s && s.textContent.includes(%q))(document.querySelector('.kring-phasebar__step--current'))`, name))); err != nil {
				t.Fatalf("%s never reached phase %d %q: %v", who, n, name, err)
			}
		}
	}
	write := func(tab context.Context, board, text string) {
		t.Helper()
		col := `.kring-board__column--` + board
		if err := chromedp.Do(tab,
			chromedp.SendKeys(chromedp.CSS(col+` textarea`), text),
			chromedp.Click(chromedp.CSS(col+` button[type="submit"]`)),
			chromedp.WaitVisible(chromedp.Search(fmt.Sprintf(`//li[contains(., %q) and not(contains(@class, 'pending'))]`, text))),
		); err != nil {
			t.Fatalf("writing %q on %s: %v", text, board, err)
		}
	}
	// The coach's panel sits below the phase bar and the instruction, which change height with
	// the phase; a click that a moving layout made miss is given again, but only when the phase
	// did not change.
	next := func(n int, name string) {
		t.Helper()
		reached := fmt.Sprintf(`(s => !!s && s.textContent.includes(%q))(document.querySelector('.kring-phasebar__step--current'))`, name)
		for try := 0; try < 3; try++ {
			coachButton("Volgende fase")
			if _, err := chromedp.Run(coach, chromedp.Poll[bool](reached, chromedp.WithPollingTimeout(3*time.Second))); err == nil {
				break
			}
		}
		phase(n, name)
	}

	coachButton("Bijeenkomst starten")
	phase(1, "Opening en terugblik")
	next(2, "Casus kiezen")
	caseText := "Meneer (72) wil zijn zoon niet lastigvallen"
	write(inbrenger, "case", caseText)
	click(deelnemer, fmt.Sprintf(`//li[contains(., %q)]//button[normalize-space()='Stem']`, caseText), "the participant votes")
	click(inbrenger, fmt.Sprintf(`//li[contains(., %q)]//button[normalize-space()='Stem']`, caseText), "the case-bringer votes")
	// Each step waits until the coach's page shows its result, so no click lands on a card that
	// is still moving.
	waitCoach := func(js, what string) {
		t.Helper()
		if _, err := chromedp.Run(coach, chromedp.Poll[bool](js)); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	waitCoach(`(c => !!c && c.textContent === '2')(document.querySelector('.kring-board__column--case .kring-votes__count'))`, "the coach sees both votes")
	coachButton("Uitslag stemming tonen")
	waitCoach(`![...document.querySelectorAll('#room button')].some(b => b.textContent.trim() === 'Uitslag stemming tonen' && b.offsetParent !== null)`, "the vote is revealed")
	click(coach, fmt.Sprintf(`//li[contains(., %q)]//button[normalize-space()='Bespreken']`, caseText), "the coach marks the case")
	waitCoach(fmt.Sprintf(`document.querySelector('.kring-room__chosen').textContent.includes(%q)`, caseText), "the case is marked for discussion")
	next(3, "Vraag formuleren")
	if _, err := chromedp.Run(deelnemer, chromedp.Poll[bool](fmt.Sprintf(`document.querySelector('.kring-room__chosen').textContent.includes(%q)`, caseText))); err != nil {
		t.Fatalf("the chosen case is not carried into the next phase: %v", err)
	}
	question := "Hoe kan ik meneer helpen zijn zoon zelf te vragen?"
	if err := chromedp.Do(coach,
		chromedp.SendKeys(chromedp.CSS(`.kring-room__notes textarea`), "Vraag van de inbrenger: "+question),
		chromedp.Click(chromedp.CSS(`.kring-room__notes button[type="submit"]`)),
	); err != nil {
		t.Fatalf("the coach notes the question: %v", err)
	}
	if err := chromedp.Do(deelnemer, chromedp.WaitVisible(chromedp.Search(fmt.Sprintf(`//*[contains(@class,'kring-room__notes')]//li[contains(., %q)]`, question)))); err != nil {
		t.Fatalf("the participant does not see the note: %v", err)
	}
	next(4, "Casus presenteren")
	next(5, "Verhelderende vragen")
	next(6, "Oplossingsgerichte vragen")
	next(7, "Positieve feedback")
	write(deelnemer, "idea", "Compliment: je bleef bij wat meneer zelf wil")
	next(8, "Suggesties")
	advice := "Advies: vraag meneer wie hij zelf het eerst zou bellen"
	write(deelnemer, "idea", advice)
	if err := chromedp.Do(inbrenger, chromedp.WaitVisible(chromedp.Search(`//section[contains(@class,'kring-board__column--idea')]//li[contains(., 'Verborgen kaartje')]`))); err != nil {
		t.Fatalf("the case-bringer does not see a hidden card arrive: %v", err)
	}
	if evalJS[bool](t, inbrenger, fmt.Sprintf(`document.body.textContent.includes(%q)`, advice)) {
		t.Error("the advice was shown before the coach revealed it")
	}
	click(coach, `//button[starts-with(normalize-space(), 'Kaartjes tonen')]`, "the coach reveals the cards")
	if err := chromedp.Do(inbrenger, chromedp.WaitVisible(chromedp.Search(fmt.Sprintf(`//li[contains(., %q)]`, advice)))); err != nil {
		t.Fatalf("the revealed advice never reached the case-bringer: %v", err)
	}
	next(9, "Wat neem je mee?")
	agreement := "Ik vraag meneer volgende week wie hij wil bellen"
	col := `.kring-board__column--agreement`
	if err := chromedp.Do(inbrenger,
		chromedp.SendKeys(chromedp.CSS(col+` textarea`), agreement),
		chromedp.SendKeys(chromedp.CSS(col+` input[type="text"]`), "Inbrenger"),
		chromedp.Click(chromedp.CSS(col+` button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.Search(fmt.Sprintf(`//li[contains(., %q) and not(contains(@class, 'pending'))]`, agreement))),
	); err != nil {
		t.Fatalf("the case-bringer writes the agreement: %v", err)
	}
	evalJS[bool](t, coach, `(window.confirm = () => true, true)`)
	coachButton("Bijeenkomst sluiten")
	var report string
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		visit(t, deelnemer, path+"/report", 200)
		report = evalJS[string](t, deelnemer, `document.querySelector('main').textContent`)
		if strings.Contains(report, agreement) {
			break
		}
	}
	for _, want := range []string{question, advice, agreement, caseText, "Besproken", "Verloop per fase", "Suggesties"} {
		if !strings.Contains(report, want) {
			t.Errorf("the verslag lacks %q:\n%.1500s", want, report)
		}
	}
	for who, w := range watches {
		if probs := pageProblems(t, tabs[who], w); len(probs) > 0 {
			t.Errorf("%s's pages had problems:\n%s", who, strings.Join(probs, "\n"))
		}
	}
}

// waitPresent waits until the room on tab marks at least n people as present: the presence of
// everyone who just connected is gathered for a moment before it is sent, and a test that acts
// on someone being there waits for it.
func waitPresent(t *testing.T, tab context.Context, n int) {
	t.Helper()
	if _, err := chromedp.Run(tab, chromedp.Poll[bool](fmt.Sprintf(`document.querySelectorAll('.kring-presence__item--online').length >= %d`, n))); err != nil {
		t.Fatalf("the room never listed %d people as present: %v", n, err)
	}
}

// clickLive clicks an element of the live room. The room redraws a board when an event comes
// in, so the element found may be replaced before the click reaches it; then it is found again.
// Only a click that never happened is tried again, so a vote is never cast twice.
func clickLive(tab context.Context, xpath string) error {
	var err error
	for try := 0; try < 5; try++ {
		err = chromedp.Do(tab, chromedp.Click(chromedp.Search(xpath), chromedp.NodeVisible))
		if err == nil || !strings.Contains(err.Error(), "Could not find node") && !strings.Contains(err.Error(), "detached") {
			return err
		}
		time.Sleep(100 * time.Millisecond)
	}
	return err
}
