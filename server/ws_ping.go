package server

import (
	"net/http"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/gorilla/websocket"
)

// wsPing is a tiny authenticated websocket echo. It exists so the upgrade path through Fiber,
// fasthttp's net/http adaptor and gorilla/websocket is exercised by a test over a real
// listener: with fasthttp older than v1.68 the adaptor cannot hijack and this fails.
func (s *Server) wsPing(c *fiber.Ctx) error {
	up := websocket.Upgrader{ReadBufferSize: 1024, WriteBufferSize: 1024, CheckOrigin: s.checkOrigin}
	h := func(w http.ResponseWriter, r *http.Request) {
		conn, err := up.Upgrade(w, r, nil)
		if err != nil {
			s.log.Warn("websocket upgrade failed", "err", err)
			return
		}
		go func() {
			defer conn.Close()
			conn.SetReadLimit(4096)
			for i := 0; i < 100; i++ {
				_ = conn.SetReadDeadline(time.Now().Add(30 * time.Second))
				kind, msg, err := conn.ReadMessage()
				if err != nil {
					return
				}
				_ = conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
				if err := conn.WriteMessage(kind, msg); err != nil {
					return
				}
			}
		}()
	}
	return adaptor.HTTPHandlerFunc(h)(c)
}

// checkOrigin accepts websocket upgrades only from Kring's own pages: the configured public
// origin or the request's own host. A missing Origin (not a browser) is refused too.
func (s *Server) checkOrigin(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return false
	}
	if origin == s.cfg.BaseURL {
		return true
	}
	return origin == "http://"+r.Host || origin == "https://"+r.Host
}
