package server

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestBrowserThemeChart opens the municipality's theme pages in Chromium under the real CSP: the
// chart is drawn (its SVG has a size, a title and a description, and the stylesheet colours its
// bars), the table beside it has a row per theme, nothing is refused by the CSP, and in print
// the chart and the table stay while the filter goes.
func TestBrowserThemeChart(t *testing.T) {
	_, base := browserServer(t)
	browser := newBrowser(t, base)
	tab, w := newTab(t, browser)
	signInAs(t, tab, "gemeente@kring.example")
	for _, path := range []string{"/gemeente/thema", "/gemeente/thema/tijd"} {
		visit(t, tab, path, 200)
		got := evalJS[map[string]any](t, tab, `(() => {
			const svg = document.querySelector('svg[role="img"]');
			const r = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
			const bar = document.querySelector('.kring-chart__bar--s0');
			return {
				width: r.width, height: r.height,
				title: svg && svg.querySelector('title') ? svg.querySelector('title').textContent : '',
				desc: svg && svg.querySelector('desc') ? svg.querySelector('desc').textContent : '',
				fill: bar ? getComputedStyle(bar).fill : '',
				rows: document.querySelectorAll('table tbody tr').length,
			};
		})()`)
		if got["width"].(float64) < 200 || got["height"].(float64) < 50 {
			t.Errorf("%s: the chart is not drawn: %v", path, got)
		}
		if got["title"] == "" || got["desc"] == "" {
			t.Errorf("%s: the chart has no title or description: %v", path, got)
		}
		if f, _ := got["fill"].(string); f == "" || f == "rgb(0, 0, 0)" || f == "none" {
			t.Errorf("%s: the bars are not coloured by the stylesheet: fill %q", path, f)
		}
		if got["rows"].(float64) < 2 {
			t.Errorf("%s: no table of figures beside the chart: %v", path, got)
		}
		for _, p := range pageProblems(t, tab, w) {
			t.Errorf("%s: %s", path, p)
		}
	}

	visit(t, tab, "/gemeente/thema", 200)
	if err := chromedp.Do(tab, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	})); err != nil {
		t.Fatal(err)
	}
	printed := evalJS[map[string]any](t, tab, `({
		chart: document.querySelector('svg[role="img"]').getBoundingClientRect().width,
		table: document.querySelector('table').getBoundingClientRect().width,
		filter: document.querySelector('.kring-filter').getBoundingClientRect().height,
	})`)
	if printed["chart"].(float64) == 0 || printed["table"].(float64) == 0 || printed["filter"].(float64) != 0 {
		t.Errorf("in print the chart and the table must show and the filter not: %v", printed)
	}
}
