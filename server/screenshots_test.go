package server

import (
	"bytes"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestScreenshots is not a check but the generator behind `make screenshots`: with
// KRING_SCREENSHOTS set to a folder it writes full-page PNGs of the login page, a trainee's
// home page and the municipality's theme pages at a phone width (390 px) and a desktop width
// (1280 px) there (login-390.png, login-1280.png, home-390.png, themes-1280.png, theme-samenwerking-390.png, ...); a
// relative folder is taken from the module root. Without it, it does nothing.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("KRING_SCREENSHOTS")
	if dir == "" {
		t.Log("KRING_SCREENSHOTS is not set; no screenshots written")
		return
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join("..", dir) // go test runs in server/; a relative folder means from the module root
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, base := browserServer(t)
	browser := newBrowser(t, base)
	ctx, w := newTab(t, browser)

	shots := []struct {
		name, path string
		as         string // sign in as this demo account first ("" keeps the session)
	}{
		{name: "login", path: "/login"},
		{name: "home", path: "/", as: "deelnemer1@kring.example"},
		{name: "themes", path: "/gemeente/thema", as: "gemeente@kring.example"},
		{name: "theme-samenwerking", path: "/gemeente/thema/samenwerking"},
	}
	widths := []struct{ w, h int64 }{{390, 844}, {1280, 800}}
	for _, s := range shots {
		if s.as != "" {
			// A fresh tab (its own cookies) for each account.
			for _, p := range pageProblems(t, ctx, w) {
				t.Errorf("page problem: %s", p)
			}
			ctx, w = newTab(t, browser)
			signInAs(t, ctx, s.as)
		}
		for _, wh := range widths {
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(wh.w, wh.h)); err != nil {
				t.Fatal(err)
			}
			visit(t, ctx, s.path, 200)
			// Let the fonts settle and nothing be focused or hovered.
			evalJS[chromedp.Void](t, ctx, `document.activeElement && document.activeElement.blur()`)
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.fonts.ready.then(() => true)`, chromedp.EvalAwaitPromise)); err != nil {
				t.Fatal(err)
			}
			buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // 100: PNG
			if err != nil {
				t.Fatalf("screenshot %s at %d px: %v", s.name, wh.w, err)
			}
			cfg, err := png.DecodeConfig(bytes.NewReader(buf))
			if err != nil {
				t.Fatalf("screenshot %s at %d px is no PNG: %v", s.name, wh.w, err)
			}
			file := filepath.Join(dir, fmt.Sprintf("%s-%d.png", s.name, wh.w))
			if err := os.WriteFile(file, buf, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %dx%d, %d KB", file, cfg.Width, cfg.Height, len(buf)/1024)
			if len(buf) > 300<<10 {
				t.Errorf("%s is %d KB, more than 300 KB", file, len(buf)>>10)
			}
		}
	}
	for _, p := range pageProblems(t, ctx, w) {
		t.Errorf("page problem: %s", p)
	}
	t.Logf("TestScreenshots took %v", time.Since(start).Round(time.Millisecond))
}
