package server

import (
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"kring/server/store"
)

// meetingCreate plans a meeting of the group, or a series of them every so many weeks: date,
// time, length, form (in person, online with or without video), place or video link, and the
// intervision method from content/methods. It ends on a confirmation page, and queues the
// invitations when e-mail is set up.
func (s *Server) meetingCreate(c *fiber.Ctx) error {
	g, manage, err := s.groupAccess(c, "id")
	if err != nil {
		return err
	}
	if !manage {
		return fiber.ErrForbidden
	}
	f, in := s.readMeetingForm(c, "every", "count", "until")
	every, count := 0, 0
	var until time.Time
	if v := f.get("every"); v != "" && v != "0" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 12 {
			f.fail("every", "form.invalid")
		}
		every = n
	}
	if every > 0 {
		switch cv, uv := f.get("count"), f.get("until"); {
		case (cv == "") == (uv == ""):
			f.fail("count", "meetings.series_end")
		case cv != "":
			if n, err := strconv.Atoi(cv); err != nil || n < 2 || n > 52 {
				f.fail("count", "meetings.count_range")
			} else {
				count = n
			}
		default:
			t, err := time.ParseInLocation("2006-01-02", uv, s.cfg.Location)
			if err != nil || (!in.Start.IsZero() && !t.After(in.Start)) || t.After(s.store.Now().AddDate(2, 0, 1)) {
				f.fail("until", "meetings.until_invalid")
			} else {
				until = t.Add(24*time.Hour - time.Minute) // the whole last day
			}
		}
	}
	var starts []time.Time
	if f.ok() && every > 0 {
		starts = seriesStarts(in.Start, s.cfg.Location, every, count, until)
		if len(starts) > 52 {
			f.fail("until", "meetings.series_too_long")
		} else if len(starts) < 2 {
			f.fail("until", "meetings.until_invalid")
		}
	}
	if !f.ok() {
		c.Status(fiber.StatusUnprocessableEntity)
		return s.renderGroup(c, g, manage, groupForms{Meeting: f})
	}
	ctx := c.UserContext()
	nm := store.NewMeeting{GroupID: g.ID, Title: in.Title, Method: in.Method, StartsAt: in.Start, Minutes: in.Minutes,
		Location: in.Location, Online: in.Online, NoVideo: in.NoVideo, VideoURL: in.VideoURL, By: currentUser(c).ID}
	var ids []int64
	if every == 0 {
		id, err := s.store.CreateMeeting(ctx, nm)
		if err != nil {
			return err
		}
		ids = []int64{id}
	} else if _, ids, err = s.store.CreateSeries(ctx, nm, every, starts); err != nil {
		return err
	}
	if err := s.queueMeetingMail(ctx, mailInvite, ids, nil); err != nil {
		return err
	}
	return c.Redirect("/meetings/"+strconv.FormatInt(ids[0], 10)+"/planned", fiber.StatusSeeOther)
}
