package room

import (
	"io"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// client is one websocket connection, with one reader and one writer goroutine as in gorilla's
// chat example. Frames for it wait in a bounded queue; when the queue is full the room drops it.
type client struct {
	reg  *Registry
	r    *room
	conn *websocket.Conn
	p    Participant

	send chan outBatch
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

// stopping reports whether the connection is already closing.
func (c *client) stopping() bool {
	select {
	case <-c.done:
		return true
	default:
		return false
	}
}

// outBatch is one entry of a connection's queue: frames written in order, or one prepared
// message (a broadcast, framed once for every connection).
type outBatch struct {
	frames [][]byte
	pm     *websocket.PreparedMessage
}

// enqueue queues frames without blocking; false means the queue is full.
func (c *client) enqueue(frames [][]byte) bool { return c.put(outBatch{frames: frames}) }

// enqueuePrepared queues a prepared broadcast message without blocking; false means the queue
// is full.
func (c *client) enqueuePrepared(pm *websocket.PreparedMessage) bool { return c.put(outBatch{pm: pm}) }

func (c *client) put(b outBatch) bool {
	select {
	case <-c.done:
		return true // going away anyway
	default:
	}
	select {
	case c.send <- b:
		return true
	default:
		return false
	}
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

// writePump writes queued frames and pings, each under a write deadline.
func (c *client) writePump() {
	cfg := c.reg.cfg
	ticker := time.NewTicker(cfg.PingEvery)
	defer func() {
		ticker.Stop()
		_ = c.conn.Close()
		c.reg.connWG.Done()
	}()
	write := func(b outBatch) bool {
		if b.pm != nil {
			_ = c.conn.SetWriteDeadline(time.Now().Add(cfg.WriteWait))
			return c.conn.WritePreparedMessage(b.pm) == nil
		}
		for _, f := range b.frames {
			_ = c.conn.SetWriteDeadline(time.Now().Add(cfg.WriteWait))
			if err := c.conn.WriteMessage(websocket.TextMessage, f); err != nil {
				return false
			}
		}
		return true
	}
	for {
		select {
		case frames := <-c.send:
			if !write(frames) {
				c.kill()
				return
			}
		case <-ticker.C:
			_ = c.conn.SetWriteDeadline(time.Now().Add(cfg.WriteWait))
			if err := c.conn.WriteMessage(websocket.PingMessage, nil); err != nil {
				c.kill()
				return
			}
		case <-c.done:
			if c.closeCode == 0 {
				return
			}
			// Deliver what is already queued (a "kicked" error), then say goodbye.
			for {
				select {
				case frames := <-c.send:
					if !write(frames) {
						return
					}
					continue
				default:
				}
				break
			}
			_ = c.conn.WriteControl(websocket.CloseMessage,
				websocket.FormatCloseMessage(c.closeCode, c.closeText), time.Now().Add(cfg.WriteWait))
			return
		}
	}
}
