package server

import (
	"github.com/gofiber/fiber/v2"
)

// gemeenteCSV exports the municipality's overview table as CSV (UTF-8 with BOM, ';').
func (s *Server) gemeenteCSV(c *fiber.Ctx) error { return s.gemeenteExport(c, "csv") }

// gemeenteXLSX exports the same table as a workbook with typed cells.
func (s *Server) gemeenteXLSX(c *fiber.Ctx) error { return s.gemeenteExport(c, "xlsx") }

func (s *Server) gemeenteExport(c *fiber.Ctx, format string) error {
	lang := st(c).lang
	sums, _, err := s.orgSummaries(c.UserContext())
	if err != nil {
		return err
	}
	sortSummaries(sums, c.Query("sort"))
	T := func(id string) string { return s.msg.T(lang, id) }
	t := exportTable{
		Sheet: T("tracking.gemeente.sheet"),
		Headers: []string{T("tracking.col.org"), T("tracking.gemeente.col.staff"), T("tracking.gemeente.col.trained"),
			T("tracking.gemeente.col.coverage"), T("tracking.gemeente.col.certs"), T("tracking.gemeente.col.groups"),
			T("tracking.gemeente.col.meetings"), T("tracking.col.activity")},
		Kinds: []colKind{colText, colInt, colInt, colInt, colInt, colInt, colInt, colDate},
	}
	for _, o := range sums {
		t.Rows = append(t.Rows, []any{o.Name, o.Staff, o.Trained, o.Percent, o.Certificates, o.Groups, o.Meetings, o.LastActivity})
	}
	name := "kring-organisaties-"
	if lang == "en" {
		name = "kring-organisations-"
	}
	s.audit(c, auditRecordExport, "gemeente", 0, map[string]string{"format": format})
	return s.sendExport(c, t, name+s.store.Now().In(s.cfg.Location).Format("2006-01-02"), format)
}
