package server

// Support for the network map pages (map_*.go): reading the editor's form into a map, the
// view models of the form, the drawing and the summary, and the messages the editor's script
// needs. The rules themselves live in kring/server/netmap.

import (
	"encoding/json"
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"kring/server/netmap"
	"kring/server/privacy"
	"kring/server/store"
)

// mapMaxFormRows bounds how many rows of people the form reader looks at: the limit of a map plus
// room for rows that are removed in the same save.
const mapMaxFormRows = netmap.MaxPeople + 40

// mapOption is one choice of a select or checkbox group.
type mapOption struct{ Value, Label string }

// mapPersonRow is one person's fieldset in the editor; I is the row's index in the field names
// ("p.3.label"), or "__N__" in the template the script copies for a new person.
type mapPersonRow struct {
	I           string
	N           int
	ID          string
	Label       string
	Sector      string
	Circle      string
	Quality     string
	Direction   string
	Frequency   string
	Note        string
	SectorLabel string
	Support     map[string]bool
	New         bool
	Err         map[string]string
}

// mapLineRow is one line's fieldset.
type mapLineRow struct {
	I              string
	N              int
	From, To, Kind string
	New            bool
	Err            string
}

// mapSectorRow is one sector's fieldset.
type mapSectorRow struct {
	I            string
	N            int
	ID, Label    string
	Professional bool
	New          bool
	Err          string
}

// mapFact is one line of the summary.
type mapFact struct{ Label, Value string }

// mapSectorCount is one row of the summary's table.
type mapSectorCount struct {
	Label   string
	Circles [netmap.Circles]int
	Count   int
}

// mapSummaryView is the summary as the page shows it; static/js/netmap.js builds the same.
type mapSummaryView struct {
	Facts   []mapFact
	Sectors []mapSectorCount
	Gaps    []string
}

// sectorLabel names a default sector in the interface language.
func (s *Server) sectorLabel(lang string) func(string) string {
	return func(id string) string { return s.msg.T(lang, "netmap.sector."+id) }
}

// mapOptions are the words of a drawing in the person's language.
func (s *Server) mapOptions(lang string, m netmap.Map, prefix string, editable bool) netmap.Options {
	t := func(id string) string { return s.msg.T(lang, id) }
	return netmap.Options{
		Title:  s.msg.T(lang, "netmap.svg_title", "Title", m.Title, "Date", s.mapDate(lang, m.Date)),
		Centre: t("netmap.centre"),
		Legend: map[string]string{
			"support": t("netmap.legend.support"), "stress": t("netmap.legend.stress"),
			"stressful": t("netmap.legend.stressful"), "close": t("netmap.legend.close"),
			"circles": t("netmap.legend.circles"), "marker": t("netmap.legend.marker"),
		},
		IDPrefix: prefix,
		Editable: editable,
		Describe: func(p netmap.Person, sec netmap.Sector) string {
			return s.msg.T(lang, "netmap.describe", "Label", p.Label, "Sector", sec.Label, "Circle", p.Circle,
				"Quality", s.msg.T(lang, fmt.Sprintf("netmap.quality.%d", p.Quality)))
		},
	}
}

// drawMap renders the map's SVG for a page; netmap.Render escapes every text it writes.
func (s *Server) drawMap(lang string, m netmap.Map, prefix string, editable bool) template.HTML {
	return template.HTML(netmap.Render(m, s.mapOptions(lang, m, prefix, editable))) //nolint:gosec // escaped by netmap.Render
}

// viewSummary turns the summary into the lines the page shows.
func (s *Server) viewSummary(lang string, m netmap.Map) mapSummaryView {
	sum := netmap.Summarize(m)
	t := func(id string, args ...any) string { return s.msg.T(lang, id, args...) }
	labelOf := func(id string) string {
		if sec, ok := m.SectorByID(id); ok {
			return sec.Label
		}
		return id
	}
	list := func(items []string, empty string) string {
		if len(items) == 0 {
			return t(empty)
		}
		return strings.Join(items, ", ")
	}
	var empty []string
	for _, id := range sum.EmptySectors {
		empty = append(empty, labelOf(id))
	}
	v := mapSummaryView{Facts: []mapFact{
		{t("netmap.summary.total"), strconv.Itoa(sum.Total)},
		{t("netmap.summary.by_circle"), t("netmap.summary.by_circle_value", "A", sum.ByCircle[0], "B", sum.ByCircle[1], "C", sum.ByCircle[2])},
		{t("netmap.summary.professionals"), t("netmap.summary.professionals_value", "Count", sum.Professionals, "Share", sum.ProfessionalShare)},
		{t("netmap.summary.reciprocity"), t("netmap.summary.reciprocity_value", "Both", sum.Reciprocal, "Gives", sum.Gives, "Receives", sum.Receives, "Unknown", sum.UnknownDirection)},
		{t("netmap.summary.practical"), list(sum.PracticalHelpers, "netmap.summary.nobody")},
		{t("netmap.summary.empty"), list(empty, "netmap.summary.none")},
		{t("netmap.summary.stressful"), strconv.Itoa(sum.Stressful)},
	}}
	for _, sc := range sum.BySector {
		v.Sectors = append(v.Sectors, mapSectorCount{Label: labelOf(sc.ID), Circles: sc.Circles, Count: sc.Count})
	}
	for _, g := range sum.Gaps {
		v.Gaps = append(v.Gaps, t("netmap.gap."+g.Code, "Label", g.Label, "Sector", labelOf(g.Sector)))
	}
	return v
}

// scriptMessages are the texts static/js/netmap.js shows, with {Name} where it fills in a
// value, as JSON for a data attribute.
func (s *Server) scriptMessages(lang string) string {
	ph := func(names ...string) []any {
		var out []any
		for _, n := range names {
			out = append(out, n, "{"+n+"}")
		}
		return out
	}
	keys := map[string][]string{
		"netmap.summary.total": nil, "netmap.summary.by_circle": nil, "netmap.summary.by_circle_value": {"A", "B", "C"},
		"netmap.summary.professionals": nil, "netmap.summary.professionals_value": {"Count", "Share"},
		"netmap.summary.reciprocity": nil, "netmap.summary.reciprocity_value": {"Both", "Gives", "Receives", "Unknown"},
		"netmap.summary.practical": nil, "netmap.summary.empty": nil, "netmap.summary.stressful": nil,
		"netmap.summary.nobody": nil, "netmap.summary.none": nil, "netmap.summary.gaps_none": nil,
		"netmap.announce.move": {"Label", "Circle", "Sector"}, "netmap.announce.inner": {"Label"}, "netmap.announce.outer": {"Label"},
		"netmap.announce.added": {"N"}, "netmap.announce.nolabel": nil, "netmap.describe": {"Label", "Sector", "Circle", "Quality"},
		"netmap.centre": nil, "netmap.legend.marker": nil, "netmap.person.circle": nil, "netmap.line.none": nil,
	}
	for _, g := range []string{"no_people", "sick", "talk", "advice", "company", "reciprocity", "inner", "professionals", "one_helper", "empty", "stress"} {
		keys["netmap.gap."+g] = []string{"Label", "Sector"}
	}
	for q := netmap.QualityMin; q <= netmap.QualityMax; q++ {
		keys[fmt.Sprintf("netmap.quality.%d", q)] = nil
	}
	out := make(map[string]string, len(keys))
	for k, names := range keys {
		out[strings.TrimPrefix(k, "netmap.")] = s.msg.T(lang, k, ph(names...)...)
	}
	b, _ := json.Marshal(out)
	return string(b)
}

// editorOptions are the choices of the editor's selects and checkboxes.
func (s *Server) editorOptions(lang string, m netmap.Map) fiber.Map {
	t := func(id string) string { return s.msg.T(lang, id) }
	var sectors, circles, qualities, directions, frequencies, support, kinds, ends []mapOption
	for _, sec := range m.Sectors {
		sectors = append(sectors, mapOption{sec.ID, sec.Label})
	}
	for c := 1; c <= netmap.Circles; c++ {
		circles = append(circles, mapOption{strconv.Itoa(c), t(fmt.Sprintf("netmap.circle.%d", c))})
	}
	for q := netmap.QualityMax; q >= netmap.QualityMin; q-- {
		qualities = append(qualities, mapOption{strconv.Itoa(q), t(fmt.Sprintf("netmap.quality.%d", q))})
	}
	directions = append(directions, mapOption{"", t("netmap.direction.none")})
	for _, d := range netmap.DirectionValues {
		directions = append(directions, mapOption{d, t("netmap.direction." + d)})
	}
	frequencies = append(frequencies, mapOption{"", t("netmap.frequency.none")})
	for _, f := range netmap.FrequencyValues {
		frequencies = append(frequencies, mapOption{f, t("netmap.frequency." + f)})
	}
	for _, k := range netmap.SupportKinds {
		support = append(support, mapOption{k, t("netmap.support." + k)})
	}
	for _, k := range netmap.LineKinds {
		kinds = append(kinds, mapOption{k, t("netmap.line.kind." + k)})
	}
	ends = append(ends, mapOption{"", t("netmap.line.none")}, mapOption{netmap.Centre, t("netmap.centre")})
	for _, p := range m.People {
		ends = append(ends, mapOption{p.ID, p.Label})
	}
	return fiber.Map{"Sectors": sectors, "Circles": circles, "Qualities": qualities, "Directions": directions,
		"Frequencies": frequencies, "Support": support, "LineKinds": kinds, "Ends": ends}
}

// problemText is the message for one refused or warned field.
func (s *Server) problemText(lang string, p netmap.Problem) string {
	if p.Code == "privacy" {
		return s.msg.T(lang, "netmap.err.privacy", "Advice", privacy.Describe(p.Kind, lang), "Text", p.Text)
	}
	return s.msg.T(lang, "netmap.err."+p.Code)
}

// fieldName says in words which field a problem is about, for the list of warnings.
func (s *Server) fieldName(lang string, field string) string {
	parts := strings.Split(field, ".")
	n := 0
	if len(parts) > 1 {
		n, _ = strconv.Atoi(parts[1])
	}
	switch {
	case parts[0] == "people" && len(parts) == 3:
		return s.msg.T(lang, "netmap.person.heading", "N", n+1) + " · " + s.msg.T(lang, "netmap.person."+parts[2])
	case parts[0] == "sectors" && len(parts) == 3:
		return s.msg.T(lang, "netmap.sector.label", "N", n+1)
	case parts[0] == "title" || parts[0] == "note" || parts[0] == "date":
		return s.msg.T(lang, "netmap.field."+parts[0])
	}
	return field
}

// editorRows builds the form's rows from a map, with the problems of a refused save, plus the
// blank rows for a new person, line and sector.
func (s *Server) editorRows(lang string, m netmap.Map, problems []netmap.Problem) (people []mapPersonRow, lines []mapLineRow, sectors []mapSectorRow, general []string) {
	errs := map[string]string{}
	for _, p := range problems {
		if _, ok := errs[p.Field]; !ok {
			errs[p.Field] = s.problemText(lang, p)
		}
	}
	for i, p := range m.People {
		r := mapPersonRow{I: strconv.Itoa(i), N: i + 1, ID: p.ID, Label: p.Label, Sector: p.Sector, Circle: strconv.Itoa(p.Circle),
			Quality: strconv.Itoa(p.Quality), Direction: p.Direction, Frequency: p.Frequency, Note: p.Note, Support: map[string]bool{}, Err: map[string]string{}}
		for _, k := range p.Support {
			r.Support[k] = true
		}
		if sec, ok := m.SectorByID(p.Sector); ok {
			r.SectorLabel = sec.Label
		}
		for _, f := range []string{"id", "label", "sector", "circle", "quality", "direction", "frequency", "support", "note"} {
			if e, ok := errs[fmt.Sprintf("people.%d.%s", i, f)]; ok {
				r.Err[f] = e
			}
		}
		if e, ok := r.Err["id"]; ok {
			r.Err["label"] = e
		}
		people = append(people, r)
	}
	people = append(people, s.blankPerson(m, strconv.Itoa(len(m.People)), len(m.People)+1))
	for i, l := range m.Lines {
		r := mapLineRow{I: strconv.Itoa(i), N: i + 1, From: l.From, To: l.To, Kind: l.Kind}
		r.Err = errs[fmt.Sprintf("lines.%d", i)]
		if e, ok := errs[fmt.Sprintf("lines.%d.kind", i)]; ok && r.Err == "" {
			r.Err = e
		}
		lines = append(lines, r)
	}
	lines = append(lines, mapLineRow{I: strconv.Itoa(len(m.Lines)), N: len(m.Lines) + 1, Kind: "support", New: true})
	for i, sec := range m.Sectors {
		r := mapSectorRow{I: strconv.Itoa(i), N: i + 1, ID: sec.ID, Label: sec.Label, Professional: sec.Professional}
		r.Err = errs[fmt.Sprintf("sectors.%d.label", i)]
		if r.Err == "" {
			r.Err = errs[fmt.Sprintf("sectors.%d.id", i)]
		}
		sectors = append(sectors, r)
	}
	if len(m.Sectors) < netmap.MaxSectors {
		sectors = append(sectors, mapSectorRow{I: strconv.Itoa(len(m.Sectors)), N: len(m.Sectors) + 1, New: true})
	}
	for _, f := range []string{"version", "sectors", "people", "lines"} {
		if e, ok := errs[f]; ok {
			general = append(general, e)
		}
	}
	return people, lines, sectors, general
}

// blankPerson is the row for a new person: in the middle circle of the friends sector (or the
// first sector), a neutral-to-pragmatic relationship, nothing asked yet.
func (s *Server) blankPerson(m netmap.Map, i string, n int) mapPersonRow {
	sector := ""
	if len(m.Sectors) > 0 {
		sector = m.Sectors[0].ID
	}
	if _, ok := m.SectorByID("friends"); ok {
		sector = "friends"
	}
	return mapPersonRow{I: i, N: n, Sector: sector, Circle: "2", Quality: strconv.Itoa(netmap.QualityDefault), Support: map[string]bool{}, Err: map[string]string{}, New: true}
}

// readMapForm reads the editor's form into a map, starting from the stored one (its version and
// anything the form does not carry). Blank new rows are skipped; rows ticked for removal are
// left out, with the lines that end at a removed person. It returns the problems the form
// itself has (a cleared sector that still has people) next to the map; Validate finds the rest.
func readMapForm(c *fiber.Ctx, prev netmap.Map) (netmap.Map, []netmap.Problem) {
	args := c.Request().PostArgs()
	val := func(k string) string { return strings.TrimSpace(string(args.Peek(k))) }
	has := func(k string) bool { return args.Has(k) }
	m := netmap.Map{Version: prev.Version, Title: val("title"), Date: val("date"), Note: strings.TrimSpace(strings.ReplaceAll(string(args.Peek("note")), "\r\n", "\n")),
		People: []netmap.Person{}, Lines: []netmap.Line{}}
	var problems []netmap.Problem
	// Sectors: a cleared name removes a sector; a new row with a name adds one.
	used := map[string]bool{}
	for i := 0; i < netmap.MaxSectors+2 && has(fmt.Sprintf("s.%d.label", i)); i++ {
		id, label := val(fmt.Sprintf("s.%d.id", i)), val(fmt.Sprintf("s.%d.label", i))
		prof := val(fmt.Sprintf("s.%d.prof", i)) != ""
		if label == "" && id == "" {
			continue
		}
		if id == "" {
			id = uniqueMapID("s", used)
		}
		used[id] = true
		m.Sectors = append(m.Sectors, netmap.Sector{ID: id, Label: label, Professional: prof})
	}
	ids := map[string]bool{netmap.Centre: true}
	removed := map[string]bool{}
	prevIDs := map[string]bool{}
	for _, p := range prev.People {
		prevIDs[p.ID] = true
	}
	for i := 0; i < mapMaxFormRows; i++ {
		k := func(f string) string { return fmt.Sprintf("p.%d.%s", i, f) }
		if !has(k("label")) && !has(k("id")) {
			continue
		}
		id, label := val(k("id")), val(k("label"))
		if val(k("remove")) != "" {
			removed[id] = true
			continue
		}
		if label == "" && !prevIDs[id] {
			continue // a blank new row
		}
		circle, _ := strconv.Atoi(val(k("circle")))
		quality, _ := strconv.Atoi(val(k("quality")))
		p := netmap.Person{ID: id, Label: label, Sector: val(k("sector")), Circle: circle, Quality: quality,
			Direction: val(k("direction")), Frequency: val(k("frequency")), Note: val(k("note")), Support: []string{}}
		for _, v := range args.PeekMulti(k("support")) {
			p.Support = append(p.Support, string(v))
		}
		if ids[p.ID] || !validMapID(p.ID) {
			p.ID = uniqueMapID("p", ids)
		}
		ids[p.ID] = true
		m.People = append(m.People, p)
	}
	for i := 0; i < netmap.MaxLines+5; i++ {
		k := func(f string) string { return fmt.Sprintf("l.%d.%s", i, f) }
		if !has(k("from")) {
			continue
		}
		from, to := val(k("from")), val(k("to"))
		if from == "" || to == "" || val(k("remove")) != "" || removed[from] || removed[to] {
			continue
		}
		m.Lines = append(m.Lines, netmap.Line{From: from, To: to, Kind: val(k("kind"))})
	}
	// A sector whose name was cleared goes, unless people are still in it.
	kept := m.Sectors[:0]
	for _, sec := range m.Sectors {
		inUse := false
		for _, p := range m.People {
			if p.Sector == sec.ID {
				inUse = true
			}
		}
		if sec.Label == "" && !inUse {
			continue
		}
		if sec.Label == "" {
			problems = append(problems, netmap.Problem{Field: fmt.Sprintf("sectors.%d.label", len(kept)), Code: "sector_in_use"})
		}
		kept = append(kept, sec)
	}
	m.Sectors = kept
	return m, problems
}

// validMapID tells whether an id from the form can be kept (the script makes ids for new rows).
func validMapID(id string) bool {
	if id == "" || len(id) > 24 || id == netmap.Centre {
		return false
	}
	for i, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || i > 0 && (r == '-' || r == '_')) {
			return false
		}
	}
	return true
}

// uniqueMapID makes the next free id with a prefix ("p1", "p2", ...), and marks it used.
func uniqueMapID(prefix string, used map[string]bool) string {
	for n := 1; ; n++ {
		id := prefix + strconv.Itoa(n)
		if !used[id] {
			used[id] = true
			return id
		}
	}
}

// loadMap reads the signed-in person's map :id and its JSON; anyone else's map, or an id that
// is not a number, is 404.
func (s *Server) loadMap(c *fiber.Ctx) (*store.NetworkMap, netmap.Map, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, netmap.Map{}, fiber.ErrNotFound
	}
	rec, err := s.store.NetworkMap(c.UserContext(), currentUser(c).ID, id)
	if err != nil {
		return nil, netmap.Map{}, err
	}
	m, _, err := netmap.Parse(rec.Body)
	if err != nil {
		return nil, netmap.Map{}, fmt.Errorf("network map %d: %w", rec.ID, err)
	}
	return rec, m, nil
}

// mapDate writes a map's ISO date ("2026-11-30") the way the interface writes dates.
func (s *Server) mapDate(lang, iso string) string {
	t, err := time.Parse("2006-01-02", iso)
	if err != nil {
		return iso
	}
	return formatDate(lang, t, false)
}
