package server

import (
	"context"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"kring/server/store"
	"kring/server/training"
)

// orgTrainingCSV exports the training records as CSV (UTF-8 with BOM, ';'): one row per person
// and module, and one row for a person without any module. A coordinator gets their own
// organisation; the municipality one organisation (?org=) or all of them.
func (s *Server) orgTrainingCSV(c *fiber.Ctx) error { return s.orgTrainingExport(c, "csv") }

// orgTrainingXLSX exports the same table as a workbook with typed cells.
func (s *Server) orgTrainingXLSX(c *fiber.Ctx) error { return s.orgTrainingExport(c, "xlsx") }

func (s *Server) orgTrainingExport(c *fiber.Ctx, format string) error {
	orgID, err := s.orgOf(c)
	if err != nil {
		return err
	}
	lang := st(c).lang
	views, err := s.staffViews(c.UserContext(), lang, orgID)
	if err != nil {
		return err
	}
	name := "kring-opleiding"
	if lang == "en" {
		name = "kring-training"
	}
	if orgID != 0 {
		name += "-" + strconv.FormatInt(orgID, 10)
	}
	name += "-" + s.store.Now().In(s.cfg.Location).Format("2006-01-02")
	s.audit(c, auditRecordExport, "org:"+strconv.FormatInt(orgID, 10), orgID, map[string]string{"format": format})
	return s.sendExport(c, s.trainingTable(lang, views), name, format)
}

// orgView is one organisation's dashboard data with its name.
type orgView struct {
	ID   int64
	Name string
	*staffView
}

// staffViews reads and judges one organisation (orgID) or all of them (0), each under its own
// definition, in the same fixed number of queries.
func (s *Server) staffViews(ctx context.Context, lang string, orgID int64) ([]*orgView, error) {
	defs, err := s.store.TrainingDefinitions(ctx)
	if err != nil {
		return nil, err
	}
	orgs, err := s.store.ListOrganisations(ctx)
	if err != nil {
		return nil, err
	}
	now := s.store.Now()
	recs, err := s.store.StaffTraining(ctx, orgID, historySince(now, training.MaxWindowMonths))
	if err != nil {
		return nil, err
	}
	byOrg := map[int64][]*store.StaffRecord{}
	for _, r := range recs {
		byOrg[r.OrgID] = append(byOrg[r.OrgID], r)
	}
	var out []*orgView
	for _, o := range orgs {
		if orgID != 0 && o.ID != orgID {
			continue
		}
		def, set := training.Default(), false
		if d, ok := defs[o.ID]; ok {
			def, set = training.Definition(d), true
		}
		out = append(out, &orgView{ID: o.ID, Name: o.Name, staffView: s.judge(lang, def, set, byOrg[o.ID], now)})
	}
	return out, nil
}

// trainingTable is the export: per person and module (completed or in progress), with the
// person's verdict and meetings on every row so a filter on any column keeps them.
func (s *Server) trainingTable(lang string, views []*orgView) exportTable {
	T := func(id string) string { return s.msg.T(lang, id) }
	t := exportTable{
		Sheet: T("tracking.export.sheet"),
		Headers: []string{T("tracking.col.org"), T("tracking.col.name"), T("tracking.col.email"), T("tracking.col.role"),
			T("tracking.col.trained"), T("tracking.col.missing"), T("tracking.col.meetings_count"), T("tracking.col.minutes"),
			T("tracking.col.groups"), T("tracking.col.activity"),
			T("tracking.col.module"), T("tracking.col.module_status"), T("tracking.col.percent"), T("tracking.col.date"),
			T("tracking.col.code"), T("tracking.col.hours")},
		Kinds: []colKind{colText, colText, colText, colText, colText, colText, colInt, colInt, colText, colDate,
			colText, colText, colInt, colDate, colText, colNumber},
	}
	yes, no := T("tracking.yes"), T("tracking.no")
	for _, v := range views {
		for _, r := range v.Rows {
			trained := no
			if r.Status.Trained {
				trained = yes
			}
			groups := ""
			for i, g := range r.Rec.Groups {
				if i > 0 {
					groups += ", "
				}
				groups += g.Name
			}
			missing := ""
			for i, m := range r.Missing {
				if i > 0 {
					missing += "; "
				}
				missing += m
			}
			person := []any{v.Name, r.Rec.Name, r.Rec.Email, s.msg.T(lang, "role."+r.Rec.Role), trained, missing,
				r.Meetings, r.Minutes, groups, r.Rec.LastActivity}
			n := 0
			for _, c := range r.Done {
				t.Rows = append(t.Rows, append(append([]any{}, person...), c.ModuleTitle, T("learning.status.completed"), 100, c.IssuedAt, c.Code, c.Hours))
				n++
			}
			for _, p := range r.InProgress {
				t.Rows = append(t.Rows, append(append([]any{}, person...), p.Title, T("learning.status.in_progress"), p.Percent, time.Time{}, "", nil))
				n++
			}
			if n == 0 {
				t.Rows = append(t.Rows, append(append([]any{}, person...), "", "", nil, time.Time{}, "", nil))
			}
		}
	}
	return t
}
