package server

import (
	"github.com/gofiber/fiber/v2"
)

// vragenList is the question bank: search ?q= (ignoring case and diacritics), filters ?fase=,
// ?type=, ?situatie= and ?favorieten=1, the number of results and each question with its tags
// and note, grouped by conversation phase (146 questions on one page are otherwise a scroll of
// metres): the whole bank shows each phase folded, a search or filter shows the phases it hits
// open, under a list of links to each. It works without JavaScript: the filters are a GET form
// and the phases are details elements.
func (s *Server) vragenList(c *fiber.Ctx) error {
	u := currentUser(c)
	lang := st(c).lang
	q, favs, found, err := s.findQuestions(c, u.ID)
	if err != nil {
		return err
	}
	views := make([]questionView, 0, len(found))
	for _, qu := range found {
		views = append(views, s.viewQuestion(qu, favs))
	}
	groups := groupByPhase(views)
	here := "/vragen"
	if enc := q.values().Encode(); enc != "" {
		here += "?" + enc
	}
	practice := "/vragen/oefenen"
	if enc := q.values().Encode(); enc != "" {
		practice += "?" + enc
	}
	return s.render(c, "vragen", fiber.Map{
		"Title":    s.msg.T(lang, "learning.vragen.title"),
		"Query":    q,
		"Options":  s.filterOptions(),
		"Results":  views,
		"Groups":   groups,
		"Filtered": q.values().Encode() != "",
		"Count":    len(views),
		"Total":    len(s.catalog.Questions),
		"Here":     here,
		"Practice": practice,
		"Scripts":  []string{"/static/js/vragen.js"},
	})
}

// questionGroup is the questions of one conversation phase, for the question bank's sections.
type questionGroup struct {
	Phase, Label string
	Questions    []questionView
}

// groupByPhase puts questions that follow each other in the same phase in one group. The
// search answers in phase order (the order of tags.yaml), so every phase gets one group, in
// that order.
func groupByPhase(views []questionView) []questionGroup {
	var out []questionGroup
	for _, v := range views {
		if n := len(out); n > 0 && out[n-1].Phase == v.Q.Phase {
			out[n-1].Questions = append(out[n-1].Questions, v)
			continue
		}
		out = append(out, questionGroup{Phase: v.Q.Phase, Label: v.Phase, Questions: []questionView{v}})
	}
	return out
}
