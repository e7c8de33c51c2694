package server

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"kring/server/netmap"
	"kring/server/store"
)

// mapShow is the editor of one of the signed-in person's maps: the drawing (server-rendered,
// readable without JavaScript), the summary beside it and the form that is the source of
// truth; static/js/netmap.js makes the drawing move with the keyboard, mouse and touch.
func (s *Server) mapShow(c *fiber.Ctx) error {
	rec, m, err := s.loadMap(c)
	if err != nil {
		return err
	}
	return s.renderEditor(c, rec, m, nil)
}

// renderEditor renders the editor for map m (stored as rec); problems are a refused save's,
// shown beside the fields with the values as they were typed.
func (s *Server) renderEditor(c *fiber.Ctx, rec *store.NetworkMap, m netmap.Map, problems []netmap.Problem) error {
	lang := st(c).lang
	warnings, _ := netmap.Validate(m)
	var warn []string
	if len(problems) == 0 {
		for _, w := range warnings {
			warn = append(warn, s.fieldName(lang, w.Field)+": "+s.problemText(lang, w))
		}
	}
	people, lines, sectors, general := s.editorRows(lang, m, problems)
	fieldErr := map[string]string{}
	for _, p := range problems {
		switch p.Field {
		case "title", "date", "note":
			fieldErr[p.Field] = s.problemText(lang, p)
		}
	}
	var origin *store.NetworkMap
	if rec.CopiedFrom != 0 {
		if o, err := s.store.NetworkMap(c.UserContext(), currentUser(c).ID, rec.CopiedFrom); err == nil {
			origin = o
		}
	}
	var feedback []string
	if rec.Kind == store.MapPractice {
		feedback = s.practiceFeedback(lang, m)
	}
	saved, _ := strconv.Atoi(c.Query("opgeslagen"))
	data := s.editorOptions(lang, m)
	for k, v := range map[string]any{
		"Title":      m.Title,
		"Rec":        rec,
		"M":          m,
		"Kind":       s.msg.T(lang, "netmap.kind."+rec.Kind),
		"SVG":        s.drawMap(lang, m, "", true),
		"Summary":    s.viewSummary(lang, m),
		"People":     people,
		"Blank":      s.blankPerson(m, "__N__", 0),
		"Lines":      lines,
		"SectorRows": sectors,
		"General":    general,
		"FieldErr":   fieldErr,
		"Failed":     len(problems) > 0,
		"Warnings":   warn,
		"Saved":      saved,
		"Copied":     c.Query("kopie") != "",
		"Origin":     origin,
		"Feedback":   feedback,
		"Msgs":       s.scriptMessages(lang),
		"MaxPeople":  netmap.MaxPeople,
		"ExtraCSS":   []string{"/static/css/netmap.css"},
		"Scripts":    []string{"/static/js/netmap.js"},
	} {
		data[k] = v
	}
	return s.render(c, "map", data)
}

// practiceFeedback reads a practice map of the case of Kevin against what the case tells.
func (s *Server) practiceFeedback(lang string, m netmap.Map) []string {
	sum := netmap.Summarize(m)
	const want = 11 // the people named in the case (map_exercise.html)
	var out []string
	if sum.Total >= want {
		out = append(out, s.msg.T(lang, "netmap.feedback.count_ok"))
	} else {
		out = append(out, s.msg.T(lang, "netmap.feedback.count", "Count", sum.Total, "Want", want))
	}
	stress := sum.Stressful > 0
	for _, l := range m.Lines {
		if l.Kind == "stress" {
			stress = true
		}
	}
	if !stress {
		out = append(out, s.msg.T(lang, "netmap.feedback.stress"))
	}
	if sum.Reciprocal+sum.Receives == 0 {
		out = append(out, s.msg.T(lang, "netmap.feedback.reciprocity"))
	}
	if sum.Total > 0 && 3*sum.Professionals > sum.Total {
		out = append(out, s.msg.T(lang, "netmap.feedback.professionals"))
	}
	work := 0
	for _, sc := range sum.BySector {
		if sc.ID == "work" {
			work = sc.Count
		}
	}
	if work < 3 {
		out = append(out, s.msg.T(lang, "netmap.feedback.work"))
	}
	return append(out, s.msg.T(lang, "netmap.feedback.questions"))
}
