package server

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
	"kring/server/store"
)

// groupCoachUpdate lets the municipality admin hand a group to another coach, so a coach who
// leaves or changes role never strands a group. The old coach is disconnected from the
// group's live rooms.
func (s *Server) groupCoachUpdate(c *fiber.Ctx) error {
	g, manage, err := s.groupAccess(c, "id")
	if err != nil {
		return err
	}
	if !manage || !auth.CanHandOverGroup(person(currentUser(c))) {
		return fiber.ErrForbidden
	}
	f := readForm(c, "coach")
	id, _ := strconv.ParseInt(f.get("coach"), 10, 64)
	coach, err := s.store.UserByID(c.UserContext(), id)
	switch {
	case errors.Is(err, store.ErrNotFound) || (err == nil && !auth.CanLeadGroup(candidate(coach))):
		f.fail("coach", "groups.pick_coach")
		c.Status(fiber.StatusUnprocessableEntity)
		return s.renderGroup(c, g, manage, groupForms{Coach: f})
	case err != nil:
		return err
	}
	if err := s.store.SetGroupCoach(c.UserContext(), g.ID, coach.ID); err != nil {
		return err
	}
	if g.CoachID != coach.ID {
		s.memberRemoved(c, g.ID, g.CoachID)
	}
	s.log.Info("group coach changed", "group", g.ID, "coach", coach.ID, "by", currentUser(c).ID)
	return c.Redirect("/groups/"+strconv.FormatInt(g.ID, 10), fiber.StatusSeeOther)
}
