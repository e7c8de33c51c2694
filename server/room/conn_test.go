package room

import (
	"context"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// A batch of events committed at once takes one place in each connection's queue, not one per
// event and ack: with a queue of 3 places, ten cards committed together reach the author (ten
// events and ten acks) and an onlooker, in order, and nobody is dropped as slow. The cards are
// held back by a write lock on the database while the room decides them, so they form one batch.
func TestCommittedBatchTakesOneQueuePlace(t *testing.T) {
	e := newEnv(t, Config{SendQueue: 3, CardsPerMinute: 1000})
	a, b := e.dial(annaID), e.dial(bramID)
	a.hello(0)
	b.hello(0)
	time.Sleep(300 * time.Millisecond) // presence frames written

	db, err := openDB(e.path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	e.reg.mu.Lock()
	r := e.reg.rooms[e.meeting]
	e.reg.mu.Unlock()
	ids := make([]string, 11)
	for i := range ids {
		ids[i] = a.do("card.add", map[string]any{"board": "idea", "text": fmt.Sprintf("kaart %d", i)})
	}
	waitFor(t, "ten cards queued behind the first", func() bool {
		r.mu.Lock()
		defer r.mu.Unlock()
		return len(r.inflight) == 1 && len(r.queue) == 10
	})
	if _, err := conn.ExecContext(context.Background(), "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		a.ackFor(id)
	}
	var last int64
	for range ids {
		f := b.next("event")
		if f.Seq <= last {
			t.Fatalf("event seq %d after %d", f.Seq, last)
		}
		last = f.Seq
	}
	if n := metricValue(t, e, "kring_room_dropped_clients_total"); n != 0 {
		t.Fatalf("%v clients dropped as slow", n)
	}
}

// The room pings its connections from one timer: a quiet client that answers pings stays
// connected well past PongWait, and one that never reads (so never answers) is closed.
func TestRoomPingsKeepQuietConnectionsAlive(t *testing.T) {
	e := newEnv(t, Config{PingEvery: 40 * time.Millisecond, PongWait: 200 * time.Millisecond})
	a := e.dial(annaID)
	a.hello(0)
	var pings atomic.Int32
	a.conn.SetPingHandler(func(data string) error {
		pings.Add(1)
		return a.conn.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(time.Second))
	})
	readErr := make(chan error, 1)
	go func() {
		for {
			if _, _, err := a.conn.ReadMessage(); err != nil {
				readErr <- err
				return
			}
		}
	}()
	deaf := e.dial(bramID)
	deaf.hello(0) // then never reads again
	select {
	case err := <-readErr:
		t.Fatalf("a client answering pings was closed: %v", err)
	case <-time.After(5 * 200 * time.Millisecond):
	}
	if n := pings.Load(); n < 5 {
		t.Fatalf("%d pings in a second at one per 40 ms", n)
	}
	e.reg.mu.Lock()
	r := e.reg.rooms[e.meeting]
	e.reg.mu.Unlock()
	waitFor(t, "the deaf client closed", func() bool {
		r.mu.Lock()
		defer r.mu.Unlock()
		for c := range r.clients {
			if c.p.UserID == bramID {
				return false
			}
		}
		return true
	})
}

// A write during a batch (the reader's pong) waits for the batch and never lands inside it, and
// the batch goes out in one write.
func TestCoalesceConnKeepsWritesWhole(t *testing.T) {
	server, client := net.Pipe()
	defer server.Close()
	defer client.Close()
	cc := &coalesceConn{Conn: server}
	got := make(chan []byte, 16)
	go func() {
		buf := make([]byte, 1<<16)
		for {
			n, err := client.Read(buf)
			if err != nil {
				close(got)
				return
			}
			got <- append([]byte(nil), buf[:n]...)
		}
	}()
	cc.gather(time.Now().Add(5 * time.Second))
	for _, s := range []string{"aaa", "bbb", "ccc"} {
		if _, err := cc.Write([]byte(s)); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // the pong, from another goroutine while the batch is open
		defer wg.Done()
		_, _ = cc.Write([]byte("PONG"))
	}()
	time.Sleep(20 * time.Millisecond)
	if err := cc.flush(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	first := <-got
	if s := string(first); s != "aaabbbccc" && s != "aaabbbcccPONG" {
		t.Fatalf("first write %q, want the batch whole", s)
	}
	if string(first) == "aaabbbccc" {
		if s := string(<-got); s != "PONG" {
			t.Fatalf("second write %q", s)
		}
	}
	if _, err := cc.Write([]byte("direct")); err != nil { // outside a batch: straight through
		t.Fatal(err)
	}
	if s := string(<-got); s != "direct" {
		t.Fatalf("write outside a batch %q", s)
	}
}

// The deadline gorilla sets for a pong during a batch (here one already past) does not cut
// short the batch: it is written under the deadline its writer gave.
func TestCoalesceConnBatchKeepsItsDeadline(t *testing.T) {
	server, client := net.Pipe()
	defer server.Close()
	defer client.Close()
	cc := &coalesceConn{Conn: server}
	got := make(chan string, 1)
	go func() {
		buf := make([]byte, 64)
		n, _ := client.Read(buf)
		got <- string(buf[:n])
	}()
	cc.gather(time.Now().Add(5 * time.Second))
	if _, err := cc.Write([]byte("frame")); err != nil {
		t.Fatal(err)
	}
	if err := cc.SetWriteDeadline(time.Now().Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	if err := cc.flush(); err != nil {
		t.Fatalf("batch cut short: %v", err)
	}
	if s := <-got; s != "frame" {
		t.Fatalf("got %q", s)
	}
}
