package server

import "github.com/gofiber/fiber/v2"

// accessibilityShow is the accessibility statement in the shape of the Dutch
// toegankelijkheidsverklaring: status, what is and is not accessible, contact, date.
func (s *Server) accessibilityShow(c *fiber.Ctx) error {
	lang := st(c).lang
	return s.render(c, "accessibility", fiber.Map{"Title": s.msg.T(lang, "a11y.title"), "Contact": s.cfg.PrivacyContact,
		"Controller": s.controller(lang)})
}
