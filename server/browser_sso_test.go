package server

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/oauth2-proxy/mockoidc"

	"kring/server/store"
)

// TestBrowserSSO signs in with a work account in a real browser: the address typed on the
// sign-in page picks the organisation's provider (a mock run by the test), the button leads
// through the provider and back, and the person lands on their home page, signed in, without
// any CSP violation on the way.
func TestBrowserSSO(t *testing.T) {
	ts, base := browserServer(t)
	m := startMock(t)
	org := orgOfUser(t, ts, "deelnemer1@kring.example")
	if _, err := ts.store.SaveSSOProvider(context.Background(), store.SSOSettings{OrgID: org, Issuer: m.Issuer(), ClientID: m.ClientID,
		ClientSecret: m.ClientSecret, Domains: []string{"noord.example"}, NewUserRole: "trainee"}); err != nil {
		t.Fatal(err)
	}
	m.QueueUser(&mockoidc.MockUser{Subject: "obj-gijs", Email: "gijs@noord.example", EmailVerified: true, PreferredUsername: "Gijs Bakker"})
	browser := newBrowser(t, base)
	tab, watch := newTab(t, browser)
	visit(t, tab, "/login", 200)
	button := `form[action="/login"] button[formaction="/login/sso"]`
	if err := chromedp.Do(tab,
		chromedp.SendKeys(chromedp.CSS("#f-email"), "gijs@noord.example"),
		chromedp.Click(chromedp.CSS(button), chromedp.NodeVisible),
	); err != nil {
		t.Fatalf("choose the work account: %v", err)
	}
	// The continue page sends the browser to the provider, which sends it back signed in. Each
	// hop is a navigation that ends any script waiting in the old page, so ask again until home.
	home := false
	for deadline := time.Now().Add(15 * time.Second); !home && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		ok, err := chromedp.Run(tab, chromedp.Evaluate[bool](`location.pathname === '/' && document.readyState === 'complete' && !!document.querySelector('main h1')`))
		home = err == nil && ok
	}
	if !home {
		t.Fatalf("never came home after the provider: on %s showing %q", currentPath(t, tab),
			evalJS[string](t, tab, `(document.querySelector('main') || document.body).innerText`))
	}
	if h1 := evalJS[string](t, tab, `document.querySelector('main h1').textContent`); !strings.Contains(h1, "Gijs Bakker") {
		t.Errorf("home greets %q, want Gijs Bakker", h1)
	}
	if probs := pageProblems(t, tab, watch); len(probs) > 0 {
		t.Errorf("problems on the way:\n%s", strings.Join(probs, "\n"))
	}
}
