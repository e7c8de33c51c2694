package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"kring/server/room"
	"kring/server/store"
)

// meetingReport shows the report (verslag) of a closed meeting to its group's coach and to the
// people who were members while it was held (auth.CanReadReport: not to a member who joined
// later, nor to the municipality, which gets anonymised aggregates); `?format=txt` downloads it
// as a text file a social worker can file (`?format=md`, the old link, does the same). Before
// closing there is no report yet and the page says so.
func (s *Server) meetingReport(c *fiber.Ctx) error {
	m, coach, err := s.meetingAccess(c, true)
	if err != nil {
		return err
	}
	lang := st(c).lang
	md, data, created, err := s.store.Report(c.UserContext(), m.ID)
	if errors.Is(err, store.ErrNotFound) {
		return s.render(c, "meeting_report", fiber.Map{"Title": s.msg.T(lang, "report.title"), "Meeting": m, "Missing": true})
	}
	if err != nil {
		return err
	}
	var rep room.Report
	decoded := json.Unmarshal(data, &rep) == nil
	if decoded && lang == "en" {
		md = rep.Markdown("en", s.cfg.Location)
	}
	s.audit(c, auditReportView, "meeting:"+strconv.FormatInt(m.ID, 10), 0, map[string]string{"format": c.Query("format")})
	if f := c.Query("format"); f == "txt" || f == "md" {
		if decoded {
			md = rep.Text(lang, s.cfg.Location) + s.reportMapsText(lang, rep)
		}
		name := fmt.Sprintf("verslag-%d", m.ID)
		if !rep.StartedAt.IsZero() {
			name = "verslag-" + rep.StartedAt.In(s.cfg.Location).Format(time.DateOnly)
		}
		c.Set(fiber.HeaderContentType, "text/plain; charset=utf-8")
		c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s.txt"`, name))
		return c.SendString(md)
	}
	var buf bytes.Buffer
	if err := goldmark.New(goldmark.WithExtensions(extension.Table)).Convert([]byte(md), &buf); err != nil {
		return fmt.Errorf("report %d: render markdown: %w", m.ID, err)
	}
	view := fiber.Map{"Title": s.msg.T(lang, "report.title"), "Meeting": m, "Created": created,
		"HTML": template.HTML(buf.String())}
	if maps := s.reportMaps(lang, rep); len(maps) > 0 {
		view["Maps"], view["ExtraCSS"] = maps, []string{"/static/css/netmap.css", "/static/css/roommap.css"}
	}
	if coach {
		if err := s.agreementEditView(c, m, view); err != nil {
			return err
		}
		if id, err := strconv.ParseInt(c.Query("saved"), 10, 64); err == nil && view["Agreements"] != nil {
			view["SavedAgreement"] = id
		}
	}
	return s.render(c, "meeting_report", view)
}
