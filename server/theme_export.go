package server

import (
	"github.com/gofiber/fiber/v2"

	"kring/server/room"
)

// themeExport downloads the theme figures under the page's filter as CSV (UTF-8 with a BOM, ';'
// between cells, formula cells neutralised): one row per theme, board and quarter with the
// number of cards and of groups. With ?theme= it downloads that theme's card texts instead, as
// anonymised as the drill-down (board, quarter, text: no author, no group).
func (s *Server) themeExport(c *fiber.Ctx) error {
	q, err := s.readThemeQuery(c)
	if err != nil {
		return err
	}
	theme := c.Query("theme")
	if !q.Form.ok() || (theme != "" && !knownTheme(theme)) {
		return fiber.NewError(fiber.StatusBadRequest, "themes: bad filter")
	}
	if theme != "" {
		t, err := s.themeCardsTable(c, theme, q)
		if err != nil {
			return err
		}
		return s.sendExport(c, t, "thema-"+theme, "csv")
	}
	t, err := s.themeCountsTable(c, q)
	if err != nil {
		return err
	}
	return s.sendExport(c, t, "themas", "csv")
}

// themeCountsTable is one row per theme, board and quarter with its cards and groups.
func (s *Server) themeCountsTable(c *fiber.Ctx, q *themeQuery) (exportTable, error) {
	lang := st(c).lang
	counts, err := s.store.ThemeCounts(c.UserContext(), q.Filter)
	if err != nil {
		return exportTable{}, err
	}
	t := exportTable{Sheet: s.msg.T(lang, "themes.breadcrumb"),
		Headers: []string{s.msg.T(lang, "themes.csv.theme"), s.msg.T(lang, "themes.csv.code"), s.msg.T(lang, "themes.csv.board"),
			s.msg.T(lang, "themes.csv.quarter"), s.msg.T(lang, "themes.csv.cards"), s.msg.T(lang, "themes.csv.groups")},
		Kinds: []colKind{colText, colText, colText, colText, colInt, colInt}}
	for _, ct := range counts {
		t.Rows = append(t.Rows, []any{room.ThemeLabel(ct.Theme, lang), ct.Theme, s.boardLabel(lang, ct.Board), ct.Quarter, ct.Cards, ct.Groups})
	}
	return t, nil
}

// themeCardsTable is one theme's card texts, as anonymised as the drill-down.
func (s *Server) themeCardsTable(c *fiber.Ctx, theme string, q *themeQuery) (exportTable, error) {
	lang := st(c).lang
	cards, _, err := s.store.ThemeCards(c.UserContext(), theme, q.Filter, -1, 0)
	if err != nil {
		return exportTable{}, err
	}
	label := room.ThemeLabel(theme, lang)
	t := exportTable{Sheet: label,
		Headers: []string{s.msg.T(lang, "themes.csv.theme"), s.msg.T(lang, "themes.csv.board"), s.msg.T(lang, "themes.csv.quarter"),
			s.msg.T(lang, "themes.csv.text")},
		Kinds: []colKind{colText, colText, colText, colText}}
	for _, cd := range cards {
		t.Rows = append(t.Rows, []any{label, s.boardLabel(lang, cd.Board), cd.Quarter, cd.Text})
	}
	return t, nil
}
