package server

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"kring/server/store"
)

// adminOrgCreate adds an organisation; a taken name is a field error, not a failure.
func (s *Server) adminOrgCreate(c *fiber.Ctx) error {
	f := readForm(c, "name")
	f.required("name")
	f.maxLen("name", 120)
	if f.ok() {
		id, err := s.store.CreateOrganisation(c.UserContext(), f.get("name"))
		switch {
		case errors.Is(err, store.ErrConflict):
			f.fail("name", "admin.orgs.name_taken")
		case err != nil:
			return err
		default:
			return c.Redirect("/admin/organisations/"+strconv.FormatInt(id, 10), fiber.StatusSeeOther)
		}
	}
	c.Status(fiber.StatusUnprocessableEntity)
	return s.renderAdminOrgs(c, f)
}
