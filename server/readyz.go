package server

import (
	"errors"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"kring/server/store"
)

// readiness remembers the last heartbeat for a second: /readyz is open to anyone, and without
// this every request would be a write transaction (an easy way to keep the writer busy).
// Requests arriving together wait for one heartbeat instead of each starting their own.
type readiness struct {
	mu     sync.Mutex
	at     time.Time
	reason string // "" when ready
}

// readyz answers 200 {"status":"ready"} only when the database takes a write (a heartbeat row
// rewritten in a transaction), and 503 with the reason otherwise: a locked database or a full
// disk keeps /healthz (liveness: the process answers) green, but people's cards would fail, so
// a load balancer should stop sending them here.
func (s *Server) readyz(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	r := &s.ready
	r.mu.Lock()
	if time.Since(r.at) >= time.Second {
		r.reason = ""
		if err := s.store.Heartbeat(c.UserContext(), 2*time.Second); err != nil {
			r.reason = store.ReasonFailed
			var we *store.WriteError
			if errors.As(err, &we) {
				r.reason = we.Reason
			}
			s.log.Error("readiness check failed", "err", err)
		}
		r.at = time.Now()
	}
	reason := r.reason
	r.mu.Unlock()
	if reason != "" {
		return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"status": "unavailable", "reason": reason})
	}
	return c.JSON(fiber.Map{"status": "ready"})
}
