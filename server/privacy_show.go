package server

import "github.com/gofiber/fiber/v2"

// privacyShow is the privacy statement: what Kring keeps, why, for how long (the configured
// retention), who sees what, the person's rights and where to use them. Open to everyone, so
// it can be read before signing in.
func (s *Server) privacyShow(c *fiber.Ctx) error {
	lang := st(c).lang
	return s.render(c, "privacy", fiber.Map{"Title": s.msg.T(lang, "privacy.statement.title"), "Retention": s.retentionWords(lang),
		"Contact": s.cfg.PrivacyContact, "Controller": s.controller(lang), "Deleted": c.Query("verwijderd") == "1"})
}

// controller names who is responsible for Kring: the configured issuer (-brand-name, the
// municipality), or "the municipality that uses Kring" when none was set.
func (s *Server) controller(lang string) string {
	if s.cfg.CertIssuer == "" || s.cfg.CertIssuer == "Kring" {
		return s.msg.T(lang, "privacy.controller_default")
	}
	return s.cfg.CertIssuer
}
