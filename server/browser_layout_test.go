package server

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"kring/modules"
	"kring/server/store"
)

// layoutWidths are the widths the layout test looks at: the smallest phone the look promises,
// a common phone, and a desktop.
var layoutWidths = []int64{320, 390, 1280}

// wordsFitJS lists the words that do not fit the box they are set in. For every text node in
// a label, button, table cell, legend, summary, list item, form field, alert, badge, menu link
// or phase step (not headings: a title word wider than a phone may wrap), no word may be
// broken over two lines (a break after a hyphen is a break between words), and the widest
// word, measured with a Range over the text as rendered, must fit the content width of the
// nearest box that is not an inline element. A label squeezed into a grid column two letters
// wide, a cell that breaks "novem ber", a button narrower than its word: each shows up here.
const wordsFitJS = `(() => {
  const out = [];
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + [...e.classList].slice(0, 2).map(c => '.' + c).join('');
  const shown = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
  const skip = '.kring-visually-hidden, [hidden], select, option, textarea, script, style, template';
  const box = e => { while (e.parentElement && getComputedStyle(e).display === 'inline') e = e.parentElement; return e; };
  const width = e => { const s = getComputedStyle(e); return e.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight); };
  const rng = document.createRange();
  const seen = new Set();
  for (const root of document.querySelectorAll('label, button, th, td, legend, summary, dt, dd, li, .utrecht-form-field, .utrecht-alert, .utrecht-status-badge, .utrecht-button, nav a, [class*=phase]')) {
    if (!shown(root) || root.closest(skip)) continue;
    const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n; (n = walk.nextNode());) {
      if (seen.has(n)) continue;
      seen.add(n);
      const el = n.parentElement;
      if (!el || el.closest(skip) || !shown(el)) continue;
      let widest = '', ww = 0, broken = '';
      for (const m of n.data.matchAll(/[^\s-]*-+|[^\s-]+/g)) {
        rng.setStart(n, m.index);
        rng.setEnd(n, m.index + m[0].length);
        const rects = [...rng.getClientRects()].filter(r => r.width > 0);
        if (rects.length > 1 && Math.abs(rects[0].top - rects[rects.length - 1].top) > 2) broken = broken || m[0];
        const w = rects.reduce((a, r) => a + r.width, 0);
        if (w > ww) { ww = w; widest = m[0]; }
      }
      const b = box(el);
      const avail = width(b);
      if (broken) out.push(name(b) + ' breaks the word "' + broken + '" over lines (' + Math.round(avail) + ' px wide)');
      else if (ww > avail + 1) out.push(name(b) + ' is ' + Math.round(avail) + ' px wide, narrower than "' + widest + '" (' + Math.round(ww) + ' px)');
    }
  }
  return out;
})()`

// breadcrumbsClearJS lists the breadcrumb links that another element covers: at the centre of
// the link and at five points along each line of its text, document.elementFromPoint must be
// the link or something inside it (a wrapped line under the previous item's arrow is found
// here); just outside the link's box it must not be the link (an arrow the link draws beyond
// its box, up against its own text and over its neighbours, is found there).
const breadcrumbsClearJS = `(() => {
  const out = [];
  for (const a of document.querySelectorAll('.utrecht-breadcrumb-nav__link')) {
    a.scrollIntoView({block: 'center'});
    const r = a.getBoundingClientRect();
    const points = [['centre', r.left + r.width / 2, r.top + r.height / 2]];
    const rng = document.createRange();
    rng.selectNodeContents(a);
    for (const q of rng.getClientRects()) {
      if (q.width < 1) continue;
      for (const f of [0.02, 0.25, 0.5, 0.75, 0.98]) points.push(['text', q.left + f * q.width, q.top + q.height / 2]);
    }
    for (const [where, x, y] of points) {
      const e = document.elementFromPoint(x, y);
      if (!e || !(e === a || a.contains(e))) {
        out.push('"' + a.textContent.trim() + '" is covered at its ' + where + ' (' + Math.round(x) + ',' + Math.round(y) + ') by ' + (e ? e.tagName.toLowerCase() + '.' + [...e.classList].join('.') : 'nothing'));
        break;
      }
    }
    // Just outside its box the link must not be what is hit: a link that draws beyond its box
    // (an arrow) lies over its neighbours and up against its own text.
    const outside = [['right', r.right + 3, r.top + r.height / 2], ['top', r.left + r.width / 2, r.top - 3], ['bottom', r.left + r.width / 2, r.bottom + 3]];
    for (const [where, x, y] of outside) {
      if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
      const e = document.elementFromPoint(x, y);
      if (e && (e === a || a.contains(e))) {
        out.push('"' + a.textContent.trim() + '" draws beyond its box on the ' + where + ' (' + Math.round(x) + ',' + Math.round(y) + '), over what lies there');
        break;
      }
    }
  }
  window.scrollTo(0, 0);
  return out;
})()`

// navOneLineJS tells how the main menu wraps: "" when every shown item of the main menu (or
// the button that opens it) sits on one line, otherwise the lines found.
const navOneLineJS = `(() => {
  const nav = document.querySelector('.kring-nav');
  if (!nav) return '';
  const items = [...nav.querySelectorAll('.kring-nav__toggle, .kring-nav__list > li')].filter(e => e.getClientRects().length > 0);
  const tops = new Set(items.map(e => Math.round(e.getBoundingClientRect().top)));
  return tops.size > 1 ? 'the main menu takes ' + tops.size + ' lines: ' + items.map(e => e.textContent.trim()).join(' | ') : '';
})()`

// layoutPage is one page the layout test opens: its path, the status it answers with, and
// what to do on it before measuring (answer a question, post a card).
type layoutPage struct {
	path    string
	status  int64
	prepare func(t *testing.T, tab context.Context)
}

// TestBrowserLayoutWordsFit opens the main pages at 320, 390 and 1280 px and checks what the
// axe audit cannot see: no label, button, table cell or form field is narrower than its longest
// word (so no radio label breaks "(g / oe / d"), no breadcrumb link is covered by an arrow or
// another link, and the main menu takes one line. It answers a check question first, so the
// "(goed antwoord)" mark is measured too, and opens the 403 page a coordinator can meet.
func TestBrowserLayoutWordsFit(t *testing.T) {
	ts, base := browserServer(t)

	pages := map[string][]layoutPage{}
	for who, paths := range mainPages(ts) {
		for _, p := range paths {
			lp := layoutPage{path: p, status: 200}
			if strings.HasPrefix(p, "/meetings/") && !strings.HasSuffix(p, "/report") {
				lp.prepare = waitForRoom
			}
			pages[who] = append(pages[who], lp)
		}
	}
	mod, lesson, check := firstCheckQuestion(t, ts)
	pages["deelnemer2@kring.example"] = []layoutPage{
		{path: "/modules/" + mod.Slug + "/" + lesson.Slug, status: 200, prepare: func(t *testing.T, tab context.Context) {
			answerRight(t, tab, check, check.OptionOrder(ts.userID("deelnemer2@kring.example"), mod.Slug))
		}},
		{path: "/vragen?favorieten=1", status: 200},
		{path: "/vragen?q=netwerk", status: 200}, // phases open, so the question cards are measured
	}
	pages["coordinator@kring.example"] = append(pages["coordinator@kring.example"], layoutPage{path: "/admin/organisations", status: 403})
	// A meeting with the method of the longest phase names ("Oplossingsgerichte vragen").
	demo := ts.demoMeeting()
	id, err := ts.store.CreateMeeting(context.Background(), store.NewMeeting{GroupID: demo.GroupID, Title: "Intervisie",
		Method: "oplossingsgerichte-intervisie", StartsAt: time.Now().Add(time.Hour), Minutes: 90, By: ts.userID("coach@kring.example")})
	if err != nil {
		t.Fatal(err)
	}
	pages["coach@kring.example"] = append(pages["coach@kring.example"], layoutPage{path: fmt.Sprintf("/meetings/%d", id), status: 200, prepare: waitForRoom})

	// One browser per account: each gets the whole browserTimeout for its pages.
	for who, list := range pages {
		t.Run(who, func(t *testing.T) {
			browser := newBrowser(t, base)
			tab, watch := newTab(t, browser)
			signInAs(t, tab, who)
			for _, p := range list {
				measurePage(t, tab, who, p)
			}
			for _, p := range pageProblems(t, tab, watch) {
				t.Errorf("as %s: page problem: %s", who, p)
			}
		})
	}
}

// measurePage opens one page, prepares it, and at each layout width reports the words that
// do not fit, the breadcrumb links that are covered and a main menu on more than one line.
func measurePage(t *testing.T, tab context.Context, who string, p layoutPage) {
	t.Helper()
	if err := chromedp.Do(tab, chromedp.EmulateViewport(1280, 800)); err != nil {
		t.Fatal(err)
	}
	visit(t, tab, p.path, p.status)
	if p.prepare != nil {
		p.prepare(t, tab)
	}
	if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](`document.fonts.ready.then(() => true)`, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	for _, w := range layoutWidths {
		if err := chromedp.Do(tab, chromedp.EmulateViewport(w, 800)); err != nil {
			t.Fatal(err)
		}
		for _, problem := range evalJS[[]string](t, tab, wordsFitJS) {
			t.Errorf("%s as %s at %d px: %s", p.path, who, w, problem)
		}
		for _, problem := range evalJS[[]string](t, tab, breadcrumbsClearJS) {
			t.Errorf("%s as %s at %d px: breadcrumb %s", p.path, who, w, problem)
		}
		if problem := evalJS[string](t, tab, navOneLineJS); problem != "" {
			t.Errorf("%s as %s at %d px: %s", p.path, who, w, problem)
		}
	}
}

// firstCheckQuestion finds the first check question of the content with its lesson and module.
func firstCheckQuestion(t *testing.T, ts *testServer) (*modules.Module, *modules.Lesson, *modules.Prompt) {
	t.Helper()
	for _, m := range ts.srv.catalog.Modules {
		for _, l := range m.Lessons {
			for _, p := range l.Prompts {
				if p.Type == modules.CheckQuestion {
					return m, l, p
				}
			}
		}
	}
	t.Fatal("no check question in the content")
	return nil, nil, nil
}

// answerRight answers a check question on the open lesson page with its right option and
// waits for the feedback, so the page shows the "(goed antwoord)" mark. order is the person's
// order of the options (they are shuffled per person): the radio of option i sits at the
// position of i in it.
func answerRight(t *testing.T, tab context.Context, check *modules.Prompt, order []int) {
	t.Helper()
	right := -1
	for i, o := range check.Options {
		if o.Correct {
			right = slices.Index(order, i)
			break
		}
	}
	form := fmt.Sprintf(`form.kring-prompt--check[data-prompt-id=%q]`, check.ID)
	choose(t, tab, fmt.Sprintf(`%s input[type=radio][name=option][value="%d"]`, form, right))
	if _, err := chromedp.RunResponse(tab, chromedp.Click(chromedp.CSS(form+` button[type=submit]`))); err != nil {
		t.Fatalf("submit the check question: %v", err)
	}
	if err := chromedp.Do(tab, chromedp.WaitVisible(chromedp.CSS(form+` .kring-feedback--correct`))); err != nil {
		t.Fatalf("no feedback after the right answer: %v", err)
	}
}

// waitForRoom waits until room.js has built the room, then writes a case with a name in it so
// the personal-data warning shows as well.
func waitForRoom(t *testing.T, tab context.Context) {
	t.Helper()
	if err := chromedp.Do(tab, chromedp.WaitVisible(chromedp.CSS(`.kring-board__column`))); err != nil {
		t.Fatalf("the room was not built: %v", err)
	}
	caseCol := `.kring-board__column--case`
	if evalJS[bool](t, tab, `!!document.querySelector('.kring-board__column--case textarea')`) {
		if err := chromedp.Do(tab,
			chromedp.SendKeys(chromedp.CSS(caseCol+` textarea`), "Mevrouw J. de Vries belt 06-12345678 over haar buren"),
			chromedp.Click(chromedp.CSS(caseCol+` button[type="submit"]`)),
		); err != nil {
			t.Fatalf("write a case with personal data: %v", err)
		}
		if _, err := chromedp.Run(tab, chromedp.Poll[bool](`document.querySelector('.kring-board__column--case .kring-room__findings').textContent.length > 0`, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
			t.Fatalf("no personal-data warning shown: %v", err)
		}
	}
}

// TestBrowserPhoneMenu checks the main menu on a phone: folded behind one "Menu" button that
// opens and closes it (aria-expanded says which), never shown on a desktop; and without
// JavaScript the whole menu shows, as before.
func TestBrowserPhoneMenu(t *testing.T) {
	_, base := browserServer(t)
	browser := newBrowser(t, base)
	tab, watch := newTab(t, browser)
	signInAs(t, tab, "deelnemer1@kring.example")
	const state = `(() => {
	  const b = document.querySelector('.kring-nav__toggle'), l = document.querySelector('.kring-nav__list');
	  const shown = e => !!e && e.getClientRects().length > 0;
	  return (shown(b) ? 'button:' + b.getAttribute('aria-expanded') : 'no button') + ' list:' + (shown(l) ? 'shown' : 'hidden');
	})()`
	step := func(width int64, click bool, want string) {
		t.Helper()
		if err := chromedp.Do(tab, chromedp.EmulateViewport(width, 800)); err != nil {
			t.Fatal(err)
		}
		if click {
			if err := chromedp.Do(tab, chromedp.Click(chromedp.CSS(`.kring-nav__toggle`), chromedp.NodeVisible)); err != nil {
				t.Fatalf("click the menu button: %v", err)
			}
		}
		if got := evalJS[string](t, tab, state); got != want {
			t.Errorf("at %d px (clicked: %v): %s, want %s", width, click, got, want)
		}
	}
	visit(t, tab, "/modules", 200)
	step(390, false, "button:false list:hidden")
	step(390, true, "button:true list:shown")
	if p := evalJS[string](t, tab, `document.querySelector('.kring-nav__list a[aria-current="page"]').textContent`); p != "Leren" {
		t.Errorf("the open menu marks %q as the current page, want Leren", p)
	}
	step(390, true, "button:false list:hidden")
	step(1280, false, "no button list:shown")
	for _, p := range pageProblems(t, tab, watch) {
		t.Errorf("page problem: %s", p)
	}

	// Without JavaScript: no button, the whole menu.
	noJS, _ := newTab(t, browser)
	signInAs(t, noJS, "deelnemer1@kring.example")
	scripts := func(off bool) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: off})
			return err
		})
	}
	if err := chromedp.Do(noJS, scripts(true), chromedp.EmulateViewport(390, 800)); err != nil {
		t.Fatal(err)
	}
	visit(t, noJS, "/modules", 200)
	if err := chromedp.Do(noJS, scripts(false)); err != nil {
		t.Fatal(err)
	}
	if got := evalJS[string](t, noJS, state); got != "no button list:shown" {
		t.Errorf("without JavaScript at 390 px: %s, want the whole menu and no button", got)
	}
}
