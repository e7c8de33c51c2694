package server

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserLogin signs a trainee in through the real login page in Chromium, and checks that
// a wrong password keeps the browser on the login page with the error in view.
func TestBrowserLogin(t *testing.T) {
	start := time.Now()
	_, base := browserServer(t)
	browser := newBrowser(t, base)

	t.Run("right password", func(t *testing.T) {
		ctx, w := newTab(t, browser)
		resp, err := signIn(ctx, "deelnemer1@kring.example", "kring-demo")
		if err != nil {
			t.Fatal(err)
		}
		if p := currentPath(t, ctx); resp.Status != 200 || p != "/" {
			t.Fatalf("after sign-in: on %s with HTTP %d, want / with 200", p, resp.Status)
		}
		h1, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main h1")))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.TrimSpace(h1); got != "Welkom, Sanne Visser" {
			t.Errorf("home page h1 = %q, want %q", got, "Welkom, Sanne Visser")
		}
		for _, p := range pageProblems(t, ctx, w) {
			t.Errorf("page problem: %s", p)
		}
	})

	t.Run("wrong password", func(t *testing.T) {
		ctx, w := newTab(t, browser)
		resp, err := signIn(ctx, "deelnemer1@kring.example", "not-the-password")
		if err != nil {
			t.Fatal(err)
		}
		if p := currentPath(t, ctx); resp.Status != 401 || p != "/login" {
			t.Fatalf("after a wrong password: on %s with HTTP %d, want /login with 401", p, resp.Status)
		}
		const alert = `.utrecht-alert--error[role="alert"]`
		if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(alert))); err != nil {
			t.Fatalf("error alert not visible: %v", err)
		}
		text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(alert)))
		if err != nil {
			t.Fatal(err)
		}
		if want := "Het e-mailadres of het wachtwoord klopt niet."; !strings.Contains(text, want) {
			t.Errorf("error alert = %q, want it to contain %q", strings.TrimSpace(text), want)
		}
		// The form is there again: the address kept, the password empty.
		email, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#f-email")))
		if err != nil {
			t.Fatal(err)
		}
		pw, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#f-password")))
		if err != nil {
			t.Fatal(err)
		}
		if email != "deelnemer1@kring.example" || pw != "" {
			t.Errorf("login form after a wrong password: email %q, password %q; want the address kept and the password empty", email, pw)
		}
		if n := evalJS[int](t, ctx, `document.querySelectorAll('.kring-header__account').length`); n != 0 {
			t.Errorf("header shows an account link after a failed sign-in")
		}
		for _, p := range pageProblems(t, ctx, w) {
			t.Errorf("page problem: %s", p)
		}
	})
	t.Logf("TestBrowserLogin took %v", time.Since(start).Round(time.Millisecond))
}
