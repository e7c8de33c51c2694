package room

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"kring/server/store"
)

// flakyLog is the real store with the first attendance writes failing, as a locked or busy
// database would.
type flakyLog struct {
	Log
	mu                    sync.Mutex
	failStart, failExtend int
	starts, extends       int
}

var errLocked = errors.New("database is locked")

// StartAttendances fails its first failStart calls: one attempt per batch.
func (f *flakyLog) StartAttendances(ctx context.Context, starts []store.AttendanceStart) ([]int64, error) {
	f.mu.Lock()
	f.starts++
	fail := f.starts <= f.failStart
	f.mu.Unlock()
	if fail {
		return nil, errLocked
	}
	return f.Log.StartAttendances(ctx, starts)
}

func (f *flakyLog) ExtendAttendance(ctx context.Context, ids []int64, at time.Time) error {
	f.mu.Lock()
	f.extends++
	fail := f.extends <= f.failExtend
	f.mu.Unlock()
	if fail {
		return errLocked
	}
	return f.Log.ExtendAttendance(ctx, ids, at)
}

func (f *flakyLog) counts() (int, int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.starts, f.extends
}

// A failed attendance write is retried, with a growing wait, and given up after a bounded
// number of attempts.
func TestAttendanceRetryIsBounded(t *testing.T) {
	e := newEnv(t, Config{})
	var waits []time.Duration
	newRetry := func(l Log) *attendanceRetry {
		a := withAttendanceRetry(l, slog.New(slog.DiscardHandler), retryPolicy{attempts: 4, backoff: 10 * time.Millisecond})
		a.sleep = func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }
		return a
	}
	ctx := context.Background()

	ok := &flakyLog{Log: e.store, failStart: 3}
	start := []store.AttendanceStart{{MeetingID: e.meeting, UserID: annaID, At: e.clock.Now()}}
	ids, err := newRetry(ok).StartAttendances(ctx, start)
	var id int64
	if err == nil {
		id = ids[0]
	}
	if err != nil || id == 0 {
		t.Fatalf("three failures then success: id %d err %v", id, err)
	}
	if s, _ := ok.counts(); s != 4 {
		t.Errorf("%d attempts, want 4", s)
	}
	if want := []time.Duration{10 * time.Millisecond, 20 * time.Millisecond, 40 * time.Millisecond}; !equalDurations(waits, want) {
		t.Errorf("waits %v, want %v", waits, want)
	}

	waits = nil
	down := &flakyLog{Log: e.store, failStart: 100, failExtend: 100}
	if _, err := newRetry(down).StartAttendances(ctx, start); !errors.Is(err, errLocked) {
		t.Errorf("a database that stays down: err %v, want the last error", err)
	}
	if err := newRetry(down).ExtendAttendance(ctx, []int64{id}, e.clock.Now()); !errors.Is(err, errLocked) {
		t.Errorf("extend on a database that stays down: err %v", err)
	}
	if s, x := down.counts(); s != 4 || x != 4 {
		t.Errorf("attempts %d and %d, want 4 each (bounded)", s, x)
	}
	// A cancelled context stops the retries at once.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	gone := &flakyLog{Log: e.store, failStart: 100}
	if _, err := newRetry(gone).StartAttendances(cctx, start); err == nil {
		t.Error("no error with a cancelled context")
	}
	if s, _ := gone.counts(); s != 1 {
		t.Errorf("%d attempts after cancel, want 1", s)
	}
}

func equalDurations(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Through a real room: the first writes of someone's stay fail, and the report still knows
// they were there, from when they came until they left.
func TestAttendanceSurvivesFailingWrites(t *testing.T) {
	e := newEnv(t, Config{})
	flaky := &flakyLog{Log: e.store, failStart: 2, failExtend: 2}
	reg := NewRegistry(e.cfg, flaky, e.dir, nil, nil)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = reg.Shutdown(ctx)
	})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		uid, _ := strconv.ParseInt(r.URL.Query().Get("user"), 10, 64)
		if err := reg.Serve(w, r, e.meeting, Participant{UserID: uid, Name: "Anna"}); err != nil {
			t.Logf("serve: %v", err)
		}
	}))
	t.Cleanup(srv.Close)
	conn, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(srv.URL, "http")+"/ws?user="+strconv.FormatInt(annaID, 10), nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &wsClient{t: t, conn: conn, user: annaID}
	joined := e.clock.Now()
	c.hello(0)
	attendance := func() []time.Time {
		att, err := e.store.Attendance(context.Background(), e.meeting)
		if err != nil || len(att) != 1 {
			return nil
		}
		return []time.Time{att[0].From, att[0].To}
	}
	waitFor(t, "the start of the stay to be written despite two failures", func() bool { return attendance() != nil })
	e.clock.Add(10 * time.Minute)
	_ = conn.Close()
	waitFor(t, "the end of the stay to be written despite two failures", func() bool {
		a := attendance()
		return a != nil && a[1].Sub(a[0]) == 10*time.Minute
	})
	if a := attendance(); !a[0].Equal(joined) {
		t.Errorf("stay starts %v, want %v", a[0], joined)
	}
	if s, x := flaky.counts(); s != 3 || x < 3 {
		t.Errorf("attempts: start %d (want 3), extend %d (want at least 3)", s, x)
	}
}
