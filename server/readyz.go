package server

import (
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"

	"kring/server/store"
)

// readyz answers 200 {"status":"ready"} only when the database takes a write (a heartbeat row
// rewritten in a transaction), and 503 with the reason otherwise: a locked database or a full
// disk keeps /healthz (liveness: the process answers) green, but people's cards would fail, so
// a load balancer should stop sending them here.
func (s *Server) readyz(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	if err := s.store.Heartbeat(c.UserContext(), 2*time.Second); err != nil {
		reason := store.ReasonFailed
		var we *store.WriteError
		if errors.As(err, &we) {
			reason = we.Reason
		}
		s.log.Error("readiness check failed", "err", err)
		return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"status": "unavailable", "reason": reason})
	}
	return c.JSON(fiber.Map{"status": "ready"})
}
