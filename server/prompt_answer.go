package server

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"kring/modules"
	"kring/server/store"
)

// promptAnswer saves the signed-in person's answer to a prompt of a lesson: free text for a
// reflection or case, the chosen option of a check question. The form sends the position the
// person saw (options are shuffled per person), mapped back here to the option; the first
// choice scores, later ones only get their feedback. A completed module gets its certificate in the same transaction. lesson.js sends
// it with Accept: application/json while the person types and gets JSON back; a plain form
// submit is redirected back to the prompt.
func (s *Server) promptAnswer(c *fiber.Ctx) error {
	m, l, err := s.lookupLesson(c)
	if err != nil {
		return err
	}
	var pr *modules.Prompt
	for _, candidate := range l.Prompts {
		if candidate.ID == c.Params("id") {
			pr = candidate
		}
	}
	if pr == nil {
		return fiber.ErrNotFound
	}
	u := currentUser(c)
	lang := st(c).lang
	a := store.Answer{UserID: u.ID, Module: m.Slug, PromptID: pr.ID, Option: -1}
	var f *form
	field := "text"
	if pr.Type == modules.CheckQuestion {
		field = "option"
		f = readForm(c, "option")
		pos, err := strconv.Atoi(f.get("option"))
		i, valid := pr.OptionAt(u.ID, m.Slug, pos)
		switch {
		case f.get("option") == "":
			f.fail("option", "learning.prompt.choose")
		case err != nil || !valid:
			f.fail("option", "form.invalid")
		default:
			a.Option, a.Correct = i, pr.IsCorrect(i)
		}
	} else {
		f = readForm(c, "text")
		f.required("text")
		f.maxLen("text", maxAnswerRunes)
		a.Text = f.get("text")
		s.screenReflection(f, lang)
	}
	if !f.ok() {
		c.Status(fiber.StatusUnprocessableEntity)
		if wantsJSON(c) {
			return c.JSON(fiber.Map{"ok": false, "error": s.msg.T(lang, f.Errors[field])})
		}
		p, err := s.store.Progress(c.UserContext(), u.ID, m.Slug)
		if err != nil {
			return err
		}
		return s.renderLesson(c, m, l, p, pr.ID, f, "")
	}
	cert, err := s.store.SaveAnswer(c.UserContext(), a, issuer(m))
	if err != nil {
		return err
	}
	if wantsJSON(c) {
		out := fiber.Map{"ok": true, "saved": s.msg.T(lang, "learning.prompt.saved")}
		if pr.Type == modules.Case {
			out["model_answer"] = string(pr.ModelAnswer)
		}
		if pr.Type == modules.CheckQuestion {
			out["correct"] = a.Correct
			out["feedback"] = pr.Options[a.Option].Feedback
			// The page says so when the first choice, the one that scores, was wrong.
			p, err := s.store.Progress(c.UserContext(), u.ID, m.Slug)
			if err != nil {
				return err
			}
			if saved := p.Answers[pr.ID]; saved != nil && saved.FirstOption >= 0 && !pr.IsCorrect(saved.FirstOption) {
				out["first_note"] = s.msg.T(lang, "content.check.first_counts")
			}
		}
		if cert != nil {
			out["certificate"] = "/certificates/" + cert.Code
		}
		return c.JSON(out)
	}
	return c.Redirect(lessonURL(m, l)+"?saved="+pr.ID+"#prompt-"+pr.ID, fiber.StatusSeeOther)
}
