package server

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"kring/server/chart"
	"kring/server/room"
	"kring/server/store"
)

// themeRow is one theme in the overview: its totals over the period and its count per quarter.
type themeRow struct {
	Theme, Label, Href     string
	Bottlenecks, Successes int
	Cards, Groups          int
	PerQuarter             []int
}

// themeList is the municipality's view of what blocks and what helps SNV across all groups:
// themed cards of closed meetings per theme and quarter, in how many groups each theme came up,
// as a bar chart with the same figures in tables. Only counts and links to the anonymised
// card texts; never names of people or groups.
func (s *Server) themeList(c *fiber.Ctx) error {
	ctx := c.UserContext()
	lang := st(c).lang
	q, err := s.readThemeQuery(c)
	if err != nil {
		return err
	}
	totals, err := s.store.ThemeTotals(ctx, q.Filter)
	if err != nil {
		return err
	}
	counts, err := s.store.ThemeCounts(ctx, q.Filter)
	if err != nil {
		return err
	}
	var quarters []string
	seen := map[string]bool{}
	for _, ct := range counts {
		if !seen[ct.Quarter] {
			seen[ct.Quarter] = true
			quarters = append(quarters, ct.Quarter)
		}
	}
	col := map[string]int{}
	for i, qu := range quarters {
		col[qu] = i
	}
	byTheme := map[string]store.ThemeTotal{}
	var all store.ThemeTotal
	for _, t := range totals {
		if t.Theme == "" {
			all = t
		} else {
			byTheme[t.Theme] = t
		}
	}
	perQuarter := map[string][]int{}
	for _, th := range room.Themes() {
		perQuarter[th] = make([]int, len(quarters))
	}
	for _, ct := range counts {
		if pq, ok := perQuarter[ct.Theme]; ok {
			pq[col[ct.Quarter]] += ct.Cards
		}
	}
	var rows []themeRow
	var chartRows []chart.Row
	showB := q.Filter.Board != store.ThemeBoardSuccess
	showS := q.Filter.Board != store.ThemeBoardBottleneck
	var series []string
	if showB {
		series = append(series, s.msg.T(lang, "themes.board.bottleneck"))
	}
	if showS {
		series = append(series, s.msg.T(lang, "themes.board.success"))
	}
	top, topN := "", 0
	for _, th := range room.Themes() {
		t := byTheme[th]
		label := room.ThemeLabel(th, lang)
		rows = append(rows, themeRow{Theme: th, Label: label, Href: "/gemeente/thema/" + th + q.query(),
			Bottlenecks: t.Bottlenecks, Successes: t.Successes, Cards: t.Cards, Groups: t.Groups, PerQuarter: perQuarter[th]})
		cr := chart.Row{Label: label}
		if showB {
			cr.Values = append(cr.Values, t.Bottlenecks)
			cr.Texts = append(cr.Texts, s.countText(lang, "themes.chart.bottlenecks", t.Bottlenecks))
		}
		if showS {
			cr.Values = append(cr.Values, t.Successes)
			cr.Texts = append(cr.Texts, s.countText(lang, "themes.chart.successes", t.Successes))
		}
		chartRows = append(chartRows, cr)
		if t.Cards > topN {
			top, topN = label, t.Cards
		}
	}
	scope := s.themeScope(lang, q)
	desc := s.msg.T(lang, "themes.chart.desc_none", "Scope", scope)
	if topN > 0 {
		desc = s.msg.T(lang, "themes.chart.desc", "Scope", scope, "Cards", all.Cards, "Top", top, "TopCount", topN)
	}
	bars := chart.NewBars("themes-chart", s.msg.T(lang, "themes.chart.title"), desc, series, chartRows)
	quarterLabels := make([]string, len(quarters))
	for i, qu := range quarters {
		quarterLabels[i] = quarterLabel(lang, qu)
	}
	boards, orgs, qs := s.themeSelectOptions(lang, q)
	return s.render(c, "themes", fiber.Map{
		"Title": s.msg.T(lang, "themes.title"), "ExtraCSS": []string{"/static/css/chart-bars.css"},
		"Chart": bars, "Rows": rows, "All": all, "Quarters": quarterLabels, "Scope": scope,
		"ShowBottlenecks": showB, "ShowSuccesses": showS,
		"Form": q.Form, "Boards": boards, "Orgs": orgs, "QuarterOptions": qs,
		"CSVHref": "/gemeente/thema.csv" + q.query(),
	})
}

// themeScope says in words what the figures cover: the board, organisation and period.
func (s *Server) themeScope(lang string, q *themeQuery) string {
	board := q.Filter.Board
	if board == "" {
		board = "both"
	}
	parts := []string{s.msg.T(lang, "themes.scope.board_"+board)}
	if n := q.orgName(); n != "" {
		parts = append(parts, s.msg.T(lang, "themes.scope.org", "Org", n))
	} else {
		parts = append(parts, s.msg.T(lang, "themes.scope.all_orgs"))
	}
	switch f, t := q.Filter.From, q.Filter.To; {
	case f != "" && t != "":
		parts = append(parts, s.msg.T(lang, "themes.scope.between", "From", quarterLabel(lang, f), "To", quarterLabel(lang, t)))
	case f != "":
		parts = append(parts, s.msg.T(lang, "themes.scope.from", "From", quarterLabel(lang, f)))
	case t != "":
		parts = append(parts, s.msg.T(lang, "themes.scope.to", "To", quarterLabel(lang, t)))
	default:
		parts = append(parts, s.msg.T(lang, "themes.scope.all_time"))
	}
	return strings.Join(parts, ", ")
}
