package server

import (
	"slices"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
	"kring/server/store"
)

// orgPersonShow is one staff member's training record: certificates, modules in progress,
// meetings attended (when, which group, how long), groups, and whether they count as trained.
// It never shows what the person wrote: the store does not hand reflection answers out. A
// coordinator sees only people of their own organisation (anyone else is a 404, the same as a
// person who does not exist); the municipality sees everyone with an organisation.
func (s *Server) orgPersonShow(c *fiber.Ctx) error {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id <= 0 {
		return fiber.ErrNotFound
	}
	ctx := c.UserContext()
	u := currentUser(c)
	target, err := s.store.UserByID(ctx, id)
	if err != nil {
		return err
	}
	if !auth.SeesOrganisation(auth.Role(u.Role), u.OrgID, target.OrgID) {
		return fiber.ErrNotFound
	}
	def, _, err := s.definitionOf(ctx, target.OrgID)
	if err != nil {
		return err
	}
	now := s.store.Now()
	recs, err := s.store.StaffTraining(ctx, target.OrgID, historySince(now, def.WindowMonths))
	if err != nil {
		return err
	}
	i := slices.IndexFunc(recs, func(r *store.StaffRecord) bool { return r.UserID == id })
	if i < 0 {
		return fiber.ErrNotFound
	}
	lang := st(c).lang
	row := s.row(lang, def, recs[i], now)
	meetings := slices.Clone(recs[i].Meetings)
	slices.Reverse(meetings)
	back := "/org"
	if target.OrgID != u.OrgID {
		back = "/org?org=" + strconv.FormatInt(target.OrgID, 10)
	}
	s.audit(c, auditRecordView, "user:"+strconv.FormatInt(target.ID, 10), target.OrgID, map[string]string{"name": target.Name})
	return s.render(c, "org_person", fiber.Map{"Title": target.Name, "Row": row, "Meetings": meetings, "Back": back, "PersonNotice": c.Query("person"),
		"Def": s.definitionWords(lang, def), "WindowMonths": def.WindowMonths, "ExtraCSS": []string{"/static/css/tracking.css"}})
}
