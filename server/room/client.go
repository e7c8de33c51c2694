package room

import (
	"io"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// client is one websocket connection, with one reader and one writer goroutine as in gorilla's
// chat example. Frames for it wait in a bounded queue; when the queue is full the room drops it.
//
// The queue is a slice under a small lock, not a channel: an idle connection keeps no buffer
// (a channel of SendQueue entries cost 2 KB per connection), and the writer takes everything
// waiting at once and sends it in one write to the socket (coalesceConn), so a writer that
// fell behind catches up at a fraction of the cost per frame instead of overflowing.
type client struct {
	reg  *Registry
	r    *room
	conn *websocket.Conn
	p    Participant

	qmu     sync.Mutex
	queue   []outMsg // waiting messages, in order; nil when empty
	spare   []outMsg // the writer's last drained queue, reused when small
	entries int      // batches waiting (each put is one), bounded by SendQueue
	pingDue bool     // the room's ping timer asked for a ping
	wake    chan struct{}

	done chan struct{}
	once sync.Once
	// closeCode and closeText are written before done is closed and read after: 0 means close
	// without a close frame (a dropped client).
	closeCode int
	closeText string

	// Guarded by r.mu.
	subscribed bool
	attID      int64
	joined     int64 // order of joining the room, to close a person's oldest connection
}

func newClient(reg *Registry, r *room, conn *websocket.Conn, p Participant) *client {
	return &client{reg: reg, r: r, conn: conn, p: p, wake: make(chan struct{}, 1), done: make(chan struct{})}
}

// stopping reports whether the connection is already closing.
func (c *client) stopping() bool {
	select {
	case <-c.done:
		return true
	default:
		return false
	}
}

// outMsg is one message for a connection: a prepared broadcast (framed once for every
// connection that gets it) or a frame of its own.
type outMsg struct {
	pm    *websocket.PreparedMessage
	frame []byte
}

// enqueue queues frames as one batch without blocking; false means the queue is full.
func (c *client) enqueue(frames [][]byte) bool {
	msgs := make([]outMsg, len(frames))
	for i, f := range frames {
		msgs[i].frame = f
	}
	return c.put(msgs...)
}

// enqueuePrepared queues a prepared broadcast message without blocking; false means the queue
// is full.
func (c *client) enqueuePrepared(pm *websocket.PreparedMessage) bool { return c.put(outMsg{pm: pm}) }

// put queues messages as one batch (one of SendQueue), without blocking; false means the
// queue is full. The messages are copied, so the caller may reuse the slice.
func (c *client) put(msgs ...outMsg) bool {
	if c.stopping() {
		return true // going away anyway
	}
	c.qmu.Lock()
	if c.entries >= c.reg.cfg.SendQueue {
		c.qmu.Unlock()
		return false
	}
	c.entries++
	if c.queue == nil && c.spare != nil {
		c.queue, c.spare = c.spare[:0], nil
	}
	c.queue = append(c.queue, msgs...)
	c.qmu.Unlock()
	c.signal()
	return true
}

// ping asks the writer for a ping (the room's timer pings all its connections at once).
func (c *client) ping() {
	c.qmu.Lock()
	c.pingDue = true
	c.qmu.Unlock()
	c.signal()
}

func (c *client) signal() {
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// take removes everything waiting; the writer hands the slice back with recycle.
func (c *client) take() (msgs []outMsg, ping bool) {
	c.qmu.Lock()
	msgs, c.queue, c.entries = c.queue, nil, 0
	ping, c.pingDue = c.pingDue, false
	c.qmu.Unlock()
	return msgs, ping
}

// recycle keeps a drained queue's array for the next messages, unless it grew large: an idle
// connection keeps at most a few entries' worth.
func (c *client) recycle(msgs []outMsg) {
	if cap(msgs) > 8 {
		return
	}
	clear(msgs)
	c.qmu.Lock()
	if c.spare == nil {
		c.spare = msgs[:0]
	}
	c.qmu.Unlock()
}

// stop asks the writer to send a close frame with code and end the connection. It reports
// whether this call stopped the client.
func (c *client) stop(code int, text string) bool {
	stopped := false
	c.once.Do(func() {
		c.closeCode, c.closeText = code, text
		close(c.done)
		stopped = true
	})
	return stopped
}

// kill ends the connection at once, without waiting for a writer that may be stuck.
func (c *client) kill() bool {
	stopped := c.stop(0, "")
	_ = c.conn.Close()
	return stopped
}

func (c *client) sendAck(id string, seq int64) {
	if !c.enqueue([][]byte{ackFrame(id, seq)}) {
		c.r.drop(c)
	}
}

func (c *client) sendError(id string, fe *frameError) {
	if !c.enqueue([][]byte{errorFrame(id, fe, c.p.Lang)}) {
		c.r.drop(c)
	}
}

// readPump reads frames until the connection ends. A frame over MaxFrame gets an error frame
// and is skipped; one over 8×MaxFrame ends the connection (gorilla's read limit).
func (c *client) readPump() {
	cfg := c.reg.cfg
	defer func() {
		c.r.leave(c)
		c.stop(websocket.CloseNormalClosure, "")
		c.reg.release(c.r)
		c.reg.untrack(c)
		c.reg.connWG.Done()
	}()
	c.conn.SetReadLimit(int64(cfg.MaxFrame) * 8)
	_ = c.conn.SetReadDeadline(time.Now().Add(cfg.PongWait))
	c.conn.SetPongHandler(func(string) error {
		return c.conn.SetReadDeadline(time.Now().Add(cfg.PongWait))
	})
	for {
		mt, rd, err := c.conn.NextReader()
		if err != nil {
			return
		}
		data, err := io.ReadAll(io.LimitReader(rd, int64(cfg.MaxFrame)+1))
		if err != nil {
			return
		}
		if len(data) > cfg.MaxFrame {
			if _, err := io.Copy(io.Discard, rd); err != nil {
				return
			}
			c.reg.m.rejected.WithLabelValues(CodeTooLarge).Inc()
			c.sendError("", ferr(CodeTooLarge, "too_large", cfg.MaxFrame))
			continue
		}
		_ = c.conn.SetReadDeadline(time.Now().Add(cfg.PongWait))
		if mt != websocket.TextMessage {
			c.reg.m.rejected.WithLabelValues(CodeBadFrame).Inc()
			c.sendError("", ferr(CodeBadFrame, "not_text"))
			continue
		}
		c.r.handle(c, data)
	}
}

// writePump writes queued frames and pings, each batch under one write deadline and, through
// coalesceConn, in one write to the socket.
func (c *client) writePump() {
	cfg := c.reg.cfg
	defer func() {
		_ = c.conn.Close()
		c.reg.connWG.Done()
	}()
	c.r.startPings()
	cc, _ := c.conn.NetConn().(*coalesceConn)
	// write sends what was waiting; false means the connection failed.
	write := func() bool {
		msgs, ping := c.take()
		if len(msgs) == 0 && !ping {
			return true
		}
		deadline := time.Now().Add(cfg.WriteWait)
		_ = c.conn.SetWriteDeadline(deadline)
		if cc != nil {
			cc.gather(deadline)
		}
		ok := true
		for _, m := range msgs {
			var err error
			if m.pm != nil {
				err = c.conn.WritePreparedMessage(m.pm)
			} else {
				err = c.conn.WriteMessage(websocket.TextMessage, m.frame)
			}
			if err != nil {
				ok = false
				break
			}
		}
		if ok && ping {
			ok = c.conn.WriteMessage(websocket.PingMessage, nil) == nil
		}
		if cc != nil && cc.flush() != nil {
			ok = false
		}
		c.recycle(msgs)
		return ok
	}
	for {
		select {
		case <-c.wake:
			if !write() {
				c.kill()
				return
			}
		case <-c.done:
			if c.closeCode == 0 {
				return
			}
			// Deliver what is already queued (a "kicked" error), then say goodbye.
			if !write() {
				return
			}
			_ = c.conn.WriteControl(websocket.CloseMessage,
				websocket.FormatCloseMessage(c.closeCode, c.closeText), time.Now().Add(cfg.WriteWait))
			return
		}
	}
}

// startPings keeps the room's one ping timer running while it has connections: every PingEvery
// each connection's writer sends a ping (answered by a pong that moves the reader's deadline),
// so a dead peer is found within PongWait without a ticker per connection.
func (r *room) startPings() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.pinging {
		return
	}
	r.pinging = true
	time.AfterFunc(r.reg.cfg.PingEvery, r.pingAll)
}

func (r *room) pingAll() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.clients) == 0 {
		r.pinging = false
		return
	}
	for c := range r.clients {
		c.ping()
	}
	time.AfterFunc(r.reg.cfg.PingEvery, r.pingAll)
}
