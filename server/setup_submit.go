package server

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
	"kring/server/store"
)

// setupSubmit creates the first administrator and signs them in; the link works once.
func (s *Server) setupSubmit(c *fiber.Ctx) error {
	tok := c.Params("token")
	h := auth.HashToken(tok)
	ok, err := s.store.SetupTokenValid(c.UserContext(), h)
	if err != nil {
		return err
	}
	if !ok {
		return fiber.ErrNotFound
	}
	f, nu, valid := s.newAccountForm(c, "")
	if !valid {
		c.Status(fiber.StatusUnprocessableEntity)
		return s.render(c, "setup", fiber.Map{"Title": s.msg.T(st(c).lang, "setup.title"), "Form": f, "Token": tok})
	}
	nu.Role = string(auth.MuniAdmin)
	id, err := s.store.CompleteSetup(c.UserContext(), h, nu)
	if errors.Is(err, store.ErrSetupDone) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	s.log.Info("first administrator created", "user", id)
	if err := s.startSession(c, id); err != nil {
		return err
	}
	return c.Redirect("/", fiber.StatusSeeOther)
}
