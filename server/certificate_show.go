package server

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"kring/server/store"
)

// certificateShow is the public check of a certificate, open to anyone with the code: the
// person's name, the module, the date, the study load and whether it is valid; nothing else
// (no e-mail, no organisation). For its owner it is also the printable certificate.
func (s *Server) certificateShow(c *fiber.Ctx) error {
	code := store.NormaliseCode(c.Params("code"))
	if code == "" {
		return &pageError{code: fiber.StatusNotFound, key: "error.certificate", err: store.ErrNotFound}
	}
	cert, err := s.store.CertificateByCode(c.UserContext(), code)
	if errors.Is(err, store.ErrNotFound) {
		return &pageError{code: fiber.StatusNotFound, key: "error.certificate", err: err}
	}
	if err != nil {
		return err
	}
	if c.Params("code") != cert.Code {
		return c.Redirect("/certificates/"+cert.Code, fiber.StatusMovedPermanently)
	}
	lang := st(c).lang
	u := currentUser(c)
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set("X-Robots-Tag", "noindex")
	return s.render(c, "certificate", fiber.Map{
		"Title":     s.msg.T(lang, "learning.certificate.title") + " · " + cert.ModuleTitle,
		"Cert":      cert,
		"Hours":     formatHours(lang, cert.Hours),
		"VerifyURL": s.cfg.BaseURL + "/certificates/" + cert.Code,
		"Owner":     u != nil && u.ID == cert.UserID,
	})
}
