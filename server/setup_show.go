package server

import (
	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
)

// setupShow is the one-time page, linked from the log of the first start, where the first
// municipality administrator creates their account.
func (s *Server) setupShow(c *fiber.Ctx) error {
	ok, err := s.store.SetupTokenValid(c.UserContext(), auth.HashToken(c.Params("token")))
	if err != nil {
		return err
	}
	if !ok {
		return fiber.ErrNotFound
	}
	return s.render(c, "setup", fiber.Map{"Title": s.msg.T(st(c).lang, "setup.title"), "Form": emptyForm(), "Token": c.Params("token")})
}
