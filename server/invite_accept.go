package server

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
	"kring/server/store"
)

// inviteAccept creates the invited account in the invite's organisation with its role, and
// signs the new person in.
func (s *Server) inviteAccept(c *fiber.Ctx) error {
	tok := c.Params("token")
	h := auth.HashToken(tok)
	inv, err := s.store.InviteByToken(c.UserContext(), h)
	if errors.Is(err, store.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	lang := st(c).lang
	show := func(f *form, expired bool) error {
		c.Status(fiber.StatusUnprocessableEntity)
		return s.render(c, "invite", fiber.Map{"Title": s.msg.T(lang, "invite.title"), "Invite": inv, "Form": f, "Token": tok, "Expired": expired})
	}
	if !inv.Open(s.store.Now()) {
		return show(emptyForm(), true)
	}
	// An invite made for an address creates the account with that address.
	f, nu, ok := s.newAccountForm(c, inv.Email)
	if !ok {
		return show(f, false)
	}
	nu.Lang = lang
	id, err := s.store.AcceptInvite(c.UserContext(), h, nu)
	switch {
	case errors.Is(err, store.ErrConflict):
		f.fail("email", "invite.email_taken")
		return show(f, false)
	case errors.Is(err, store.ErrInviteUsed):
		return show(f, true)
	case err != nil:
		return err
	}
	s.log.Info("invite accepted", "user", id, "org", inv.OrgID, "role", inv.Role)
	if err := s.startSession(c, id); err != nil {
		return err
	}
	return c.Redirect("/", fiber.StatusSeeOther)
}
