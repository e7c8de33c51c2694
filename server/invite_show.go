package server

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
	"kring/server/store"
)

// inviteShow shows the form behind an invite link: the organisation and role, and fields to
// create the account. A used, expired or revoked link says so instead of a bare 404.
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
	if inv.Revoked() {
		c.Status(fiber.StatusGone)
	}
	return s.render(c, "invite", s.inviteData(c, inv, f))
}

// inviteData is what the invite page shows: a withdrawn or spent invite says so; an invite
// without an address asks only for one (see inviteAccept); one with an address asks for the
// rest of the account.
func (s *Server) inviteData(c *fiber.Ctx, inv *store.Invite, f *form) fiber.Map {
	return fiber.Map{"Title": s.msg.T(st(c).lang, "invite.title"), "Invite": inv, "Form": f, "Token": c.Params("token"),
		"Revoked": inv.Revoked(), "Expired": !inv.Revoked() && !inv.Open(s.store.Now()),
		"AskAddress": inv.Email == "", "MailEnabled": s.mailer.Enabled()}
}
