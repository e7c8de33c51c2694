package loadtest

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// Load is what the driver does: every person posts a card every 1/Rate seconds for Duration.
type Load struct {
	Rate     float64       // cards per second per person
	Duration time.Duration // how long cards are posted
	Drain    time.Duration // at most how long to wait for the last answers and deliveries afterwards
	// StatsFile, when set, is where the server child writes its RuntimeStats on SIGUSR1
	// (ServeRuntimeStats), to split the memory per connection into heap and stacks.
	StatsFile string
}

// Result is what one server did under the load.
type Result struct {
	Name        string
	Connections int
	JoinSeconds float64 // wall time until every connection had its snapshot

	Sent, Acked, Refused, Unanswered int64
	Deliveries                       int64
	Lost, Duplicated, OutOfOrder     int64
	// Dropped counts connections the server closed during the run: a connection whose queue
	// overflows is dropped as too slow (a browser reconnects and gets what it missed). Cards
	// it missed are not counted as lost; its unanswered cards are counted.
	Dropped             int64
	Ack, Delivery       Latency
	DeliveriesPerSecond float64

	MemPerConn     float64 // bytes of resident memory per open connection
	CPUPerJoin     float64 // CPU seconds per connection joined
	CPUPerDelivery float64 // CPU seconds per card delivered
	// WritesPerDelivery are the server's write system calls per card delivered (frames to the
	// sockets, and SQLite's writes of the log): a figure the machine's load does not move.
	WritesPerDelivery float64

	// From the server's own runtime statistics (Load.StatsFile), after a garbage collection,
	// before and after the join, per connection: live heap objects and goroutine stacks in
	// bytes, and goroutines. Zero when not measured.
	HeapPerConn, StacksPerConn, GoroutinesPerConn float64
	// HeapFreePerConn is the growth of heap memory the runtime holds unused (freed garbage not
	// yet returned to the system), OtherPerConn the growth of resident memory outside the Go
	// runtime (SQLite's C heap, mostly), both per connection.
	HeapFreePerConn, OtherPerConn float64
}

// Failed reports whether the room lost, duplicated or reordered anything, left a card without
// an answer or dropped a connection.
func (r Result) Failed() bool {
	return r.Lost+r.Duplicated+r.OutOfOrder+r.Unanswered+r.Dropped > 0
}

// Latency are the percentiles of one kind of latency, in milliseconds.
type Latency struct{ P50, P95, P99, Max float64 }

func latency(us []int64) Latency {
	if len(us) == 0 {
		return Latency{}
	}
	slices.Sort(us)
	at := func(q float64) float64 { return float64(us[min(len(us)-1, int(q*float64(len(us))))]) / 1000 }
	return Latency{P50: at(0.50), P95: at(0.95), P99: at(0.99), Max: float64(us[len(us)-1]) / 1000}
}

// conn is one load client's connection.
type conn struct {
	ws   *websocket.Conn
	room int
	user int64
	wmu  sync.Mutex

	mu         sync.Mutex
	snapshot   chan struct{}
	snapOnce   sync.Once
	lastSeq    int64
	seen       map[int64]bool
	deliveries []int64 // µs
	dups, ooo  int64
	sent       map[string]time.Time // client id -> sent
	acks       []int64              // µs
	acked      map[int64]bool       // seqs acked for this sender
	refused    int64
	closed     bool // the server ended the connection
}

// Run drives the load against the server at base (http://host:port) whose process is pid.
func Run(ctx context.Context, name, base string, pid int, plan Plan, load Load) (Result, error) {
	res := Result{Name: name, Connections: plan.Connections()}
	wsBase := "ws" + strings.TrimPrefix(base, "http")
	var rtBefore RuntimeStats
	if load.StatsFile != "" {
		var err error
		if rtBefore, err = askRuntimeStats(pid, load.StatsFile); err != nil {
			return res, err
		}
	}
	before, err := procStats(pid)
	if err != nil {
		return res, err
	}
	// Join: everyone connects and says hello, 16 at a time.
	conns := make([]*conn, 0, res.Connections)
	for ri, r := range plan.Rooms {
		for _, p := range r.People {
			conns = append(conns, &conn{room: ri, user: p.UserID, snapshot: make(chan struct{}),
				seen: map[int64]bool{}, sent: map[string]time.Time{}, acked: map[int64]bool{}})
		}
	}
	started := time.Now()
	sem := make(chan struct{}, 16)
	var wg sync.WaitGroup
	var joinErr atomic.Value
	i := 0
	for _, r := range plan.Rooms {
		for _, p := range r.People {
			c := conns[i]
			i++
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				h := http.Header{}
				h.Set("Origin", base)
				h.Set("Cookie", "kring_session="+p.Token)
				d := websocket.Dialer{HandshakeTimeout: 30 * time.Second}
				ws, resp, err := d.DialContext(ctx, fmt.Sprintf("%s/meetings/%d/ws", wsBase, r.MeetingID), h)
				if err != nil {
					if resp != nil {
						err = fmt.Errorf("%w (status %d)", err, resp.StatusCode)
					}
					joinErr.Store(err)
					return
				}
				c.ws = ws
				go c.read()
				if err := c.write(map[string]any{"op": "hello", "since": 0}); err != nil {
					joinErr.Store(err)
					return
				}
				select {
				case <-c.snapshot:
				case <-time.After(30 * time.Second):
					joinErr.Store(fmt.Errorf("no snapshot for user %d", p.UserID))
				}
			}()
		}
	}
	wg.Wait()
	defer func() {
		for _, c := range conns {
			if c.ws != nil {
				_ = c.ws.Close()
			}
		}
	}()
	if err, _ := joinErr.Load().(error); err != nil {
		return res, fmt.Errorf("%s: join: %w", name, err)
	}
	res.JoinSeconds = time.Since(started).Seconds()
	// Let presence frames and the attendance writes settle before measuring memory.
	time.Sleep(2 * time.Second)
	joined, err := procStats(pid)
	if err != nil {
		return res, err
	}
	res.MemPerConn = float64(joined.rss-before.rss) / float64(res.Connections)
	res.CPUPerJoin = (joined.cpu - before.cpu) / float64(res.Connections)
	if load.StatsFile != "" {
		rt, err := askRuntimeStats(pid, load.StatsFile)
		if err != nil {
			return res, err
		}
		n := float64(res.Connections)
		res.HeapPerConn = float64(rt.HeapObjects-rtBefore.HeapObjects) / n
		res.StacksPerConn = float64(rt.Stacks-rtBefore.Stacks) / n
		res.GoroutinesPerConn = float64(rt.Goroutines-rtBefore.Goroutines) / n
		res.HeapFreePerConn = float64(rt.HeapFree-rtBefore.HeapFree) / n
		res.OtherPerConn = float64((joined.rss-rt.GoResident)-(before.rss-rtBefore.GoResident)) / n
		// The collection the statistics needed is not the load's CPU.
		if joined, err = procStats(pid); err != nil {
			return res, err
		}
	}

	// Load: each person posts at Rate, starting at a random moment of the first interval.
	every := time.Duration(float64(time.Second) / load.Rate)
	end := time.Now().Add(load.Duration)
	for _, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Duration(rand.Int64N(int64(every))))
			t := time.NewTicker(every)
			defer t.Stop()
			for n := 0; time.Now().Before(end); n++ {
				id := fmt.Sprintf("lt-%d-%d", c.user, n)
				now := time.Now()
				c.mu.Lock()
				c.sent[id] = now
				c.mu.Unlock()
				text := "Idee voor het netwerk van de buurt, kaart " + letters(now.UnixMicro())
				if err := c.write(map[string]any{"op": "card.add", "id": id, "board": "idea", "text": text}); err != nil {
					return
				}
				select {
				case <-t.C:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	wg.Wait()
	// Wait until every card has its answer and every acked card reached every open connection
	// of its room, or Drain has passed.
	for drainEnd := time.Now().Add(load.Drain); time.Now().Before(drainEnd) && !settled(conns); {
		time.Sleep(100 * time.Millisecond)
	}
	after, err := procStats(pid)
	if err != nil {
		return res, err
	}

	// Tally: every acked card must have reached every connection of its room exactly once.
	ackedByRoom := map[int]map[int64]bool{}
	var acks, dels []int64
	for _, c := range conns {
		c.mu.Lock()
		res.Sent += int64(len(c.sent)) + int64(len(c.acks)) + c.refused
		res.Acked += int64(len(c.acks))
		res.Refused += c.refused
		res.Unanswered += int64(len(c.sent))
		res.Duplicated += c.dups
		res.OutOfOrder += c.ooo
		acks = append(acks, c.acks...)
		dels = append(dels, c.deliveries...)
		if ackedByRoom[c.room] == nil {
			ackedByRoom[c.room] = map[int64]bool{}
		}
		for s := range c.acked {
			ackedByRoom[c.room][s] = true
		}
		c.mu.Unlock()
	}
	for _, c := range conns {
		c.mu.Lock()
		if c.closed {
			res.Dropped++
		} else {
			for s := range ackedByRoom[c.room] {
				if !c.seen[s] {
					res.Lost++
				}
			}
		}
		c.mu.Unlock()
	}
	res.Deliveries = int64(len(dels))
	res.Ack, res.Delivery = latency(acks), latency(dels)
	res.DeliveriesPerSecond = float64(res.Deliveries) / load.Duration.Seconds()
	if res.Deliveries > 0 {
		res.CPUPerDelivery = (after.cpu - joined.cpu) / float64(res.Deliveries)
		res.WritesPerDelivery = float64(after.writes-joined.writes) / float64(res.Deliveries)
	}
	return res, nil
}

func (c *conn) write(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_ = c.ws.SetWriteDeadline(time.Now().Add(10 * time.Second))
	return c.ws.WriteMessage(websocket.TextMessage, b)
}

type serverFrame struct {
	Type  string `json:"type"`
	ID    string `json:"id"`
	Seq   int64  `json:"seq"`
	Code  string `json:"code"`
	Event struct {
		Op   string `json:"op"`
		Text string `json:"text"`
	} `json:"event"`
}

// settled reports whether every card sent on an open connection has its answer and every
// acked card reached every open connection of its room.
func settled(conns []*conn) bool {
	acked := map[int]map[int64]bool{}
	for _, c := range conns {
		c.mu.Lock()
		if !c.closed && len(c.sent) > 0 {
			c.mu.Unlock()
			return false
		}
		if acked[c.room] == nil {
			acked[c.room] = map[int64]bool{}
		}
		for s := range c.acked {
			acked[c.room][s] = true
		}
		c.mu.Unlock()
	}
	for _, c := range conns {
		c.mu.Lock()
		missing := false
		if !c.closed {
			for s := range acked[c.room] {
				if !c.seen[s] {
					missing = true
					break
				}
			}
		}
		c.mu.Unlock()
		if missing {
			return false
		}
	}
	return true
}

func (c *conn) read() {
	for {
		_, data, err := c.ws.ReadMessage()
		if err != nil {
			c.mu.Lock()
			c.closed = true
			c.mu.Unlock()
			return
		}
		now := time.Now()
		var f serverFrame
		if err := json.Unmarshal(data, &f); err != nil {
			continue
		}
		c.mu.Lock()
		switch f.Type {
		case "snapshot":
			c.lastSeq = f.Seq
			c.snapOnce.Do(func() { close(c.snapshot) })
		case "event":
			switch {
			case c.seen[f.Seq]:
				c.dups++
			case f.Seq < c.lastSeq:
				c.ooo++
			}
			c.seen[f.Seq] = true
			c.lastSeq = max(c.lastSeq, f.Seq)
			if f.Event.Op == "card.add" {
				if i := strings.LastIndexByte(f.Event.Text, ' '); i >= 0 {
					if sent, ok := unletters(f.Event.Text[i+1:]); ok {
						c.deliveries = append(c.deliveries, now.UnixMicro()-sent)
					}
				}
			}
		case "ack":
			if sent, ok := c.sent[f.ID]; ok {
				delete(c.sent, f.ID)
				c.acks = append(c.acks, now.Sub(sent).Microseconds())
				c.acked[f.Seq] = true
			}
		case "error":
			if _, ok := c.sent[f.ID]; ok && f.Code == "rate_limited" {
				delete(c.sent, f.ID)
				c.refused++
			}
		}
		c.mu.Unlock()
	}
}

// letters writes a number in the letters a-p, so the card text has no digits the
// personal-data screen could take for a phone or BSN number.
func letters(n int64) string {
	s := strconv.FormatInt(n, 16)
	b := []byte(s)
	for i, ch := range b {
		if ch <= '9' {
			b[i] = 'a' + (ch - '0')
		} else {
			b[i] = 'k' + (ch - 'a')
		}
	}
	return string(b)
}

func unletters(s string) (int64, bool) {
	b := []byte(s)
	for i, ch := range b {
		switch {
		case ch >= 'a' && ch <= 'j':
			b[i] = '0' + (ch - 'a')
		case ch >= 'k' && ch <= 'p':
			b[i] = 'a' + (ch - 'k')
		default:
			return 0, false
		}
	}
	n, err := strconv.ParseInt(string(b), 16, 64)
	return n, err == nil
}
