package server

import (
	"html/template"
	"strconv"

	"kring/modules"
	"kring/server/view"
)

// promptHTML writes one prompt of a lesson as views/partials/prompt.html does, byte for byte
// (TestPromptMarkupMatchesPartial compares them for every prompt of the real content, in
// both languages and every state), but without html/template's reflection: executing that
// partial cost as much as the whole rest of the lesson page, per prompt, on the hottest page.
// Every value is escaped as html/template escapes it in the same place (view.EscapeText,
// view.EscapeURLAttr); the case's situation and model answer are the content's own HTML, as
// in the partial. Only this person's view v goes in, so nothing is shared between people.
func (s *Server) promptHTML(v *promptView) template.HTML {
	return template.HTML(s.appendPrompt(make([]byte, 0, 3072), v))
}

// appendPrompt appends promptHTML's markup to dst: the lesson page writes it straight into
// the answer, without a string per prompt.
func (s *Server) appendPrompt(dst []byte, v *promptView) []byte {
	b := markup{dst}
	p, lang := v.Prompt, v.Lang
	pt := s.texts(lang)
	t := func(id string) string { return s.escT(pt, id) }
	id := view.EscapeText(p.ID)
	typ := view.EscapeText(string(p.Type))
	b.w("\n\n")
	if p.Type == modules.CheckQuestion {
		b.w("\n<form method=\"post\" action=\"")
		b.w(view.EscapeURLAttr(v.Action))
		b.w(`" id="prompt-`, id, `" class="kring-prompt kring-prompt--check" data-prompt-id="`, id, "\" novalidate>\n  ")
		csrfHTML(&b, v.CSRF)
		b.w("\n  <p class=\"kring-prompt__label\">", t("learning.prompt.type.check"))
		if p.Required {
			b.w(" · ", t("learning.prompt.required"))
		}
		b.w("</p>\n  <fieldset class=\"utrecht-form-fieldset utrecht-form-fieldset--html-fieldset")
		if v.Error != "" {
			b.w(` utrecht-form-fieldset--invalid"`, ` aria-describedby="err-`, id, `"`)
		} else {
			b.w(`"`)
		}
		b.w(">\n    <legend class=\"utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend kring-prompt__title\">")
		b.w(view.EscapeText(p.Question))
		b.w("</legend>\n    ")
		if v.Error != "" {
			b.w(`<p class="utrecht-form-field-error-message" id="err-`, id, `">`, t(v.Error), "</p>")
		}
		b.w("\n    <ul class=\"kring-prompt__options\">\n      ")
		for _, o := range v.Options {
			i := strconv.Itoa(o.Pos)
			mark := o.Pos == v.Chosen && v.Correct
			b.w(`<li class="utrecht-form-field utrecht-form-field--radio`)
			if mark {
				b.w(" kring-prompt__option--correct")
			}
			b.w("\">\n        <input class=\"utrecht-radio-button utrecht-radio-button--html-input\" type=\"radio\" id=\"opt-", id, "-", i, `" name="option" value="`, i, `"`)
			if o.Pos == v.Chosen {
				b.w(" checked")
			}
			b.w(">\n        <label class=\"utrecht-form-label utrecht-form-label--radio\" for=\"opt-", id, "-", i, `">`, view.EscapeText(o.Text))
			if mark {
				b.w(` <span class="kring-muted kring-prompt__mark">(`, t("learning.prompt.right_answer"), ")</span>")
			}
			b.w("</label>\n      </li>")
		}
		b.w("\n    </ul>\n  </fieldset>\n  <div class=\"kring-prompt__actions\">")
		label := "learning.prompt.check_submit"
		if v.Answered {
			label = "learning.prompt.check_again"
		}
		buttonHTML(&b, t(label))
		b.w("</div>\n  ")
		if v.Chosen >= 0 {
			verdict, title := "incorrect", "learning.feedback.incorrect"
			if v.Correct {
				verdict, title = "correct", "learning.feedback.correct"
			}
			b.w("\n  <div class=\"kring-feedback kring-feedback--", verdict, `" role="status" id="feedback-`, id, "\">\n    <p class=\"kring-feedback__title\">", t(title), "</p>\n    <p class=\"utrecht-paragraph\">", view.EscapeText(v.Feedback), "</p>\n    ")
			if !v.Correct {
				b.w(`<p class="utrecht-paragraph">`, t("content.feedback.retry"), "</p>")
			}
			b.w("\n    ")
			if v.FirstWrong {
				b.w(`<p class="utrecht-paragraph kring-muted" data-first-note>`, t("content.check.first_counts"), "</p>")
			}
			b.w("\n  </div>\n  ")
		}
		b.w("\n</form>\n\n")
		return b.b
	}
	b.w("\n<form method=\"post\" action=\"")
	b.w(view.EscapeURLAttr(v.Action))
	b.w(`" id="prompt-`, id, `" class="kring-prompt kring-prompt--`, typ, `" data-prompt-id="`, id, `" data-autosave data-screen-warn="`, t("privacy.screen.warn"), `" data-screen-block="`, t("privacy.screen.block"), "\" novalidate>\n  ")
	csrfHTML(&b, v.CSRF)
	b.w("\n  <p class=\"kring-prompt__label\">", t("learning.prompt.type."+string(p.Type)))
	if p.Required {
		b.w(" · ", t("learning.prompt.required"))
	}
	b.w("</p>\n  ")
	if p.Title != "" {
		b.w(`<h2 class="utrecht-heading-3 kring-prompt__title">`, view.EscapeText(p.Title), "</h2>")
	}
	b.w("\n  ")
	if p.Situation != "" {
		b.w(`<div class="kring-prompt__body utrecht-rich-text">`, string(p.Situation), "</div>")
	}
	b.w("\n  <p class=\"utrecht-paragraph kring-prompt__title\">", view.EscapeText(p.Question), "</p>\n  <div class=\"kring-prompt__answer\">\n    ")
	s.answerFieldHTML(&b, v, "answer-"+id)
	b.w("\n  </div>\n  <div class=\"kring-prompt__screen\" data-screen-findings aria-live=\"polite\"></div>\n  <div class=\"kring-prompt__actions\">\n    ")
	buttonHTML(&b, t("learning.prompt.save"))
	b.w("\n    <span class=\"kring-saved\" role=\"status\" data-saved data-text-saved=\"", t("learning.prompt.saved"), `" data-text-pending="`, t("learning.prompt.saving"), `" data-text-error="`, t("learning.prompt.not_saved"), `" data-text-certificate="`, t("learning.certificate.earned"), `">`)
	if v.Saved {
		b.w(t("learning.prompt.saved"))
	}
	b.w("</span>\n  </div>\n  ")
	if p.Type == modules.Case {
		b.w("\n  <div class=\"kring-prompt__model\" data-model-answer data-model-title=\"", t("learning.prompt.model_answer"), `">`)
		if v.ShowModel {
			b.w("\n    <h3 class=\"utrecht-heading-4\">", t("learning.prompt.model_answer"), "</h3>\n    <div class=\"utrecht-rich-text\">", string(p.ModelAnswer), "</div>\n  ")
		}
		b.w("</div>\n  ")
	}
	b.w("\n</form>\n\n")
	return b.b
}

// answerFieldHTML writes the answer field of a text prompt as views/partials/textarea.html
// does with the arguments partials/prompt gave it (required, rows 5, at most 10,000
// characters, the privacy description); id is already escaped.
func (s *Server) answerFieldHTML(b *markup, v *promptView, id string) {
	pt := s.texts(v.Lang)
	t := func(msg string) string { return s.escT(pt, msg) }
	b.w("\n\n<div class=\"utrecht-form-field utrecht-form-field--textarea")
	if v.Error != "" {
		b.w(" utrecht-form-field--invalid")
	}
	b.w("\">\n  <div class=\"utrecht-form-field__label\">\n    <label class=\"utrecht-form-label\" for=\"", id, `">`, t("learning.prompt.answer"), "</label>\n  </div>\n  ")
	b.w(`<div class="utrecht-form-field__description utrecht-form-field-description" id="`, id, `-desc">`, t("learning.prompt.private"), "</div>\n  ")
	if v.Error != "" {
		b.w(`<div class="utrecht-form-field__description utrecht-form-field-error-message" id="`, id, `-err">`, t(v.Error), "</div>")
	}
	b.w("\n  <div class=\"utrecht-form-field__input\">\n    <textarea class=\"utrecht-textarea utrecht-textarea--html-textarea")
	if v.Error != "" {
		b.w(" utrecht-textarea--invalid")
	}
	b.w(`" id="`, id, `" name="text" rows="5" aria-required="true" maxlength="10000"`)
	if v.Error != "" {
		b.w(` aria-invalid="true"`)
	}
	b.w(` aria-describedby="`, id, "-desc")
	if v.Error != "" {
		b.w(" ", id, "-err")
	}
	b.w(`">`, view.EscapeText(v.Value), "</textarea>\n  </div>\n</div>\n")
}

// csrfHTML writes views/partials/csrf.html.
func csrfHTML(b *markup, token string) {
	b.w(`<input type="hidden" name="_csrf" value="`, view.EscapeText(token), "\">\n")
}

// buttonHTML writes views/partials/button.html for a secondary submit button; label is
// already translated and escaped.
func buttonHTML(b *markup, label string) {
	b.w("\n", `<button class="utrecht-button utrecht-button--secondary-action" type="submit">`, label, "</button>\n")
}

// markup is a byte slice that markup written in Go appends to.
type markup struct{ b []byte }

// w appends each of ss.
func (m *markup) w(ss ...string) {
	for _, s := range ss {
		m.b = append(m.b, s...)
	}
}
