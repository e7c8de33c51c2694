package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"kring/content"
	"kring/modules"
	"kring/server/auth"
	"kring/server/demo"
	"kring/server/i18n"
	"kring/server/room"
	"kring/server/store"
	"kring/static"
	"kring/views"
)

// testServer is a whole Kring server on a real SQLite file in a temporary folder, driven
// through Fiber's app.Test: the same routes, middleware and templates as production.
type testServer struct {
	t     *testing.T
	srv   *Server
	store *store.Store
	dir   string
}

// newTestServer builds a server with the demo data set (cheap password hashing) unless
// empty is asked for; cfg changes the configuration before the server is built.
func newTestServer(t *testing.T, opts ...func(*Config, *Deps)) *testServer {
	t.Helper()
	dir := t.TempDir()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(dir, "kring.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	msgs, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	cat, err := modules.Load(content.FS)
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Addr: "127.0.0.1:8080", BaseURL: "http://example.com"}
	deps := Deps{Store: st, Policy: auth.DefaultPolicy(), Hasher: auth.NewTestHasher(), Messages: msgs,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Views: views.FS, Static: static.FS, Catalog: cat}
	rooms := room.NewRegistry(room.Config{CheckOrigin: OriginChecker(cfg.BaseURL)}, st, NewMeetingDirectory(st, cat), deps.Logger, prometheus.NewRegistry())
	t.Cleanup(func() { _ = rooms.Shutdown(context.Background()) })
	deps.Rooms = rooms
	for _, o := range opts {
		o(&cfg, &deps)
	}
	if deps.Store != st && deps.Rooms == Rooms(rooms) {
		// An option brought its own store (a clocked one): the rooms must use it too.
		own := room.NewRegistry(room.Config{CheckOrigin: OriginChecker(cfg.BaseURL)}, deps.Store, NewMeetingDirectory(deps.Store, cat), deps.Logger, prometheus.NewRegistry())
		t.Cleanup(func() { _ = own.Shutdown(context.Background()) })
		deps.Rooms = own
	}
	srv, err := New(cfg, deps)
	if err != nil {
		t.Fatal(err)
	}
	return &testServer{t: t, srv: srv, store: st, dir: dir}
}

// withDemo fills the database with the demo data set.
func (ts *testServer) withDemo() *testServer {
	ts.t.Helper()
	if _, err := demo.Seed(context.Background(), ts.store, ts.srv.hasher, ts.srv.cfg.Location); err != nil {
		ts.t.Fatal(err)
	}
	return ts
}

// userID looks up a demo account's id.
func (ts *testServer) userID(email string) int64 {
	ts.t.Helper()
	u, err := ts.store.UserByEmail(context.Background(), email)
	if err != nil {
		ts.t.Fatal(err)
	}
	return u.ID
}

// client is one browser: it keeps cookies between requests.
type client struct {
	ts      *testServer
	cookies map[string]string
	header  http.Header
}

func (ts *testServer) client() *client {
	return &client{ts: ts, cookies: map[string]string{}, header: http.Header{}}
}

// page is an answer with its body read.
type page struct {
	Status   int
	Body     string
	Location string
	Header   http.Header
}

func (c *client) do(req *http.Request) page {
	c.ts.t.Helper()
	var parts []string
	for k, v := range c.cookies {
		parts = append(parts, k+"="+v)
	}
	if len(parts) > 0 {
		req.Header.Set("Cookie", strings.Join(parts, "; "))
	}
	for k, v := range c.header {
		req.Header[k] = v
	}
	resp, err := c.ts.srv.App().Test(req, -1)
	if err != nil {
		c.ts.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for _, ck := range resp.Cookies() {
		if ck.MaxAge < 0 || ck.Value == "" {
			delete(c.cookies, ck.Name)
		} else {
			c.cookies[ck.Name] = ck.Value
		}
	}
	return page{Status: resp.StatusCode, Body: string(body), Location: resp.Header.Get("Location"), Header: resp.Header}
}

// get fetches a path.
func (c *client) get(path string) page {
	c.ts.t.Helper()
	return c.do(httptest.NewRequest(http.MethodGet, path, nil))
}

var csrfRe = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// csrf reads a CSRF token from a page this client can see (its home or the login page).
func (c *client) csrf() string {
	c.ts.t.Helper()
	p := c.get("/login")
	if p.Status == http.StatusSeeOther {
		p = c.get("/account")
	}
	m := csrfRe.FindStringSubmatch(p.Body)
	if m == nil {
		c.ts.t.Fatalf("no CSRF token on the page (status %d)", p.Status)
	}
	return m[1]
}

// post submits a form with the client's CSRF token added (unless the form has one).
func (c *client) post(path string, form url.Values) page {
	c.ts.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["_csrf"]; !ok {
		form.Set("_csrf", c.csrf())
	}
	return c.postRaw(path, form)
}

// postRaw submits a form exactly as given.
func (c *client) postRaw(path string, form url.Values) page {
	c.ts.t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// login signs in through the real form and fails the test unless it worked.
func (c *client) login(email string) *client {
	c.ts.t.Helper()
	p := c.post("/login", url.Values{"email": {email}, "password": {demo.Password}})
	if p.Status != http.StatusSeeOther || strings.HasPrefix(p.Location, "/login") {
		c.ts.t.Fatalf("login as %s: status %d, location %q", email, p.Status, p.Location)
	}
	return c
}

// as returns a signed-in client for a demo account.
func (ts *testServer) as(email string) *client { return ts.client().login(email) }
