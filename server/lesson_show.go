package server

import (
	"html/template"
	"slices"
	"time"

	"github.com/gofiber/fiber/v2"

	"kring/modules"
	"kring/server/store"
)

// completeForm stands for the "Les afronden" form in renderLesson's failed argument.
const completeForm = "#complete"

// reopenEvery is how stale the "last opened" time of a lesson may get before a visit writes it
// again: reading a lesson is the hottest page, and most visits need no write at all.
const reopenEvery = time.Minute

// promptView is one prompt as the lesson page shows it to the signed-in person: their own
// answer (only ever theirs), the feedback on it, or the form's mistake.
type promptView struct {
	Lang, CSRF string
	Prompt     *modules.Prompt
	Action     string
	Value      string // text in the answer field
	Answered   bool   // a saved answer exists
	Error      string // message id of the field's mistake
	Saved      bool   // just saved (after a form submit without JS)
	Chosen     int    // position (as shown) of the latest choice of a check question, -1 for none
	Correct    bool
	Feedback   string
	FirstWrong bool // the first choice, which scores, was wrong
	ShowModel  bool // a case's model answer, after the person answered
	Options    []optionView
}

// optionView is one option of a check question at the position this person sees it; Pos is
// what the form sends, and the server maps it back to the option.
type optionView struct {
	Pos  int
	Text string
}

// lessonBlock is a piece of rendered markdown or a prompt as this person sees it, in
// document order. The lesson page written in Go appends the prompt's markup from View
// (appendPrompt); the template gets it as Prompt (promptHTML).
type lessonBlock struct {
	HTML   template.HTML
	Prompt template.HTML
	View   *promptView
}

// lessonShow shows a lesson and records that the person opened it (for "continue where you
// left off"; opening never completes a lesson: "Les afronden" does).
func (s *Server) lessonShow(c *fiber.Ctx) error {
	m, l, err := s.lookupLesson(c)
	if err != nil {
		return err
	}
	u := currentUser(c)
	ctx := c.UserContext()
	p, cert, err := s.store.LessonProgress(ctx, u.ID, m.Slug)
	if err != nil {
		return err
	}
	last, opened := p.Opened[l.Slug]
	if !opened || s.store.Now().Sub(last) > reopenEvery {
		if _, err := s.store.OpenLesson(ctx, u.ID, m.Slug, l.Slug, nil); err != nil {
			return err
		}
		p.Opened[l.Slug] = s.store.Now()
	}
	return s.renderLessonWith(c, m, l, p, cert, "", nil, c.Query("saved"))
}

// renderLesson renders a lesson page with the person's progress p. When failed names a prompt,
// f holds what was typed there and its mistakes.
func (s *Server) renderLesson(c *fiber.Ctx, m *modules.Module, l *modules.Lesson, p *store.Progress, failed string, f *form, saved string) error {
	cert, err := s.certificateFor(c, currentUser(c).ID, m.Slug)
	if err != nil {
		return err
	}
	var mark *store.CertificateMark
	if cert != nil {
		mark = &store.CertificateMark{ID: cert.ID, Code: cert.Code, Module: cert.Module, IssuedAt: cert.IssuedAt, RevokedAt: cert.RevokedAt}
	}
	return s.renderLessonWith(c, m, l, p, mark, failed, f, saved)
}

// renderLessonWith is renderLesson with the person's certificate for the module (nil: none)
// already read, as lessonShow reads it with the progress.
func (s *Server) renderLessonWith(c *fiber.Ctx, m *modules.Module, l *modules.Lesson, p *store.Progress, cert *store.CertificateMark, failed string, f *form, saved string) error {
	u := currentUser(c)
	rs := st(c)
	blocks := make([]lessonBlock, 0, len(l.Blocks))
	url := lessonURL(m, l)
	for _, b := range l.Blocks {
		if b.Prompt == nil {
			blocks = append(blocks, lessonBlock{HTML: b.HTML})
			continue
		}
		pr := b.Prompt
		v := &promptView{Lang: rs.lang, CSRF: rs.csrf, Prompt: pr, Chosen: -1, Saved: saved == pr.ID,
			Action: url + "/prompts/" + pr.ID + "#prompt-" + pr.ID}
		var order []int
		if pr.Type == modules.CheckQuestion {
			order = pr.OptionOrder(u.ID, m.Slug)
			for pos, i := range order {
				v.Options = append(v.Options, optionView{Pos: pos, Text: pr.Options[i].Text})
			}
		}
		if a := p.Answers[pr.ID]; a != nil {
			if pr.Type == modules.CheckQuestion {
				if a.Option >= 0 && a.Option < len(pr.Options) {
					v.Answered, v.Chosen, v.Correct, v.Feedback = true, slices.Index(order, a.Option), pr.IsCorrect(a.Option), pr.Options[a.Option].Feedback
					v.FirstWrong = a.FirstOption >= 0 && !pr.IsCorrect(a.FirstOption)
				}
			} else if a.Text != "" {
				v.Answered, v.Value = true, a.Text
			}
		}
		v.ShowModel = pr.Type == modules.Case && v.Answered
		if failed == pr.ID && f != nil {
			v.Saved, v.Chosen, v.Feedback = false, -1, ""
			v.Value = f.get("text")
			for _, msg := range f.Errors {
				v.Error = msg
			}
		}
		blocks = append(blocks, lessonBlock{View: v})
	}
	var missing []*modules.Prompt
	if failed == completeForm {
		missing = l.Missing(engineProgress(m, p).Answered)
	}
	done, isDone := p.Completed[l.Slug]
	return s.writeLesson(c, &lessonPage{
		Module:  m,
		Lesson:  l,
		Meta:    s.lessonMetaLine(rs.lang, m, l),
		Blocks:  blocks,
		Done:    isDone,
		DoneAt:  done,
		Missing: missing,
		Failed:  failed == completeForm,
		Just:    c.Query("afgerond") == "1",
		Cert:    cert,
	})
}
