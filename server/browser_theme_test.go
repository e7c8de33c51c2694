package server

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// themeProbe reads, in the page: the theme token of the primary button resolved to rgb (by
// giving it to a temporary element), the computed background of the first primary button (or
// of a temporary one when the page has none), the brand name in the header, the horizontal
// overflow and the state of every stylesheet link.
const themeProbe = `(() => {
  const token = getComputedStyle(document.documentElement).getPropertyValue('--utrecht-button-primary-action-background-color').trim();
  const probe = document.createElement('div');
  probe.style.setProperty('background-color', token);
  document.body.appendChild(probe);
  const tokenRGB = getComputedStyle(probe).backgroundColor;
  probe.remove();
  let button = document.querySelector('.utrecht-button--primary-action:not(.utrecht-button--danger)');
  const pageHasButton = !!button;
  if (!button) {
    button = document.createElement('button');
    button.className = 'utrecht-button utrecht-button--primary-action';
    button.textContent = 'probe';
    document.querySelector('main').appendChild(button);
  }
  const buttonRGB = getComputedStyle(button).backgroundColor;
  if (!pageHasButton) button.remove();
  const brand = document.querySelector('header a[href="/"]');
  const sheets = [...document.querySelectorAll('link[rel="stylesheet"]')].map(l => {
    let rules = -1, err = '';
    try { rules = l.sheet ? l.sheet.cssRules.length : -1; } catch (e) { err = String(e); }
    return {href: l.getAttribute('href'), rules: rules, err: err};
  });
  const wide = [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > window.innerWidth + 0.5)
    .slice(0, 5)
    .map(el => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '') + ' right=' + Math.round(el.getBoundingClientRect().right));
  return {
    htmlClass: document.documentElement.className,
    token: token, tokenRGB: tokenRGB,
    pageHasButton: pageHasButton, buttonRGB: buttonRGB,
    brand: brand ? brand.textContent.trim() : '',
    scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
    wide: wide, sheets: sheets,
  };
})()`

type themeFacts struct {
	HTMLClass     string   `json:"htmlClass"`
	Token         string   `json:"token"`
	TokenRGB      string   `json:"tokenRGB"`
	PageHasButton bool     `json:"pageHasButton"`
	ButtonRGB     string   `json:"buttonRGB"`
	Brand         string   `json:"brand"`
	ScrollWidth   int      `json:"scrollWidth"`
	InnerWidth    int      `json:"innerWidth"`
	Wide          []string `json:"wide"`
	Sheets        []struct {
		Href  string `json:"href"`
		Rules int    `json:"rules"`
		Err   string `json:"err"`
	} `json:"sheets"`
}

func readTheme(t *testing.T, ctx context.Context) themeFacts {
	t.Helper()
	raw := evalJS[[]byte](t, ctx, themeProbe)
	var f themeFacts
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatalf("theme probe: %v (%s)", err, raw)
	}
	return f
}

// TestBrowserTheme (issue 10) renders the login page and a trainee's home page in Chromium with
// Kring's own theme and with the NLDS voorbeeld theme dropped in as a municipality theme, and
// checks that the active theme's token paints the primary button, that the two themes differ,
// that the brand is in the header, that nothing scrolls sideways at 320 px and that every
// stylesheet loaded without CSP violations or failed requests.
func TestBrowserTheme(t *testing.T) {
	start := time.Now()
	themes := []struct {
		name, class, brand, css, wantRGB string
	}{
		{name: "kring", class: "kring-theme", brand: "Kring", wantRGB: "rgb(13, 92, 99)"},
		{name: "voorbeeld", class: "voorbeeld-theme", brand: "Gemeente Voorbeeld",
			css: filepath.Join("testdata", "themes", "voorbeeld", "theme.css"), wantRGB: "rgb(81, 21, 239)"},
	}
	pages := []struct{ name, path, email string }{
		{name: "login", path: "/login"},
		{name: "home", path: "/", email: "deelnemer1@kring.example"},
	}

	var browser context.Context
	axeSource := readAxe(t)
	seen := map[string]string{} // theme → button colour on the login page
	for _, th := range themes {
		var opt func(*Config, *Deps)
		if th.css != "" {
			opt = func(c *Config, _ *Deps) {
				c.Theme = Theme{CSSPath: th.css, Class: th.class, BrandName: th.brand}
			}
		} else {
			opt = func(*Config, *Deps) {}
		}
		_, base := browserServer(t, opt)
		if browser == nil {
			browser = newBrowser(t, "")
		}
		t.Run(th.name, func(t *testing.T) {
			ctx, w := newTab(t, context.WithValue(browser, baseURLKey{}, base))
			for _, pg := range pages {
				t.Run(pg.name, func(t *testing.T) {
					if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800)); err != nil {
						t.Fatal(err)
					}
					if pg.email != "" {
						signInAs(t, ctx, pg.email)
					}
					visit(t, ctx, pg.path, 200)
					f := readTheme(t, ctx)
					t.Logf("%s/%s: token %q → %s, button %s (in page: %v), brand %q", th.name, pg.name, f.Token, f.TokenRGB, f.ButtonRGB, f.PageHasButton, f.Brand)

					if !strings.Contains(" "+f.HTMLClass+" ", " "+th.class+" ") {
						t.Errorf("<html class=%q>, want it to contain %q", f.HTMLClass, th.class)
					}
					if f.Token == "" {
						t.Errorf("--utrecht-button-primary-action-background-color is not set on <html>")
					}
					if f.TokenRGB != th.wantRGB {
						t.Errorf("theme token resolves to %s, want %s (theme author's value)", f.TokenRGB, th.wantRGB)
					}
					if f.ButtonRGB != f.TokenRGB {
						t.Errorf("primary button background = %s, want the theme token %s", f.ButtonRGB, f.TokenRGB)
					}
					if pg.name == "login" {
						if !f.PageHasButton {
							t.Errorf("login page has no .utrecht-button--primary-action")
						}
						seen[th.name] = f.ButtonRGB
					}
					if f.Brand != th.brand {
						t.Errorf("header brand = %q, want %q", f.Brand, th.brand)
					}
					wantSheets := 3
					if th.css != "" {
						wantSheets = 4
					}
					if len(f.Sheets) < wantSheets {
						t.Errorf("%d stylesheet links, want at least %d: %+v", len(f.Sheets), wantSheets, f.Sheets)
					}
					for _, s := range f.Sheets {
						if s.Rules <= 0 {
							t.Errorf("stylesheet %s did not load (cssRules %d %s)", s.Href, s.Rules, s.Err)
						}
					}
					if th.css != "" && !hasSheet(f, "/theme.css") {
						t.Errorf("no link to /theme.css with a custom theme")
					}

					// 320 px: nothing may scroll sideways.
					if err := chromedp.Do(ctx, chromedp.EmulateViewport(320, 800), chromedp.Reload()); err != nil {
						t.Fatal(err)
					}
					n := readTheme(t, ctx)
					if n.InnerWidth != 320 {
						t.Errorf("viewport is %d px wide, want 320", n.InnerWidth)
					}
					if n.ScrollWidth > n.InnerWidth {
						t.Errorf("at 320 px the page is %d px wide (scrolls sideways); widest elements: %s", n.ScrollWidth, strings.Join(n.Wide, "; "))
					}

					// A municipality's theme must keep the pages accessible too: its
					// colours reach every button, link and text (axe at 1280 and 390 px).
					if th.css != "" {
						checkAxe(t, ctx, axeSource, pg.path+" in the "+th.name+" theme", pg.path)
					}

					for _, p := range pageProblems(t, ctx, w) {
						t.Errorf("page problem: %s", p)
					}
				})
			}
		})
	}
	if a, b := seen["kring"], seen["voorbeeld"]; a == "" || a == b {
		t.Errorf("primary button colour: kring %q, voorbeeld %q; want two different colours", a, b)
	}

	// The watch must see a CSP violation when one happens, or the checks above prove nothing.
	t.Run("csp watch works", func(t *testing.T) {
		_, base := browserServer(t)
		ctx, w := newTab(t, context.WithValue(browser, baseURLKey{}, base))
		visit(t, ctx, "/login", 200)
		evalJS[chromedp.Void](t, ctx, `(() => { const l = document.createElement('link'); l.rel = 'stylesheet'; l.href = 'data:text/css,p{color:red}'; document.head.appendChild(l); })()`)
		var got []string
		for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			if got = append(got, pageProblems(t, ctx, w)...); containsAny(got, "CSP violation") {
				break
			}
		}
		if !containsAny(got, "CSP violation") {
			t.Errorf("a stylesheet from data: was not reported as a CSP violation; saw %q", got)
		}
	})
	t.Logf("TestBrowserTheme took %v", time.Since(start).Round(time.Millisecond))
}

func hasSheet(f themeFacts, href string) bool {
	for _, s := range f.Sheets {
		if s.Href == href {
			return true
		}
	}
	return false
}

func containsAny(list []string, sub string) bool {
	for _, s := range list {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
