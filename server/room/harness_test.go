package room

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/prometheus/client_golang/prometheus"

	"kring/server/store"
)

// fakeDir is a Directory over a map, so tests can add and remove members.
type fakeDir struct {
	mu sync.Mutex
	m  map[int64]Meeting
	// afterLookup, when set, runs after every look-up with its number (1-based), so a test
	// can change membership between two look-ups of one connection.
	afterLookup func(n int)
	lookups     int
}

func (d *fakeDir) Meeting(_ context.Context, id int64) (Meeting, error) {
	d.mu.Lock()
	m, ok := d.m[id]
	if ok {
		m.Members = maps.Clone(m.Members)
	}
	d.lookups++
	n, hook := d.lookups, d.afterLookup
	d.mu.Unlock()
	if hook != nil {
		hook(n)
	}
	if !ok {
		return Meeting{}, store.ErrNotFound
	}
	return m, nil
}

func (d *fakeDir) removeMember(meeting, user int64) {
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.m[meeting].Members, user)
}

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// Users of the test meeting.
const (
	coachID int64 = 1
	annaID  int64 = 2
	bramID  int64 = 3
	carlaID int64 = 4
)

var testMethod = MethodInfo{Slug: "incident", Name: "Incidentmethode", Phases: []PhaseInfo{
	{ID: "inbreng", Name: "Inbreng", Minutes: 10, Boards: []string{BoardCase}, Vote: BoardCase,
		Instruction: "Schrijf je casus op en stem."},
	{ID: "vragen", Name: "Vragen", Minutes: 15, Boards: []string{BoardIdea}, Silent: true, Notes: true,
		Questions: []string{"Wie helpt er nu al?"}},
	{ID: "afspraken", Name: "Afspraken", Minutes: 5, Boards: []string{BoardAgreement}, Scale: true},
}}

// env is one test's world: a real SQLite store, a registry and an httptest server whose
// websocket handler identifies the user by the ?user= query parameter.
type env struct {
	t       *testing.T
	path    string
	store   *store.Store
	dir     *fakeDir
	reg     *Registry
	prom    *prometheus.Registry
	srv     *httptest.Server
	meeting int64
	clock   *clock
	cfg     Config
}

func newEnv(t *testing.T, cfg Config) *env {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kring.db")
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, path: path, store: st, clock: &clock{t: time.UnixMilli(1_767_261_600_000)}}
	e.meeting = seed(t, path)
	e.dir = &fakeDir{m: map[int64]Meeting{e.meeting: {
		ID: e.meeting, GroupID: 1, CoachID: coachID, Title: "Intervisie januari", Status: "planned",
		Members: map[int64]string{coachID: "Coach Cor", annaID: "Anna", bramID: "Bram", carlaID: "Carla"},
		Method:  testMethod,
	}}}
	if cfg.Now == nil {
		cfg.Now = e.clock.Now
	}
	e.cfg = cfg
	e.start()
	t.Cleanup(func() {
		e.stop()
		_ = e.store.Close()
	})
	return e
}

// start builds a registry and a server on the env's store (again after stop: a restart).
func (e *env) start() {
	e.prom = prometheus.NewRegistry()
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	e.reg = NewRegistry(e.cfg, e.store, e.dir, logger, e.prom)
	e.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		uid, _ := strconv.ParseInt(r.URL.Query().Get("user"), 10, 64)
		m, _ := e.dir.Meeting(r.Context(), e.meeting)
		p := Participant{UserID: uid, Name: m.Members[uid], Coach: uid == coachID, Lang: r.URL.Query().Get("lang")}
		if err := e.reg.Serve(w, r, e.meeting, p); err != nil {
			if errors.Is(err, ErrForbidden) {
				http.Error(w, "forbidden", http.StatusForbidden)
				return
			}
			e.t.Logf("serve: %v", err)
		}
	}))
}

func (e *env) stop() {
	if e.srv == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := e.reg.Shutdown(ctx); err != nil {
		e.t.Errorf("shutdown: %v", err)
	}
	e.srv.Close()
	e.srv = nil
}

// seed inserts a coach, three members, a group and a planned meeting with plain SQL.
func seed(t testing.TB, path string) int64 {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?_foreign_keys=on&_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Now().UnixMilli()
	stmts := []string{
		fmt.Sprintf(`INSERT INTO users (id, email, name, password_hash, role, created_at) VALUES
			(1, 'coach@x.example', 'Coach Cor', 'x', 'coach', %d), (2, 'anna@x.example', 'Anna', 'x', 'trainee', %[1]d),
			(3, 'bram@x.example', 'Bram', 'x', 'trainee', %[1]d), (4, 'carla@x.example', 'Carla', 'x', 'trainee', %[1]d),
			(5, 'eve@x.example', 'Eve', 'x', 'trainee', %[1]d)`, now),
		fmt.Sprintf(`INSERT INTO groups (id, name, coach_id, created_at) VALUES (1, 'Groep', 1, %d)`, now),
		fmt.Sprintf(`INSERT INTO group_members (group_id, user_id, added_at) VALUES (1, 2, %d), (1, 3, %[1]d), (1, 4, %[1]d)`, now),
		fmt.Sprintf(`INSERT INTO meetings (id, group_id, title, method, starts_at, minutes, created_at) VALUES (1, 1, 'Intervisie januari', 'incident', %d, 90, %[1]d)`, now),
	}
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	return 1
}

// frame is any server frame, decoded loosely.
type frame struct {
	Type    string          `json:"type"`
	Seq     int64           `json:"seq"`
	ID      string          `json:"id"`
	Code    string          `json:"code"`
	Message string          `json:"message"`
	Kinds   []string        `json:"kinds"`
	Event   json.RawMessage `json:"event"`
	State   json.RawMessage `json:"state"`
	People  []person        `json:"people"`
}

func (f frame) event() Event {
	var ev Event
	_ = json.Unmarshal(f.Event, &ev)
	ev.Seq = f.Seq
	return ev
}

func (f frame) state() State {
	var st State
	_ = json.Unmarshal(f.State, &st)
	return st
}

// wsClient is a real gorilla client.
type wsClient struct {
	t    *testing.T
	conn *websocket.Conn
	user int64
	n    int
}

func (e *env) dial(user int64, query ...string) *wsClient {
	e.t.Helper()
	c, err := e.tryDial(user, query...)
	if err != nil {
		e.t.Fatalf("dial user %d: %v", user, err)
	}
	return c
}

func (e *env) tryDial(user int64, query ...string) (*wsClient, error) {
	u := "ws" + strings.TrimPrefix(e.srv.URL, "http") + "/ws?user=" + strconv.FormatInt(user, 10)
	if len(query) > 0 {
		u += "&" + strings.Join(query, "&")
	}
	conn, _, err := websocket.DefaultDialer.Dial(u, nil)
	if err != nil {
		return nil, err
	}
	c := &wsClient{t: e.t, conn: conn, user: user}
	e.t.Cleanup(func() { _ = conn.Close() })
	return c, nil
}

func (c *wsClient) send(v any) {
	c.t.Helper()
	var data []byte
	switch v := v.(type) {
	case string:
		data = []byte(v)
	default:
		var err error
		if data, err = json.Marshal(v); err != nil {
			c.t.Fatal(err)
		}
	}
	if err := c.conn.WriteMessage(websocket.TextMessage, data); err != nil {
		c.t.Fatalf("user %d send: %v", c.user, err)
	}
}

func (c *wsClient) read() frame {
	c.t.Helper()
	_ = c.conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, data, err := c.conn.ReadMessage()
	if err != nil {
		c.t.Fatalf("user %d read: %v", c.user, err)
	}
	var f frame
	if err := json.Unmarshal(data, &f); err != nil {
		c.t.Fatalf("user %d: bad frame %s: %v", c.user, data, err)
	}
	return f
}

// next reads frames, skipping presence, until one of the given types.
func (c *wsClient) next(types ...string) frame {
	c.t.Helper()
	for {
		f := c.read()
		for _, t := range types {
			if f.Type == t {
				return f
			}
		}
		if f.Type != "presence" {
			c.t.Fatalf("user %d: got %s frame %+v, want %v", c.user, f.Type, f, types)
		}
	}
}

// hello sends hello and returns the snapshot.
func (c *wsClient) hello(since int64) frame {
	c.t.Helper()
	c.send(map[string]any{"op": "hello", "since": since})
	return c.next("snapshot")
}

// do sends an action with a fresh id and returns that id.
func (c *wsClient) do(op string, fields map[string]any) string {
	c.t.Helper()
	c.n++
	id := fmt.Sprintf("u%d-%d", c.user, c.n)
	m := map[string]any{"op": op, "id": id}
	maps.Copy(m, fields)
	c.send(m)
	return id
}

// ok sends an action and waits for its ack (skipping events), returning the ack's seq.
func (c *wsClient) ok(op string, fields map[string]any) int64 {
	c.t.Helper()
	id := c.do(op, fields)
	return c.ackFor(id)
}

func (c *wsClient) ackFor(id string) int64 {
	c.t.Helper()
	for {
		f := c.next("ack", "event", "error", "report")
		switch {
		case f.Type == "ack" && f.ID == id:
			return f.Seq
		case f.Type == "error":
			c.t.Fatalf("user %d: error for %s: %+v", c.user, id, f)
		}
	}
}

// fail sends an action and returns the error frame for it (skipping events).
func (c *wsClient) fail(op string, fields map[string]any) frame {
	c.t.Helper()
	id := c.do(op, fields)
	for {
		f := c.next("ack", "event", "error")
		switch {
		case f.Type == "error":
			return f
		case f.Type == "ack" && f.ID == id:
			c.t.Fatalf("user %d: %s %v acknowledged, want an error", c.user, op, fields)
		}
	}
}

func (e *env) state() State {
	e.t.Helper()
	st, err := e.reg.State(context.Background(), e.meeting)
	if err != nil {
		e.t.Fatal(err)
	}
	return st
}

// waitFor polls cond for up to 5 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func openDB(path string) (*sql.DB, error) {
	return sql.Open("sqlite3", "file:"+path+"?_busy_timeout=10000")
}

// metricValue reads a counter or gauge from the env's own Prometheus registry.
func metricValue(t *testing.T, e *env, name string) float64 {
	t.Helper()
	mfs, err := e.prom.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		v := 0.0
		for _, m := range mf.GetMetric() {
			v += m.GetCounter().GetValue() + m.GetGauge().GetValue()
		}
		return v
	}
	return 0
}
