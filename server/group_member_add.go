package server

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
	"kring/server/store"
)

// groupMemberAdd adds a trainee (of any organisation) to the group.
func (s *Server) groupMemberAdd(c *fiber.Ctx) error {
	g, manage, err := s.groupAccess(c, "id")
	if err != nil {
		return err
	}
	if !manage {
		return fiber.ErrForbidden
	}
	f := readForm(c, "user")
	id, _ := strconv.ParseInt(f.get("user"), 10, 64)
	u, err := s.store.UserByID(c.UserContext(), id)
	switch {
	case errors.Is(err, store.ErrNotFound) || (err == nil && auth.Role(u.Role) != auth.Trainee):
		f.fail("user", "groups.pick_member")
		c.Status(fiber.StatusUnprocessableEntity)
		return s.renderGroup(c, g, manage, groupForms{Member: f})
	case err != nil:
		return err
	}
	if err := s.store.AddMember(c.UserContext(), g.ID, u.ID); err != nil {
		return err
	}
	s.memberInvitations(c, g.ID, u.ID, mailInvite)
	return c.Redirect("/groups/"+strconv.FormatInt(g.ID, 10)+"#members", fiber.StatusSeeOther)
}
