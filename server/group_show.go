package server

import (
	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
	"kring/server/store"
)

// groupShow shows a group: members, meetings and, for its coach, the forms to add members and
// plan a meeting.
func (s *Server) groupShow(c *fiber.Ctx) error {
	g, manage, err := s.groupAccess(c, "id")
	if err != nil {
		return err
	}
	return s.renderGroup(c, g, manage, groupForms{})
}

// groupForms are the forms of a group page; one that came back with mistakes is filled, the
// others are nil and shown empty.
type groupForms struct {
	Member, Meeting, Coach *form
}

func (s *Server) renderGroup(c *fiber.Ctx, g *store.Group, manage bool, forms groupForms) error {
	for _, f := range []**form{&forms.Member, &forms.Meeting, &forms.Coach} {
		if *f == nil {
			*f = emptyForm()
		}
	}
	memberForm, meetingForm := forms.Member, forms.Meeting
	ctx := c.UserContext()
	members, err := s.store.Members(ctx, g.ID)
	if err != nil {
		return err
	}
	meetings, err := s.store.MeetingsOfGroup(ctx, g.ID)
	if err != nil {
		return err
	}
	data := fiber.Map{"Title": g.Name, "Group": g, "Members": members, "Meetings": meetings, "Manage": manage,
		"MemberForm": memberForm, "MeetingForm": meetingForm, "CoachForm": forms.Coach, "Methods": s.catalog.Methods,
		"Cancelled": c.Query("cancelled") != ""}
	if manage {
		in := map[int64]bool{}
		for _, m := range members {
			in[m.UserID] = true
		}
		all, err := s.store.ListUsers(ctx, store.UsersFilter{Role: string(auth.Trainee)})
		if err != nil {
			return err
		}
		var candidates []*store.User
		for _, u := range all {
			if !in[u.ID] {
				candidates = append(candidates, u)
			}
		}
		data["Candidates"] = candidates
		if auth.Role(currentUser(c).Role) == auth.MuniAdmin {
			coaches, err := s.store.ListUsers(ctx, store.UsersFilter{Role: string(auth.Coach)})
			if err != nil {
				return err
			}
			data["Coaches"] = coaches
		}
		if meetingForm.get("date") == "" {
			nextWeek := s.store.Now().In(s.cfg.Location).AddDate(0, 0, 7)
			meetingForm.Values["date"] = nextWeek.Format("2006-01-02")
			meetingForm.Values["time"] = "14:00"
		}
	}
	return s.render(c, "group", data)
}
