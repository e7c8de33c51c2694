package server

import (
	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
	"kring/server/store"
)

// meetingAccess loads the meeting in the URL and checks the person may see it: its group's
// coach, a member of the group, or (for reports only) a municipality admin. Anyone else gets
// 404, so meeting ids reveal nothing.
func (s *Server) meetingAccess(c *fiber.Ctx, allowAdmin bool) (m *store.Meeting, coach bool, err error) {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return nil, false, fiber.ErrNotFound
	}
	m, err = s.store.Meeting(c.UserContext(), int64(id))
	if err != nil {
		return nil, false, err
	}
	u := currentUser(c)
	if m.CoachID == u.ID && auth.Role(u.Role) == auth.Coach {
		return m, true, nil
	}
	if allowAdmin && auth.Role(u.Role) == auth.MuniAdmin {
		return m, false, nil
	}
	member, err := s.store.IsMember(c.UserContext(), m.GroupID, u.ID)
	if err != nil {
		return nil, false, err
	}
	if !member {
		return nil, false, fiber.ErrNotFound
	}
	return m, false, nil
}
