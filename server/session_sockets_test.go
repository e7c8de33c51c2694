package server

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"kring/server/auth"
	"kring/server/demo"
	"kring/server/room"
)

// csrfOver reads the CSRF token of a signed-in real-HTTP client from its account page.
func csrfOver(t *testing.T, hc *http.Client, base string) string {
	t.Helper()
	resp, err := hc.Get(base + "/account")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := csrfRe.FindStringSubmatch(string(body))
	if m == nil {
		t.Fatalf("no CSRF token on /account (status %d)", resp.StatusCode)
	}
	return m[1]
}

// postOver posts a form with the client's CSRF token and expects a redirect.
func postOver(t *testing.T, hc *http.Client, base, path string, form url.Values) {
	t.Helper()
	form.Set("_csrf", csrfOver(t, hc, base))
	resp, err := hc.PostForm(base+path, form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST %s: status %d, want 303", path, resp.StatusCode)
	}
}

// openRoom dials the live room of the demo meeting as a signed-in client and waits for the
// snapshot, so the connection is fully registered.
func openRoom(t testing.TB, ts *testServer, base string, hc *http.Client) *websocket.Conn {
	t.Helper()
	m := ts.demoMeeting()
	u := "ws" + strings.TrimPrefix(base, "http") + "/meetings/" + strconv.FormatInt(m.ID, 10) + "/ws"
	d := websocket.Dialer{HandshakeTimeout: 5 * time.Second}
	conn, resp, err := d.Dial(u, wsHeader(hc, base, base))
	if err != nil {
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		t.Fatalf("dial the room: %v (status %d)", err, status)
	}
	t.Cleanup(func() { conn.Close() })
	if err := conn.WriteJSON(map[string]any{"op": "hello", "since": 0}); err != nil {
		t.Fatal(err)
	}
	for {
		_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		var f struct{ Type string }
		if err := conn.ReadJSON(&f); err != nil {
			t.Fatalf("before the snapshot: %v", err)
		}
		if f.Type == "snapshot" {
			return conn
		}
	}
}

// closedWithin reads until the connection ends and reports its close code; it fails when the
// connection is still open after d.
func closedWithin(t *testing.T, conn *websocket.Conn, d time.Duration) int {
	t.Helper()
	deadline := time.Now().Add(d)
	_ = conn.SetReadDeadline(deadline)
	for {
		_, _, err := conn.ReadMessage()
		if err == nil {
			continue
		}
		var ce *websocket.CloseError
		if errors.As(err, &ce) {
			return ce.Code
		}
		var ne interface{ Timeout() bool }
		if errors.As(err, &ne) && ne.Timeout() {
			t.Fatalf("the room connection is still open %v after the session ended", d)
		}
		return -1 // closed without a close frame
	}
}

// Ending a session closes that person's live room connections within a second: sign-out (only
// that browser's), a password change from another browser (all of them), a disabled account
// and a role change.
func TestRoomSocketsCloseWhenTheSessionEnds(t *testing.T) {
	ts, base := liveServer(t)
	const who = "deelnemer1@kring.example"
	cases := []struct {
		name string
		end  func(t *testing.T, own *http.Client)
	}{
		{"sign-out", func(t *testing.T, own *http.Client) { postOver(t, own, base, "/logout", url.Values{}) }},
		{"password changed in another browser", func(t *testing.T, _ *http.Client) {
			other := signInHTTP(t, base, who)
			postOver(t, other, base, "/account/password", url.Values{"current": {demo.Password},
				"password": {"een nieuw lang wachtwoord"}, "confirm": {"een nieuw lang wachtwoord"}})
			// Back to the demo password for the next case.
			postOver(t, other, base, "/account/password", url.Values{"current": {"een nieuw lang wachtwoord"},
				"password": {demo.Password}, "confirm": {demo.Password}})
		}},
		{"disabled by the coordinator", func(t *testing.T, _ *http.Client) {
			coord := signInHTTP(t, base, "coordinator@kring.example")
			postOver(t, coord, base, "/org/people/"+strconv.FormatInt(ts.userID(who), 10)+"/disable", url.Values{})
			postOver(t, coord, base, "/org/people/"+strconv.FormatInt(ts.userID(who), 10)+"/enable", url.Values{})
		}},
		{"role changed by the municipality", func(t *testing.T, _ *http.Client) {
			muni := signInHTTP(t, base, "gemeente@kring.example")
			postOver(t, muni, base, "/admin/users/"+strconv.FormatInt(ts.userID(who), 10)+"/role", url.Values{"role": {"coach"}})
			postOver(t, muni, base, "/admin/users/"+strconv.FormatInt(ts.userID(who), 10)+"/role", url.Values{"role": {"trainee"}})
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			own := signInHTTP(t, base, who)
			conn := openRoom(t, ts, base, own)
			// Someone else in the same room stays connected.
			bystander := openRoom(t, ts, base, signInHTTP(t, base, "deelnemer2@kring.example"))
			start := time.Now()
			tc.end(t, own)
			if code := closedWithin(t, conn, time.Second+time.Since(start)); code != room.CodeSessionEnded {
				t.Errorf("close code %d, want %d", code, room.CodeSessionEnded)
			}
			_ = bystander.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
			for {
				_, _, err := bystander.ReadMessage()
				var ne interface{ Timeout() bool }
				if errors.As(err, &ne) && ne.Timeout() {
					break // still open: good
				}
				if err != nil {
					t.Fatalf("the bystander's connection closed too: %v", err)
				}
			}
		})
	}
}

// Signing out in one browser leaves the same person's room connection in another browser open.
func TestSignOutClosesOnlyThatBrowsersSockets(t *testing.T) {
	ts, base := liveServer(t)
	const who = "deelnemer3@kring.example"
	a, b := signInHTTP(t, base, who), signInHTTP(t, base, who)
	connA, connB := openRoom(t, ts, base, a), openRoom(t, ts, base, b)
	postOver(t, a, base, "/logout", url.Values{})
	if code := closedWithin(t, connA, time.Second); code != room.CodeSessionEnded {
		t.Errorf("signed-out browser: close code %d", code)
	}
	_ = connB.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
	for {
		_, _, err := connB.ReadMessage()
		var ne interface{ Timeout() bool }
		if errors.As(err, &ne) && ne.Timeout() {
			return
		}
		if err != nil {
			t.Fatalf("the other browser's connection closed: %v", err)
		}
	}
}

// A session that expires (or disappears without a sign-out) closes its room connections at the
// next sweep; connections of live sessions stay.
func TestExpiredSessionSocketsAreSwept(t *testing.T) {
	ts, base := liveServer(t)
	expiring, staying := signInHTTP(t, base, "deelnemer5@kring.example"), signInHTTP(t, base, "deelnemer6@kring.example")
	connA, connB := openRoom(t, ts, base, expiring), openRoom(t, ts, base, staying)
	u, _ := url.Parse(base)
	var tok string
	for _, ck := range expiring.Jar.Cookies(u) {
		if ck.Name == sessionCookie {
			tok = ck.Value
		}
	}
	if tok == "" {
		t.Fatal("no session cookie")
	}
	if err := ts.store.DeleteSession(context.Background(), auth.HashToken(tok)); err != nil {
		t.Fatal(err)
	}
	ts.srv.sweepSockets(context.Background())
	if code := closedWithin(t, connA, time.Second); code != room.CodeSessionEnded {
		t.Errorf("expired session: close code %d", code)
	}
	_ = connB.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
	for {
		_, _, err := connB.ReadMessage()
		var ne interface{ Timeout() bool }
		if errors.As(err, &ne) && ne.Timeout() {
			return
		}
		if err != nil {
			t.Fatalf("a live session's connection closed: %v", err)
		}
	}
}
