package room

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"kring/server/store"
)

// countingLog counts the attendance transactions and holds the first one back, so the joins
// arriving meanwhile queue up behind it.
type countingLog struct {
	Log
	mu      sync.Mutex
	batches []int
	gate    chan struct{}
}

func (c *countingLog) StartAttendances(ctx context.Context, starts []store.AttendanceStart) ([]int64, error) {
	c.mu.Lock()
	first := len(c.batches) == 0
	c.batches = append(c.batches, len(starts))
	c.mu.Unlock()
	if first {
		<-c.gate
	}
	return c.Log.StartAttendances(ctx, starts)
}

// Joins that arrive while a write runs share the next transaction, and each gets its own
// committed row.
func TestAttendanceStartsShareATransaction(t *testing.T) {
	e := newEnv(t, Config{})
	log := &countingLog{Log: e.store, gate: make(chan struct{})}
	b := &attendanceBatcher{log: log}
	ctx := context.Background()
	const n = 20
	ids := make([]int64, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id, err := b.start(ctx, store.AttendanceStart{MeetingID: e.meeting, UserID: annaID, At: e.clock.Now()})
			if err != nil {
				t.Error(err)
			}
			ids[i] = id
		}()
		if i == 0 {
			waitFor(t, "the first write to begin", func() bool {
				log.mu.Lock()
				defer log.mu.Unlock()
				return len(log.batches) == 1
			})
		}
	}
	time.Sleep(50 * time.Millisecond) // let the other 19 queue behind the held write
	close(log.gate)
	wg.Wait()
	if slices.Contains(ids, 0) || len(slices.Compact(slices.Sorted(slices.Values(ids)))) != n {
		t.Fatalf("ids %v: want %d distinct ones", ids, n)
	}
	if len(log.batches) != 2 || log.batches[0] != 1 || log.batches[1] != n-1 {
		t.Fatalf("transactions of %v joins, want [1 %d]", log.batches, n-1)
	}
	att, err := e.store.Attendance(ctx, e.meeting)
	if err != nil || len(att) != n {
		t.Fatalf("%d stays stored (%v), want %d", len(att), err, n)
	}
}
