package server

import (
	"github.com/gofiber/fiber/v2"
)

// vragenList is the question bank: search ?q= (ignoring case and diacritics), filters ?fase=,
// ?type=, ?situatie= and ?favorieten=1, the number of results and each question with its tags
// and note. It works without JavaScript: the filters are a GET form.
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
		"Count":    len(views),
		"Total":    len(s.catalog.Questions),
		"Here":     here,
		"Practice": practice,
		"Scripts":  []string{"/static/js/vragen.js"},
	})
}
