package server

// Shared helpers for the tests that drive a real Chromium through chromedp: the whole Kring
// server on a real listener, one headless browser per test, a fresh tab (with its own cookie
// jar) per scenario, sign-in through the real login form and a watch on the things a page must
// never do (CSP violations, failed loads, script errors).
//
// A browser test never skips: when Chromium cannot be found or started it fails, in CI and
// on a workstation alike, and says how to get a browser.

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"kring/server/demo"
)

// browserTimeout bounds one browser test, browser start included.
const browserTimeout = 60 * time.Second

const installChromium = "install Debian's chromium (apt-get install chromium) or set KRING_CHROMIUM"

// chromiumPath finds the browser: $KRING_CHROMIUM, /usr/bin/chromium, or chromium in PATH.
func chromiumPath() (string, error) {
	if p := os.Getenv("KRING_CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("KRING_CHROMIUM=%q: %w", p, err)
		}
		return p, nil
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium", nil
	}
	p, err := exec.LookPath("chromium")
	if err != nil {
		return "", errors.New("no /usr/bin/chromium and no chromium in PATH")
	}
	return p, nil
}

// browserServer starts a Kring server with the demo data on a real listener at 127.0.0.1 and
// returns it with its base URL (http://127.0.0.1:port). opts change the configuration as in
// newTestServer; BaseURL and Addr are set to the listener's address first.
func browserServer(t *testing.T, opts ...func(*Config, *Deps)) (*testServer, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	opts = append([]func(*Config, *Deps){func(c *Config, _ *Deps) {
		c.Addr = ln.Addr().String()
		c.BaseURL = base
	}}, opts...)
	ts := newTestServer(t, opts...).withDemo()
	done := make(chan error, 1)
	go func() { done <- ts.srv.App().Listener(ln) }()
	t.Cleanup(func() {
		if err := ts.srv.App().ShutdownWithTimeout(5 * time.Second); err != nil {
			t.Errorf("shutdown: %v", err)
		}
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve: %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Errorf("server did not stop")
		}
	})
	// Wait until it serves: a Shutdown that comes before Serve would not stop it.
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("server at %s does not answer /healthz: %v", base, err)
		}
	}
	return ts, base
}

type baseURLKey struct{}

// newBrowser starts one headless Chromium for the test (a fresh profile, no background
// traffic) and returns its context, bounded by browserTimeout. Open pages in tabs made with
// newTab. It fails the test, never skips it, when there is no browser.
func newBrowser(t *testing.T, baseURL string) context.Context {
	t.Helper()
	return newBrowserWithin(t, baseURL, browserTimeout)
}

// newBrowserWithin is newBrowser bounded by limit instead of browserTimeout, for a test that
// walks many pages (the axe-core checks).
func newBrowserWithin(t *testing.T, baseURL string, limit time.Duration) context.Context {
	t.Helper()
	ci := ""
	if os.Getenv("CI") == "true" {
		ci = " (CI=true: browser tests never skip)"
	}
	path, err := chromiumPath()
	if err != nil {
		t.Fatalf("browser test: Chromium not found: %v; %s%s", err, installChromium, ci)
	}
	ctx, cancel := context.WithTimeout(context.WithValue(context.Background(), baseURLKey{}, strings.TrimRight(baseURL, "/")), limit)
	var out syncBuffer
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-breakpad", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		// Nothing may move under a click: the Utrecht CSS scrolls smoothly to an anchor unless
		// reduced motion is asked for (newTab also emulates the media feature per tab).
		chromedp.Flag("force-prefers-reduced-motion", true),
		// Kring's users are Dutch: ask for Dutch pages, as their browsers do.
		chromedp.Flag("lang", "nl-NL"),
		chromedp.Flag("accept-lang", "nl-NL,nl"),
		chromedp.WindowSize(1280, 800),
		chromedp.CombinedOutput(&out),
		// No UserDataDir: chromedp makes a fresh temporary profile and removes it afterwards.
	)
	bctx, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		_ = chromedp.Cancel(bctx) // closes the browser and waits for it
		cancelBrowser()
		cancelAlloc()
		cancel()
	})
	start := time.Now()
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("browser test: cannot start Chromium at %s: %v\n%s\n%s%s", path, err, strings.TrimSpace(out.String()), installChromium, ci)
	}
	t.Logf("Chromium started in %v", time.Since(start).Round(time.Millisecond))
	return bctx
}

// syncBuffer collects the browser's output, written from another goroutine.
type syncBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.buf.Len() < 64<<10 {
		b.buf.Write(p)
	}
	return len(p), nil
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// pageWatch records what went wrong in a tab: CSP violations (as the page's
// securitypolicyviolation event and as browser log entries), failed or 4xx/5xx loads of
// sub-resources, console errors and uncaught exceptions.
type pageWatch struct {
	mu       sync.Mutex
	problems []string
	docs     map[network.RequestID]bool
}

func (w *pageWatch) add(format string, args ...any) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.problems = append(w.problems, fmt.Sprintf(format, args...))
}

func (w *pageWatch) listen(ev any) {
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		if ev.Type == network.ResourceTypeDocument {
			w.mu.Lock()
			w.docs[ev.RequestID] = true
			w.mu.Unlock()
		}
	case *network.EventResponseReceived:
		// A document may answer 401/422 on purpose (a failed sign-in); its sub-resources may not.
		if ev.Type != network.ResourceTypeDocument && ev.Response != nil && ev.Response.Status >= 400 {
			w.add("%s %s: HTTP %d", ev.Type, ev.Response.URL, ev.Response.Status)
		}
	case *network.EventLoadingFailed:
		w.mu.Lock()
		doc := w.docs[ev.RequestID]
		w.mu.Unlock()
		if !(doc && ev.Canceled) {
			w.add("%s load failed: %s %s", ev.Type, ev.ErrorText, ev.BlockedReason)
		}
	case *log.EventEntryAdded:
		e := ev.Entry
		if e == nil || e.Level != log.EntryLevelError {
			return
		}
		// Chromium logs the status of a document answered with 4xx as an error too; the
		// response check above decides about those.
		if e.Source == log.EntrySourceNetwork && strings.Contains(e.Text, "the server responded with a status of") && isDocumentURL(e.URL) {
			return
		}
		w.add("browser log (%s): %s %s", e.Source, e.Text, e.URL)
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var parts []string
			for _, a := range ev.Args {
				if a.Value != nil {
					parts = append(parts, string(a.Value))
				} else {
					parts = append(parts, a.Description)
				}
			}
			w.add("console.%s: %s", ev.Type, strings.Join(parts, " "))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil {
			text += " " + d.Exception.Description
		}
		w.add("uncaught exception: %s (%s:%d)", text, d.URL, d.LineNumber+1)
	}
}

// isDocumentURL tells whether a logged URL is a page rather than a sub-resource.
func isDocumentURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	return !strings.HasPrefix(u.Path, "/static/") && u.Path != "/theme.css" && u.Path != "/brand-logo"
}

// take returns the problems seen since the last call and forgets them.
func (w *pageWatch) take() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	p := w.problems
	w.problems = nil
	return p
}

// cspRecorder runs in every document before the page's own scripts (DevTools-injected, so the
// page's CSP does not apply to it) and keeps the page's securitypolicyviolation events.
const cspRecorder = `window.__kringCSP = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__kringCSP.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + (e.sourceFile ? ' (' + e.sourceFile + ':' + e.lineNumber + ')' : ''));
});`

// newTab opens a tab in the test's browser with its own cookie jar (a new browser context),
// so sessions of different servers or users never mix, and watches it for problems.
func newTab(t *testing.T, browser context.Context) (context.Context, *pageWatch) {
	t.Helper()
	w := &pageWatch{docs: map[network.RequestID]bool{}}
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext(), chromedp.WithListener(w.listen))
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: cspRecorder}); err != nil {
			return err
		}
		return askReducedMotion(ctx, tg)
	})); err != nil {
		t.Fatalf("open tab: %v", err)
	}
	if !evalJS[bool](t, ctx, `matchMedia('(prefers-reduced-motion: reduce)').matches`) {
		t.Fatal("open tab: the tab does not ask for reduced motion; a smooth scroll could move the page under a click")
	}
	return ctx, w
}

// askReducedMotion makes the tab ask for reduced motion, as a person with that setting does:
// without it the Utrecht CSS scrolls smoothly to a #fragment after a redirect, for about a
// second after load, and a click computed at the start of that scroll lands on another element.
func askReducedMotion(ctx context.Context, tg *chromedp.Target) error {
	_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}},
	})
	return err
}

// choose clicks a radio button or checkbox and fails at once when it did not take, instead
// of letting the form send the previous choice and the test time out waiting for the answer.
func choose(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible)); err != nil {
		t.Fatalf("click %s: %v", sel, err)
	}
	if !evalJS[bool](t, ctx, fmt.Sprintf(`!!document.querySelector(%q)?.checked`, sel)) {
		t.Fatalf("clicked %s but it is not checked: the click landed elsewhere (did the page move?)", sel)
	}
}

// absURL turns a path into a URL on the server of the browser context.
func absURL(ctx context.Context, path string) string {
	base, _ := ctx.Value(baseURLKey{}).(string)
	return base + path
}

// visit loads a page and fails the test unless the server answered with want.
func visit(t *testing.T, ctx context.Context, path string, want int64) {
	t.Helper()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(absURL(ctx, path)))
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	if resp.Status != want {
		t.Fatalf("open %s: HTTP %d, want %d", path, resp.Status, want)
	}
}

// evalJS evaluates an expression in the page and returns its value.
func evalJS[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %.80q: %v", expr, err)
	}
	return v
}

// currentPath is the path (with query) of the page in the tab.
func currentPath(t *testing.T, ctx context.Context) string {
	t.Helper()
	return evalJS[string](t, ctx, `location.pathname + location.search`)
}

// loginSubmit selects the sign-in button (the header holds another submit button: the
// language switch).
const loginSubmit = `form[action="/login"] button[type="submit"]`

// signIn opens the real login page, types the e-mail address and password into #f-email and
// #f-password, clicks the submit button and waits for the answer page. It returns the HTTP
// response of the page the browser ended on.
func signIn(ctx context.Context, email, password string) (*network.Response, error) {
	if err := chromedp.Do(ctx,
		chromedp.Navigate(absURL(ctx, "/login")),
		chromedp.WaitVisible(chromedp.CSS("#f-email")),
		chromedp.SendKeys(chromedp.CSS("#f-email"), email),
		chromedp.SendKeys(chromedp.CSS("#f-password"), password),
	); err != nil {
		return nil, fmt.Errorf("fill in the login form: %w", err)
	}
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(loginSubmit), chromedp.NodeVisible))
	if err != nil {
		return nil, fmt.Errorf("submit the login form: %w", err)
	}
	return resp, nil
}

// signInAs signs a demo account in through the login page and fails the test unless the
// browser lands on the home page.
func signInAs(t *testing.T, ctx context.Context, email string) {
	t.Helper()
	resp, err := signIn(ctx, email, demo.Password)
	if err != nil {
		t.Fatal(err)
	}
	if p := currentPath(t, ctx); resp.Status != 200 || p != "/" {
		t.Fatalf("sign in as %s: ended on %s with HTTP %d, want / with 200", email, p, resp.Status)
	}
}

// pageProblems returns the problems the watch saw plus the CSP violations the page recorded,
// and forgets them.
func pageProblems(t *testing.T, ctx context.Context, w *pageWatch) []string {
	t.Helper()
	p := w.take()
	for _, v := range evalJS[[]string](t, ctx, `window.__kringCSP || []`) {
		p = append(p, "CSP violation: "+v)
	}
	return p
}
