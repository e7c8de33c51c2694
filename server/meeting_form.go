package server

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"kring/server/store"
)

// Meeting forms: the three forms a meeting can take, as the planning and edit forms offer them.
// Registers count face to face and online with live image and sound for everyone as contact.
const (
	formatInPerson      = "in_person"
	formatOnlineVideo   = "online_video"
	formatOnlineNoVideo = "online_novideo"
)

// meetingFormats lists the forms in the order the select shows them.
var meetingFormats = []string{formatInPerson, formatOnlineVideo, formatOnlineNoVideo}

// meetingInput is a checked planning or edit form.
type meetingInput struct {
	Title, Method, Location, VideoURL string
	Minutes                           int
	Start                             time.Time
	Online, NoVideo                   bool
}

// readMeetingForm reads and checks the fields a planned meeting has, whether it is planned or
// changed. The old checkbox "online" still means online with video.
func (s *Server) readMeetingForm(c *fiber.Ctx, extra ...string) (*form, meetingInput) {
	f := readForm(c, append([]string{"title", "date", "time", "minutes", "format", "location", "video_url", "method", "online"}, extra...)...)
	f.required("date", "time", "method")
	f.maxLen("title", 120)
	f.maxLen("location", 200)
	f.maxLen("video_url", 500)
	var in meetingInput
	method, ok := s.catalog.Method(f.get("method"))
	if f.get("method") != "" && !ok {
		f.fail("method", "form.invalid")
	}
	if ok {
		in.Method = method.Slug
	}
	if v := f.get("minutes"); v == "" && ok {
		in.Minutes = method.TotalMinutes()
	} else if n, err := strconv.Atoi(v); err != nil || n < 15 || n > 480 {
		f.fail("minutes", "meeting.minutes_range")
	} else {
		in.Minutes = n
	}
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
			in.Start = t
		}
	}
	if f.get("format") == "" {
		f.Values["format"] = formatInPerson
		if f.get("online") != "" {
			f.Values["format"] = formatOnlineVideo
		}
	}
	switch f.get("format") {
	case formatInPerson:
	case formatOnlineVideo:
		in.Online = true
	case formatOnlineNoVideo:
		in.Online, in.NoVideo = true, true
	default:
		f.fail("format", "form.invalid")
	}
	if !in.Online && f.get("location") == "" && f.get("format") == formatInPerson {
		f.fail("location", "meeting.where")
	}
	if v := f.get("video_url"); v != "" {
		switch {
		case !validVideoURL(v):
			f.fail("video_url", "meetings.video_url_invalid")
		case !in.Online:
			f.fail("video_url", "meetings.video_url_in_person")
		}
	}
	in.Title, in.Location, in.VideoURL = f.get("title"), f.get("location"), f.get("video_url")
	return f, in
}

// validVideoURL accepts only an absolute https link with a host: the link ends up in e-mails
// and calendars, where a javascript: or http: link would be a risk.
func validVideoURL(v string) bool {
	if strings.ContainsAny(v, " \t\r\n\"<>") {
		return false
	}
	u, err := url.Parse(v)
	return err == nil && u.Scheme == "https" && u.Host != "" && u.User == nil && !strings.HasPrefix(u.Host, ".")
}

// meetingFormat names the form of a stored meeting.
func meetingFormat(m *store.Meeting) string {
	switch {
	case !m.Online:
		return formatInPerson
	case m.Video:
		return formatOnlineVideo
	default:
		return formatOnlineNoVideo
	}
}

// meetingFormValues fills a form with a stored meeting, for the edit page.
func (s *Server) meetingFormValues(m *store.Meeting) *form {
	f := emptyForm()
	local := m.StartsAt.In(s.cfg.Location)
	f.Values = map[string]string{"title": m.Title, "method": m.Method, "date": local.Format("2006-01-02"), "time": local.Format("15:04"),
		"minutes": strconv.Itoa(m.Minutes), "format": meetingFormat(m), "location": m.Location, "video_url": m.VideoURL, "scope": "one"}
	return f
}

// seriesStarts returns the start times of a series: every `every` weeks from first, at the same
// local time (also across a daylight-saving change), count times or until the date `until`.
func seriesStarts(first time.Time, loc *time.Location, every, count int, until time.Time) []time.Time {
	l := first.In(loc)
	var out []time.Time
	for i := 0; i < 53; i++ {
		t := time.Date(l.Year(), l.Month(), l.Day()+7*every*i, l.Hour(), l.Minute(), 0, 0, loc)
		if count > 0 && i >= count || count == 0 && t.After(until) {
			break
		}
		out = append(out, t)
	}
	return out
}

// civilDays is the number of calendar days from a to b in loc (negative when b is earlier).
func civilDays(a, b time.Time, loc *time.Location) int {
	a, b = a.In(loc), b.In(loc)
	da := time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, time.UTC)
	db := time.Date(b.Year(), b.Month(), b.Day(), 0, 0, 0, 0, time.UTC)
	return int(db.Sub(da).Hours() / 24)
}
