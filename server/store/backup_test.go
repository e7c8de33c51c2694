package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestBackupDuringCardStream takes backups while writers append room cards as fast as they
// can (each AppendEvents that returns is an acknowledged card) and finds, in every copy, every
// card acknowledged before that backup started, with no gaps in the sequence numbers.
func TestBackupDuringCardStream(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := openTemp(t, filepath.Join(dir, "kring.db"))
	defer s.Close()
	meetings := seedMeetings(t, s, 2)

	var acked [2]atomic.Int64 // highest acknowledged seq per meeting
	var failed atomic.Int64   // appends that returned an error (not acknowledged)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	halt := sync.OnceFunc(func() { close(stop); wg.Wait() })
	defer halt() // before Close, also when the test fails early
	for w, m := range meetings {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				got, err := s.AppendEvents(ctx, []NewEvent{{MeetingID: m, UserID: int64(w + 1), ClientID: fmt.Sprint("c", i),
					Op: "card.add", Data: []byte(fmt.Sprintf(`{"text":"kaart %d"}`, i)), At: time.Now()}})
				if err != nil {
					// Not acknowledged, so nothing is promised about it; on a machine this busy a
					// commit can wait past the busy timeout. Count it and go on.
					failed.Add(1)
					time.Sleep(10 * time.Millisecond)
					continue
				}
				acked[w].Store(got[0].Seq)
			}
		}()
	}
	// waitFor waits until each meeting's writer has reached its own count: the two writers take
	// the write lock in turns and one may run far ahead of the other, so a count taken from one
	// meeting says nothing about the other.
	waitFor := func(n [2]int64) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for acked[0].Load() < n[0] || acked[1].Load() < n[1] {
			if time.Now().After(deadline) {
				t.Fatalf("the card stream stalled below %v cards (at %d and %d)", n, acked[0].Load(), acked[1].Load())
			}
			time.Sleep(time.Millisecond)
		}
	}
	waitFor([2]int64{20, 20})
	for round := range 3 {
		before := [2]int64{acked[0].Load(), acked[1].Load()}
		copyPath := filepath.Join(dir, fmt.Sprintf("copy-%d.db", round))
		if err := s.Backup(ctx, copyPath); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(copyPath + "-wal"); err == nil {
			t.Errorf("round %d: the copy has a -wal file beside it; it must be self-contained", round)
		}
		c := openTemp(t, copyPath)
		for w, m := range meetings {
			evs, err := c.MeetingEvents(ctx, m)
			if err != nil {
				t.Fatal(err)
			}
			if int64(len(evs)) < before[w] {
				t.Errorf("round %d, meeting %d: copy holds %d cards, %d were acknowledged before the backup", round, m, len(evs), before[w])
			}
			for i, e := range evs {
				if e.Seq != int64(i+1) || e.Op != "card.add" {
					t.Fatalf("round %d: event %d of the copy is seq %d op %s: a gap or a stranger", round, i, e.Seq, e.Op)
				}
			}
		}
		c.Close()
		waitFor([2]int64{before[0] + 10, before[1] + 10}) // the stream goes on between backups
	}
	halt()
	if n := failed.Load(); n > 0 {
		t.Logf("%d appends failed (not acknowledged) while the machine was busy", n)
	}
	if acked[0].Load() < 40 {
		t.Errorf("only %d cards written during the test: the backups blocked the writers", acked[0].Load())
	}
}
