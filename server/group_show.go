package server

import (
	"sort"
	"strings"

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
	Member, Meeting, Coach, Orgs *form
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
	readable, err := s.readableReports(c, g, meetings)
	if err != nil {
		return err
	}
	data := fiber.Map{"Readable": readable, "Title": g.Name, "Group": g, "Members": members, "Meetings": meetings, "Manage": manage,
		"MemberForm": memberForm, "MeetingForm": meetingForm, "CoachForm": forms.Coach, "Methods": s.catalog.Methods}
	if manage {
		openTo, err := s.store.GroupOrganisations(ctx, g.ID)
		if err != nil {
			return err
		}
		facts := auth.Group{CoachID: g.CoachID, OpenTo: openTo}
		orgs, err := s.store.ListOrganisations(ctx)
		if err != nil {
			return err
		}
		open := map[int64]bool{}
		var openNames []string
		for _, id := range openTo {
			open[id] = true
		}
		for _, o := range orgs {
			if open[o.ID] {
				openNames = append(openNames, o.Name)
			}
		}
		data["OpenTo"], data["OpenNames"] = open, openNames
		candidates, err := s.memberCandidates(c, facts, members)
		if err != nil {
			return err
		}
		data["Candidates"] = candidates
		p := person(currentUser(c))
		if auth.CanSetGroupOrganisations(p) {
			data["Organisations"] = orgs
			if forms.Orgs == nil {
				forms.Orgs = emptyForm()
			}
			data["OrgsForm"] = forms.Orgs
		}
		if auth.CanHandOverGroup(p) {
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

// memberCandidates is the coach's member picker: the trainees of the organisations the group is
// open to (auth.CanPickMember) who are not members yet. Anyone else is added by exact e-mail
// address only.
func (s *Server) memberCandidates(c *fiber.Ctx, facts auth.Group, members []*store.Member) ([]*store.User, error) {
	in := map[int64]bool{}
	for _, m := range members {
		in[m.UserID] = true
	}
	var out []*store.User
	for _, orgID := range facts.OpenTo {
		people, err := s.store.ListUsers(c.UserContext(), store.UsersFilter{OrgID: orgID, Role: string(auth.Trainee)})
		if err != nil {
			return nil, err
		}
		for _, u := range people {
			if !in[u.ID] && auth.CanPickMember(facts, candidate(u), false) {
				out = append(out, u)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name) })
	return out, nil
}

// readableReports says, per closed meeting of the group, whether the signed-in person may read
// its report (auth.CanReadReport), so the page links only those.
func (s *Server) readableReports(c *fiber.Ctx, g *store.Group, meetings []*store.Meeting) (map[int64]bool, error) {
	u := currentUser(c)
	p := person(u)
	out := map[int64]bool{}
	if !s.policy.Allows(p.Role, auth.ViewReports) {
		return out, nil
	}
	member, err := s.store.IsMember(c.UserContext(), g.ID, u.ID)
	if err != nil {
		return nil, err
	}
	stays, err := s.store.Stays(c.UserContext(), g.ID, u.ID)
	if err != nil {
		return nil, err
	}
	as := authStays(stays)
	for _, m := range meetings {
		out[m.ID] = auth.CanReadReport(p, facts(m, member, as))
	}
	return out, nil
}
