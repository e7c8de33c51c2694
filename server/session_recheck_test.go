package server

import (
	"context"
	"encoding/hex"
	"net"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"kring/server/room"
)

// signOutDuringAdmit ends the joining session right after the middleware has read it and
// before the room registers the connection: the race recheckSession closes.
type signOutDuringAdmit struct {
	Rooms
	signOut func(session string)
}

func (r *signOutDuringAdmit) AdmitChecked(ctx context.Context, meetingID int64, p room.Participant, since room.Mark) (*room.Admission, error) {
	r.signOut(p.Session)
	return r.Rooms.AdmitChecked(ctx, meetingID, p, since)
}

// serveLive serves ts on a loopback port until the test ends, like liveServer.
func serveLive(t *testing.T, ts *testServer) string {
	t.Helper()
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
	return "http://" + ln.Addr().String()
}

// A sign-out that lands between the middleware's read of the session and the registration of
// the room connection cannot find the connection; the join reads the session again (the end
// moved the counter) and closes it.
func TestSignOutRacingAJoinStillClosesTheSocket(t *testing.T) {
	w := &signOutDuringAdmit{}
	ts := newTestServer(t, func(_ *Config, d *Deps) { w.Rooms, d.Rooms = d.Rooms, w }).withDemo()
	w.signOut = func(key string) {
		h, err := hex.DecodeString(key)
		if err != nil {
			t.Error(err)
			return
		}
		if err := ts.store.DeleteSession(context.Background(), h); err != nil {
			t.Error(err)
		}
		if n := ts.srv.rooms.CloseSession(key, "signed out"); n != 0 {
			t.Errorf("the sign-out found %d connections before the registration", n)
		}
		ts.srv.closeSessionSockets(h, "signed out")
	}
	base := serveLive(t, ts)
	hc := signInHTTP(t, base, "deelnemer1@kring.example")
	u := "ws" + strings.TrimPrefix(base, "http") + "/meetings/" + strconv.FormatInt(ts.demoMeeting().ID, 10) + "/ws"
	d := websocket.Dialer{HandshakeTimeout: 5 * time.Second}
	conn, _, err := d.Dial(u, wsHeader(hc, base, base))
	if err != nil {
		t.Fatalf("dial the room: %v", err)
	}
	t.Cleanup(func() { conn.Close() })
	_ = conn.WriteJSON(map[string]any{"op": "hello", "since": 0})
	if code := closedWithin(t, conn, 2*time.Second); code != room.CodeSessionEnded {
		t.Errorf("close code %d, want %d", code, room.CodeSessionEnded)
	}
	if n := ts.srv.sessionRechecks.Load(); n != 1 {
		t.Errorf("%d session rechecks, want 1", n)
	}
}

// A join with no session ended since its request began reads its session once (in the
// middleware), also when other sessions ended before it.
func TestHealthyJoinReadsTheSessionOnce(t *testing.T) {
	ts, base := liveServer(t)
	other := signInHTTP(t, base, "deelnemer2@kring.example")
	postOver(t, other, base, "/logout", url.Values{}) // a session ended, before the join
	if ts.srv.sessionEnds.Load() == 0 {
		t.Fatal("the sign-out did not count")
	}
	hc := signInHTTP(t, base, "deelnemer1@kring.example")
	for i := 0; i < 3; i++ {
		conn := openRoom(t, ts, base, hc)
		conn.Close()
	}
	if n := ts.srv.sessionRechecks.Load(); n != 0 {
		t.Errorf("%d session rechecks for healthy joins, want 0", n)
	}
}
