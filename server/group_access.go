package server

import (
	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
	"kring/server/store"
)

// groupAccess loads the group in the URL and says what the signed-in person may do with it:
// see it (coach, member, municipality admin) and manage it (its coach, municipality admin).
// Anyone else gets 404, so group ids reveal nothing.
func (s *Server) groupAccess(c *fiber.Ctx, param string) (g *store.Group, manage bool, err error) {
	id, err := c.ParamsInt(param)
	if err != nil || id <= 0 {
		return nil, false, fiber.ErrNotFound
	}
	g, err = s.store.Group(c.UserContext(), int64(id))
	if err != nil {
		return nil, false, err
	}
	u := currentUser(c)
	role := auth.Role(u.Role)
	canManage := s.policy.Allows(role, auth.ManageGroups) && (g.CoachID == u.ID || role == auth.MuniAdmin)
	if canManage || role == auth.MuniAdmin {
		return g, canManage, nil
	}
	member, err := s.store.IsMember(c.UserContext(), g.ID, u.ID)
	if err != nil {
		return nil, false, err
	}
	if !member {
		return nil, false, fiber.ErrNotFound
	}
	return g, false, nil
}
