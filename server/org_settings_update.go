package server

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"kring/server/store"
	"kring/server/training"
)

// orgSettingsUpdate saves the organisation's definition of "trained" and records the change.
// Bad input (an unknown module, a number of meetings below 0 or too large, a window out of
// range, something that is not a number) gets a message next to its field and changes nothing.
func (s *Server) orgSettingsUpdate(c *fiber.Ctx) error {
	u := currentUser(c)
	if u.OrgID == 0 {
		return fiber.ErrNotFound
	}
	f := readForm(c, "min_meetings", "window_months")
	var def training.Definition
	for _, v := range c.Request().PostArgs().PeekMulti("modules") {
		def.Modules = append(def.Modules, string(v))
	}
	n, err := strconv.Atoi(f.get("min_meetings"))
	if err != nil {
		f.fail("min_meetings", "tracking.settings.err_meetings")
	}
	m, err := strconv.Atoi(f.get("window_months"))
	if err != nil {
		f.fail("window_months", "tracking.settings.err_window")
	}
	def.MinMeetings, def.WindowMonths = n, m
	known := func(slug string) bool { _, ok := s.catalog.Module(slug); return ok }
	for _, p := range def.Check(known) {
		f.fail(p.Field, p.Key)
	}
	if !f.ok() {
		return s.renderOrgSettings(c, def, true, f, false)
	}
	// Keep the catalogue's order, so the same choice is stored the same way.
	var ordered []string
	for _, m := range s.catalog.Modules {
		for _, slug := range def.Modules {
			if slug == m.Slug {
				ordered = append(ordered, slug)
			}
		}
	}
	def.Modules = ordered
	if err := s.store.SetTrainingDefinition(c.UserContext(), u.OrgID, u.ID, store.TrainingDefinition(def), store.TrainingDefinition(training.Default())); err != nil {
		return err
	}
	s.audit(c, auditDefinitionSet, "org:"+strconv.FormatInt(u.OrgID, 10), u.OrgID, nil)
	return c.Redirect("/org/settings?saved=1", fiber.StatusSeeOther)
}
