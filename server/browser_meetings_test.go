package server

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/chromedp/chromedp"
)

// TestBrowserMeetings is the coach's planning journey in a real browser: plan a series of three
// meetings on the group page, land on the confirmation page (not in the room), open the second
// meeting's edit page, move it to 16:15, and download its .ics (fetched in the page, through
// the server): it parses, starts at 16:15 in Amsterdam and has SEQUENCE:1.
func TestBrowserMeetings(t *testing.T) {
	ts, base := browserServer(t)
	browser := newBrowser(t, base)
	tab, watch := newTab(t, browser)
	signInAs(t, tab, "coach@kring.example")
	gid := ts.demoMeeting().GroupID
	visit(t, tab, "/groups/"+strconv.FormatInt(gid, 10), 200)

	ams, _ := time.LoadLocation("Europe/Amsterdam")
	day := time.Now().In(ams).AddDate(0, 0, 20).Format("2006-01-02")
	title := fmt.Sprintf("Reeks %d", time.Now().UnixNano())
	fill := fmt.Sprintf(`(() => {
		const set = (sel, v) => { const el = document.querySelector(sel); el.value = v; el.dispatchEvent(new Event('change', {bubbles: true})); return el.value === v; };
		return set('#f-title', %q) && set('#f-date', %q) && set('#f-time', '14:00') && set('#f-format', 'in_person') &&
			set('#f-location', 'Wijkcentrum De Schakel') && set('#f-every', '2') && set('#f-count', '3');
	})()`, title, day)
	if !evalJS[bool](t, tab, fill) {
		t.Fatal("could not fill in the planning form")
	}
	resp, err := chromedp.RunResponse(tab, chromedp.Click(chromedp.CSS(`form[action$="/meetings"] button[type="submit"]`), chromedp.NodeVisible))
	if err != nil {
		t.Fatalf("submit the planning form: %v", err)
	}
	planned := regexp.MustCompile(`^/meetings/\d+/planned$`)
	if p := currentPath(t, tab); resp.Status != 200 || !planned.MatchString(p) {
		t.Fatalf("after planning: %s with HTTP %d, want the confirmation page", p, resp.Status)
	}
	if h := evalJS[string](t, tab, `document.querySelector('h1').textContent`); !strings.Contains(h, "Reeks van 3 bijeenkomsten gepland") {
		t.Fatalf("confirmation heading %q", h)
	}
	if n := evalJS[int](t, tab, `document.querySelectorAll('ul.kring-planned > li').length`); n != 3 {
		t.Fatalf("the confirmation page lists %d meetings, want 3", n)
	}

	// Move the second meeting (this one only) to 16:15.
	secondEdit := `ul.kring-planned > li:nth-child(2) a[href$="/edit"]`
	editHref := evalJS[string](t, tab, `document.querySelector('`+secondEdit+`').getAttribute('href')`)
	if _, err := chromedp.RunResponse(tab, chromedp.Click(chromedp.CSS(secondEdit), chromedp.NodeVisible)); err != nil {
		t.Fatalf("open the edit page: %v", err)
	}
	if p := currentPath(t, tab); p != editHref {
		t.Fatalf("on %s, want the edit page %s", p, editHref)
	}
	if !evalJS[bool](t, tab, `document.querySelector('#scope-one').checked`) {
		t.Fatal("the edit page does not default to this meeting only")
	}
	if !evalJS[bool](t, tab, `(() => { const el = document.querySelector('#f-time'); el.value = '16:15'; return el.value === '16:15'; })()`) {
		t.Fatal("could not change the time")
	}
	resp, err = chromedp.RunResponse(tab, chromedp.Click(chromedp.CSS(`form[action$="/edit"] button[type="submit"]`), chromedp.NodeVisible))
	if err != nil {
		t.Fatalf("save the change: %v", err)
	}
	if p := currentPath(t, tab); resp.Status != 200 || !strings.HasSuffix(p, "/planned?changed=1") {
		t.Fatalf("after the change: %s with HTTP %d", p, resp.Status)
	}
	if h := evalJS[string](t, tab, `document.querySelector('h1').textContent`); !strings.Contains(h, "Wijziging opgeslagen") {
		t.Errorf("heading after the change %q", h)
	}

	// Download the moved meeting's .ics through the server, as the link does.
	icsHref := strings.TrimSuffix(editHref, "/edit") + "/calendar.ics"
	if evalJS[int](t, tab, fmt.Sprintf(`document.querySelectorAll('a[href=%q][download]').length`, icsHref)) == 0 {
		t.Fatalf("no download link to %s on the page", icsHref)
	}
	got, err := chromedp.Run(tab, chromedp.Evaluate[[]string](fmt.Sprintf(`fetch(%q).then(async r => [String(r.status), r.headers.get('content-type') || '', r.headers.get('content-disposition') || '', await r.text()])`, icsHref), chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("fetch the .ics: %v", err)
	}
	if got[0] != "200" || !strings.HasPrefix(got[1], "text/calendar") || !strings.Contains(got[2], "attachment") {
		t.Fatalf(".ics download: status %s type %q disposition %q", got[0], got[1], got[2])
	}
	cal, err := ics.ParseCalendar(strings.NewReader(got[3]))
	if err != nil || len(cal.Events()) != 1 {
		t.Fatalf("the downloaded .ics does not parse to one event (%v):\n%s", err, got[3])
	}
	ev := cal.Events()[0]
	start, err := ev.GetStartAt()
	want := time.Date(0, 1, 1, 16, 15, 0, 0, ams)
	if l := start.In(ams); err != nil || l.Hour() != want.Hour() || l.Minute() != want.Minute() {
		t.Errorf("the .ics starts at %v (%v), want 16:15 in Amsterdam", l, err)
	}
	if p := ev.GetProperty(ics.ComponentPropertySequence); p == nil || p.Value != "1" {
		t.Errorf("the moved meeting's SEQUENCE is %v, want 1", p)
	}
	if p := ev.GetProperty(ics.ComponentPropertySummary); p == nil || p.Value != title {
		t.Errorf("summary %v, want %q", p, title)
	}
	if probs := pageProblems(t, tab, watch); len(probs) > 0 {
		t.Errorf("the pages had problems:\n%s", strings.Join(probs, "\n"))
	}
}
