package server

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"

	"kring/modules"
)

// The lesson page screens a reflection answer while the person types: a BSN shows an error
// with the finding, a name only a warning, and a clean text nothing; no CSP violation.
func TestBrowserReflectionScreen(t *testing.T) {
	ts, base := browserServer(t)
	browser := newBrowser(t, base)
	tab, w := newTab(t, browser)
	signInAs(t, tab, "deelnemer1@kring.example")
	m, l, pr := firstPrompt(t, ts.srv.catalog, modules.Reflection)
	visit(t, tab, lessonURL(m, l), 200)
	area := fmt.Sprintf(`#answer-%s`, pr.ID)
	box := fmt.Sprintf(`#prompt-%s [data-screen-findings]`, pr.ID)
	tests := []struct {
		text, want string
	}{
		{"Mevrouw Jansen belde vandaag.", "warning"},
		{"Haar BSN is 111222333.", "error"},
		{"Ik leerde vandaag luisteren.", ""},
	}
	for _, tc := range tests {
		evalJS[chromedp.Void](t, tab, fmt.Sprintf(`document.querySelector(%q).value = ""`, area))
		if err := chromedp.Do(tab, chromedp.SendKeys(chromedp.CSS(area), tc.text)); err != nil {
			t.Fatalf("type %q: %v", tc.text, err)
		}
		var cond string
		if tc.want == "" {
			cond = fmt.Sprintf(`document.querySelector(%q).children.length === 0`, box)
		} else {
			cond = fmt.Sprintf(`!!document.querySelector(%q + ' .utrecht-alert--%s li')`, box, tc.want)
		}
		if _, err := chromedp.Run(tab, chromedp.Poll[bool](cond)); err != nil {
			t.Fatalf("%q: no %q screen result: %v", tc.text, tc.want, err)
		}
	}
	for _, p := range pageProblems(t, tab, w) {
		t.Errorf("page problem: %s", p)
	}
}
