package room

import (
	"bufio"
	"errors"
	"net"
	"net/http"
	"sync"
	"time"
)

// coalesceConn is the socket under a room connection's websocket. While the connection's writer
// sends what was waiting in its queue (between gather and flush), the frames gorilla writes are
// gathered and go out in one write: one system call for a whole batch instead of one per frame,
// which is most of the cost of a delivery. Outside a batch a write goes straight through (the
// pong the reader answers a ping with, the close frame). Writes are serialised by mu, so a pong
// written during a batch lands after the frames before it and never inside one. A batch is
// written under the deadline its writer gave gather: the deadline gorilla sets for a pong
// meanwhile (a second) must not cut short the batch's write.
type coalesceConn struct {
	net.Conn
	bufs      *sync.Pool // the registry's buffers for batches; nil: a fresh one each batch
	mu        sync.Mutex
	gathering bool
	deadline  time.Time // the batch's write deadline
	buf       *[]byte   // from bufs while gathering
}

// coalesceMax is how much is gathered before it is written anyway.
const coalesceMax = 64 << 10

// getBuf takes a batch buffer from the pool, or makes one.
func (c *coalesceConn) getBuf() *[]byte {
	if c.bufs != nil {
		if b, ok := c.bufs.Get().(*[]byte); ok {
			return b
		}
	}
	b := make([]byte, 0, 4096)
	return &b
}

// gather starts a batch, to be written by deadline.
func (c *coalesceConn) gather(deadline time.Time) {
	c.mu.Lock()
	c.gathering, c.deadline = true, deadline
	c.mu.Unlock()
}

// SetWriteDeadline applies to the next write outside a batch; during a batch the batch's own
// deadline holds, and a write in progress keeps the deadline it started with (mu).
func (c *coalesceConn) SetWriteDeadline(t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gathering {
		return nil
	}
	return c.Conn.SetWriteDeadline(t)
}

// SetDeadline sets the read deadline, and the write deadline as SetWriteDeadline does.
func (c *coalesceConn) SetDeadline(t time.Time) error {
	if err := c.Conn.SetReadDeadline(t); err != nil {
		return err
	}
	return c.SetWriteDeadline(t)
}

func (c *coalesceConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.gathering {
		return c.Conn.Write(p)
	}
	if c.buf == nil {
		c.buf = c.getBuf()
	}
	if len(*c.buf)+len(p) > coalesceMax {
		if err := c.writeOut(); err != nil {
			return 0, err
		}
		if len(p) > coalesceMax {
			return c.Conn.Write(p)
		}
	}
	*c.buf = append(*c.buf, p...)
	return len(p), nil
}

// flush ends the batch and writes what was gathered.
func (c *coalesceConn) flush() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gathering = false
	err := c.writeOut()
	if c.buf != nil {
		if c.bufs != nil && cap(*c.buf) <= coalesceMax {
			*c.buf = (*c.buf)[:0]
			c.bufs.Put(c.buf)
		}
		c.buf = nil
	}
	return err
}

// writeOut writes the gathered bytes; the caller holds mu.
func (c *coalesceConn) writeOut() error {
	if c.buf == nil || len(*c.buf) == 0 {
		return nil
	}
	if err := c.Conn.SetWriteDeadline(c.deadline); err != nil {
		return err
	}
	_, err := c.Conn.Write(*c.buf)
	*c.buf = (*c.buf)[:0]
	return err
}

// coalescing hands gorilla's Upgrader the hijacked connection wrapped in a coalesceConn that
// takes its batch buffers from bufs.
type coalescing struct {
	http.ResponseWriter
	bufs *sync.Pool
}

func (w coalescing) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	h, ok := w.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, errors.New("room: the response cannot be hijacked")
	}
	nc, brw, err := h.Hijack()
	if err != nil {
		return nil, nil, err
	}
	return &coalesceConn{Conn: nc, bufs: w.bufs}, brw, nil
}
