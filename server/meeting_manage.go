package server

import (
	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
	"kring/server/store"
)

// meetingGroup loads the meeting in the URL with its group and says whether the signed-in
// person may manage it (the group's coach, or a municipality admin, as for planning). Someone
// who may see the group (a member) gets manage false; anyone else 404, so ids reveal nothing.
func (s *Server) meetingGroup(c *fiber.Ctx) (m *store.Meeting, g *store.Group, manage bool, err error) {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return nil, nil, false, fiber.ErrNotFound
	}
	ctx := c.UserContext()
	if m, err = s.store.Meeting(ctx, int64(id)); err != nil {
		return nil, nil, false, err
	}
	g, manage, err = s.groupAccessByID(c, m.GroupID)
	return m, g, manage, err
}

// groupAccessByID is groupAccess for a group found through something else (a meeting, a
// series): the same rules (auth.CanSeeGroup, auth.CanManageGroup), the same 404 for anyone
// who may not see the group.
func (s *Server) groupAccessByID(c *fiber.Ctx, groupID int64) (*store.Group, bool, error) {
	g, err := s.store.Group(c.UserContext(), groupID)
	if err != nil {
		return nil, false, err
	}
	facts, err := s.groupFacts(c, g, currentUser(c))
	if err != nil {
		return nil, false, err
	}
	p := person(currentUser(c))
	if !auth.CanSeeGroup(p, facts) {
		return nil, false, fiber.ErrNotFound
	}
	return g, s.policy.Allows(p.Role, auth.ManageGroups) && auth.CanManageGroup(p, facts), nil
}

// managedMeeting is meetingGroup for the coach's pages: 403 for a member, 404 for others.
func (s *Server) managedMeeting(c *fiber.Ctx) (*store.Meeting, *store.Group, error) {
	m, g, manage, err := s.meetingGroup(c)
	if err != nil {
		return nil, nil, err
	}
	if !manage {
		return nil, nil, fiber.ErrForbidden
	}
	return m, g, nil
}
