package server

import (
	"errors"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"kring/server/store"
)

// meetingUpdate changes or moves a planned meeting, or (scope "later") it and every later
// planned meeting of its series: those move by as many calendar days and take the new time of
// day, title, method, length, form and place. Each changed meeting's SEQUENCE rises and the
// members get the updated invitation. A meeting that is live, closed or cancelled cannot be
// changed: 409 and nothing changes.
func (s *Server) meetingUpdate(c *fiber.Ctx) error {
	m, g, err := s.managedMeeting(c)
	if err != nil {
		return err
	}
	f, in := s.readMeetingForm(c, "scope")
	scope := f.get("scope")
	if scope != "one" && (scope != "later" || m.SeriesID == 0) {
		f.fail("scope", "form.invalid")
	}
	if m.Status != "planned" {
		c.Status(fiber.StatusConflict)
		return s.renderMeetingEdit(c, m, g, f)
	}
	if !f.ok() {
		c.Status(fiber.StatusUnprocessableEntity)
		return s.renderMeetingEdit(c, m, g, f)
	}
	ctx := c.UserContext()
	up := func(id int64, start time.Time) store.MeetingUpdate {
		return store.MeetingUpdate{ID: id, Title: in.Title, Method: in.Method, StartsAt: start, Minutes: in.Minutes,
			Location: in.Location, Online: in.Online, NoVideo: in.NoVideo, VideoURL: in.VideoURL}
	}
	ups := []store.MeetingUpdate{up(m.ID, in.Start)}
	if scope == "later" {
		all, err := s.store.MeetingsOfSeries(ctx, m.SeriesID)
		if err != nil {
			return err
		}
		loc := s.cfg.Location
		days := civilDays(m.StartsAt, in.Start, loc)
		for _, o := range all {
			if o.ID == m.ID || o.Status != "planned" || !o.StartsAt.After(m.StartsAt) {
				continue
			}
			l := o.StartsAt.In(loc)
			ups = append(ups, up(o.ID, time.Date(l.Year(), l.Month(), l.Day()+days, in.Start.Hour(), in.Start.Minute(), 0, 0, loc)))
		}
	}
	if err := s.store.UpdateMeetings(ctx, ups); errors.Is(err, store.ErrNotPlanned) {
		c.Status(fiber.StatusConflict)
		m.Status = "" // show the refusal
		return s.renderMeetingEdit(c, m, g, f)
	} else if err != nil {
		return err
	}
	ids := make([]int64, len(ups))
	for i, u := range ups {
		ids[i] = u.ID
	}
	if err := s.queueMeetingMail(ctx, mailInvite, ids, nil); err != nil {
		return err
	}
	return c.Redirect("/meetings/"+strconv.FormatInt(m.ID, 10)+"/planned?changed=1", fiber.StatusSeeOther)
}
