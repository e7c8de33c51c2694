package server

import (
	"github.com/gofiber/fiber/v2"
)

// rule is one completion demand of a module in plain words, with whether it is met.
type rule struct {
	Text string
	Met  bool
}

// moduleShow is a module's page: goals, lessons (completed ones ticked), what completing it takes
// and how far the person is, where to continue, and the certificate once earned.
func (s *Server) moduleShow(c *fiber.Ctx) error {
	m, err := s.lookupModule(c)
	if err != nil {
		return err
	}
	u := currentUser(c)
	lang := st(c).lang
	p, err := s.store.Progress(c.UserContext(), u.ID, m.Slug)
	if err != nil {
		return err
	}
	cert, err := s.certificateFor(c, u.ID, m.Slug)
	if err != nil {
		return err
	}
	sum := s.summarise(lang, m, p, cert)
	st := sum.Status
	var rules []rule
	if m.Completion.AllLessons {
		rules = append(rules, rule{s.msg.T(lang, "content.rule.all_lessons", "Total", st.LessonsTotal, "Done", st.LessonsCompleted), st.LessonsCompleted == st.LessonsTotal})
	}
	if m.Completion.RequiredPrompts && st.RequiredTotal > 0 {
		rules = append(rules, rule{s.msg.T(lang, "learning.rule.required", "Total", st.RequiredTotal, "Done", st.RequiredAnswered), st.RequiredAnswered == st.RequiredTotal})
	}
	if m.Completion.MinCheckScore > 0 && st.CheckTotal > 0 {
		rules = append(rules, rule{s.msg.T(lang, "content.rule.check_score", "Min", m.Completion.MinCheckScore, "Total", st.CheckTotal, "Score", st.CheckScore), st.CheckScore >= m.Completion.MinCheckScore})
	}
	opened := map[string]bool{}
	for slug := range p.Completed {
		opened[slug] = true
	}
	return s.render(c, "module", fiber.Map{
		"Title":  m.Title,
		"Sum":    sum,
		"Module": m,
		"Opened": opened,
		"Rules":  rules,
		"Cert":   cert,
	})
}
