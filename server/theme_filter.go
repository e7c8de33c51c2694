package server

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"kring/server/room"
	"kring/server/store"
)

// themeQuery is the filter of the municipality's theme pages as the query string gave it: the
// board (bottleneck, success or both), the organisation of the cards' authors and a period of
// quarters. A value that does not parse is reported next to its field and ignored, so a bad
// link still shows the figures for everything.
type themeQuery struct {
	Filter   store.ThemeFilter
	Form     *form
	Orgs     []*store.Organisation
	Quarters []string
}

var quarterRe = regexp.MustCompile(`^[0-9]{4}-Q[1-4]$`)

// readThemeQuery reads board, org, from and to from the query string.
func (s *Server) readThemeQuery(c *fiber.Ctx) (*themeQuery, error) {
	ctx := c.UserContext()
	orgs, err := s.store.ListOrganisations(ctx)
	if err != nil {
		return nil, err
	}
	quarters, err := s.store.ThemeQuarters(ctx)
	if err != nil {
		return nil, err
	}
	q := &themeQuery{Form: emptyForm(), Orgs: orgs, Quarters: quarters}
	for _, k := range []string{"board", "org", "from", "to"} {
		q.Form.Values[k] = strings.TrimSpace(c.Query(k))
	}
	switch b := q.Form.Values["board"]; b {
	case "", store.ThemeBoardBottleneck, store.ThemeBoardSuccess:
		q.Filter.Board = b
	default:
		q.Form.fail("board", "themes.filter.bad_board")
	}
	if v := q.Form.Values["org"]; v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		known := false
		for _, o := range orgs {
			known = known || (err == nil && o.ID == id)
		}
		if known {
			q.Filter.OrgID = id
		} else {
			q.Form.fail("org", "themes.filter.bad_org")
		}
	}
	for _, k := range []string{"from", "to"} {
		v := q.Form.Values[k]
		if v != "" && !quarterRe.MatchString(v) {
			q.Form.fail(k, "themes.filter.bad_quarter")
		}
	}
	from, to := q.Form.Values["from"], q.Form.Values["to"]
	if q.Form.Errors["from"] == "" && q.Form.Errors["to"] == "" {
		if from != "" && to != "" && from > to {
			q.Form.fail("to", "themes.filter.bad_period")
		} else {
			q.Filter.From, q.Filter.To = from, to
		}
	}
	// What was refused is not shown as chosen.
	for k := range q.Form.Errors {
		q.Form.Values[k] = ""
	}
	return q, nil
}

// query is the accepted filter as a query string ("" or "?..."), for links to the drill-down,
// the export and the next page.
func (q *themeQuery) query(extra ...string) string {
	v := url.Values{}
	if q.Filter.Board != "" {
		v.Set("board", q.Filter.Board)
	}
	if q.Filter.OrgID != 0 {
		v.Set("org", strconv.FormatInt(q.Filter.OrgID, 10))
	}
	if q.Filter.From != "" {
		v.Set("from", q.Filter.From)
	}
	if q.Filter.To != "" {
		v.Set("to", q.Filter.To)
	}
	for i := 0; i+1 < len(extra); i += 2 {
		v.Set(extra[i], extra[i+1])
	}
	if len(v) == 0 {
		return ""
	}
	return "?" + v.Encode()
}

// orgName is the chosen organisation's name, "" for all.
func (q *themeQuery) orgName() string {
	for _, o := range q.Orgs {
		if o.ID == q.Filter.OrgID {
			return o.Name
		}
	}
	return ""
}

// themeSelectOptions are the options of the filter's selects: boards, organisations and quarters.
func (s *Server) themeSelectOptions(lang string, q *themeQuery) (boards, orgs, quarters []map[string]any) {
	boards = []map[string]any{
		{"Value": "", "Label": "themes.filter.board_both"},
		{"Value": store.ThemeBoardBottleneck, "Label": "themes.board.bottleneck"},
		{"Value": store.ThemeBoardSuccess, "Label": "themes.board.success"},
	}
	orgs = []map[string]any{{"Value": "", "Label": s.msg.T(lang, "themes.filter.org_all"), "Raw": true}}
	for _, o := range q.Orgs {
		orgs = append(orgs, map[string]any{"Value": strconv.FormatInt(o.ID, 10), "Label": o.Name, "Raw": true})
	}
	quarters = []map[string]any{{"Value": "", "Label": s.msg.T(lang, "themes.filter.quarter_any"), "Raw": true}}
	for _, qu := range q.Quarters {
		quarters = append(quarters, map[string]any{"Value": qu, "Label": quarterLabel(lang, qu), "Raw": true})
	}
	return boards, orgs, quarters
}

// quarterLabel writes "2025-Q3" as "K3 2025" (Dutch) or "Q3 2025".
func quarterLabel(lang, q string) string {
	if !quarterRe.MatchString(q) {
		return q
	}
	letter := "K"
	if lang == "en" {
		letter = "Q"
	}
	return letter + q[6:] + " " + q[:4]
}

// boardLabel is the name of a board in the theme pages.
func (s *Server) boardLabel(lang, board string) string {
	return s.msg.T(lang, "themes.board."+board)
}

// knownTheme reports whether t is one of the fixed themes.
func knownTheme(t string) bool { return slices.Contains(room.Themes(), t) }

// countText translates a count with its noun, using the message id+"_one" for exactly one
// ("1 knelpunt", "3 knelpunten"); the catalogue has no plural rules.
func (s *Server) countText(lang, id string, n int) string {
	if n == 1 {
		id += "_one"
	}
	return s.msg.T(lang, id, "Count", n)
}
