package server

import (
	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
	"kring/server/store"
)

// homeShow is the start page, different per role: a trainee sees their groups and next
// meetings, a coach the groups they run, an organisation admin their people and open invites,
// a municipality admin every organisation.
func (s *Server) homeShow(c *fiber.Ctx) error {
	u := currentUser(c)
	ctx := c.UserContext()
	data := fiber.Map{"Title": s.msg.T(st(c).lang, "home.title")}
	switch auth.Role(u.Role) {
	case auth.Trainee, auth.Coach:
		groups, err := s.store.GroupsFor(ctx, u.ID, false)
		if err != nil {
			return err
		}
		meetings, err := s.store.UpcomingMeetings(ctx, u.ID, 5)
		if err != nil {
			return err
		}
		data["Groups"], data["Meetings"] = groups, meetings
		if err := s.addMyAgreements(c, u, data); err != nil {
			return err
		}
		if err := s.addLearning(c, u, data); err != nil {
			return err
		}
	case auth.OrgAdmin:
		people, err := s.store.ListUsers(ctx, store.UsersFilter{OrgID: u.OrgID})
		if err != nil {
			return err
		}
		invites, err := s.store.ListInvites(ctx, u.OrgID)
		if err != nil {
			return err
		}
		open := 0
		for _, i := range invites {
			if i.Open(s.store.Now()) {
				open++
			}
		}
		data["People"], data["OpenInvites"] = len(people), open
	case auth.MuniAdmin:
		orgs, err := s.store.ListOrganisations(ctx)
		if err != nil {
			return err
		}
		data["Orgs"] = orgs
	}
	return s.render(c, "home", data)
}
