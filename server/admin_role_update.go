package server

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
)

// adminRoleUpdate appoints a person of an organisation as coach, organisation admin or trainee.
// Making someone a municipality admin is not possible here (that is `kring admin create`), and
// an admin cannot change their own role.
func (s *Server) adminRoleUpdate(c *fiber.Ctx) error {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return fiber.ErrNotFound
	}
	role := auth.Role(c.FormValue("role"))
	if role != auth.Trainee && role != auth.Coach && role != auth.OrgAdmin {
		return fiber.NewError(fiber.StatusBadRequest)
	}
	target, err := s.store.UserByID(c.UserContext(), int64(id))
	if err != nil {
		return err
	}
	if target.ID == currentUser(c).ID || auth.Role(target.Role) == auth.MuniAdmin || target.OrgID == 0 {
		return fiber.ErrForbidden
	}
	if err := s.store.SetRole(c.UserContext(), target.ID, string(role)); err != nil {
		return err
	}
	s.log.Info("role changed", "user", target.ID, "role", role, "by", currentUser(c).ID)
	return c.Redirect("/admin/organisations/"+strconv.FormatInt(target.OrgID, 10)+"?saved=1", fiber.StatusSeeOther)
}
