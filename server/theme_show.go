package server

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"kring/server/chart"
	"kring/server/room"
	"kring/server/store"
)

// themeCardsPerPage is how many card texts one page of the drill-down shows.
const themeCardsPerPage = 50

// themeCardView is one card as the drill-down shows it: text, board and quarter only.
type themeCardView struct {
	Board, BoardLabel, Quarter, Text string
}

// themeShow is the drill-down behind one theme: the texts of the cards tagged with it, under
// the same filter as the overview, newest first. It is anonymised by construction: the table
// it reads holds no author and no group name, and the page shows the quarter, not the date.
func (s *Server) themeShow(c *fiber.Ctx) error {
	theme := c.Params("theme")
	if !knownTheme(theme) {
		return fiber.ErrNotFound
	}
	lang := st(c).lang
	q, err := s.readThemeQuery(c)
	if err != nil {
		return err
	}
	page := 1
	if v := c.Query("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return fiber.ErrNotFound
		}
		page = n
	}
	cards, total, err := s.store.ThemeCards(c.UserContext(), theme, q.Filter, themeCardsPerPage, (page-1)*themeCardsPerPage)
	if err != nil {
		return err
	}
	pages := max(1, (total+themeCardsPerPage-1)/themeCardsPerPage)
	if page > pages {
		return fiber.ErrNotFound
	}
	views := make([]themeCardView, len(cards))
	for i, cd := range cards {
		views[i] = themeCardView{Board: cd.Board, BoardLabel: s.boardLabel(lang, cd.Board), Quarter: quarterLabel(lang, cd.Quarter), Text: cd.Text}
	}
	base := "/gemeente/thema/" + theme
	var prev, next string
	if page > 1 {
		prev = base + q.query("page", strconv.Itoa(page-1))
	}
	if page < pages {
		next = base + q.query("page", strconv.Itoa(page+1))
	}
	label := room.ThemeLabel(theme, lang)
	trend, rows, err := s.themeTrend(c, theme, label, q)
	if err != nil {
		return err
	}
	boards, orgs, qs := s.themeSelectOptions(lang, q)
	return s.render(c, "theme", fiber.Map{
		"Title": s.msg.T(lang, "themes.show.title", "Theme", label), "ExtraCSS": []string{"/static/css/chart-bars.css"},
		"Theme": theme, "Label": label, "Cards": views, "Total": total, "Page": page, "Pages": pages,
		"CSVHref": "/gemeente/thema.csv" + q.query("theme", theme),
		"Prev":    prev, "Next": next, "Back": "/gemeente/thema" + q.query(),
		"CountText": s.countText(lang, "themes.show.count", total) + " " + s.themeScope(lang, q) + ".",
		"Form":      q.Form, "Boards": boards, "Orgs": orgs, "QuarterOptions": qs, "Action": base,
		"Chart": trend, "Trend": rows, "ShowBottlenecks": q.Filter.Board != store.ThemeBoardSuccess,
		"ShowSuccesses": q.Filter.Board != store.ThemeBoardBottleneck,
	})
}

// themeQuarterRow is one quarter of a theme's trend.
type themeQuarterRow struct {
	Quarter                string
	Bottlenecks, Successes int
}

// themeTrend is one theme over time: its cards per quarter of the chosen period (quarters
// without cards included), as a bar chart and the rows of the table beside it.
func (s *Server) themeTrend(c *fiber.Ctx, theme, label string, q *themeQuery) (chart.Bars, []themeQuarterRow, error) {
	lang := st(c).lang
	counts, err := s.store.ThemeCounts(c.UserContext(), q.Filter)
	if err != nil {
		return chart.Bars{}, nil, err
	}
	byQuarter := map[string]*themeQuarterRow{}
	var rows []themeQuarterRow
	for _, qu := range q.Quarters {
		if (q.Filter.From == "" || qu >= q.Filter.From) && (q.Filter.To == "" || qu <= q.Filter.To) {
			rows = append(rows, themeQuarterRow{Quarter: qu})
		}
	}
	for i := range rows {
		byQuarter[rows[i].Quarter] = &rows[i]
	}
	for _, ct := range counts {
		r, ok := byQuarter[ct.Quarter]
		if !ok || ct.Theme != theme {
			continue
		}
		if ct.Board == store.ThemeBoardBottleneck {
			r.Bottlenecks += ct.Cards
		} else {
			r.Successes += ct.Cards
		}
	}
	showB, showS := q.Filter.Board != store.ThemeBoardSuccess, q.Filter.Board != store.ThemeBoardBottleneck
	var series []string
	if showB {
		series = append(series, s.msg.T(lang, "themes.board.bottleneck"))
	}
	if showS {
		series = append(series, s.msg.T(lang, "themes.board.success"))
	}
	var chartRows []chart.Row
	for i := range rows {
		r := &rows[i]
		r.Quarter = quarterLabel(lang, r.Quarter)
		cr := chart.Row{Label: r.Quarter}
		if showB {
			cr.Values = append(cr.Values, r.Bottlenecks)
			cr.Texts = append(cr.Texts, s.countText(lang, "themes.chart.bottlenecks", r.Bottlenecks))
		}
		if showS {
			cr.Values = append(cr.Values, r.Successes)
			cr.Texts = append(cr.Texts, s.countText(lang, "themes.chart.successes", r.Successes))
		}
		chartRows = append(chartRows, cr)
	}
	title := s.msg.T(lang, "themes.trend.title", "Theme", label)
	desc := s.msg.T(lang, "themes.trend.desc", "Theme", label, "Scope", s.themeScope(lang, q))
	return chart.NewBars("theme-trend", title, desc, series, chartRows), rows, nil
}
