package server

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
	"kring/server/store"
)

// inviteShow shows the form behind an invite link: the organisation and role, and fields to
// create the account. A used or expired link says so instead of a bare 404.
func (s *Server) inviteShow(c *fiber.Ctx) error {
	inv, err := s.store.InviteByToken(c.UserContext(), auth.HashToken(c.Params("token")))
	if errors.Is(err, store.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	f := emptyForm()
	f.Values["email"] = inv.Email
	return s.render(c, "invite", fiber.Map{"Title": s.msg.T(st(c).lang, "invite.title"), "Invite": inv, "Form": f,
		"Token": c.Params("token"), "Expired": !inv.Open(s.store.Now())})
}
