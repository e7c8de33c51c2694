package server

import (
	"errors"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"kring/server/store"
)

// certificateRevoke withdraws a certificate with a reason, by the municipality's
// administrator: the public check, its JSON and the holder's portfolio say so from then on,
// and the certificate no longer counts in totals or for "trained".
func (s *Server) certificateRevoke(c *fiber.Ctx) error {
	cert, err := s.certificateByParam(c)
	if err != nil {
		return err
	}
	f := readForm(c, "reason")
	f.required("reason")
	if n := utf8.RuneCountInString(f.get("reason")); n > 300 {
		f.fail("reason", "form.too_long")
	}
	if cert.Revoked() {
		f.fail("reason", "certificate.revoke.already")
	}
	if !f.ok() {
		c.Status(fiber.StatusUnprocessableEntity)
		return s.renderCertificate(c, cert, f)
	}
	if err := s.store.RevokeCertificate(c.UserContext(), cert.Code, f.get("reason")); err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	s.log.Info("certificate revoked", "code", cert.Code, "by", currentUser(c).ID)
	return c.Redirect("/certificates/"+cert.Code+"?revoked=1", fiber.StatusSeeOther)
}
