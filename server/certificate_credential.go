package server

import (
	"github.com/gofiber/fiber/v2"
)

// certificateCredential serves the holder their certificate as a signed Open Badges 3.0
// credential (a VC-JWT) to keep in a wallet or hand to a register. Only the holder gets it;
// anyone else, and a revoked certificate, gets a 404: Kring issues no credential for a
// certificate it has withdrawn.
func (s *Server) certificateCredential(c *fiber.Ctx) error {
	cert, err := s.certificateByParam(c)
	if err != nil {
		return err
	}
	u := currentUser(c)
	if u == nil || u.ID != cert.UserID || cert.Revoked() {
		return fiber.ErrNotFound
	}
	token, err := s.signCredential(cert, u.Email, st(c).lang, s.store.Now())
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/vc+jwt")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+credentialFilename(cert)+`"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.SendString(token)
}
