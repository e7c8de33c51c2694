package server

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
	"kring/server/store"
)

// personDisable disables a person of the admin's own organisation (a municipality admin: of any
// organisation), by auth.CanManagePerson: they can no longer sign in, and their sessions and live
// room connections end at once. Their records stay.
func (s *Server) personDisable(c *fiber.Ctx) error { return s.setPersonDisabled(c, true) }

// setPersonDisabled is the shared body of personDisable and personEnable. Someone the admin may
// not manage is 404, so ids of other organisations reveal nothing.
func (s *Server) setPersonDisabled(c *fiber.Ctx, disabled bool) error {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return fiber.ErrNotFound
	}
	target, err := s.store.UserByID(c.UserContext(), int64(id))
	if err != nil {
		return err
	}
	me := currentUser(c)
	if !auth.CanManagePerson(person(me), person(target)) {
		if target.ID == me.ID {
			return fiber.ErrForbidden
		}
		return fiber.ErrNotFound
	}
	if err := s.store.SetDisabled(c.UserContext(), target.ID, disabled); err != nil {
		return err
	}
	if disabled {
		s.closeUserSockets(target.ID, "account disabled")
	}
	s.audit(c, map[bool]string{true: auditPersonDisable, false: auditPersonEnable}[disabled], "user:"+strconv.FormatInt(target.ID, 10), target.OrgID, map[string]string{"name": target.Name})
	s.log.Info("person disabled", "user", target.ID, "disabled", disabled, "by", me.ID)
	notice := "enabled"
	if disabled {
		notice = "disabled"
	}
	return c.Redirect(peoplePage(me, target)+"?person="+notice+"#h-access", fiber.StatusSeeOther)
}

// peoplePage is where the admin manages the person: the municipality on the organisation's
// page, the coordinator on the person's training record.
func peoplePage(me, target *store.User) string {
	if auth.Role(me.Role) == auth.MuniAdmin {
		return "/admin/organisations/" + strconv.FormatInt(target.OrgID, 10)
	}
	return "/org/people/" + strconv.FormatInt(target.ID, 10)
}
