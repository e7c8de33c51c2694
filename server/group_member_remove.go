package server

import (
	"strconv"

	"github.com/gofiber/fiber/v2"
)

// groupMemberRemove takes a member out of the group and out of any live room of the group.
func (s *Server) groupMemberRemove(c *fiber.Ctx) error {
	g, manage, err := s.groupAccess(c, "id")
	if err != nil {
		return err
	}
	if !manage {
		return fiber.ErrForbidden
	}
	uid, err := c.ParamsInt("uid")
	if err != nil || uid <= 0 {
		return fiber.ErrNotFound
	}
	if err := s.store.RemoveMember(c.UserContext(), g.ID, int64(uid)); err != nil {
		return err
	}
	s.memberRemoved(c, g.ID, int64(uid))
	s.memberInvitations(c, g.ID, int64(uid), mailCancel)
	s.audit(c, auditMemberRemove, "group:"+strconv.FormatInt(g.ID, 10), 0, map[string]string{"user": strconv.Itoa(uid)})
	return c.Redirect("/groups/"+strconv.FormatInt(g.ID, 10)+"#members", fiber.StatusSeeOther)
}
