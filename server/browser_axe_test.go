package server

// Accessibility checks with axe-core (vendored as a test asset in testdata/axe, never served):
// every main page of every demo role, the signed-out pages, the network map editor, the room
// and its projector view, in Dutch, at desktop and phone widths, against the WCAG 2.1 A and AA
// rules.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kring/server/netmap"
	"kring/server/store"
)

// axeTags are the rule sets Kring promises: WCAG 2.0 and 2.1, levels A and AA.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// axeTimeout bounds the axe test: it walks some fifty pages and runs axe twice on each, and on
// a busy shared machine that takes longer than browserTimeout allows a single scenario.
const axeTimeout = 4 * time.Minute

// axeWidths are the viewport widths every page is checked at: a desktop and a phone.
var axeWidths = []int64{1280, 390}

// axeViolation is one failed rule on a page, with every element it failed on.
type axeViolation struct {
	ID     string    `json:"id"`
	Impact string    `json:"impact"`
	Help   string    `json:"help"`
	Nodes  []axeNode `json:"nodes"`
}

// axeNode is one element a rule failed on: its selector and axe's account of why.
type axeNode struct {
	Target  string `json:"target"`
	Summary string `json:"summary"`
}

// axeException is a rule that may fail on one element of one page, with the reason it is a
// false positive there. Never a rule for every element or every page.
type axeException struct {
	path   string // the page's path, as visited
	rule   string // the axe rule id
	target string // the element's selector, as axe reports it
	why    string
}

// axeExceptions are the known false positives (empty while there are none).
var axeExceptions = []axeException{}

// excused returns why a failure of rule on target at path is a known false positive, or "".
func excused(path, rule, target string) string {
	for _, e := range axeExceptions {
		if e.path == path && e.rule == rule && e.target == target {
			return e.why
		}
	}
	return ""
}

// readAxe reads the vendored axe-core source.
func readAxe(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "axe", "axe.min.js"))
	if err != nil {
		t.Fatalf("axe-core: %v (it is committed in server/testdata/axe)", err)
	}
	return string(b)
}

// axeRun is the script that runs axe on the whole document and returns its violations as
// axeViolation values. It is evaluated through the DevTools protocol, which the page's CSP does
// not govern; axe itself needs no eval, inline script or inline style.
//
// A table's scroll box paints its edge shadows with gradients over the page colour, and axe
// gives no verdict on the contrast of text over a gradient: every table cell would go
// unchecked. The script takes the shadows away (through the CSSOM, which the CSP allows) while
// axe runs, so the cells are measured against the page colour they stand on, and puts them back.
var axeRun = `(async () => {
  const boxes = [...document.querySelectorAll('.utrecht-table-container, .kring-table-scroll')]
    .filter(e => getComputedStyle(e).backgroundImage.includes('gradient'));
  const kept = boxes.map(e => e.style.backgroundImage);
  boxes.forEach(e => { e.style.backgroundImage = 'none'; });
  let r;
  try {
    r = await axe.run(document, {runOnly: {type: 'tag', values: ` + jsList(axeTags) + `}, resultTypes: ['violations']});
  } finally {
    boxes.forEach((e, i) => { e.style.backgroundImage = kept[i]; });
  }
  return r.violations.map(v => ({id: v.id, impact: v.impact || '', help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.map(s => Array.isArray(s) ? s.join(' >>> ') : s).join(' '),
      summary: (n.failureSummary || '').replace(/\s+/g, ' ').trim()}))}));
})()`

// jsList writes a list of strings as a JavaScript array literal.
func jsList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// checkAxe injects axe into the page in the tab (once per document), runs it at every width of
// axeWidths and fails the test with every violation that is not a known false positive: rule,
// impact, the elements and what is wrong with each. It leaves the tab at the last width checked.
func checkAxe(t *testing.T, tab context.Context, source, label, path string) {
	t.Helper()
	if !evalJS[bool](t, tab, `typeof window.axe === 'object'`) {
		if err := chromedp.Do(tab, chromedp.Evaluate[chromedp.Void](source+"\n;undefined")); err != nil {
			t.Fatalf("%s: inject axe-core: %v", label, err)
		}
	}
	// Start at the width the tab has, if it is one of them: a page laid out once less.
	widths := axeWidths
	if cur := evalJS[int64](t, tab, `innerWidth`); cur == axeWidths[len(axeWidths)-1] {
		widths = slices.Clone(axeWidths)
		slices.Reverse(widths)
	}
	for i, w := range widths {
		if i > 0 || evalJS[int64](t, tab, `innerWidth`) != w {
			if err := chromedp.Do(tab, chromedp.EmulateViewport(w, 800)); err != nil {
				t.Fatal(err)
			}
		}
		found, err := chromedp.Run(tab, chromedp.Evaluate[[]axeViolation](axeRun, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("%s at %d px: axe.run: %v", label, w, err)
		}
		var b strings.Builder
		for _, v := range found {
			var nodes []axeNode
			for _, n := range v.Nodes {
				if why := excused(path, v.ID, n.Target); why != "" {
					t.Logf("%s at %d px: %s on %s excused: %s", label, w, v.ID, n.Target, why)
				} else {
					nodes = append(nodes, n)
				}
			}
			if len(nodes) == 0 {
				continue
			}
			fmt.Fprintf(&b, "\n  %s (%s): %s", v.ID, v.Impact, v.Help)
			for _, n := range nodes {
				fmt.Fprintf(&b, "\n    %s\n      %s", n.Target, n.Summary)
			}
		}
		if b.Len() > 0 {
			t.Errorf("%s at %d px: axe-core finds WCAG 2.1 A/AA violations:%s", label, w, b.String())
		}
	}
}

// axeVisit opens a page, waits for what its scripts build, checks it with axe and reports what
// else went wrong in the tab.
func axeVisit(t *testing.T, tab context.Context, watch *pageWatch, source, who, path string) {
	t.Helper()
	visit(t, tab, path, 200)
	wait := ""
	switch {
	case strings.HasPrefix(path, "/meetings/") && strings.HasSuffix(path, "/scherm"):
		wait = `.kring-connection--connected`
	case strings.HasPrefix(path, "/meetings/") && !strings.HasSuffix(path, "/report"):
		wait = `.kring-board__column` // the room is built by room.js after it connects
	}
	if wait != "" {
		if err := chromedp.Do(tab, chromedp.WaitVisible(chromedp.CSS(wait))); err != nil {
			t.Fatalf("%s as %s: the page was not built: %v", path, who, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	checkAxe(t, tab, source, path+" as "+who, path)
	if p := pageProblems(t, tab, watch); len(p) > 0 {
		t.Errorf("%s as %s: %s", path, who, strings.Join(p, "; "))
	}
}

// signedOut stands for no account in axePages.
const signedOut = "signed out"

// axePages lists the pages axe checks per account (signedOut for the pages of no account): the
// main pages of every role, each role's home page, the signed-out pages, a new and a filled-in
// network map of the trainee's, and the room's projector view.
func axePages(t *testing.T, ts *testServer) map[string][]string {
	t.Helper()
	owner := ts.userID("deelnemer1@kring.example")
	filled, err := netmap.Example()
	if err != nil {
		t.Fatal(err)
	}
	var maps []string
	for _, m := range []netmap.Map{netmap.New("Nieuwe kaart", ts.srv.store.Now(), ts.srv.sectorLabel("nl")), filled} {
		body, err := m.JSON()
		if err != nil {
			t.Fatal(err)
		}
		id, err := ts.srv.store.CreateNetworkMap(context.Background(), store.NewNetworkMap{OwnerID: owner, Kind: store.MapOwn, Title: m.Title, Date: m.Date, Body: body})
		if err != nil {
			t.Fatal(err)
		}
		maps = append(maps, "/netwerkkaarten/"+strconv.FormatInt(id, 10))
	}
	screen := "/meetings/" + strconv.FormatInt(ts.demoMeeting().ID, 10) + "/scherm"
	pages := mainPages(ts)
	pages["deelnemer1@kring.example"] = append(pages["deelnemer1@kring.example"], append(maps, screen)...)
	pages["coach@kring.example"] = append(pages["coach@kring.example"], screen)
	for _, who := range []string{"gemeente@kring.example", "coordinator@kring.example", "coach@kring.example"} {
		pages[who] = append([]string{"/"}, pages[who]...) // each role's own home page
	}
	pages[signedOut] = []string{"/login", "/privacy", "/toegankelijkheid"}
	return pages
}

// axeCheck runs axe on the page the tab shows now (a state reached by acting on it) and
// reports what else went wrong in the tab.
func axeCheck(t *testing.T, tab context.Context, watch *pageWatch, source, who, state string) {
	t.Helper()
	path := currentPath(t, tab)
	checkAxe(t, tab, source, path+" ("+state+") as "+who, path)
	if p := pageProblems(t, tab, watch); len(p) > 0 {
		t.Errorf("%s (%s) as %s: %s", path, state, who, strings.Join(p, "; "))
	}
}

// TestBrowserAxe runs axe-core in one browser on every main page of the gemeente, the
// coordinator, the coach and a trainee, the signed-out and public pages, the network map
// editor (a new and a filled-in map), the room and its projector view, in Dutch at 1280 and 390
// px, and on the states reached by acting: a wrong password, an opened menu, a form with an
// error, a portfolio export, the room once started. It fails on every WCAG 2.1 A/AA violation.
// The accounts' tabs run side by side; the started room comes last, as it changes the meeting
// the others show.
func TestBrowserAxe(t *testing.T) {
	const trainee, coach = "deelnemer1@kring.example", "coach@kring.example"
	source := readAxe(t)
	ts, base := browserServer(t)
	pages := axePages(t, ts)
	browser := newBrowserWithin(t, base, axeTimeout)
	open := func(t *testing.T, who string) (context.Context, *pageWatch) {
		t.Helper()
		tab, watch := newTab(t, browser)
		if who != signedOut {
			signInAs(t, tab, who)
		}
		return tab, watch
	}
	walk := func(t *testing.T, who string, paths []string) (context.Context, *pageWatch) {
		t.Helper()
		tab, watch := open(t, who)
		for _, p := range paths {
			axeVisit(t, tab, watch, source, who, p)
		}
		return tab, watch
	}
	// The trainee has the most pages: two tabs share them.
	half := len(pages[trainee]) / 2
	learn, rest := pages[trainee][:half], pages[trainee][half:]

	t.Run("pages", func(t *testing.T) {
		t.Run("signed out", func(t *testing.T) {
			t.Parallel()
			tab, watch := walk(t, signedOut, pages[signedOut])
			resp, err := signIn(tab, coach, "niet-het-wachtwoord")
			if err != nil {
				t.Fatal(err)
			}
			if resp.Status != 401 {
				t.Fatalf("wrong password: HTTP %d, want 401", resp.Status)
			}
			axeCheck(t, tab, watch, source, signedOut, "wrong password")
		})
		for _, who := range []string{"gemeente@kring.example", "coordinator@kring.example"} {
			t.Run(who, func(t *testing.T) {
				t.Parallel()
				walk(t, who, pages[who])
			})
		}
		t.Run(coach, func(t *testing.T) {
			t.Parallel()
			tab, watch := walk(t, coach, pages[coach])
			visit(t, tab, "/", 200)
			if err := chromedp.Do(tab, chromedp.EmulateViewport(390, 800), chromedp.Click(chromedp.CSS(`.kring-nav__toggle`), chromedp.NodeVisible)); err != nil {
				t.Fatalf("open the menu: %v", err)
			}
			if got := evalJS[string](t, tab, `document.querySelector('.kring-nav__toggle').getAttribute('aria-expanded')`); got != "true" {
				t.Fatalf("the menu toggle says aria-expanded=%q after a click", got)
			}
			axeCheck(t, tab, watch, source, coach, "menu open")
		})
		// The English interface, for a second trainee: her language is stored on her
		// account, so the Dutch tabs of the others do not change.
		t.Run("english", func(t *testing.T) {
			t.Parallel()
			const who = "deelnemer2@kring.example"
			tab, watch := open(t, who)
			visit(t, tab, "/", 200)
			if _, err := chromedp.RunResponse(tab, chromedp.Click(chromedp.CSS(`form[action="/lang"] button[value="en"]`), chromedp.NodeVisible)); err != nil {
				t.Fatalf("switch to English: %v", err)
			}
			m := ts.demoMeeting()
			mod := ts.srv.catalog.Modules[0]
			for _, p := range []string{"/", "/modules/" + mod.Slug + "/" + mod.Lessons[0].Slug, "/vragen", "/groups/" + strconv.FormatInt(m.GroupID, 10),
				"/meetings/" + strconv.FormatInt(m.ID, 10), "/portfolio", "/netwerkkaarten", "/account"} {
				axeVisit(t, tab, watch, source, who, p)
				if lang := evalJS[string](t, tab, `document.documentElement.lang`); lang != "en" {
					t.Errorf("%s: <html lang=%q>, want en", p, lang)
				}
			}
		})
		t.Run(trainee+" learning", func(t *testing.T) {
			t.Parallel()
			walk(t, trainee, learn)
		})
		t.Run(trainee, func(t *testing.T) {
			t.Parallel()
			tab, watch := walk(t, trainee, rest)

			// A new map without a title: the form with its error.
			visit(t, tab, "/netwerkkaarten", 200)
			resp, err := chromedp.RunResponse(tab, chromedp.Click(chromedp.CSS(`form[action="/netwerkkaarten"] button[type=submit]`), chromedp.NodeVisible))
			if err != nil {
				t.Fatal(err)
			}
			if resp.Status != 422 {
				t.Fatalf("a map without a title: HTTP %d, want 422", resp.Status)
			}
			axeCheck(t, tab, watch, source, trainee, "no title")

			// The trainee's certificate and portfolio export, and the public checks of both
			// that a reviewer opens without an account.
			m := ts.srv.catalog.Modules[0]
			cert, err := ts.store.IssueCertificate(context.Background(), store.NewCertificate{UserID: ts.userID(trainee), Module: m.Slug,
				ModuleTitle: m.Title, ModuleVersion: m.Version, Hours: m.Hours, Goals: m.Goals, Accreditation: "SKJ 123456"})
			if err != nil {
				t.Fatal(err)
			}
			axeVisit(t, tab, watch, source, trainee, "/certificates/"+cert.Code)
			visit(t, tab, "/portfolio", 200)
			if _, err := chromedp.RunResponse(tab, chromedp.Click(chromedp.CSS(`form[action="/portfolio/export"] button[type=submit]`), chromedp.NodeVisible)); err != nil {
				t.Fatalf("export the portfolio: %v", err)
			}
			export := currentPath(t, tab)
			if !strings.HasPrefix(export, "/portfolio/export/") {
				t.Fatalf("after exporting on %s", export)
			}
			axeCheck(t, tab, watch, source, trainee, "export")
			walk(t, signedOut, []string{"/certificates/" + cert.Code, "/portfolio/controle/" + strings.TrimPrefix(export, "/portfolio/export/")})
		})
	})

	// The room once the coach has started it, for the coach and a trainee: the phase bar, the
	// instruction, the coach's guidance and controls; and the projector view following along.
	meeting := "/meetings/" + strconv.FormatInt(ts.demoMeeting().ID, 10)
	coachTab, coachWatch := open(t, coach)
	tab, watch := open(t, trainee)
	for _, tab := range []context.Context{coachTab, tab} {
		visit(t, tab, meeting, 200)
		if err := chromedp.Do(tab, chromedp.WaitVisible(chromedp.CSS(`.kring-connection--connected`))); err != nil {
			t.Fatalf("the room did not connect: %v", err)
		}
	}
	waitPresent(t, coachTab, 2)
	if err := chromedp.Do(coachTab, chromedp.Click(chromedp.Search(`//button[normalize-space()='Bijeenkomst starten']`), chromedp.NodeVisible)); err != nil {
		t.Fatalf("coach starts: %v", err)
	}
	if err := chromedp.Do(tab, chromedp.WaitVisible(chromedp.CSS(`.kring-phasebar__step--current`))); err != nil {
		t.Fatalf("the trainee's room did not follow the start: %v", err)
	}
	axeCheck(t, coachTab, coachWatch, source, coach, "started")
	axeCheck(t, tab, watch, source, trainee, "started")
	visit(t, tab, meeting+"/scherm", 200)
	if err := chromedp.Do(tab, chromedp.WaitVisible(chromedp.CSS(`.kring-phasebar__step--current`))); err != nil {
		t.Fatalf("the projector view does not show the phase: %v", err)
	}
	axeCheck(t, tab, watch, source, trainee, "started")
}
