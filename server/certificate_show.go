package server

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
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
	return s.renderCertificate(c, cert, emptyForm())
}

// renderCertificate shows the certificate: to anyone the public facts (name, module, date,
// hours, issuer, status); to its holder also the learning goals, the accreditation, their
// registration number and the downloads; to the municipality's administrator the revoke form.
func (s *Server) renderCertificate(c *fiber.Ctx, cert *store.Certificate, f *form) error {
	lang := st(c).lang
	u := currentUser(c)
	owner := u != nil && u.ID == cert.UserID
	data := fiber.Map{
		"Title":     s.msg.T(lang, "learning.certificate.title") + " · " + cert.ModuleTitle,
		"Cert":      cert,
		"Hours":     formatHours(lang, cert.Hours),
		"VerifyURL": s.cfg.BaseURL + "/certificates/" + cert.Code,
		"Owner":     owner,
		"Issuer":    s.cfg.CertIssuer,
		"Signatory": s.cfg.CertSignatory,
		"Form":      f,
		"CanRevoke": u != nil && s.policy.Allows(auth.Role(u.Role), auth.ManageOrgs) && !cert.Revoked(),
		"Revoked":   c.Query("revoked") != "",
		// The reason of a revocation is for the holder and the administrators, not the public.
		"CanSeeReason": owner || (u != nil && s.policy.Allows(auth.Role(u.Role), auth.ManageOrgs)),
	}
	if owner {
		data["Goals"] = s.certificateGoals(cert)
		reg, err := s.store.Registration(c.UserContext(), cert.UserID)
		if err != nil {
			return err
		}
		data["Registration"] = reg
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set("X-Robots-Tag", "noindex")
	return s.render(c, "certificate", data)
}
