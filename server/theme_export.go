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
// number of cards and of groups. Counts only, like the page.
func (s *Server) themeExport(c *fiber.Ctx) error {
	lang := st(c).lang
	q, err := s.readThemeQuery(c)
	if err != nil {
		return err
	}
	if !q.Form.ok() {
		return fiber.NewError(fiber.StatusBadRequest, "themes: bad filter")
	}
	counts, err := s.store.ThemeCounts(c.UserContext(), q.Filter)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	w := export.NewCSV(&buf)
	w.Row(s.msg.T(lang, "themes.csv.theme"), s.msg.T(lang, "themes.csv.code"), s.msg.T(lang, "themes.csv.board"),
		s.msg.T(lang, "themes.csv.quarter"), s.msg.T(lang, "themes.csv.cards"), s.msg.T(lang, "themes.csv.groups"))
	for _, ct := range counts {
		w.Row(room.ThemeLabel(ct.Theme, lang), ct.Theme, s.boardLabel(lang, ct.Board), ct.Quarter,
			strconv.Itoa(ct.Cards), strconv.Itoa(ct.Groups))
	}
	if err := w.Close(); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="themas.csv"`)
	return c.Send(buf.Bytes())
}
