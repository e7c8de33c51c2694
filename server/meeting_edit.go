package server

import (
	"github.com/gofiber/fiber/v2"

	"kring/server/store"
)

// meetingEdit shows the form to change, move or cancel a planned meeting (for a meeting of a
// series: this one, or this one and all later ones).
func (s *Server) meetingEdit(c *fiber.Ctx) error {
	m, g, err := s.managedMeeting(c)
	if err != nil {
		return err
	}
	return s.renderMeetingEdit(c, m, g, s.meetingFormValues(m))
}

func (s *Server) renderMeetingEdit(c *fiber.Ctx, m *store.Meeting, g *store.Group, f *form) error {
	var series *store.Series
	if m.SeriesID != 0 {
		var err error
		if series, err = s.store.Series(c.UserContext(), m.SeriesID); err != nil {
			return err
		}
	}
	if f.Values["scope"] == "" {
		f.Values["scope"] = "one"
	}
	return s.render(c, "meeting_edit", fiber.Map{"Title": s.msg.T(st(c).lang, "meetings.edit_title"), "Meeting": m, "Group": g,
		"Series": series, "Form": f, "Methods": s.catalog.Methods, "Formats": meetingFormats, "Planned": m.Status == "planned"})
}
