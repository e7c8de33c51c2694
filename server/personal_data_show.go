package server

import (
	"fmt"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
)

// dataSection is one part of the personal-data page, ready to show: a title, column labels
// and the rows as text.
type dataSection struct {
	Key, Title string
	Columns    []string
	Rows       [][]string
}

// personalDataShow is the AVG's right of access as a page: everything Kring holds about the
// signed-in person, section by section, with the JSON download and the way to delete the account.
func (s *Server) personalDataShow(c *fiber.Ctx) error {
	u := currentUser(c)
	secs, err := s.store.PersonalData(c.UserContext(), u.ID)
	if err != nil {
		return err
	}
	lang := st(c).lang
	out := make([]dataSection, 0, len(secs))
	for _, sec := range secs {
		ds := dataSection{Key: sec.Key, Title: s.msg.T(lang, "privacy.section."+sec.Key)}
		for _, col := range sec.Columns {
			ds.Columns = append(ds.Columns, s.msg.T(lang, "privacy.col."+col))
		}
		for _, row := range sec.Rows {
			cells := make([]string, 0, len(sec.Columns))
			for _, col := range sec.Columns {
				v := row[col]
				if r, ok := v.(string); ok && col == "role" {
					v = s.msg.T(lang, "role."+r)
				}
				cells = append(cells, s.dataCell(lang, v))
			}
			ds.Rows = append(ds.Rows, cells)
		}
		out = append(out, ds)
	}
	s.audit(c, auditPersonalExport, "user:"+strconv.FormatInt(u.ID, 10), auditNoOrg, map[string]string{"format": "html"})
	return s.render(c, "personal_data", fiber.Map{"Title": s.msg.T(lang, "privacy.data.title"), "Sections": out,
		"NeedsPassword": u.PasswordHash != "", "DeleteForm": emptyForm(), "Retention": s.retentionWords(lang),
		"ExtraCSS": []string{"/static/css/privacy.css"}})
}

// dataCell shows one stored value: times in the reader's zone, empty values as a dash.
func (s *Server) dataCell(lang string, v any) string {
	switch x := v.(type) {
	case nil:
		return "—"
	case time.Time:
		return formatDate(lang, x.In(s.cfg.Location), true)
	case string:
		if x == "" {
			return "—"
		}
		return x
	default:
		return fmt.Sprint(x)
	}
}

// retentionWords are the retention periods as people read them, for admins and the statement.
func (s *Server) retentionWords(lang string) map[string]string {
	r := s.cfg.Retention
	return map[string]string{"Boards": s.periodWords(lang, r.Boards), "Invites": s.periodWords(lang, r.Invites), "Audit": s.periodWords(lang, r.Audit)}
}

// periodWords says a period in months when it is a whole number of them, else in days.
func (s *Server) periodWords(lang string, d time.Duration) string {
	day := 24 * time.Hour
	if d >= 2*month && d%month == 0 {
		return s.msg.T(lang, "privacy.months", "N", int(d/month))
	}
	return s.msg.T(lang, "privacy.days", "N", int((d+day-1)/day))
}
