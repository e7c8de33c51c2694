package server

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
	"kring/server/store"
)

// groupOrganisationsUpdate lets the municipality admin choose the organisations a group is open
// to: its coach's member picker lists only their trainees. An id that is not an organisation
// gets a clear message and changes nothing; current members stay members.
func (s *Server) groupOrganisationsUpdate(c *fiber.Ctx) error {
	g, manage, err := s.groupAccess(c, "id")
	if err != nil {
		return err
	}
	if !manage || !auth.CanSetGroupOrganisations(person(currentUser(c))) {
		return fiber.ErrForbidden
	}
	f := emptyForm()
	var ids []int64
	for _, raw := range c.Request().PostArgs().PeekMulti("org") {
		id, err := strconv.ParseInt(string(raw), 10, 64)
		if err != nil || id <= 0 {
			f.fail("org", "scope.org_unknown")
			break
		}
		ids = append(ids, id)
	}
	if f.ok() {
		err = s.store.SetGroupOrganisations(c.UserContext(), g.ID, ids)
		switch {
		case errors.Is(err, store.ErrNotFound):
			f.fail("org", "scope.org_unknown")
		case err != nil:
			return err
		}
	}
	if !f.ok() {
		c.Status(fiber.StatusUnprocessableEntity)
		return s.renderGroup(c, g, manage, groupForms{Orgs: f})
	}
	s.log.Info("group organisations changed", "group", g.ID, "orgs", ids, "by", currentUser(c).ID)
	return c.Redirect("/groups/"+strconv.FormatInt(g.ID, 10)+"#members", fiber.StatusSeeOther)
}
