package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"kring/server/netmap"
)

// mapPDFPageRe finds the page objects of a PDF (not the /Pages tree).
var mapPDFPageRe = regexp.MustCompile(`/Type\s*/Page[^s]`)

// mapMarker is what the drawing shows of one person: the label, where the marker is, and the
// circle and sector the form says.
type mapMarker struct {
	ID, Label, Transform, Circle, Sector string
}

// readMapMarkers reads every marker of the drawing with its row of the form.
const readMapMarkers = `Array.from(document.querySelectorAll('[data-netmap-svg] .nm-person')).map(g => {
  const id = g.getAttribute('data-id');
  const row = Array.from(document.querySelectorAll('[data-netmap-person]')).find(r => r.querySelector('[name$=".id"]').value === id);
  return {ID: id, Label: g.querySelector('text').textContent, Transform: g.getAttribute('transform'),
    Circle: row ? row.querySelector('[name$=".circle"]').value : '', Sector: row ? row.querySelector('[name$=".sector"]').value : ''};
})`

// TestBrowserNetmapKeyboard builds a map without a mouse: three people added with the keyboard,
// one moved to the closest circle and to the next sector with the arrow keys (each move
// announced), saved, and after a reload the server draws the same map at the same places as
// the script did.
func TestBrowserNetmapKeyboard(t *testing.T) {
	_, base := browserServer(t)
	browser := newBrowser(t, base)
	tab, watch := newTab(t, browser)
	signInAs(t, tab, "deelnemer1@kring.example")
	visit(t, tab, "/netwerkkaarten", 200)
	if err := chromedp.Do(tab, chromedp.SendKeys(chromedp.CSS("#f-title"), "Kaart van K.")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.RunResponse(tab, chromedp.Click(chromedp.CSS(`form[action="/netwerkkaarten"] button[type=submit]`), chromedp.NodeVisible)); err != nil {
		t.Fatalf("create the map: %v", err)
	}
	path := currentPath(t, tab)
	if !mapIDRe.MatchString(path) {
		t.Fatalf("after creating: on %s", path)
	}
	if err := chromedp.Do(tab, chromedp.WaitVisible(chromedp.CSS(`[data-netmap-add]`))); err != nil {
		t.Fatalf("the script did not show the add button: %v", err)
	}
	for _, label := range []string{"zus", "buurman", "J."} {
		evalJS[chromedp.Void](t, tab, `document.querySelector('[data-netmap-add]').focus()`)
		if err := chromedp.Do(tab, chromedp.KeyEvent(kb.Enter)); err != nil {
			t.Fatal(err)
		}
		if got := evalJS[string](t, tab, `document.activeElement.name || ''`); !strings.HasSuffix(got, ".label") {
			t.Fatalf("after adding a person the focus is on %q, not a label field", got)
		}
		if err := chromedp.Do(tab, chromedp.KeyEvent(label)); err != nil {
			t.Fatal(err)
		}
	}
	before := evalJS[[]mapMarker](t, tab, readMapMarkers)
	if len(before) != 3 {
		t.Fatalf("%d markers drawn after adding three people: %+v", len(before), before)
	}
	if ends := evalJS[string](t, tab, `Array.from(document.querySelector('.nm-line-row select[name$=".from"]').options).map(o => o.textContent).join(',')`); !strings.HasSuffix(ends, ",zus,buurman,J.") {
		t.Errorf("a line cannot reach the people just added: %q", ends)
	}
	moved := before[1]
	if moved.Label != "buurman" || moved.Circle != "2" || moved.Sector != "friends" {
		t.Fatalf("second person %+v, want buurman in circle 2 of friends", moved)
	}
	evalJS[chromedp.Void](t, tab, fmt.Sprintf(`document.querySelector('.nm-person[data-id=%q]').focus()`, moved.ID))
	if got := evalJS[string](t, tab, `document.activeElement.getAttribute('data-id') || document.activeElement.tagName`); got != moved.ID {
		t.Fatalf("focus on %q, not on the marker %s", got, moved.ID)
	}
	if err := chromedp.Do(tab, chromedp.KeyEvent(kb.ArrowUp), chromedp.KeyEvent(kb.ArrowRight)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(tab, chromedp.Poll[bool](`(document.querySelector('[data-netmap-live]').textContent || '').includes('buurman staat nu in cirkel 1, sector buren')`)); err != nil {
		t.Fatalf("the move was not announced: %q", evalJS[string](t, tab, `document.querySelector('[data-netmap-live]').textContent`))
	}
	if got := evalJS[string](t, tab, `document.activeElement.getAttribute('data-id') || ''`); got != moved.ID {
		t.Errorf("after the move the focus is on %q, not on the moved marker", got)
	}
	after := evalJS[[]mapMarker](t, tab, readMapMarkers)
	if after[1].Circle != "1" || after[1].Sector != "neighbours" || after[1].Transform == moved.Transform {
		t.Fatalf("after the arrow keys: %+v (was %+v)", after[1], moved)
	}
	// Moving further in than the closest circle changes nothing and says so.
	if err := chromedp.Do(tab, chromedp.KeyEvent(kb.ArrowUp)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(tab, chromedp.Poll[bool](`document.querySelector('[data-netmap-live]').textContent.includes('al in cirkel 1')`)); err != nil {
		t.Errorf("no announcement at the innermost circle")
	}
	if facts := evalJS[string](t, tab, `document.querySelector('[data-netmap-facts]').textContent`); !strings.Contains(facts, "cirkel 1: 1 · cirkel 2: 2 · cirkel 3: 0") {
		t.Errorf("the live summary does not follow the map: %q", facts)
	}
	if _, err := chromedp.RunResponse(tab, chromedp.Click(chromedp.CSS(`[data-netmap-form] button[type=submit]`), chromedp.NodeVisible)); err != nil {
		t.Fatalf("save: %v", err)
	}
	if got := currentPath(t, tab); got != path+"?opgeslagen=2" {
		t.Fatalf("after saving on %s (HTTP errors: %s)", got, evalJS[string](t, tab, `document.querySelector('.utrecht-alert') ? document.querySelector('.utrecht-alert').textContent : ''`))
	}
	// Reload: the server's drawing puts everyone where the script had put them.
	visit(t, tab, path, 200)
	server := evalJS[[]mapMarker](t, tab, readMapMarkers)
	if !reflect.DeepEqual(server, after) {
		t.Errorf("after reload the map differs:\n got %+v\nwant %+v", server, after)
	}
	// The map with its people, as saved, passes axe-core (WCAG 2.1 A/AA) on desktop and phone.
	checkAxe(t, tab, readAxe(t), path+" after reload", path)
	if err := chromedp.Do(tab, chromedp.EmulateViewport(1280, 800)); err != nil {
		t.Fatal(err)
	}
	// The script redraws the map on load; the server's own drawing (the SVG download) must put
	// every marker at the same place, or the two ports of the geometry differ.
	drawn, err := chromedp.Run(tab, chromedp.Evaluate[map[string]string](fmt.Sprintf(`fetch(%q).then(r => r.text()).then(t => {
	  const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
	  return Object.fromEntries(Array.from(doc.querySelectorAll('.nm-person')).map(g => [g.getAttribute('data-id'), g.getAttribute('transform')]));
	})`, path+"/kaart.svg"), chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if len(drawn) != len(after) {
		t.Errorf("the server draws %d people, the script %d", len(drawn), len(after))
	}
	for _, m := range after {
		if drawn[m.ID] != m.Transform {
			t.Errorf("%s: the server draws it at %q, the script at %q", m.Label, drawn[m.ID], m.Transform)
		}
	}

	// PNG: the server's SVG drawn on a canvas (same origin, so not tainted) at twice its size.
	png, err := chromedp.Run(tab, chromedp.Evaluate[[]any](fmt.Sprintf(`window.KringNetmap.toPNG(%q).then(b => createImageBitmap(b).then(i => [b.type, b.size, i.width, i.height]))`, path+"/kaart.svg"), chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("PNG: %v", err)
	}
	if len(png) != 4 || png[0] != "image/png" || png[1].(float64) < 10000 || png[2].(float64) != 2200 || png[3].(float64) != 1720 {
		t.Errorf("PNG: %v, want an image/png of 2200x1720", png)
	}
	// Print: the map and its summary on one A4 page.
	pdf, err := chromedp.Run(tab, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize(), chromedp.PDFPrintBackground()))
	if err != nil {
		t.Fatalf("print: %v", err)
	}
	if n := len(mapPDFPageRe.FindAll(pdf, -1)); n != 1 {
		t.Errorf("the printed map takes %d pages, want one A4 page", n)
	}
	if !bytes.Contains(pdf, []byte("/MediaBox [0 0 594.9")) {
		t.Errorf("the printed page is not A4 (595 points wide)")
	}

	// Drag with the mouse: J. goes to the outer circle of the sector "werk, school of club"
	// (the sixth of seven), dropped in the middle of that cell.
	j := after[2]
	evalJS[chromedp.Void](t, tab, `document.querySelector('[data-netmap-figure]').scrollIntoView({block: 'center'})`)
	from := mapScreenPoint(t, tab, j.Transform)
	to := evalJS[[]float64](t, tab, `(() => { const a = -Math.PI / 2 + 2 * Math.PI / 7 * 5.5, r = 269;
	  const pt = document.querySelector('[data-netmap-svg]').createSVGPoint(); pt.x = 550 + r * Math.cos(a); pt.y = 380 + r * Math.sin(a);
	  const s = pt.matrixTransform(document.querySelector('[data-netmap-svg]').getScreenCTM()); return [s.x, s.y]; })()`)
	if err := chromedp.Do(tab,
		chromedp.MouseEvent(input.DispatchMouseEventTypeMousePressed, from[0], from[1], chromedp.ButtonLeft, chromedp.ClickCount(1)),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, (from[0]+to[0])/2, (from[1]+to[1])/2, chromedp.ButtonLeft),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, to[0], to[1], chromedp.ButtonLeft),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseReleased, to[0], to[1], chromedp.ButtonLeft, chromedp.ClickCount(1)),
	); err != nil {
		t.Fatal(err)
	}
	dragged := evalJS[[]mapMarker](t, tab, readMapMarkers)[2]
	if dragged.ID != j.ID || dragged.Circle != "3" || dragged.Sector != "work" {
		t.Errorf("after dragging J.: %+v, want circle 3 of work", dragged)
	}
	if _, err := chromedp.Run(tab, chromedp.Poll[bool](`document.querySelector('[data-netmap-live]').textContent.includes('J. staat nu in cirkel 3')`)); err != nil {
		t.Error("the drag was not announced")
	}
	for _, p := range pageProblems(t, tab, watch) {
		t.Errorf("page problem: %s", p)
	}
}

// mapScreenPoint is where on the screen a marker with this transform is.
func mapScreenPoint(t *testing.T, tab context.Context, transform string) []float64 {
	t.Helper()
	var x, y float64
	if _, err := fmt.Sscanf(transform, "translate(%g %g)", &x, &y); err != nil {
		t.Fatalf("transform %q: %v", transform, err)
	}
	return evalJS[[]float64](t, tab, fmt.Sprintf(`(() => { const svg = document.querySelector('[data-netmap-svg]'); const pt = svg.createSVGPoint(); pt.x = %g; pt.y = %g;
	  const s = pt.matrixTransform(svg.getScreenCTM()); return [s.x, s.y]; })()`, x, y))
}

// TestBrowserNetmapVectors runs the page's summary rules (static/js/netmap.js) on the test
// vectors the Go package is checked against, and wants exactly the Go summaries.
func TestBrowserNetmapVectors(t *testing.T) {
	raw, err := os.ReadFile("netmap/testdata/vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Cases []struct {
			Name    string          `json:"name"`
			Map     json.RawMessage `json:"map"`
			Summary json.RawMessage `json:"summary"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	ts, base := browserServer(t)
	c := ts.as("deelnemer1@kring.example")
	path := createMapAs(t, c, "Vectoren", "practice")
	browser := newBrowser(t, base)
	tab, watch := newTab(t, browser)
	signInAs(t, tab, "deelnemer1@kring.example")
	visit(t, tab, path, 200)
	got := evalJS[[]string](t, tab, fmt.Sprintf(`(%s).cases.map(c => JSON.stringify(window.KringNetmap.summarize(c.map)))`, raw))
	if len(got) != len(v.Cases) {
		t.Fatalf("%d results for %d vectors", len(got), len(v.Cases))
	}
	for i, c := range v.Cases {
		var want, js netmap.Summary
		if err := json.Unmarshal(c.Summary, &want); err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(strings.NewReader(got[i]))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&js); err != nil {
			t.Fatalf("%s: the script's summary %s: %v", c.Name, got[i], err)
		}
		if !reflect.DeepEqual(js, want) {
			t.Errorf("%s:\n script %s\n vector %s", c.Name, got[i], c.Summary)
		}
	}
	for _, p := range pageProblems(t, tab, watch) {
		t.Errorf("page problem: %s", p)
	}
}
