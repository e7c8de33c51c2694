package server

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"kring/server/auth"
	"kring/server/demo"
)

// slowHasher makes each hash cost 8 MiB, so parallel checks overlap and an unbounded hasher
// would show more than its slots at once.
func slowHasher(slots int, wait time.Duration) func(*Config, *Deps) {
	return func(_ *Config, d *Deps) {
		d.Hasher = auth.NewHasherWith(auth.HasherConfig{MemoryKiB: 8 * 1024, Slots: slots, Wait: wait})
	}
}

// parallelLogins sends n sign-ins at once (each from its own browser) and returns their statuses
// and bodies.
func parallelLogins(ts *testServer, n int, form func(i int) url.Values) []page {
	clients := make([]*client, n)
	tokens := make([]string, n)
	for i := range clients {
		clients[i] = ts.client()
		tokens[i] = clients[i].csrf()
	}
	out := make([]page, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f := form(i)
			f.Set("_csrf", tokens[i])
			<-start
			out[i] = clients[i].postRaw("/login", f)
		}()
	}
	close(start)
	wg.Wait()
	return out
}

// TestLoginParallelGuesses is the concurrency test of sign-in: 24 parallel wrong passwords
// against one account check at most the account's burst of 5 (the limit's attempt is taken
// before hashing), and 24 parallel attempts on unknown addresses are each hashed (same cost
// as a known one) but never more than the hasher's 2 slots at once, so memory stays bounded.
func TestLoginParallelGuesses(t *testing.T) {
	ts := newTestServer(t, slowHasher(2, time.Minute)).withDemo()
	h := ts.srv.hasher
	const acct = "deelnemer1@kring.example"

	before := h.Stats().Done
	pages := parallelLogins(ts, 24, func(int) url.Values {
		return url.Values{"email": {acct}, "password": {"wrong-password"}}
	})
	checked := h.Stats().Done - before
	var unauthorized, limited int
	for _, p := range pages {
		switch p.Status {
		case http.StatusUnauthorized:
			unauthorized++
		case http.StatusTooManyRequests:
			limited++
		default:
			t.Errorf("status %d", p.Status)
		}
	}
	if checked > 5 || unauthorized != 5 || limited != 19 {
		t.Errorf("24 parallel wrong passwords: %d checked, %d answered 401, %d answered 429; want 5, 5, 19", checked, unauthorized, limited)
	}
	if p := ts.client().post("/login", url.Values{"email": {acct}, "password": {demo.Password}}); p.Status != http.StatusTooManyRequests {
		t.Errorf("right password after the burst: status %d, want 429", p.Status)
	}

	before = h.Stats().Done
	pages = parallelLogins(ts, 24, func(i int) url.Values {
		return url.Values{"email": {fmt.Sprintf("onbekend%d@kring.example", i)}, "password": {"wrong-password"}}
	})
	for _, p := range pages {
		if p.Status != http.StatusUnauthorized {
			t.Errorf("unknown address: status %d, want 401", p.Status)
		}
	}
	if got := h.Stats().Done - before; got != 24 {
		t.Errorf("24 unknown addresses: %d hashed, want 24 (an unknown address costs what a known one does)", got)
	}
	if st := h.Stats(); st.Peak > 2 || st.Running != 0 {
		t.Errorf("hasher %+v: more than its 2 slots ran at once", st)
	}
}

// TestLoginBusy: when every hashing slot stays taken longer than the wait, sign-in answers
// 429 with a clear message and the attempt does not count against the account.
// Each demo account signs in once, all at once, through one slot with a 1 ms wait.
func TestLoginBusy(t *testing.T) {
	ts := newTestServer(t, slowHasher(1, time.Millisecond)).withDemo()
	accounts := demo.Accounts()
	pages := parallelLogins(ts, len(accounts), func(i int) url.Values {
		return url.Values{"email": {accounts[i].Email}, "password": {demo.Password}}
	})
	var busy []string
	for i, p := range pages {
		switch p.Status {
		case http.StatusSeeOther:
		case http.StatusTooManyRequests:
			busy = append(busy, accounts[i].Email)
			if !strings.Contains(p.Body, "veel mensen tegelijk") {
				t.Errorf("busy answer lacks its message: %.300s", p.Body)
			}
		default:
			t.Errorf("status %d", p.Status)
		}
	}
	if len(busy) == 0 {
		t.Fatalf("%d sign-ins at once through one slot with a 1 ms wait: none was turned away", len(accounts))
	}
	for _, email := range busy {
		for i := range 5 {
			if !ts.srv.loginUser.Take(email) {
				t.Fatalf("%s: refused while busy, yet only %d of the 5 attempts are left", email, i)
			}
		}
	}
}

// TestPasswordChangeParallelGuesses: the current-password check on the account page takes the
// same per-account attempt before hashing.
func TestPasswordChangeParallelGuesses(t *testing.T) {
	ts := newTestServer(t, slowHasher(2, time.Minute)).withDemo()
	c := ts.as("deelnemer2@kring.example")
	tok := c.csrf()
	before := ts.srv.hasher.Stats().Done
	var wg sync.WaitGroup
	statuses := make([]int, 16)
	for i := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req := formRequest("/account/password", url.Values{"_csrf": {tok}, "current": {"wrong-password"},
				"password": {"a-new-long-password"}, "confirm": {"a-new-long-password"}}, nil)
			req.Header.Set("Cookie", sessionCookie+"="+c.cookies[sessionCookie])
			resp, err := ts.srv.App().Test(req, -1)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			statuses[i] = resp.StatusCode
		}()
	}
	wg.Wait()
	if got := ts.srv.hasher.Stats().Done - before; got > 5 {
		t.Errorf("16 parallel wrong current passwords: %d checked, want at most the burst of 5", got)
	}
	for _, s := range statuses {
		if s != http.StatusUnprocessableEntity {
			t.Errorf("status %d, want 422", s)
		}
	}
}

func TestClientAddr(t *testing.T) {
	trusted, err := ParseTrustedProxies("127.0.0.1, 10.0.0.0/8 ::1")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		peer   string
		header []string
		want   string
	}{
		{"no header", "10.1.1.1", nil, "10.1.1.1"},
		{"untrusted peer: header ignored", "203.0.113.9", []string{"198.51.100.1"}, "203.0.113.9"},
		{"trusted proxy", "127.0.0.1", []string{"198.51.100.1"}, "198.51.100.1"},
		{"client-written left part ignored", "127.0.0.1", []string{"1.2.3.4, 198.51.100.1"}, "198.51.100.1"},
		{"chain of trusted proxies", "10.0.0.2", []string{"6.6.6.6, 198.51.100.1, 10.0.0.7, 127.0.0.1"}, "198.51.100.1"},
		{"several header lines", "10.0.0.2", []string{"6.6.6.6", "198.51.100.1, 10.0.0.3"}, "198.51.100.1"},
		{"not an address", "127.0.0.1", []string{"1.2.3.4, evil"}, "127.0.0.1"},
		{"not an address beyond the client", "127.0.0.1", []string{"evil, 198.51.100.1"}, "198.51.100.1"},
		{"empty value", "127.0.0.1", []string{""}, "127.0.0.1"},
		{"only trusted", "127.0.0.1", []string{"10.0.0.1"}, "127.0.0.1"},
		{"ipv6 client", "::1", []string{" 2001:db8::1 "}, "2001:db8::1"},
		{"mapped ipv4 proxy", "127.0.0.1", []string{"198.51.100.1, ::ffff:10.0.0.9"}, "198.51.100.1"},
		{"address with port is not an address", "127.0.0.1", []string{"198.51.100.1:4444"}, "127.0.0.1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := clientAddr(tc.peer, tc.header, trusted); got != tc.want {
				t.Errorf("clientAddr(%q, %q) = %q, want %q", tc.peer, tc.header, got, tc.want)
			}
		})
	}
	if got := clientAddr("127.0.0.1", []string{"198.51.100.1"}, nil); got != "127.0.0.1" {
		t.Errorf("no trusted proxies configured: header believed (%q)", got)
	}
	for _, bad := range []string{"10.0.0.0/33", "proxy.example", "10.0.0.1/8/2"} {
		if _, err := ParseTrustedProxies(bad); err == nil {
			t.Errorf("ParseTrustedProxies(%q) accepted", bad)
		}
	}
	if p, _ := ParseTrustedProxies("10.1.2.3/8"); len(p) != 1 || p[0] != netip.MustParsePrefix("10.0.0.0/8") {
		t.Errorf("prefix not masked: %v", p)
	}
}

// TestProxyHeaderNeedsTrustedPeer: through the real login, a client that writes its own
// X-Forwarded-For cannot get a fresh address limit, unless it is a configured proxy.
func TestProxyHeaderNeedsTrustedPeer(t *testing.T) {
	ts := newTestServer(t, func(c *Config, _ *Deps) { c.ProxyHeader = "X-Forwarded-For" })
	ts.srv.loginIP = auth.NewLimiter(2, time.Hour)
	try := func(xff string) int {
		c := ts.client()
		req := formRequest("/login", url.Values{"_csrf": {c.csrf()}, "email": {"x@kring.example"}, "password": {"wrong-password"}},
			http.Header{"X-Forwarded-For": {xff}})
		ts.srv.loginUser.Reset("x@kring.example")
		return c.do(req).Status
	}
	for i, want := range []int{401, 401, 429} { // app.Test's peer is 0.0.0.0: not trusted
		if got := try(fmt.Sprintf("198.51.100.%d", i)); got != want {
			t.Errorf("untrusted peer, forged header %d: status %d, want %d", i, got, want)
		}
	}
	ts.srv.cfg.TrustedProxies, _ = ParseTrustedProxies("0.0.0.0")
	for i, want := range []int{401, 401, 429, 401} {
		xff := "198.51.100.7"
		if i == 3 {
			xff = "198.51.100.8"
		}
		if got := try("1.1.1.1, " + xff); got != want {
			t.Errorf("trusted peer, attempt %d from %s: status %d, want %d", i, xff, got, want)
		}
	}
}

// TestSessionAbsoluteLifetime: a session in constant use still ends SessionMaxAge after
// sign-in, while the idle timeout keeps sliding before that.
func TestSessionAbsoluteLifetime(t *testing.T) {
	ts, clk := newClockedTestServer(t, func(c *Config, _ *Deps) { c.SessionMaxAge = 7 * 24 * time.Hour })
	ts.withDemo()
	c := ts.as("deelnemer1@kring.example")
	for h := 6; h < 7*24; h += 6 {
		clk.advance(6 * time.Hour)
		if p := c.get("/"); p.Status != http.StatusOK {
			t.Fatalf("after %d h of use: status %d, want 200 (the 12 h idle timeout slides)", h, p.Status)
		}
	}
	clk.advance(6*time.Hour + time.Minute) // 7 days and a minute after sign-in
	if p := c.get("/"); p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/login") {
		t.Errorf("7 days after sign-in: status %d location %q, want 303 to /login", p.Status, p.Location)
	}
}

// TestNoStore: every answer to a signed-in person, and every non-static answer, carries
// Cache-Control: no-store; static files keep their caching. Every GET route of the table is
// walked, so an export added later is covered without a new row.
func TestNoStore(t *testing.T) {
	ts := newTestServer(t).withDemo()
	admin := ts.as("gemeente@kring.example")
	coach := ts.as("coach@kring.example")
	for _, r := range ts.srv.Routes() {
		if r.Method != http.MethodGet {
			continue
		}
		path := strings.NewReplacer(":id", "1", ":slug", "snv-basis", ":lesson", "1", ":token", "x", ":code", "x", ":uid", "1").Replace(r.Path)
		for name, c := range map[string]*client{"admin": admin, "coach": coach, "anonymous": ts.client()} {
			p := c.get(path)
			if got := p.Header.Get("Cache-Control"); got != "no-store" {
				t.Errorf("%s GET %s (%d): Cache-Control %q, want no-store", name, path, p.Status, got)
			}
		}
	}
	p := admin.get("/static/css/kring.css")
	if cc := p.Header.Get("Cache-Control"); p.Status != http.StatusOK || strings.Contains(cc, "no-store") || !strings.Contains(cc, "max-age") {
		t.Errorf("static file: status %d, Cache-Control %q, want cached", p.Status, cc)
	}
	if p := admin.post("/account", url.Values{"name": {"Beheerder"}}); p.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("POST answer: Cache-Control %q", p.Header.Get("Cache-Control"))
	}
}

// TestNoStoreKeepsPublicThemeCache: an anonymous visitor's theme stylesheet keeps its own
// public caching; a signed-in person's does not.
func TestNoStoreKeepsPublicThemeCache(t *testing.T) {
	ts := newTestServer(t, func(c *Config, _ *Deps) {
		c.Theme.CSSPath = filepath.Join("testdata", "themes", "voorbeeld", "theme.css")
	}).withDemo()
	if cc := ts.client().get("/theme.css").Header.Get("Cache-Control"); !strings.Contains(cc, "public") {
		t.Errorf("anonymous theme.css: Cache-Control %q, want its own public policy", cc)
	}
	if cc := ts.as("coach@kring.example").get("/theme.css").Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("signed-in theme.css: Cache-Control %q, want no-store", cc)
	}
}

// TestReadyz: ready while the database takes writes; 503 with a reason within the probe's
// time when another connection holds the write lock; /healthz (liveness) stays 200 meanwhile.
func TestReadyz(t *testing.T) {
	ts := newTestServer(t)
	p := ts.client().get("/readyz")
	var body map[string]string
	if p.Status != http.StatusOK || json.Unmarshal([]byte(p.Body), &body) != nil || body["status"] != "ready" {
		t.Fatalf("readyz: %d %q", p.Status, p.Body)
	}
	if p.Header.Get("Cache-Control") != "no-store" {
		t.Error("readyz may be cached")
	}

	other, err := sql.Open("sqlite3", "file:"+filepath.Join(ts.dir, "kring.db")+"?_busy_timeout=100")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), "BEGIN EXCLUSIVE"); err != nil {
		t.Fatal(err)
	}
	ts.srv.ready.at = time.Now() // as if the good heartbeat above were just now
	if p := ts.client().get("/readyz"); p.Status != http.StatusOK {
		t.Errorf("within a second of a good heartbeat: %d, want the remembered 200 (no write per request)", p.Status)
	}
	ts.srv.ready.at = time.Time{} // the second is over
	started := time.Now()
	p = ts.client().get("/readyz")
	took := time.Since(started)
	body = nil
	if p.Status != http.StatusServiceUnavailable || json.Unmarshal([]byte(p.Body), &body) != nil || body["reason"] != "database locked" {
		t.Errorf("locked database: %d %q, want 503 with reason \"database locked\"", p.Status, p.Body)
	}
	if took > 5*time.Second {
		t.Errorf("readyz took %v on a locked database; a probe needs an answer within seconds", took)
	}
	if p := ts.client().get("/healthz"); p.Status != http.StatusOK {
		t.Errorf("healthz (liveness) on a locked database: %d, want 200", p.Status)
	}
	if _, err := conn.ExecContext(context.Background(), "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	ts.srv.ready.at = time.Time{}
	if p := ts.client().get("/readyz"); p.Status != http.StatusOK {
		t.Errorf("readyz after the lock is gone: %d %q", p.Status, p.Body)
	}
}

// TestOriginIgnoresForwardedHost: a forged X-Forwarded-Host naming the attacker's site does
// not make the attacker's Origin "the same origin".
func TestOriginIgnoresForwardedHost(t *testing.T) {
	ts := newTestServer(t).withDemo()
	c := ts.as("coach@kring.example")
	tok := c.csrf()
	post := func(h http.Header) page {
		return c.do(formRequest("/account", url.Values{"_csrf": {tok}, "name": {"Gewijzigd"}}, h))
	}
	for _, h := range []http.Header{
		{"Origin": {"http://evil.example"}, "X-Forwarded-Host": {"evil.example"}},
		{"Origin": {"https://evil.example"}, "X-Forwarded-Host": {"evil.example"}, "X-Forwarded-Proto": {"https"}},
		{"Origin": {"http://evil.example"}, "Forwarded": {"host=evil.example"}},
	} {
		if p := post(h); p.Status != http.StatusForbidden {
			t.Errorf("Origin %s with %v: status %d, want 403", h.Get("Origin"), h, p.Status)
		}
	}
	if u, _ := ts.store.UserByEmail(context.Background(), "coach@kring.example"); u.Name == "Gewijzigd" {
		t.Fatal("a forged-origin POST changed the name")
	}
	if p := post(http.Header{"Origin": {"http://example.com"}}); p.Status != http.StatusSeeOther {
		t.Errorf("own origin (the base URL): status %d, want 303", p.Status)
	}
	req := formRequest("/account", url.Values{"_csrf": {tok}, "name": {"Gewijzigd"}}, http.Header{"Origin": {"http://kring.test:8080"}})
	req.Host = "kring.test:8080"
	if p := c.do(req); p.Status != http.StatusSeeOther {
		t.Errorf("origin equal to the request's own Host: status %d, want 303", p.Status)
	}
}

// TestHashMetrics: the hasher's load is on /metrics, so an operator sees a sign-in storm.
func TestHashMetrics(t *testing.T) {
	ts := newTestServer(t).withDemo()
	p := ts.as("gemeente@kring.example").get("/metrics")
	for _, want := range []string{"kring_password_hash_slots 4", "kring_password_hashes_running 0", "kring_password_hashes_total "} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if strings.Contains(p.Body, "kring_password_hashes_total 0\n") {
		t.Error("the sign-in's hash was not counted")
	}
}
