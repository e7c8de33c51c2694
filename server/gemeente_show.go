package server

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"kring/server/store"
	"kring/server/training"
)

// gemeenteShow is the municipality's overview: every organisation side by side (staff,
// trained, coverage, certificates and meetings in the last 12 months, active groups, last
// activity), sortable, and coverage over 24 months per organisation and in total, as a chart
// with the same figures in a table. Aggregates only: names of people stay on /org.
func (s *Server) gemeenteShow(c *fiber.Ctx) error {
	lang := st(c).lang
	sums, views, err := s.orgSummaries(c.UserContext())
	if err != nil {
		return err
	}
	key := c.Query("sort")
	sortSummaries(sums, key)
	var series []namedCoverage
	var all [][]training.Month
	for _, v := range views {
		all = append(all, v.Coverage)
	}
	total := training.Sum(all...)
	if total == nil {
		total = training.Coverage(training.Default(), nil, s.store.Now(), training.CoverageMonths, s.cfg.Location)
	}
	series = append(series, namedCoverage{s.msg.T(lang, "tracking.gemeente.total"), total})
	if len(views) <= maxChartLines {
		for _, v := range views {
			series = append(series, namedCoverage{v.Name, v.Coverage})
		}
	}
	// The table beside the chart: one row per month, total and every organisation.
	type cell struct{ Trained, Staff, Percent int }
	type monthRow struct {
		Start time.Time
		Cells []cell
	}
	rows := make([]monthRow, len(total))
	for i, m := range total {
		rows[i] = monthRow{Start: m.Start, Cells: []cell{{m.Trained, m.Staff, m.Percent()}}}
		for _, v := range views {
			vm := v.Coverage[i]
			rows[i].Cells = append(rows[i].Cells, cell{vm.Trained, vm.Staff, vm.Percent()})
		}
	}
	return s.render(c, "gemeente", fiber.Map{"Title": s.msg.T(lang, "tracking.gemeente.title"), "Orgs": sums, "Sort": key,
		"Total": total[len(total)-1], "Views": views, "MonthRows": rows, "ChartAll": len(views) <= maxChartLines,
		"Chart":    s.newCoverageChart(lang, "coverage-all", s.msg.T(lang, "tracking.gemeente.chart_title"), series),
		"ExtraCSS": []string{"/static/css/tracking.css"}})
}

// maxChartLines is how many organisations the chart draws as their own line; with more, it
// draws the total and the table carries every organisation.
const maxChartLines = 6

// orgSummary is one organisation's row on the municipality's overview and in its export.
type orgSummary struct {
	ID           int64
	Name         string
	Staff        int
	Trained      int
	Percent      int
	Certificates int // issued in the last 12 months
	Groups       int // groups with a current member of the organisation
	Meetings     int // closed meetings in the last 12 months attended by its staff
	LastActivity time.Time
}

// orgCoverage is one organisation's coverage over the last CoverageMonths months.
type orgCoverage struct {
	ID       int64
	Name     string
	Coverage []training.Month
}

// orgSummaries sums up every organisation from the lean facts of its people (store.StaffOverview:
// no names, lessons or answers), each organisation judged under its own definition. The
// figures are those of the full records (staffViews); a test keeps the two in agreement.
func (s *Server) orgSummaries(ctx context.Context) ([]*orgSummary, []*orgCoverage, error) {
	defs, err := s.store.TrainingDefinitions(ctx)
	if err != nil {
		return nil, nil, err
	}
	orgs, err := s.store.ListOrganisations(ctx)
	if err != nil {
		return nil, nil, err
	}
	now := s.store.Now()
	facts, err := s.store.StaffOverview(ctx, historySince(now, training.MaxWindowMonths))
	if err != nil {
		return nil, nil, err
	}
	byOrg := map[int64][]*store.StaffFacts{}
	for _, f := range facts {
		byOrg[f.OrgID] = append(byOrg[f.OrgID], f)
	}
	from := now.AddDate(0, -recentMonths, 0)
	var sums []*orgSummary
	var views []*orgCoverage
	for _, o := range orgs {
		def := training.Default()
		if d, ok := defs[o.ID]; ok {
			def = training.Definition(d)
		}
		staff := byOrg[o.ID]
		people := make([]training.Person, len(staff))
		sum := &orgSummary{ID: o.ID, Name: o.Name}
		groups, meetings := map[int64]bool{}, map[int64]bool{}
		for i, f := range staff {
			people[i] = factsPerson(f)
			if !f.Active() {
				continue
			}
			for _, c := range f.Certificates {
				if c.IssuedAt.After(from) && c.RevokedAt.IsZero() {
					sum.Certificates++
				}
			}
			for _, g := range f.Groups {
				groups[g] = true
			}
			for _, m := range f.Meetings {
				if m.HeldAt.After(from) {
					meetings[m.MeetingID] = true
				}
			}
			if f.LastActivity.After(sum.LastActivity) {
				sum.LastActivity = f.LastActivity
			}
		}
		cov := training.Coverage(def, people, now, training.CoverageMonths, s.cfg.Location)
		cur := cov[len(cov)-1]
		sum.Staff, sum.Trained, sum.Percent = cur.Staff, cur.Trained, cur.Percent()
		sum.Groups, sum.Meetings = len(groups), len(meetings)
		sums = append(sums, sum)
		views = append(views, &orgCoverage{ID: o.ID, Name: o.Name, Coverage: cov})
	}
	return sums, views, nil
}

// factsPerson is a person's facts as package training sees them.
func factsPerson(f *store.StaffFacts) training.Person {
	p := training.Person{Joined: f.Joined, Left: f.Left, Completions: make([]training.Completion, len(f.Certificates)),
		Meetings: make([]time.Time, len(f.Meetings))}
	for i, c := range f.Certificates {
		p.Completions[i] = training.Completion{Module: c.Module, At: c.IssuedAt, Revoked: c.RevokedAt}
	}
	for i, m := range f.Meetings {
		p.Meetings[i] = m.HeldAt
	}
	return p
}

// sortSummaries orders the overview by a column (name when unknown); numbers largest first,
// ties by name.
func sortSummaries(sums []*orgSummary, key string) {
	num := map[string]func(o *orgSummary) int{
		"staff":    func(o *orgSummary) int { return o.Staff },
		"trained":  func(o *orgSummary) int { return o.Trained },
		"coverage": func(o *orgSummary) int { return o.Percent },
		"certs":    func(o *orgSummary) int { return o.Certificates },
		"groups":   func(o *orgSummary) int { return o.Groups },
		"meetings": func(o *orgSummary) int { return o.Meetings },
	}
	byName := func(a, b *orgSummary) bool { return strings.ToLower(a.Name) < strings.ToLower(b.Name) }
	sort.SliceStable(sums, func(i, j int) bool {
		a, b := sums[i], sums[j]
		if f, ok := num[key]; ok && f(a) != f(b) {
			return f(a) > f(b)
		}
		if key == "activity" && !a.LastActivity.Equal(b.LastActivity) {
			return a.LastActivity.After(b.LastActivity)
		}
		return byName(a, b)
	})
}
