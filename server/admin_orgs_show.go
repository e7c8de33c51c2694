package server

import "github.com/gofiber/fiber/v2"

// adminOrgsShow is the municipality admin's list of organisations with the form to add one.
func (s *Server) adminOrgsShow(c *fiber.Ctx) error { return s.renderAdminOrgs(c, emptyForm()) }

func (s *Server) renderAdminOrgs(c *fiber.Ctx, f *form) error {
	orgs, err := s.store.ListOrganisations(c.UserContext())
	if err != nil {
		return err
	}
	ps, err := s.store.SSOProviders(c.UserContext())
	if err != nil {
		return err
	}
	warn := 0
	for _, p := range ps {
		if secretExpiry(p, s.store.Now()) != "" {
			warn++
		}
	}
	return s.render(c, "admin_orgs", fiber.Map{"Title": s.msg.T(st(c).lang, "admin.orgs.title"), "Orgs": orgs, "Form": f, "SSOWarnings": warn, "Retention": s.retentionWords(st(c).lang)})
}
