package server

import (
	"io/fs"
	"net/http"

	"github.com/gofiber/fiber/v2"
)

func httpFS(f fs.FS) http.FileSystem { return http.FS(f) }

// themeStylesheet serves the municipality's theme file given by -theme-css; 404 without one.
func (s *Server) themeStylesheet(c *fiber.Ctx) error {
	if len(s.themeCSS) == 0 {
		return fiber.ErrNotFound
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=3600")
	c.Type("css", "utf-8")
	return c.Send(s.themeCSS)
}

// brandLogoImage serves the logo given by -brand-logo; 404 without one.
func (s *Server) brandLogoImage(c *fiber.Ctx) error {
	if len(s.brandLogo) == 0 {
		return fiber.ErrNotFound
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=3600")
	c.Set(fiber.HeaderContentType, s.logoType)
	return c.Send(s.brandLogo)
}

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
