package server

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/gorilla/websocket"
)

// upgradeHijacked hands the connection of a websocket request over to upgrade, which runs
// gorilla's Upgrader on it, without keeping anything of fasthttp's alive for the connection's
// life. Fiber's net/http adaptor (which /ws/ping still uses) keeps a goroutine waiting, its
// 4 KB buffers and the request context per connection: about half the memory of an idle room
// connection. Here fasthttp answers nothing (HijackSetNoResponse), does not close the
// connection when the hijack handler returns (Server.KeepHijackedConns, set in New), and the
// handler returns as soon as the connection's own reader and writer run.
//
// upgrade gets the request as net/http sees it and a ResponseWriter whose Hijack returns the
// bare connection; an error answer gorilla writes (a foreign Origin) goes out on the
// connection, which is then closed.
func upgradeHijacked(c *fiber.Ctx, upgrade func(ctx context.Context, w http.ResponseWriter, r *http.Request) error) error {
	req, err := adaptor.ConvertRequest(c, false)
	if err != nil {
		return err
	}
	if !websocket.IsWebSocketUpgrade(req) {
		// Answered before anything is handed over, as gorilla would.
		return fiber.NewError(http.StatusBadRequest, "websocket: not a websocket handshake")
	}
	req = req.WithContext(context.Background())
	c.Context().HijackSetNoResponse(true)
	c.Context().Hijack(func(hc net.Conn) {
		nc := hc
		// fasthttp wraps the connection to read through its request buffer. A websocket client
		// sends nothing before the 101 answer (RFC 6455 4.1; gorilla refuses one that does),
		// so the buffer is empty and the bare connection is read directly.
		if u, ok := hc.(interface{ UnsafeConn() net.Conn }); ok {
			nc = u.UnsafeConn()
		}
		w := &hijackWriter{conn: nc, header: http.Header{}}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := upgrade(ctx, w, req); err != nil || w.status != 0 {
			_ = nc.Close()
		}
	})
	return nil
}

// hijackWriter is the http.ResponseWriter gorilla's Upgrader sees for a hijacked connection:
// Hijack hands over the connection with small, empty buffers (gorilla reads and writes through
// its own); a refusal is written as a plain HTTP response.
type hijackWriter struct {
	conn     net.Conn
	header   http.Header
	status   int
	hijacked bool
}

func (w *hijackWriter) Header() http.Header { return w.header }

func (w *hijackWriter) WriteHeader(status int) {
	if w.status != 0 || w.hijacked {
		return
	}
	w.status = status
	_ = w.conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
	_, _ = fmt.Fprintf(w.conn, "HTTP/1.1 %d %s\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n", status, http.StatusText(status))
	for k, vs := range w.header {
		if k == "Content-Type" || k == "Content-Length" || k == "Connection" {
			continue
		}
		for _, v := range vs {
			_, _ = fmt.Fprintf(w.conn, "%s: %s\r\n", k, v)
		}
	}
	_, _ = fmt.Fprint(w.conn, "\r\n")
}

func (w *hijackWriter) Write(b []byte) (int, error) {
	if w.hijacked {
		return 0, http.ErrHijacked
	}
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	return w.conn.Write(b)
}

func (w *hijackWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	if w.hijacked || w.status != 0 {
		return nil, nil, http.ErrHijacked
	}
	w.hijacked = true
	return w.conn, bufio.NewReadWriter(bufio.NewReaderSize(w.conn, 16), bufio.NewWriterSize(w.conn, 16)), nil
}
