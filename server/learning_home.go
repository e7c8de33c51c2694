package server

import (
	"github.com/gofiber/fiber/v2"

	"kring/modules"
	"kring/server/store"
)

// continueItem is the lesson a person opened last in a module they have not finished, for the
// home page.
type continueItem struct {
	Module *modules.Module
	Lesson *modules.Lesson
}

// learningOverview is a person's learning at a glance: modules finished out of all, and the
// study hours they carry.
type learningOverview struct {
	Done, Total           int
	HoursDone, HoursTotal string // written the way the language writes decimals
	Percent               int    // modules finished, 0–100
}

// addLearning puts a person's learning on their home page: the lesson to continue with (never
// one in a module already finished), the module to take up next, the modules in progress, the
// overall progress and the certificates earned.
func (s *Server) addLearning(c *fiber.Ctx, u *store.User, data fiber.Map) error {
	ctx := c.UserContext()
	lang := st(c).lang
	recent, err := s.store.RecentLessons(ctx, u.ID, 10)
	if err != nil {
		return err
	}
	progress, certs, byModule, err := s.learnerRecords(ctx, u.ID)
	if err != nil {
		return err
	}
	sums := make(map[string]*moduleSummary, len(s.catalog.Modules))
	var busy []*moduleSummary
	var over learningOverview
	var hoursDone, hoursTotal float64
	for _, m := range s.catalog.Modules {
		sum := s.summarise(lang, m, progress[m.Slug], byModule[m.Slug])
		sums[m.Slug] = sum
		over.Total++
		hoursTotal += m.Hours
		switch sum.State {
		case "completed":
			over.Done++
			hoursDone += m.Hours
		case "in_progress":
			busy = append(busy, sum)
		}
	}
	over.HoursDone, over.HoursTotal = formatHours(lang, hoursDone), formatHours(lang, hoursTotal)
	if over.Total > 0 {
		over.Percent = over.Done * 100 / over.Total
	}

	// Continue where the person was: the latest lesson that still exists, in a module not
	// finished yet; failing that, the first module in progress.
	var cont *continueItem
	for _, r := range recent {
		if l, ok := s.catalog.Lesson(r.Module, r.Lesson); ok && sums[r.Module].State != "completed" {
			cont = &continueItem{Module: l.Module(), Lesson: l}
			break
		}
	}
	if cont == nil && len(busy) > 0 && busy[0].Continue != nil {
		cont = &continueItem{Module: busy[0].Module, Lesson: busy[0].Continue}
	}
	// The next module: the first in the catalogue not finished and not the one to continue.
	var next *moduleSummary
	for _, m := range s.catalog.Modules {
		if sum := sums[m.Slug]; sum.State != "completed" && (cont == nil || cont.Module.Slug != m.Slug) {
			next = sum
			break
		}
	}
	if cont != nil {
		data["Continue"] = cont
	}
	if next != nil {
		data["Next"] = next
		// What the suggestion is called: after the lesson to continue with, the next one after
		// finished modules, or the very first.
		switch {
		case cont != nil:
			data["NextLabel"] = "home.next.after"
		case over.Done > 0:
			data["NextLabel"] = "home.next.next"
		default:
			data["NextLabel"] = "home.next.first"
		}
	}
	data["Overview"], data["Learning"], data["Certificates"] = over, busy, certs
	return nil
}
