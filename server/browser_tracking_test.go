package server

import (
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserTrackingDashboards opens the coordinator's dashboard and the municipality's
// overview in a real browser: the coverage chart is an accessible image with its title and
// description, the same figures are in a table, nothing breaks the CSP, and at 390 px nothing
// scrolls sideways. (The repository has no axe-core helper; this checks the chart's
// accessible name directly.)
func TestBrowserTrackingDashboards(t *testing.T) {
	ts, base := browserServer(t)
	d1 := strconv.FormatInt(ts.userID("deelnemer1@kring.example"), 10)
	browser := newBrowser(t, base)
	pages := map[string][]string{
		"coordinator@kring.example": {"/org", "/org/people/" + d1, "/org/settings"},
		"gemeente@kring.example":    {"/gemeente"},
	}
	for who, paths := range pages {
		tab, w := newTab(t, browser)
		signInAs(t, tab, who)
		for _, width := range []int64{390, 1280} {
			if err := chromedp.Do(tab, chromedp.EmulateViewport(width, 800)); err != nil {
				t.Fatal(err)
			}
			for _, p := range paths {
				visit(t, tab, p, 200)
				if p == "/org" || p == "/gemeente" {
					chartOK := evalJS[string](t, tab, `(() => {
						const svg = document.querySelector('svg[role="img"]');
						if (!svg) return "no svg[role=img]";
						const title = svg.querySelector('title'), desc = svg.querySelector('desc');
						if (!title || !title.textContent.trim()) return "the chart has no title";
						if (!desc || !desc.textContent.trim()) return "the chart has no description";
						const ids = (svg.getAttribute('aria-labelledby') || '').split(' ');
						if (!ids.includes(title.id) || !ids.includes(desc.id)) return "the chart is not labelled by its title and description";
						if (svg.getBoundingClientRect().width < 200) return "the chart is " + svg.getBoundingClientRect().width + " px wide";
						const table = document.querySelector('.kring-chart-with-table table');
						if (!table || table.querySelectorAll('tbody tr').length !== 24) return "no table of 24 months beside the chart";
						if (document.querySelector('[style]')) return "an inline style attribute";
						return "";
					})()`)
					if chartOK != "" {
						t.Errorf("%s at %d px as %s: %s", p, width, who, chartOK)
					}
				}
				wide := evalJS[bool](t, tab, `document.documentElement.scrollWidth > window.innerWidth`)
				if wide {
					t.Errorf("%s at %d px as %s scrolls sideways", p, width, who)
				}
			}
		}
		for _, pr := range pageProblems(t, tab, w) {
			t.Errorf("%s: page problem: %s", who, pr)
		}
	}
}
