package server

import (
	"errors"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
	"kring/server/store"
)

// groupCreate starts a group, open to the organisations picked on the form (none: the coach's
// own; the municipality admin can change them later). A coach leads their own group; a municipality admin
// picks the coach.
func (s *Server) groupCreate(c *fiber.Ctx) error {
	u := currentUser(c)
	f := readForm(c, "name", "description", "coach")
	f.required("name")
	f.maxLen("name", 120)
	f.maxLen("description", 1000)
	coachID := u.ID
	if auth.CanHandOverGroup(person(u)) {
		id, _ := strconv.ParseInt(f.get("coach"), 10, 64)
		coach, err := s.store.UserByID(c.UserContext(), id)
		switch {
		case errors.Is(err, store.ErrNotFound) || (err == nil && !auth.CanLeadGroup(candidate(coach))):
			f.fail("coach", "groups.pick_coach")
		case err != nil:
			return err
		default:
			coachID = coach.ID
		}
	}
	var openTo []int64
	var raw []string
	for _, v := range c.Request().PostArgs().PeekMulti("org") {
		id, err := strconv.ParseInt(string(v), 10, 64)
		if err != nil || id <= 0 {
			f.fail("org", "scope.org_unknown")
			continue
		}
		openTo = append(openTo, id)
		raw = append(raw, string(v))
	}
	f.Values["org"] = strings.Join(raw, ",")
	if !f.ok() {
		c.Status(fiber.StatusUnprocessableEntity)
		return s.renderGroupNew(c, f)
	}
	id, err := s.store.CreateGroup(c.UserContext(), f.get("name"), f.get("description"), coachID, openTo...)
	if errors.Is(err, store.ErrNotFound) {
		f.fail("org", "scope.org_unknown")
		c.Status(fiber.StatusUnprocessableEntity)
		return s.renderGroupNew(c, f)
	}
	if err != nil {
		return err
	}
	return c.Redirect("/groups/"+strconv.FormatInt(id, 10), fiber.StatusSeeOther)
}
