package server

import (
	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
)

// groupsList shows the intervision groups the person coaches or belongs to (all of them for a
// municipality admin).
func (s *Server) groupsList(c *fiber.Ctx) error {
	u := currentUser(c)
	groups, err := s.store.GroupsFor(c.UserContext(), u.ID, auth.SeesAllGroups(person(u)))
	if err != nil {
		return err
	}
	meetings, err := s.store.UpcomingMeetings(c.UserContext(), u.ID, 10)
	if err != nil {
		return err
	}
	return s.render(c, "groups", fiber.Map{"Title": s.msg.T(st(c).lang, "groups.title"), "Groups": groups, "Meetings": meetings})
}
