package server

import (
	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
)

// orgShow is the organisation admin's page: the organisation's people and invites, and the
// form to invite staff. A municipality admin is sent to the organisations overview.
func (s *Server) orgShow(c *fiber.Ctx) error {
	u := currentUser(c)
	if auth.Role(u.Role) == auth.MuniAdmin {
		return c.Redirect("/admin/organisations", fiber.StatusSeeOther)
	}
	return s.renderOrg(c, emptyForm(), nil)
}

func (s *Server) renderOrg(c *fiber.Ctx, f *form, created *createdInvite) error {
	u := currentUser(c)
	if u.OrgID == 0 {
		return fiber.ErrNotFound
	}
	people, invites, err := s.orgPeople(c, u.OrgID)
	if err != nil {
		return err
	}
	return s.render(c, "org", fiber.Map{"Title": u.OrgName, "OrgName": u.OrgName, "People": people, "Invites": invites,
		"Form": f, "Created": created, "Now": s.store.Now(), "MailEnabled": s.mailer.Enabled(), "InviteAction": "/org/invites",
		"Roles": []string{string(auth.Trainee)}, "InviteNotice": c.Query("invite"), "PersonNotice": c.Query("person")})
}
