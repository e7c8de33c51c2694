package server

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserNoSidewaysScrollAt320 opens every main page at 320 px wide, the smallest phone
// the look promises, and checks that none scrolls sideways: tables and long words stay inside.
func TestBrowserNoSidewaysScrollAt320(t *testing.T) {
	ts, base := browserServer(t)
	m := ts.demoMeeting()
	meeting := "/meetings/" + strconv.FormatInt(m.ID, 10)
	group := "/groups/" + strconv.FormatInt(m.GroupID, 10)
	mod := ts.srv.catalog.Modules[0]
	browser := newBrowser(t, base)
	pages := map[string][]string{
		"deelnemer1@kring.example": {"/modules", "/modules/" + mod.Slug, "/modules/" + mod.Slug + "/" + mod.Lessons[0].Slug,
			"/vragen", "/vragen/oefenen", "/groups", group, meeting, meeting + "/report", "/account"},
		"coach@kring.example":       {group, meeting},
		"coordinator@kring.example": {"/org", "/org/settings", "/org/people/" + strconv.FormatInt(ts.userID("deelnemer1@kring.example"), 10)},
		"gemeente@kring.example":    {"/admin/organisations", "/admin/organisations/1", "/gemeente"},
	}
	for who, paths := range pages {
		tab, _ := newTab(t, browser)
		signInAs(t, tab, who)
		if err := chromedp.Do(tab, chromedp.EmulateViewport(320, 700)); err != nil {
			t.Fatal(err)
		}
		for _, p := range paths {
			visit(t, tab, p, 200)
			if strings.HasPrefix(p, "/meetings/") && !strings.HasSuffix(p, "/report") {
				// The room is built by room.js after it connects.
				if err := chromedp.Do(tab, chromedp.WaitVisible(chromedp.CSS(`.kring-board__column`))); err != nil {
					t.Fatalf("%s: the room was not built: %v", p, err)
				}
				time.Sleep(100 * time.Millisecond)
			}
			widest := evalJS[string](t, tab, `(() => {
				const w = window.innerWidth;
				if (document.documentElement.scrollWidth <= w) return "";
				return [...document.querySelectorAll('body *')]
					.filter(e => e.getBoundingClientRect().right > w + 1)
					.slice(0, 4).map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.') + ' right=' + Math.round(e.getBoundingClientRect().right))
					.join('; ') || ('scrollWidth ' + document.documentElement.scrollWidth);
			})()`)
			if widest != "" {
				t.Errorf("%s as %s scrolls sideways at 320 px: %s", p, who, widest)
			}
		}
	}
}
