package server

import (
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
	"kring/server/store"
)

// meetingCreate plans a meeting of the group: date, time, length, place or online, and the
// intervision method from content/methods.
func (s *Server) meetingCreate(c *fiber.Ctx) error {
	g, manage, err := s.groupAccess(c, "id")
	if err != nil {
		return err
	}
	if !manage {
		return fiber.ErrForbidden
	}
	f := readForm(c, "title", "date", "time", "minutes", "location", "online", "method")
	f.required("date", "time", "method")
	f.maxLen("title", 120)
	f.maxLen("location", 200)
	method, ok := s.catalog.Method(f.get("method"))
	if f.get("method") != "" && !ok {
		f.fail("method", "form.invalid")
	}
	minutes := 0
	if v := f.get("minutes"); v == "" && ok {
		minutes = method.TotalMinutes()
	} else if n, err := strconv.Atoi(v); err != nil || n < 15 || n > 480 {
		f.fail("minutes", "meeting.minutes_range")
	} else {
		minutes = n
	}
	var starts time.Time
	if f.get("date") != "" && f.get("time") != "" {
		t, err := time.ParseInLocation("2006-01-02 15:04", f.get("date")+" "+f.get("time"), s.cfg.Location)
		now := s.store.Now()
		switch {
		case err != nil:
			f.fail("date", "meeting.date_invalid")
		case t.Before(now.Add(-time.Hour)):
			f.fail("date", "meeting.date_past")
		case t.After(now.AddDate(2, 0, 0)):
			f.fail("date", "meeting.date_far")
		default:
			starts = t
		}
	}
	online := f.get("online") != ""
	if !online && f.get("location") == "" {
		f.fail("location", "meeting.where")
	}
	if !f.ok() {
		c.Status(fiber.StatusUnprocessableEntity)
		return s.renderGroup(c, g, manage, groupForms{Meeting: f})
	}
	id, err := s.store.CreateMeeting(c.UserContext(), store.NewMeeting{GroupID: g.ID, Title: f.get("title"), Method: method.Slug,
		StartsAt: starts, Minutes: minutes, Location: f.get("location"), Online: online, By: currentUser(c).ID})
	if err != nil {
		return err
	}
	if !s.policy.Allows(auth.Role(currentUser(c).Role), auth.JoinMeeting) {
		// A municipality admin plans for a group but does not take part: back to the group.
		return c.Redirect("/groups/"+strconv.FormatInt(g.ID, 10)+"#h-meetings", fiber.StatusSeeOther)
	}
	return c.Redirect("/meetings/"+strconv.FormatInt(id, 10), fiber.StatusSeeOther)
}
