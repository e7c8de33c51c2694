package server

import (
	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
)

// adminOrgShow shows one organisation to the municipality admin: its people with their roles
// (to appoint coaches and organisation admins) and invites for any role.
func (s *Server) adminOrgShow(c *fiber.Ctx) error { return s.renderAdminOrg(c, emptyForm(), nil) }

func (s *Server) renderAdminOrg(c *fiber.Ctx, f *form, created *createdInvite) error {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return fiber.ErrNotFound
	}
	org, err := s.store.Organisation(c.UserContext(), int64(id))
	if err != nil {
		return err
	}
	people, invites, err := s.orgPeople(c, org.ID)
	if err != nil {
		return err
	}
	roles := []string{string(auth.Trainee), string(auth.Coach), string(auth.OrgAdmin)}
	return s.render(c, "admin_org", fiber.Map{"Title": org.Name, "Org": org, "People": people, "Invites": invites, "Form": f,
		"Created": created, "Now": s.store.Now(), "MailEnabled": s.mailer.Enabled(), "Roles": roles,
		"InviteAction": "/admin/organisations/" + c.Params("id") + "/invites",
		"Saved":        c.Query("saved") != "", "Refused": c.Query("refused") != "", "InviteNotice": c.Query("invite"), "PersonNotice": c.Query("person")})
}
