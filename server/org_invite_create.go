package server

import (
	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
)

// orgInviteCreate lets an organisation admin invite a member of staff (as trainee) to their
// own organisation, and shows the link to copy.
func (s *Server) orgInviteCreate(c *fiber.Ctx) error {
	u := currentUser(c)
	if u.OrgID == 0 {
		return fiber.ErrForbidden
	}
	f, created, err := s.makeInvite(c, u.OrgID, []auth.Role{auth.Trainee})
	if err != nil {
		return err
	}
	if created == nil {
		c.Status(fiber.StatusUnprocessableEntity)
	}
	return s.renderOrg(c, f, created)
}
