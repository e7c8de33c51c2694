package room

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// checkedServer serves the room the way the server's handler does: Mark, its own membership
// check (here: the fake directory's map, read without counting a look-up), AdmitChecked, then
// between (a test's chance to act before the connection is registered), then Upgrade.
func checkedServer(e *env, between func()) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		uid, _ := strconv.ParseInt(r.URL.Query().Get("user"), 10, 64)
		since := e.reg.Mark()
		e.dir.mu.Lock()
		name, ok := e.dir.m[e.meeting].Members[uid]
		e.dir.mu.Unlock()
		if !ok {
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		adm, err := e.reg.AdmitChecked(r.Context(), e.meeting, Participant{UserID: uid, Name: name, Coach: uid == coachID}, since)
		if err != nil {
			http.Error(w, err.Error(), http.StatusForbidden)
			return
		}
		if between != nil {
			between()
		}
		if err := adm.Upgrade(r.Context(), w, r); err != nil {
			e.t.Logf("upgrade: %v", err)
		}
	}))
	e.t.Cleanup(srv.Close)
	return srv
}

func dialAt(t *testing.T, srv *httptest.Server, user int64) *wsClient {
	t.Helper()
	conn, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(srv.URL, "http")+"/ws?user="+strconv.FormatInt(user, 10), nil)
	if err != nil {
		t.Fatalf("dial user %d: %v", user, err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return &wsClient{t: t, conn: conn, user: user}
}

func (d *fakeDir) count() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.lookups
}

// A join the handler has checked makes no directory look-up when the loaded room lists the
// person; a person added since the room loaded gets one, so the room learns them.
func TestCheckedJoinSparesTheLookups(t *testing.T) {
	e := newEnv(t, Config{})
	a := e.dial(annaID) // loads the room
	a.hello(0)
	srv := checkedServer(e, nil)
	before := e.dir.count()
	b := dialAt(t, srv, bramID)
	b.hello(0)
	b.ok("card.add", map[string]any{"board": "success", "text": "samen koken"})
	if n := e.dir.count() - before; n != 0 {
		t.Fatalf("a checked join of a listed member made %d look-ups, want 0", n)
	}

	const eveID = 5
	e.dir.mu.Lock()
	e.dir.m[e.meeting].Members[eveID] = "Eve"
	e.dir.mu.Unlock()
	before = e.dir.count()
	eve := dialAt(t, srv, eveID)
	eve.hello(0)
	eve.ok("card.add", map[string]any{"board": "success", "text": "nieuw in de groep"})
	if n := e.dir.count() - before; n != 1 {
		t.Fatalf("a checked join of a new member made %d look-ups, want 1", n)
	}
}

// A member removed after the handler's check but before the connection is registered (the
// Kick finds nobody) is still put out: the Kick makes Upgrade look the meeting up again.
func TestRemovalDuringCheckedJoinStillKicks(t *testing.T) {
	e := newEnv(t, Config{})
	a := e.dial(annaID) // keeps the room loaded
	a.hello(0)
	srv := checkedServer(e, func() {
		e.dir.removeMember(e.meeting, bramID)
		e.reg.Kick(e.meeting, bramID)
	})
	b := dialAt(t, srv, bramID)
	_ = b.conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	for {
		_, _, err := b.conn.ReadMessage()
		if err == nil {
			continue
		}
		if ce, ok := err.(*websocket.CloseError); !ok || ce.Code != 4403 {
			t.Fatalf("a member removed during a checked join was not put out: %v", err)
		}
		break
	}
}
