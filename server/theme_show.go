package server

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"kring/server/room"
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
	boards, orgs, qs := s.themeSelectOptions(lang, q)
	return s.render(c, "theme", fiber.Map{
		"Title": s.msg.T(lang, "themes.show.title", "Theme", label), "ExtraCSS": []string{"/static/css/chart-bars.css"},
		"Theme": theme, "Label": label, "Cards": views, "Total": total, "Page": page, "Pages": pages,
		"Prev": prev, "Next": next, "Back": "/gemeente/thema" + q.query(), "Scope": s.themeScope(lang, q),
		"Form": q.Form, "Boards": boards, "Orgs": orgs, "QuarterOptions": qs, "Action": base,
	})
}
