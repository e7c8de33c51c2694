package server

import "github.com/gofiber/fiber/v2"

// themeStylesheet serves the municipality's theme file given by -theme-css; 404 without one.
func (s *Server) themeStylesheet(c *fiber.Ctx) error {
	if len(s.themeCSS) == 0 {
		return fiber.ErrNotFound
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=3600")
	c.Type("css", "utf-8")
	return c.Send(s.themeCSS)
}
