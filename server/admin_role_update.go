package server

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
)

// adminRoleUpdate appoints a person of an organisation as coach, organisation admin or trainee.
// Making someone a municipality admin is not possible here (that is `kring admin create`), and
// an admin cannot change their own role (auth.CanSetRole). A coach who still leads a group keeps
// the role, so no group is left without its coach. A changed role closes the person's live room
// connections.
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
	if !auth.CanSetRole(person(currentUser(c)), person(target), role) {
		return fiber.ErrForbidden
	}
	back := "/admin/organisations/" + strconv.FormatInt(target.OrgID, 10)
	if auth.Role(target.Role) == auth.Coach && role != auth.Coach {
		n, err := s.store.CountGroupsCoachedBy(c.UserContext(), target.ID)
		if err != nil {
			return err
		}
		if n > 0 {
			return c.Redirect(back+"?refused="+strconv.FormatInt(target.ID, 10), fiber.StatusSeeOther)
		}
	}
	if err := s.store.SetRole(c.UserContext(), target.ID, string(role)); err != nil {
		return err
	}
	if auth.Role(target.Role) != role {
		// What the person may do in a live room changed: they reconnect under the new role.
		s.closeUserSockets(target.ID, "role changed")
	}
	s.audit(c, auditRoleChange, "user:"+strconv.FormatInt(target.ID, 10), target.OrgID, map[string]string{"name": target.Name, "from": target.Role, "to": string(role)})
	s.log.Info("role changed", "user", target.ID, "role", role, "by", currentUser(c).ID)
	return c.Redirect(back+"?saved=1", fiber.StatusSeeOther)
}
