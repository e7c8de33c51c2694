package room

import (
	"context"
	"sync"
	"time"

	"kring/server/store"
)

// attendanceBatcher writes the starts of stays that arrive together in one transaction: when a
// whole group joins at once (or a server restart brings everyone back), the hellos share one
// fsync instead of paying one each. Each caller still waits until its own row is committed, so
// a crash after the hello keeps the stay as before.
type attendanceBatcher struct {
	log Log

	mu      sync.Mutex
	queue   []*attendanceReq
	running bool
}

type attendanceReq struct {
	start store.AttendanceStart
	done  chan attendanceRes
}

type attendanceRes struct {
	id  int64
	err error
}

// start queues one start and waits for its id. The first caller of a quiet moment starts the
// writer, which runs while starts keep coming.
func (b *attendanceBatcher) start(ctx context.Context, a store.AttendanceStart) (int64, error) {
	req := &attendanceReq{start: a, done: make(chan attendanceRes, 1)}
	b.mu.Lock()
	b.queue = append(b.queue, req)
	lead := !b.running
	b.running = true
	b.mu.Unlock()
	if lead {
		go b.run()
	}
	select {
	case res := <-req.done:
		return res.id, res.err
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

func (b *attendanceBatcher) run() {
	for {
		b.mu.Lock()
		reqs := b.queue
		b.queue = nil
		if len(reqs) == 0 {
			b.running = false
			b.mu.Unlock()
			return
		}
		b.mu.Unlock()
		starts := make([]store.AttendanceStart, len(reqs))
		for i, r := range reqs {
			starts[i] = r.start
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		ids, err := b.log.StartAttendances(ctx, starts)
		cancel()
		for i, r := range reqs {
			if err != nil {
				r.done <- attendanceRes{err: err}
			} else {
				r.done <- attendanceRes{id: ids[i]}
			}
		}
	}
}
