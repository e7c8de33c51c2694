package server

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"kring/server/store"
)

// meetingCancel cancels a planned meeting, or (scope "later") it and every later planned
// meeting of its series; the members get a METHOD:CANCEL that removes the calendar entry.
func (s *Server) meetingCancel(c *fiber.Ctx) error {
	m, g, err := s.managedMeeting(c)
	if err != nil {
		return err
	}
	f := s.meetingFormValues(m)
	scope := c.FormValue("scope")
	if scope != "one" && (scope != "later" || m.SeriesID == 0) {
		f.fail("cancel_scope", "form.invalid")
		c.Status(fiber.StatusUnprocessableEntity)
		return s.renderMeetingEdit(c, m, g, f)
	}
	ctx := c.UserContext()
	ids := []int64{m.ID}
	if scope == "later" {
		all, err := s.store.MeetingsOfSeries(ctx, m.SeriesID)
		if err != nil {
			return err
		}
		for _, o := range all {
			if o.ID != m.ID && o.Status == "planned" && o.StartsAt.After(m.StartsAt) {
				ids = append(ids, o.ID)
			}
		}
	}
	if err := s.store.CancelMeetings(ctx, ids); errors.Is(err, store.ErrNotPlanned) {
		c.Status(fiber.StatusConflict)
		m.Status = ""
		return s.renderMeetingEdit(c, m, g, f)
	} else if err != nil {
		return err
	}
	if err := s.queueMeetingMail(ctx, mailCancel, ids, nil); err != nil {
		return err
	}
	return c.Redirect("/groups/"+strconv.FormatInt(g.ID, 10)+"?cancelled=1#h-meetings", fiber.StatusSeeOther)
}
