package server

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
	"kring/server/store"
)

// inviteRevoke makes an unused invite link unusable, by who may make it (auth.CanManageInvite:
// the organisation admin for their own organisation, the municipality admin for any). Its
// holder then sees a page saying the invite was withdrawn. An invite of another organisation
// is 404; a used one is left as it is and the page says so.
func (s *Server) inviteRevoke(c *fiber.Ctx) error {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return fiber.ErrNotFound
	}
	inv, err := s.store.InviteByID(c.UserContext(), int64(id))
	if err != nil {
		return err
	}
	me := currentUser(c)
	if !auth.CanManageInvite(person(me), inv.OrgID) {
		return fiber.ErrNotFound
	}
	back := "/org"
	if auth.Role(me.Role) == auth.MuniAdmin {
		back = "/admin/organisations/" + strconv.FormatInt(inv.OrgID, 10)
	}
	err = s.store.RevokeInvite(c.UserContext(), inv.ID)
	switch {
	case errors.Is(err, store.ErrInviteUsed):
		return c.Redirect(back+"?invite=used#h-invite", fiber.StatusSeeOther)
	case err != nil:
		return err
	}
	s.log.Info("invite revoked", "invite", inv.ID, "org", inv.OrgID, "by", me.ID)
	return c.Redirect(back+"?invite=revoked#h-invite", fiber.StatusSeeOther)
}
