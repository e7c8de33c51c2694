package server

import (
	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
)

// adminOrgInviteCreate lets the municipality admin invite a trainee, coach or organisation
// admin into an organisation.
func (s *Server) adminOrgInviteCreate(c *fiber.Ctx) error {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return fiber.ErrNotFound
	}
	if _, err := s.store.Organisation(c.UserContext(), int64(id)); err != nil {
		return err
	}
	f, created, err := s.makeInvite(c, int64(id), []auth.Role{auth.Trainee, auth.Coach, auth.OrgAdmin})
	if err != nil {
		return err
	}
	if created == nil {
		c.Status(fiber.StatusUnprocessableEntity)
	}
	return s.renderAdminOrg(c, f, created)
}
