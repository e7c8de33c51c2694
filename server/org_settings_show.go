package server

import (
	"slices"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"kring/server/training"
)

// orgSettingsShow is the coordinator's form for the organisation's definition of "trained"
// (required modules, at least N meetings in the last M months) with the history of changes.
func (s *Server) orgSettingsShow(c *fiber.Ctx) error {
	def, set, err := s.definitionOf(c.UserContext(), currentUser(c).OrgID)
	if err != nil {
		return err
	}
	return s.renderOrgSettings(c, def, set, emptyForm(), c.Query("saved") == "1")
}

// renderOrgSettings shows the form for def (as stored, or as just submitted with f's errors).
func (s *Server) renderOrgSettings(c *fiber.Ctx, def training.Definition, set bool, f *form, saved bool) error {
	u := currentUser(c)
	if u.OrgID == 0 {
		return fiber.ErrNotFound
	}
	changes, err := s.store.DefinitionChanges(c.UserContext(), u.OrgID)
	if err != nil {
		return err
	}
	lang := st(c).lang
	type moduleOption struct {
		Slug, Title string
		Checked     bool
	}
	var mods []moduleOption
	for _, m := range s.catalog.Modules {
		mods = append(mods, moduleOption{m.Slug, m.Title, slices.Contains(def.Modules, m.Slug)})
	}
	type changeRow struct {
		By, At   string
		Old, New defWords
	}
	var history []changeRow
	for _, ch := range changes {
		history = append(history, changeRow{By: ch.By, At: formatDate(lang, ch.At.In(s.cfg.Location), true),
			Old: s.definitionWords(lang, training.Definition(ch.Old)), New: s.definitionWords(lang, training.Definition(ch.New))})
	}
	if _, ok := f.Values["min_meetings"]; !ok {
		f.Values["min_meetings"] = strconv.Itoa(def.MinMeetings)
		f.Values["window_months"] = strconv.Itoa(def.WindowMonths)
	}
	if !f.ok() {
		c.Status(fiber.StatusUnprocessableEntity)
	}
	return s.render(c, "org_settings", fiber.Map{"Title": s.msg.T(lang, "tracking.settings.title"), "OrgName": u.OrgName, "Retention": s.retentionWords(lang),
		"Modules": mods, "Form": f, "Set": set, "Saved": saved, "History": history,
		"MaxMeetings": training.MaxMeetings, "MinWindow": training.MinWindowMonths, "MaxWindow": training.MaxWindowMonths,
		"ExtraCSS": []string{"/static/css/tracking.css"}})
}
