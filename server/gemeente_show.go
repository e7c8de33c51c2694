package server

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"kring/server/training"
)

// gemeenteShow is the municipality's overview: every organisation side by side (staff,
// trained, coverage, certificates and meetings in the last 12 months, active groups, last
// activity), sortable, and coverage over 24 months per organisation and in total, as a chart
// with the same figures in a table. Aggregates only: names of people stay on /org.
func (s *Server) gemeenteShow(c *fiber.Ctx) error {
	lang := st(c).lang
	sums, views, err := s.orgSummaries(c.UserContext(), lang)
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

// orgSummaries reads every organisation's records at once and sums them up.
func (s *Server) orgSummaries(ctx context.Context, lang string) ([]*orgSummary, []*orgView, error) {
	views, err := s.staffViews(ctx, lang, 0)
	if err != nil {
		return nil, nil, err
	}
	now := s.store.Now()
	from := now.AddDate(0, -recentMonths, 0)
	var out []*orgSummary
	for _, v := range views {
		cur := v.Now()
		sum := &orgSummary{ID: v.ID, Name: v.Name, Staff: cur.Staff, Trained: cur.Trained, Percent: cur.Percent()}
		groups, meetings := map[int64]bool{}, map[int64]bool{}
		for _, r := range v.Rows {
			for _, c := range r.Rec.Certificates {
				if c.IssuedAt.After(from) && !c.Revoked() {
					sum.Certificates++
				}
			}
			for _, g := range r.Rec.Groups {
				groups[g.ID] = true
			}
			for _, m := range r.Rec.Meetings {
				if m.HeldAt.After(from) {
					meetings[m.MeetingID] = true
				}
			}
			if r.Rec.LastActivity.After(sum.LastActivity) {
				sum.LastActivity = r.Rec.LastActivity
			}
		}
		sum.Groups, sum.Meetings = len(groups), len(meetings)
		out = append(out, sum)
	}
	return out, views, nil
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
