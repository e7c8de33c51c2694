package server

import "github.com/gofiber/fiber/v2"

// healthz answers 200 {"status":"ok"} when the database answers a query, 503 otherwise, so a
// load balancer stops sending people to a broken instance.
func (s *Server) healthz(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	if err := s.store.Ping(c.UserContext()); err != nil {
		s.log.Error("health check failed", "err", err)
		return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"status": "unavailable"})
	}
	return c.JSON(fiber.Map{"status": "ok"})
}
