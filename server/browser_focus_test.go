package server

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// A keyboard user sees where focus is on the breadcrumb (WCAG 2.4.7): the arrow breadcrumb of
// the NL Design System clips outlines unless the theme and Kring's CSS provide for it.
func TestBrowserBreadcrumbFocusIsVisible(t *testing.T) {
	ts, base := browserServer(t)
	mod := ts.srv.catalog.Modules[0]
	browser := newBrowser(t, base)
	tab, _ := newTab(t, browser)
	signInAs(t, tab, "deelnemer1@kring.example")
	visit(t, tab, "/modules/"+mod.Slug+"/"+mod.Lessons[0].Slug, 200)
	look := `(a => { const s = getComputedStyle(a); return s.backgroundColor + '|' + s.outlineStyle + '|' + s.overflow + '|' + getComputedStyle(a.closest('nav')).overflow; })(document.querySelector('.utrecht-breadcrumb-nav__link'))`
	before := evalJS[string](t, tab, look)
	// A Tab press puts the page in keyboard mode, so :focus-visible applies to the link.
	if err := chromedp.Do(tab, chromedp.KeyEvent(kb.Tab)); err != nil {
		t.Fatal(err)
	}
	evalJS[bool](t, tab, `(document.querySelector('.utrecht-breadcrumb-nav__link').focus(), true)`)
	after := evalJS[string](t, tab, look)
	if before == after {
		t.Fatalf("a focused breadcrumb link looks the same as an unfocused one: %s", after)
	}
	if nav := evalJS[string](t, tab, `getComputedStyle(document.querySelector('.utrecht-breadcrumb-nav')).overflow`); nav == "hidden" {
		t.Error("the breadcrumb clips the focus outline (overflow: hidden)")
	}
}
