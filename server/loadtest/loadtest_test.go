package loadtest

import (
	"context"
	"net"
	"os"
	"testing"
	"time"
)

// The driver against the in-process reference: every card acked and delivered to everyone in
// its room once and in order, the tally adds up, and the figures are filled in.
func TestDriverAgainstReference(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir := t.TempDir()
	plan, err := Prepare(ctx, dir, 2, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Rooms) != 2 || plan.Connections() != 6 {
		t.Fatalf("plan of %d rooms and %d connections, want 2 and 6", len(plan.Rooms), plan.Connections())
	}
	ref, err := OpenReference(dir)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- ref.Serve(ctx, ln) }()
	res, err := Run(ctx, "reference", "http://"+ln.Addr().String(), os.Getpid(), plan,
		Load{Rate: 4, Duration: time.Second, Drain: 500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if res.Failed() || res.Sent == 0 || res.Acked != res.Sent {
		t.Fatalf("sent %d, acked %d, lost %d, duplicated %d, out of order %d, unanswered %d",
			res.Sent, res.Acked, res.Lost, res.Duplicated, res.OutOfOrder, res.Unanswered)
	}
	// Each card reaches the three people of its room, its sender included.
	if res.Deliveries != 3*res.Acked {
		t.Fatalf("%d deliveries of %d cards in rooms of 3", res.Deliveries, res.Acked)
	}
	if res.Delivery.P50 <= 0 || res.Delivery.Max < res.Delivery.P99 {
		t.Fatalf("delivery latency %+v", res.Delivery)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestLettersRoundTrip(t *testing.T) {
	for _, n := range []int64{0, 1, 15, 16, 1_767_261_600_000_123} {
		s := letters(n)
		for _, r := range s {
			if r < 'a' || r > 'p' {
				t.Fatalf("letters(%d) = %q has %q", n, s, r)
			}
		}
		if got, ok := unletters(s); !ok || got != n {
			t.Fatalf("unletters(letters(%d)) = %d, %v", n, got, ok)
		}
	}
	if _, ok := unletters("abz"); ok {
		t.Fatal("unletters accepted a letter outside a-p")
	}
}
