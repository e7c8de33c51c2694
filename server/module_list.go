package server

import (
	"github.com/gofiber/fiber/v2"
)

// moduleList is the catalogue: every module with the signed-in person's progress in it, and
// the certificates they earned.
func (s *Server) moduleList(c *fiber.Ctx) error {
	u := currentUser(c)
	lang := st(c).lang
	ctx := c.UserContext()
	progress, certs, byModule, err := s.learnerRecords(ctx, u.ID)
	if err != nil {
		return err
	}
	cards := make([]*moduleSummary, 0, len(s.catalog.Modules))
	for _, m := range s.catalog.Modules {
		cards = append(cards, s.summarise(lang, m, progress[m.Slug], byModule[m.Slug]))
	}
	return s.render(c, "modules", fiber.Map{
		"Title":        s.msg.T(lang, "learning.modules.title"),
		"Cards":        cards,
		"Certificates": certs,
	})
}
