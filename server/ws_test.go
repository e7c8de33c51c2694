package server

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"kring/server/demo"
)

// liveServer runs the app on a real TCP listener: app.Test does not hijack connections, so
// only this exercises the websocket upgrade through fasthttp's net/http adaptor.
func liveServer(t testing.TB) (ts *testServer, base string) {
	t.Helper()
	ts = newTestServer(t).withDemo()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = ts.srv.App().Listener(ln)
	}()
	t.Cleanup(func() {
		_ = ts.srv.App().ShutdownWithTimeout(5 * time.Second)
		<-done
	})
	return ts, "http://" + ln.Addr().String()
}

// signInHTTP signs in over real HTTP like a browser: GET /login, read the CSRF token, POST.
func signInHTTP(t testing.TB, base, email string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	resp, err := hc.Get(base + "/login")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := csrfRe.FindStringSubmatch(string(body))
	if m == nil {
		t.Fatalf("no CSRF token on /login (status %d)", resp.StatusCode)
	}
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err = hc.PostForm(base+"/login", url.Values{"_csrf": {m[1]}, "email": {email}, "password": {demo.Password}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
		t.Fatalf("sign in over HTTP: status %d location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	return hc
}

func wsHeader(hc *http.Client, base, origin string) http.Header {
	h := http.Header{}
	if origin != "" {
		h.Set("Origin", origin)
	}
	if hc != nil {
		u, _ := url.Parse(base)
		var parts []string
		for _, ck := range hc.Jar.Cookies(u) {
			parts = append(parts, ck.Name+"="+ck.Value)
		}
		h.Set("Cookie", strings.Join(parts, "; "))
	}
	return h
}

func wsURL(base string) string { return "ws" + strings.TrimPrefix(base, "http") + "/ws/ping" }

// If this fails with "response does not implement http.Hijacker" or a bad handshake, fasthttp
// was downgraded: it must be v1.68 or newer (keep the explicit require in go.mod).
func TestWebsocketEchoNeedsFasthttpAtLeastV1_68(t *testing.T) {
	_, base := liveServer(t)
	hc := signInHTTP(t, base, "deelnemer1@kring.example")
	d := websocket.Dialer{HandshakeTimeout: 5 * time.Second}
	conn, resp, err := d.Dial(wsURL(base), wsHeader(hc, base, base))
	if err != nil {
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		t.Fatalf("websocket upgrade through a real listener failed (status %d): %v\n"+
			"fasthttp must be >= v1.68: the net/http adaptor must implement http.Hijacker for gorilla/websocket "+
			"(keep `require github.com/valyala/fasthttp` in go.mod)", status, err)
	}
	defer conn.Close()
	for _, msg := range []string{"hallo kring", `{"op":"hello","since":0}`, strings.Repeat("x", 2000)} {
		_ = conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
		if err := conn.WriteMessage(websocket.TextMessage, []byte(msg)); err != nil {
			t.Fatalf("write: %v", err)
		}
		_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		kind, got, err := conn.ReadMessage()
		if err != nil {
			t.Fatalf("read echo (fasthttp must be >= v1.68 for hijacked websocket connections): %v", err)
		}
		if kind != websocket.TextMessage || string(got) != msg {
			t.Errorf("echo: kind %d %q, want text %q", kind, got, msg)
		}
	}
	_ = conn.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""))
}

func TestWebsocketRefusals(t *testing.T) {
	_, base := liveServer(t)
	hc := signInHTTP(t, base, "deelnemer1@kring.example")
	cases := []struct {
		name   string
		client *http.Client
		origin string
		status []int
	}{
		{"no session", nil, base, []int{http.StatusSeeOther, http.StatusUnauthorized}},
		{"foreign origin", hc, "http://evil.example", []int{http.StatusForbidden}},
		{"look-alike origin", hc, base + ".evil.example", []int{http.StatusForbidden}},
		{"no origin", hc, "", []int{http.StatusForbidden}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := websocket.Dialer{HandshakeTimeout: 5 * time.Second}
			conn, resp, err := d.Dial(wsURL(base), wsHeader(tc.client, base, tc.origin))
			if err == nil {
				conn.Close()
				t.Fatal("websocket upgrade succeeded")
			}
			if !errors.Is(err, websocket.ErrBadHandshake) || resp == nil {
				t.Fatalf("dial error %v, want a refused handshake", err)
			}
			ok := false
			for _, s := range tc.status {
				ok = ok || resp.StatusCode == s
			}
			if !ok {
				t.Errorf("status %d, want one of %v", resp.StatusCode, tc.status)
			}
		})
	}
	// A signed-out session cannot reconnect.
	u, _ := url.Parse(base)
	var tok string
	resp, err := hc.Get(base + "/account")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if m := csrfRe.FindStringSubmatch(string(body)); m != nil {
		tok = m[1]
	}
	old := hc.Jar.Cookies(u)
	resp, err = hc.PostForm(base+"/logout", url.Values{"_csrf": {tok}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	stale := http.Header{"Origin": {base}}
	for _, ck := range old {
		stale.Add("Cookie", ck.Name+"="+ck.Value)
	}
	d := websocket.Dialer{HandshakeTimeout: 5 * time.Second}
	if conn, _, err := d.DialContext(context.Background(), wsURL(base), stale); err == nil {
		conn.Close()
		t.Error("websocket upgrade with a logged-out session succeeded")
	}
}

// The room's websocket is upgraded on the connection fasthttp hands over (ws_hijack.go), not
// through the adaptor: refusals still get their HTTP status, and an accepted connection keeps
// working after fasthttp's handler returned (KeepHijackedConns: fasthttp must not close it).
func TestMeetingSocketUpgradesOnTheHijackedConnection(t *testing.T) {
	ts, base := liveServer(t)
	hc := signInHTTP(t, base, "deelnemer1@kring.example")
	m := ts.demoMeeting()
	u := "ws" + strings.TrimPrefix(base, "http") + "/meetings/" + strconv.FormatInt(m.ID, 10) + "/ws"
	for _, tc := range []struct {
		name   string
		origin string
		status int
	}{
		{"foreign origin", "http://evil.example", http.StatusForbidden},
		{"no origin", "", http.StatusForbidden},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := websocket.Dialer{HandshakeTimeout: 5 * time.Second}
			conn, resp, err := d.Dial(u, wsHeader(hc, base, tc.origin))
			if err == nil {
				conn.Close()
				t.Fatal("websocket upgrade succeeded")
			}
			if resp == nil || resp.StatusCode != tc.status {
				t.Fatalf("dial: %v, response %+v, want status %d", err, resp, tc.status)
			}
		})
	}
	resp, err := hc.Get(strings.Replace(u, "ws", "http", 1))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("plain GET of the socket: status %d, want 400", resp.StatusCode)
	}

	conn := openRoom(t, ts, base, hc)
	time.Sleep(300 * time.Millisecond) // long after the hijack handler returned
	if err := conn.WriteJSON(map[string]any{"op": "card.add", "id": "hijack-1", "board": "case", "text": "Na de overdracht"}); err != nil {
		t.Fatal(err)
	}
	for {
		_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		var f struct{ Type, ID string }
		if err := conn.ReadJSON(&f); err != nil {
			t.Fatalf("no ack on the hijacked connection: %v", err)
		}
		if f.Type == "error" {
			t.Fatalf("card refused: %+v", f)
		}
		if f.Type == "ack" && f.ID == "hijack-1" {
			break
		}
	}
}
