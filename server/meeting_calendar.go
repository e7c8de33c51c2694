package server

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"kring/server/calendar"
	"kring/server/store"
)

// meetingCalendar downloads a meeting as a .ics file (METHOD:CANCEL once it is cancelled), for
// the coach, the group's members and the municipality admin.
func (s *Server) meetingCalendar(c *fiber.Ctx) error {
	m, _, _, err := s.meetingGroup(c)
	if err != nil {
		return err
	}
	method := calendar.Request
	if m.Status == "cancelled" {
		method = calendar.Cancel
	}
	return s.sendCalendar(c, method, []*store.Meeting{m}, "kring-bijeenkomst-"+strconv.FormatInt(m.ID, 10)+".ics")
}

// seriesCalendar downloads every meeting of a series in one .ics file to import (PUBLISH): one
// entry per meeting, each with its own UID, so a later invitation about one meeting updates
// just that entry; cancelled meetings are marked STATUS:CANCELLED.
func (s *Server) seriesCalendar(c *fiber.Ctx) error {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return fiber.ErrNotFound
	}
	sr, err := s.store.Series(c.UserContext(), int64(id))
	if err != nil {
		return err
	}
	if _, _, err := s.groupAccessByID(c, sr.GroupID); err != nil {
		return err
	}
	list, err := s.store.MeetingsOfSeries(c.UserContext(), sr.ID)
	if err != nil {
		return err
	}
	return s.sendCalendar(c, calendar.Publish, list, "kring-reeks-"+strconv.FormatInt(sr.ID, 10)+".ics")
}

func (s *Server) sendCalendar(c *fiber.Ctx, method calendar.Method, list []*store.Meeting, filename string) error {
	ctx := c.UserContext()
	if len(list) == 0 {
		return fiber.ErrNotFound
	}
	coach, err := s.store.UserByID(ctx, list[0].CoachID)
	if err != nil {
		return err
	}
	attendees, err := s.store.Invitees(ctx, list[0].GroupID)
	if err != nil {
		return err
	}
	evs := make([]calendar.Event, len(list))
	for i, m := range list {
		evs[i] = s.meetingEvent(m, coach, attendees)
	}
	c.Set(fiber.HeaderContentType, "text/calendar; charset=utf-8; method="+string(method))
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+filename+`"`)
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	return c.Send(calendar.Write(method, s.cfg.Location.String(), evs))
}
