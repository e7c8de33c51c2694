package server

import "github.com/gofiber/fiber/v2"

// brandLogoImage serves the logo given by -brand-logo; 404 without one.
func (s *Server) brandLogoImage(c *fiber.Ctx) error {
	if len(s.brandLogo) == 0 {
		return fiber.ErrNotFound
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=3600")
	c.Set(fiber.HeaderContentType, s.logoType)
	return c.Send(s.brandLogo)
}
