package server

import (
	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
	"kring/server/store"
)

// meetingPlanned is the confirmation after planning or changing a meeting: what was planned
// (every date of a series), whether the members were mailed, the .ics and the next steps.
func (s *Server) meetingPlanned(c *fiber.Ctx) error {
	m, g, err := s.managedMeeting(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	list := []*store.Meeting{m}
	var series *store.Series
	if m.SeriesID != 0 {
		if series, err = s.store.Series(ctx, m.SeriesID); err != nil {
			return err
		}
		if list, err = s.store.MeetingsOfSeries(ctx, m.SeriesID); err != nil {
			return err
		}
	}
	lang := st(c).lang
	title := s.msg.T(lang, "meetings.planned_title")
	if series != nil {
		title = s.msg.T(lang, "meetings.planned_series_title", "N", len(list))
	}
	if c.Query("changed") != "" {
		title = s.msg.T(lang, "meetings.changed_title")
	}
	names := map[string]string{}
	for _, md := range s.catalog.Methods {
		names[md.Slug] = md.Name
	}
	return s.render(c, "meeting_planned", fiber.Map{"MethodNames": names, "Title": title, "Meeting": m, "Group": g, "Series": series, "List": list,
		"MailEnabled": s.mailer.Enabled(), "CanJoin": s.policy.Allows(auth.Role(currentUser(c).Role), auth.JoinMeeting)})
}
