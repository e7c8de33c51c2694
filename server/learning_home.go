package server

import (
	"github.com/gofiber/fiber/v2"

	"kring/modules"
	"kring/server/store"
)

// continueItem is the lesson a person opened last, for the home page.
type continueItem struct {
	Module *modules.Module
	Lesson *modules.Lesson
}

// addLearning puts a person's learning on their home page: the lesson to continue with, the
// modules in progress and the certificates earned.
func (s *Server) addLearning(c *fiber.Ctx, u *store.User, data fiber.Map) error {
	ctx := c.UserContext()
	lang := st(c).lang
	recent, err := s.store.RecentLessons(ctx, u.ID, 10)
	if err != nil {
		return err
	}
	for _, r := range recent { // the latest lesson that still exists in the content
		if l, ok := s.catalog.Lesson(r.Module, r.Lesson); ok {
			data["Continue"] = continueItem{Module: l.Module(), Lesson: l}
			break
		}
	}
	progress, certs, byModule, err := s.learnerRecords(ctx, u.ID)
	if err != nil {
		return err
	}
	var busy []*moduleSummary
	for _, m := range s.catalog.Modules {
		if p := progress[m.Slug]; p != nil {
			if sum := s.summarise(lang, m, p, byModule[m.Slug]); sum.State == "in_progress" {
				busy = append(busy, sum)
			}
		}
	}
	data["Learning"], data["Certificates"] = busy, certs
	return nil
}
