package server

import (
	"github.com/gofiber/fiber/v2"
)

// lessonComplete is "Les afronden": it marks the lesson done for the signed-in person when its
// required prompts are answered, which may complete the module and issue its certificate in the
// same transaction. With prompts still open it says which, and records nothing.
func (s *Server) lessonComplete(c *fiber.Ctx) error {
	m, l, err := s.lookupLesson(c)
	if err != nil {
		return err
	}
	u := currentUser(c)
	p, err := s.store.Progress(c.UserContext(), u.ID, m.Slug)
	if err != nil {
		return err
	}
	if len(l.Missing(engineProgress(m, p).Answered)) > 0 {
		c.Status(fiber.StatusUnprocessableEntity)
		return s.renderLesson(c, m, l, p, completeForm, nil, "")
	}
	if _, err := s.store.CompleteLesson(c.UserContext(), u.ID, m.Slug, l.Slug, issuer(m)); err != nil {
		return err
	}
	return c.Redirect(lessonURL(m, l)+"?afgerond=1#complete", fiber.StatusSeeOther)
}
