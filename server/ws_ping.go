package server

import (
	"net/http"
	"strings"
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

// checkOrigin accepts websocket upgrades only from Kring's own pages.
func (s *Server) checkOrigin(r *http.Request) bool { return OriginChecker(s.cfg.BaseURL)(r) }

// OriginChecker accepts websocket upgrades only from Kring's own pages: the configured public
// origin, or the request's own host (when reached as localhost as well as 127.0.0.1, or behind
// a proxy that keeps the Host). A missing Origin is refused: browsers always send one, and
// cross-site websocket hijacking is exactly a request from another origin.
func OriginChecker(baseURL string) func(*http.Request) bool {
	base := strings.TrimRight(baseURL, "/")
	return func(r *http.Request) bool {
		origin := r.Header.Get("Origin")
		if origin == "" {
			return false
		}
		if strings.EqualFold(origin, base) {
			return true
		}
		return strings.EqualFold(origin, "http://"+r.Host) || strings.EqualFold(origin, "https://"+r.Host)
	}
}
