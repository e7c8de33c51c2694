package room

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"kring/server/store"
)

// errCommitterStopped answers a batch submitted after Shutdown stopped the committer.
var errCommitterStopped = errors.New("room: committer stopped")

// commitReq is one room's batch of events and what to do once they are committed (or not).
type commitReq struct {
	events []store.NewEvent
	done   func([]store.Appended, error)
}

// committer is the group-commit writer: it gathers the batches of all rooms that arrive while a
// transaction is running and commits them together in the next one, so one fsync covers many
// rooms. Submitting never blocks, so a room never waits on the disk while holding its lock.
type committer struct {
	log      Log
	logger   *slog.Logger
	maxBatch int
	m        *metrics

	mu      sync.Mutex
	queue   []*commitReq
	stopped bool
	wake    chan struct{}
	stop    chan struct{}
	done    chan struct{}
}

func newCommitter(log Log, logger *slog.Logger, maxBatch int, m *metrics) *committer {
	c := &committer{
		log: log, logger: logger, maxBatch: maxBatch, m: m,
		wake: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{}),
	}
	go c.run()
	return c
}

// submit queues a batch. After the committer stopped, done is called with an error at once.
func (c *committer) submit(r *commitReq) {
	c.mu.Lock()
	if c.stopped {
		c.mu.Unlock()
		go r.done(nil, errCommitterStopped)
		return
	}
	c.queue = append(c.queue, r)
	c.mu.Unlock()
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// take removes up to maxBatch events' worth of requests from the queue (at least one request).
func (c *committer) take() []*commitReq {
	c.mu.Lock()
	defer c.mu.Unlock()
	n, events := 0, 0
	for n < len(c.queue) {
		if n > 0 && events+len(c.queue[n].events) > c.maxBatch {
			break
		}
		events += len(c.queue[n].events)
		n++
	}
	reqs := c.queue[:n:n]
	c.queue = c.queue[n:]
	if len(c.queue) == 0 {
		c.queue = nil
	}
	return reqs
}

func (c *committer) run() {
	defer close(c.done)
	for {
		select {
		case <-c.wake:
		case <-c.stop:
			c.mu.Lock()
			c.stopped = true
			c.mu.Unlock()
			for reqs := c.take(); len(reqs) > 0; reqs = c.take() {
				c.commit(reqs)
			}
			return
		}
		for reqs := c.take(); len(reqs) > 0; reqs = c.take() {
			c.commit(reqs)
		}
	}
}

// commit writes the requests in one transaction. If that fails, each request is retried on
// its own, so one room's bad event cannot fail another room's changes.
func (c *committer) commit(reqs []*commitReq) {
	var all []store.NewEvent
	for _, r := range reqs {
		all = append(all, r.events...)
	}
	res, err := c.append(all)
	if err != nil && len(reqs) > 1 {
		c.logger.Warn("room: group commit failed, retrying per room", "events", len(all), "err", err)
		for _, r := range reqs {
			res, err := c.append(r.events)
			r.done(res, err)
		}
		return
	}
	if err != nil {
		reqs[0].done(nil, err)
		return
	}
	i := 0
	for _, r := range reqs {
		r.done(res[i:i+len(r.events)], nil)
		i += len(r.events)
	}
}

func (c *committer) append(evs []store.NewEvent) ([]store.Appended, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	start := time.Now()
	res, err := c.log.AppendEvents(ctx, evs)
	c.m.commitSeconds.Observe(time.Since(start).Seconds())
	c.m.batchSize.Observe(float64(len(evs)))
	if err != nil {
		c.m.commitErrors.Inc()
		return nil, err
	}
	n := 0
	for _, a := range res {
		if !a.Duplicate {
			n++
		}
	}
	c.m.committed.Add(float64(n))
	return res, nil
}

// shutdown flushes every queued batch and stops; batches submitted later fail at once.
func (c *committer) shutdown(ctx context.Context) error {
	c.mu.Lock()
	select {
	case <-c.stop:
	default:
		close(c.stop)
	}
	c.mu.Unlock()
	select {
	case <-c.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
