package server

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
	"kring/server/chart"
	"kring/server/store"
	"kring/server/training"
)

// What the training dashboards (/org, /org/people/:id, the exports and /gemeente) share:
// turning the store's records into package training's view, the verdict per person, coverage
// and its chart. Nothing here reads a reflection answer: the store never hands one out.

// recentMonths is the "last 12 months" of the dashboards' meeting and certificate counts.
const recentMonths = 12

// definitionOf returns the organisation's definition of trained, or the default when it never
// set one (set false).
func (s *Server) definitionOf(ctx context.Context, orgID int64) (training.Definition, bool, error) {
	d, set, err := s.store.TrainingDefinition(ctx, orgID)
	if err != nil || !set {
		return training.Default(), false, err
	}
	return training.Definition(d), true, nil
}

// historySince is how far back records are read so coverage over CoverageMonths can look
// WindowMonths further back for meetings.
func historySince(now time.Time, window int) time.Time {
	return now.AddDate(0, -(training.CoverageMonths + window + 1), 0)
}

// asPerson is a record as package training sees it.
func asPerson(r *store.StaffRecord) training.Person {
	p := training.Person{Joined: r.Joined, Left: r.Left}
	for _, c := range r.Certificates {
		p.Completions = append(p.Completions, training.Completion{Module: c.Module, At: c.IssuedAt, Revoked: c.RevokedAt})
	}
	for _, m := range r.Meetings {
		p.Meetings = append(p.Meetings, m.HeldAt)
	}
	return p
}

// personRow is one staff member on the dashboards and in the exports.
type personRow struct {
	Rec           *store.StaffRecord
	Status        training.Status
	Missing       []string // what is missing, in words ("module Het netwerk in kaart brengen", "nog 1 bijeenkomst")
	Done          []*store.Certificate
	InProgress    []progressItem
	Meetings      int // attended in the last 12 months
	Minutes       int
	MeetingGroups []string // groups of those meetings
	Inactive      bool
}

// progressItem is a module a person has started but not completed.
type progressItem struct {
	Slug, Title string
	Percent     int
}

// moduleTitle is a module's title now, or its slug when it left the content.
func (s *Server) moduleTitle(slug string) string {
	if m, ok := s.catalog.Module(slug); ok {
		return m.Title
	}
	return slug
}

// row judges one record under def at now.
func (s *Server) row(lang string, def training.Definition, r *store.StaffRecord, now time.Time) *personRow {
	pr := &personRow{Rec: r, Status: def.StatusAt(asPerson(r), now), Inactive: training.Inactive(r.LastActivity, now)}
	for _, m := range pr.Status.MissingModules {
		pr.Missing = append(pr.Missing, s.msg.T(lang, "tracking.missing.module", "Title", s.moduleTitle(m)))
	}
	switch n := pr.Status.MissingMeetings; {
	case n == 1:
		pr.Missing = append(pr.Missing, s.msg.T(lang, "tracking.missing.meeting"))
	case n > 1:
		pr.Missing = append(pr.Missing, s.msg.T(lang, "tracking.missing.meetings", "Count", n))
	}
	done := map[string]bool{}
	for _, c := range r.Certificates {
		if !c.Revoked() {
			pr.Done = append(pr.Done, c)
			done[c.Module] = true
		}
	}
	for _, m := range s.catalog.Modules {
		p := r.Progress[m.Slug]
		if done[m.Slug] || p == nil || len(p.Opened)+len(p.Answers) == 0 {
			continue
		}
		pr.InProgress = append(pr.InProgress, progressItem{Slug: m.Slug, Title: m.Title, Percent: s.summarise(lang, m, p, nil).Percent})
	}
	from := now.AddDate(0, -recentMonths, 0)
	for _, m := range r.Meetings {
		if m.HeldAt.After(from) && !m.HeldAt.After(now) {
			pr.Meetings++
			pr.Minutes += m.Minutes
			if !slices.Contains(pr.MeetingGroups, m.GroupName) {
				pr.MeetingGroups = append(pr.MeetingGroups, m.GroupName)
			}
		}
	}
	return pr
}

// staffView is one organisation's dashboard data.
type staffView struct {
	Def      training.Definition
	DefSet   bool
	Rows     []*personRow // active people only
	Coverage []training.Month
	Trained  int
}

// Now is coverage at this moment.
func (v *staffView) Now() training.Month { return v.Coverage[len(v.Coverage)-1] }

// staffView reads and judges every person of an organisation in a fixed number of queries.
func (s *Server) staffView(ctx context.Context, lang string, orgID int64) (*staffView, error) {
	def, set, err := s.definitionOf(ctx, orgID)
	if err != nil {
		return nil, err
	}
	now := s.store.Now()
	recs, err := s.store.StaffTraining(ctx, orgID, historySince(now, def.WindowMonths))
	if err != nil {
		return nil, err
	}
	return s.judge(lang, def, set, recs, now), nil
}

// judge builds the dashboard data of one organisation from its records.
func (s *Server) judge(lang string, def training.Definition, set bool, recs []*store.StaffRecord, now time.Time) *staffView {
	v := &staffView{Def: def, DefSet: set}
	people := make([]training.Person, 0, len(recs))
	for _, r := range recs {
		people = append(people, asPerson(r))
		if !r.Active() {
			continue
		}
		row := s.row(lang, def, r, now)
		if row.Status.Trained {
			v.Trained++
		}
		v.Rows = append(v.Rows, row)
	}
	v.Coverage = training.Coverage(def, people, now, training.CoverageMonths, s.cfg.Location)
	return v
}

// orgOf decides which organisation a dashboard request reads: a coordinator only their own
// (naming another one is a 404); the municipality the one named by ?org= (0 when none, which
// the caller treats as "all" or redirects).
func (s *Server) orgOf(c *fiber.Ctx) (int64, error) {
	u := currentUser(c)
	asked := int64(0)
	if v := c.Query("org"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return 0, fiber.ErrNotFound
		}
		asked = id
	}
	if auth.Role(u.Role) == auth.MuniAdmin {
		if asked != 0 {
			if _, err := s.store.Organisation(c.UserContext(), asked); err != nil {
				return 0, err
			}
		}
		return asked, nil
	}
	if asked == 0 {
		asked = u.OrgID
	}
	if !auth.SeesOrganisation(auth.Role(u.Role), u.OrgID, asked) {
		return 0, fiber.ErrNotFound
	}
	return asked, nil
}

// monthsShortNL are the Dutch month abbreviations of chart labels; an array, so nobody can
// change them.
var monthsShortNL = [12]string{"jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"}

// monthLabel writes "nov 2026" / "Nov 2026".
func monthLabel(lang string, t time.Time) string {
	if lang == "en" {
		return t.Format("Jan 2006")
	}
	return fmt.Sprintf("%s %d", monthsShortNL[t.Month()-1], t.Year())
}

// coverageChart is a laid-out chart with its accessible title and description.
type coverageChart struct {
	ID    string
	Title string
	Desc  string
	Line  chart.Line
}

// namedCoverage is one line of a coverage chart.
type namedCoverage struct {
	Name   string
	Months []training.Month
}

// newCoverageChart lays out coverage series (all of the same months) with a description that
// says the same in words.
func (s *Server) newCoverageChart(lang, id, title string, series []namedCoverage) coverageChart {
	if len(series) == 0 || len(series[0].Months) == 0 {
		return coverageChart{ID: id, Title: title}
	}
	months := series[0].Months
	labels := make([]string, len(months))
	for i, m := range months {
		labels[i] = monthLabel(lang, m.Start)
	}
	var cs []chart.Series
	var desc []string
	for _, sr := range series {
		vals := make([]int, len(sr.Months))
		for i, m := range sr.Months {
			vals[i] = m.Percent()
		}
		cs = append(cs, chart.Series{Name: sr.Name, Values: vals})
		last := sr.Months[len(sr.Months)-1]
		desc = append(desc, s.msg.T(lang, "tracking.chart.desc", "Name", sr.Name, "From", labels[0], "FromPct", vals[0],
			"To", labels[len(labels)-1], "ToPct", vals[len(vals)-1], "Trained", last.Trained, "Staff", last.Staff))
	}
	return coverageChart{ID: id, Title: title, Desc: strings.Join(desc, " "), Line: chart.NewLine(labels, cs, 6)}
}

// sortRows orders dashboard rows by key (name, status, meetings, activity); ties by name.
func sortRows(rows []*personRow, key string) {
	byName := func(a, b *personRow) bool { return strings.ToLower(a.Rec.Name) < strings.ToLower(b.Rec.Name) }
	less := byName
	switch key {
	case "status":
		less = func(a, b *personRow) bool {
			if a.Status.Trained != b.Status.Trained {
				return !a.Status.Trained // not trained first: who needs attention
			}
			if len(a.Missing) != len(b.Missing) {
				return len(a.Missing) > len(b.Missing)
			}
			return byName(a, b)
		}
	case "meetings":
		less = func(a, b *personRow) bool {
			if a.Meetings != b.Meetings {
				return a.Meetings > b.Meetings
			}
			return byName(a, b)
		}
	case "activity":
		less = func(a, b *personRow) bool {
			if !a.Rec.LastActivity.Equal(b.Rec.LastActivity) {
				return a.Rec.LastActivity.After(b.Rec.LastActivity)
			}
			return byName(a, b)
		}
	}
	sort.SliceStable(rows, func(i, j int) bool { return less(rows[i], rows[j]) })
}

// filterRows keeps the rows that match a filter (trained, untrained, inactive; anything else:
// all) and a name or e-mail search.
func filterRows(rows []*personRow, filter, q string) []*personRow {
	q = strings.ToLower(strings.TrimSpace(q))
	var out []*personRow
	for _, r := range rows {
		switch filter {
		case "trained":
			if !r.Status.Trained {
				continue
			}
		case "untrained":
			if r.Status.Trained {
				continue
			}
		case "inactive":
			if !r.Inactive {
				continue
			}
		}
		if q != "" && !strings.Contains(strings.ToLower(r.Rec.Name), q) && !strings.Contains(strings.ToLower(r.Rec.Email), q) {
			continue
		}
		out = append(out, r)
	}
	return out
}
