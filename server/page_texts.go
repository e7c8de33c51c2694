package server

import (
	"strings"

	"kring/server/view"
)

// pageTextIDs are the messages the pages written in Go print without arguments (the layout,
// the lesson page and its prompts): translated and escaped once per language.
var pageTextIDs = [...]string{
	"layout.skip", "layout.language", "layout.account", "layout.logout", "layout.nav", "layout.menu", "layout.footer",
	"layout.breadcrumb", "privacy.footer_privacy", "privacy.footer_a11y",
	"learning.modules.title", "learning.certificate.view", "learning.lesson.nav", "learning.lesson.prev",
	"learning.lesson.next", "learning.lesson.back_to_module", "content.lesson.complete_title",
	"content.lesson.complete_help", "content.lesson.complete",
	"learning.prompt.type.check", "learning.prompt.type.reflection", "learning.prompt.type.case", "learning.prompt.required",
	"learning.prompt.right_answer", "learning.prompt.check_submit", "learning.prompt.check_again",
	"learning.feedback.correct", "learning.feedback.incorrect", "content.feedback.retry", "content.check.first_counts",
	"privacy.screen.warn", "privacy.screen.block", "learning.prompt.save", "learning.prompt.saved",
	"learning.prompt.saving", "learning.prompt.not_saved", "learning.certificate.earned",
	"learning.prompt.model_answer", "learning.prompt.answer", "learning.prompt.private",
}

// pageTexts are, in one language, pageTextIDs' translations escaped for HTML text and quoted
// attributes, and the two messages with a date split around it. Everyone sees the same;
// building them once takes the catalogue's look-ups (a lock-free map with a boxed key each)
// and the escaping off every page.
type pageTexts struct {
	lang      string
	esc       map[string]string
	dateParts map[string][2]string // message id -> escaped text before and after {{.Date}}
}

// dateMessages are the messages with one argument, Date, that the lesson page prints.
var dateMessages = [...]string{"learning.module.completed", "content.lesson.done_on"}

// dateMark stands for the date while a date message is split; it is removed, and a message
// that does not hold it exactly once is translated on every use instead.
const dateMark = "\x00"

// texts are the page texts of lang, made on first use (bounded by the catalogue's languages;
// an unknown language gets texts that translate on every use, as T does).
func (s *Server) texts(lang string) *pageTexts {
	if v, ok := s.pageTexts.Load(lang); ok {
		return v.(*pageTexts)
	}
	pt := &pageTexts{lang: lang}
	if !s.msg.Supported(lang) {
		return pt
	}
	pt.esc = make(map[string]string, len(pageTextIDs))
	for _, id := range pageTextIDs {
		pt.esc[id] = view.EscapeText(s.msg.T(lang, id))
	}
	pt.dateParts = map[string][2]string{}
	for _, id := range dateMessages {
		if before, after, ok := strings.Cut(s.msg.T(lang, id, "Date", dateMark), dateMark); ok && !strings.Contains(after, dateMark) {
			pt.dateParts[id] = [2]string{view.EscapeText(before), view.EscapeText(after)}
		}
	}
	v, _ := s.pageTexts.LoadOrStore(lang, pt)
	return v.(*pageTexts)
}

// appendT appends message id translated and escaped, as {{t .Lang "id"}} prints it.
func (s *Server) appendT(b []byte, pt *pageTexts, id string) []byte {
	if e, ok := pt.esc[id]; ok {
		return append(b, e...)
	}
	return view.AppendText(b, s.msg.T(pt.lang, id))
}

// escT is appendT as a string.
func (s *Server) escT(pt *pageTexts, id string) string {
	if e, ok := pt.esc[id]; ok {
		return e
	}
	return view.EscapeText(s.msg.T(pt.lang, id))
}

// appendDateT appends message id with its Date argument translated and escaped, as
// {{t .Lang "id" "Date" date}} prints it.
func (s *Server) appendDateT(b []byte, pt *pageTexts, id, date string) []byte {
	if p, ok := pt.dateParts[id]; ok {
		b = append(b, p[0]...)
		b = view.AppendText(b, date)
		return append(b, p[1]...)
	}
	return view.AppendText(b, s.msg.T(pt.lang, id, "Date", date))
}
