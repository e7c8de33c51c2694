package server

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"kring/modules"
	"kring/server/store"
	"kring/server/view"
)

// lessonScripts are the lesson page's scripts.
var lessonScripts = [...]string{"/static/js/lesson.js", "/static/js/screen.js", "/static/js/reflection_screen.js"}

// lessonPage is what a lesson page shows one person: the lesson (the same for everyone) and
// their own certificate, prompts (with their answers), completion and mistakes.
type lessonPage struct {
	Module  *modules.Module
	Lesson  *modules.Lesson
	Meta    string
	Blocks  []lessonBlock
	Done    bool
	DoneAt  time.Time
	Missing []*modules.Prompt
	Failed  bool // "Les afronden" was refused: Missing lists what is left
	Just    bool
	Cert    *store.CertificateMark
}

// lessonData is the page's data for views/pages/lesson.html, with each prompt's markup.
func (s *Server) lessonData(p *lessonPage) fiber.Map {
	blocks := make([]lessonBlock, len(p.Blocks))
	for i, bl := range p.Blocks {
		if bl.View != nil {
			bl.Prompt = s.promptHTML(bl.View)
		}
		blocks[i] = bl
	}
	return fiber.Map{
		"Title":   p.Lesson.Title + " · " + p.Module.Title,
		"Module":  p.Module,
		"Lesson":  p.Lesson,
		"Meta":    p.Meta,
		"Blocks":  blocks,
		"Done":    p.Done,
		"DoneAt":  p.DoneAt,
		"Missing": p.Missing,
		"Failed":  p.Failed,
		"Just":    p.Just,
		"Prev":    p.Lesson.Prev(),
		"Next":    p.Lesson.Next(),
		"Cert":    p.Cert,
		"Scripts": lessonScripts[:],
	}
}

// writeLesson answers with the lesson page. The usual page is written in Go (appendLesson);
// a refused "Les afronden", which lists what is missing, goes through the template.
func (s *Server) writeLesson(c *fiber.Ctx, p *lessonPage) error {
	if p.Failed {
		return s.render(c, "lesson", s.lessonData(p))
	}
	ld := s.layoutOf(c)
	c.Type("html", "utf-8")
	resp := c.Response()
	b := resp.SwapBody(nil)[:0]
	b = s.appendLesson(b, &ld, p)
	resp.SwapBody(b)
	return nil
}

// appendLesson appends the whole lesson page (views/layouts/base.html around
// views/pages/lesson.html), byte for byte what the templates render from lessonData, except
// for a refused completion (p.Failed), which it does not write. Executing those templates
// was, after the prompts were written in Go, the largest part of the page's cost: about 30
// reflective actions. Nothing here is kept between requests: the person's certificate,
// prompts, completion and CSRF token are theirs, and the rest costs little to write.
func (s *Server) appendLesson(b []byte, ld *layoutData, p *lessonPage) []byte {
	return s.appendBase(b, ld, p.Lesson.Title+" · "+p.Module.Title, lessonScripts[:], func(b []byte) []byte {
		return s.appendLessonBody(b, ld, p)
	})
}

// appendLessonBody appends views/pages/lesson.html for p (not p.Failed).
func (s *Server) appendLessonBody(b []byte, ld *layoutData, p *lessonPage) []byte {
	lang := ld.Lang
	pt := s.texts(lang)
	t := func(b []byte, id string) []byte { return s.appendT(b, pt, id) }
	m, l := p.Module, p.Lesson
	b = append(b, "\n<nav class=\"utrecht-breadcrumb-nav utrecht-breadcrumb-nav--arrows\" aria-label=\""...)
	b = t(b, "layout.breadcrumb")
	b = append(b, "\">\n  <ol class=\"utrecht-breadcrumb-nav__list utrecht-breadcrumb-nav__list--html-ol\">\n    <li class=\"utrecht-breadcrumb-nav__item\"><a class=\"utrecht-breadcrumb-nav__link utrecht-link\" href=\"/modules\">"...)
	b = t(b, "learning.modules.title")
	b = append(b, "</a></li>\n    <li class=\"utrecht-breadcrumb-nav__item\"><a class=\"utrecht-breadcrumb-nav__link utrecht-link\" href=\"/modules/"...)
	b = view.AppendURLAttr(b, m.Slug)
	b = append(b, "\">"...)
	b = view.AppendText(b, m.Title)
	b = append(b, "</a></li>\n    <li class=\"utrecht-breadcrumb-nav__item\"><a class=\"utrecht-breadcrumb-nav__link utrecht-breadcrumb-nav__link--current utrecht-link\" href=\"/modules/"...)
	b = view.AppendURLAttr(b, m.Slug)
	b = append(b, '/')
	b = view.AppendURLAttr(b, l.Slug)
	b = append(b, "\" aria-current=\"page\">"...)
	b = view.AppendText(b, l.Title)
	b = append(b, "</a></li>\n  </ol>\n</nav>\n<article class=\"kring-container--narrow kring-lesson\" aria-labelledby=\"h-lesson\">\n  <p class=\"kring-muted\">"...)
	b = view.AppendText(b, p.Meta)
	b = append(b, "</p>\n  <h1 class=\"utrecht-heading-1\" id=\"h-lesson\">"...)
	b = view.AppendText(b, l.Title)
	b = append(b, "</h1>\n  "...)
	if c := p.Cert; c != nil {
		b = append(b, "\n  <div class=\"utrecht-alert utrecht-alert--ok\" role=\"status\"><div class=\"utrecht-alert__content\"><div class=\"utrecht-alert__message\">\n    <p class=\"utrecht-paragraph\">"...)
		b = s.appendDateT(b, pt, "learning.module.completed", formatDate(lang, c.IssuedAt.In(s.cfg.Location), false))
		b = append(b, ' ')
		b = s.appendCertLink(b, pt, c)
		b = append(b, "</p>\n  </div></div></div>\n  "...)
	}
	b = append(b, "\n  <div class=\"kring-stack--loose\">\n  "...)
	for _, bl := range p.Blocks {
		if bl.View != nil {
			b = s.appendPrompt(b, bl.View)
		} else {
			b = append(b, `<div class="utrecht-rich-text">`...)
			b = append(b, bl.HTML...)
			b = append(b, "</div>"...)
		}
		b = append(b, "\n  "...)
	}
	b = append(b, "\n  </div>\n  <section class=\"kring-prompt kring-lesson__complete\" id=\"complete\" aria-labelledby=\"h-complete\">\n    <h2 class=\"utrecht-heading-3\" id=\"h-complete\">"...)
	b = t(b, "content.lesson.complete_title")
	b = append(b, "</h2>\n    "...)
	if p.Done {
		b = append(b, "\n    <p class=\"utrecht-paragraph\" role=\"status\">✓ "...)
		b = s.appendDateT(b, pt, "content.lesson.done_on", formatDate(lang, p.DoneAt.In(s.cfg.Location), false))
		if c := p.Cert; c != nil {
			b = append(b, ' ')
			b = s.appendCertLink(b, pt, c)
		}
		b = append(b, "</p>\n    "...)
	} else {
		b = append(b, "\n    <form method=\"post\" action=\"/modules/"...)
		b = view.AppendURLAttr(b, m.Slug)
		b = append(b, '/')
		b = view.AppendURLAttr(b, l.Slug)
		b = append(b, "/complete#complete\" class=\"kring-stack\" novalidate>\n      <input type=\"hidden\" name=\"_csrf\" value=\""...)
		b = view.AppendText(b, ld.CSRF)
		b = append(b, "\">\n\n      \n      <p class=\"utrecht-paragraph\">"...)
		b = t(b, "content.lesson.complete_help")
		b = append(b, "</p>\n      \n      <div class=\"kring-prompt__actions\">\n<button class=\"utrecht-button utrecht-button--primary-action\" type=\"submit\">"...)
		b = t(b, "content.lesson.complete")
		b = append(b, "</button>\n</div>\n    </form>\n    "...)
	}
	b = append(b, "\n  </section>\n  <nav class=\"kring-cluster kring-lesson__nav\" aria-label=\""...)
	b = t(b, "learning.lesson.nav")
	b = append(b, "\">\n    "...)
	if prev := l.Prev(); prev != nil {
		b = append(b, `<a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action" href="/modules/`...)
		b = view.AppendURLAttr(b, m.Slug)
		b = append(b, '/')
		b = view.AppendURLAttr(b, prev.Slug)
		b = append(b, "\" rel=\"prev\">← "...)
		b = t(b, "learning.lesson.prev")
		b = append(b, ": "...)
		b = view.AppendText(b, prev.Title)
		b = append(b, "</a>"...)
	}
	b = append(b, "\n    "...)
	if next := l.Next(); next != nil {
		b = append(b, `<a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action" href="/modules/`...)
		b = view.AppendURLAttr(b, m.Slug)
		b = append(b, '/')
		b = view.AppendURLAttr(b, next.Slug)
		b = append(b, "\" rel=\"next\">"...)
		b = t(b, "learning.lesson.next")
		b = append(b, ": "...)
		b = view.AppendText(b, next.Title)
		b = append(b, " →</a>\n    "...)
	} else {
		b = append(b, `<a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action" href="/modules/`...)
		b = view.AppendURLAttr(b, m.Slug)
		b = append(b, "\">"...)
		b = t(b, "learning.lesson.back_to_module")
		b = append(b, "</a>"...)
	}
	return append(b, "\n  </nav>\n</article>\n"...)
}

// appendCertLink appends the link to a certificate's page.
func (s *Server) appendCertLink(b []byte, pt *pageTexts, c *store.CertificateMark) []byte {
	b = append(b, `<a class="utrecht-link" href="/certificates/`...)
	b = view.AppendURLAttr(b, c.Code)
	b = append(b, "\">"...)
	b = s.appendT(b, pt, "learning.certificate.view")
	return append(b, "</a>"...)
}
