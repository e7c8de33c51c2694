package server

import (
	"bytes"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"kring/server/export"
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
	var buf bytes.Buffer
	w := export.NewCSV(&buf)
	name := "themas.csv"
	if theme != "" {
		name = "thema-" + theme + ".csv"
		if err := s.writeThemeCards(c, w, theme, q); err != nil {
			return err
		}
	} else if err := s.writeThemeCounts(c, w, q); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	return c.Send(buf.Bytes())
}

func (s *Server) writeThemeCounts(c *fiber.Ctx, w *export.CSV, q *themeQuery) error {
	lang := st(c).lang
	counts, err := s.store.ThemeCounts(c.UserContext(), q.Filter)
	if err != nil {
		return err
	}
	w.Row(s.msg.T(lang, "themes.csv.theme"), s.msg.T(lang, "themes.csv.code"), s.msg.T(lang, "themes.csv.board"),
		s.msg.T(lang, "themes.csv.quarter"), s.msg.T(lang, "themes.csv.cards"), s.msg.T(lang, "themes.csv.groups"))
	for _, ct := range counts {
		w.Row(room.ThemeLabel(ct.Theme, lang), ct.Theme, s.boardLabel(lang, ct.Board), ct.Quarter,
			strconv.Itoa(ct.Cards), strconv.Itoa(ct.Groups))
	}
	return nil
}

func (s *Server) writeThemeCards(c *fiber.Ctx, w *export.CSV, theme string, q *themeQuery) error {
	lang := st(c).lang
	cards, _, err := s.store.ThemeCards(c.UserContext(), theme, q.Filter, -1, 0)
	if err != nil {
		return err
	}
	w.Row(s.msg.T(lang, "themes.csv.theme"), s.msg.T(lang, "themes.csv.board"), s.msg.T(lang, "themes.csv.quarter"),
		s.msg.T(lang, "themes.csv.text"))
	label := room.ThemeLabel(theme, lang)
	for _, cd := range cards {
		w.Row(label, s.boardLabel(lang, cd.Board), cd.Quarter, cd.Text)
	}
	return nil
}
