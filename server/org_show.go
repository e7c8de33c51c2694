package server

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
	"kring/server/training"
)

// orgShow is the training dashboard of an organisation: every staff member with modules
// completed and in progress, meetings attended in the last 12 months, groups, last activity
// and whether they count as trained (or what is missing), coverage over 24 months, and, for
// the coordinator, the invitations. The municipality reads any organisation with ?org=, and
// without it is sent to its overview.
func (s *Server) orgShow(c *fiber.Ctx) error {
	if auth.Role(currentUser(c).Role) == auth.MuniAdmin && c.Query("org") == "" {
		return c.Redirect("/gemeente", fiber.StatusSeeOther)
	}
	return s.renderOrg(c, emptyForm(), nil)
}

// renderOrg renders the dashboard, with the invitation form as submitted (f) and an invite
// just created, if any.
func (s *Server) renderOrg(c *fiber.Ctx, f *form, created *createdInvite) error {
	orgID, err := s.orgOf(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	org, err := s.store.Organisation(ctx, orgID)
	if err != nil {
		return err
	}
	lang := st(c).lang
	view, err := s.staffView(ctx, lang, orgID)
	if err != nil {
		return err
	}
	filter, q, sortKey := c.Query("filter"), c.Query("q"), c.Query("sort")
	rows := filterRows(view.Rows, filter, q)
	sortRows(rows, sortKey)
	data := fiber.Map{"Title": org.Name, "OrgName": org.Name, "OrgID": orgID, "View": view, "Rows": rows,
		"Filter": filter, "Q": q, "Sort": sortKey, "Def": s.definitionWords(lang, view.Def),
		"Chart":    s.newCoverageChart(lang, "coverage", s.msg.T(lang, "tracking.coverage.chart_title", "Name", org.Name), []namedCoverage{{org.Name, view.Coverage}}),
		"Coverage": view.Coverage, "ExtraCSS": []string{"/static/css/tracking.css"},
		"InviteNotice": c.Query("invite"), "PersonNotice": c.Query("person")}
	if currentUser(c).OrgID == orgID {
		_, invites, err := s.orgPeople(c, orgID)
		if err != nil {
			return err
		}
		data["Own"] = true
		data["Invites"], data["Form"], data["Created"] = invites, f, created
		data["Now"], data["MailEnabled"], data["InviteAction"] = s.store.Now(), s.mailer.Enabled(), "/org/invites"
		data["Roles"] = []string{string(auth.Trainee)}
	}
	s.audit(c, auditRecordView, "org:"+strconv.FormatInt(orgID, 10), orgID, nil)
	return s.render(c, "org", data)
}

// definitionWords is a definition in words for the dashboards: the module titles and the
// meeting demand.
type defWords struct {
	Modules  []string
	Meetings string
}

func (s *Server) definitionWords(lang string, d training.Definition) defWords {
	w := defWords{Meetings: s.msg.T(lang, "tracking.def.meetings", "Count", d.MinMeetings, "Months", d.WindowMonths)}
	for _, m := range d.Modules {
		w.Modules = append(w.Modules, s.moduleTitle(m))
	}
	return w
}
