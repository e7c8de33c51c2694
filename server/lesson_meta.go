package server

import "kring/modules"

// lessonMetaKey is a lesson in one language.
type lessonMetaKey struct {
	lesson *modules.Lesson
	lang   string
}

// lessonMetaLine is the line above a lesson's title ("Les 2 van 5 · 10 min lezen, ..."),
// translated once per lesson and language: it is the same for every reader, and a translation
// with arguments goes through go-i18n's templates on every call. Bounded by the catalogue's
// lessons times the interface's languages.
func (s *Server) lessonMetaLine(lang string, m *modules.Module, l *modules.Lesson) string {
	k := lessonMetaKey{l, lang}
	if v, ok := s.lessonMeta.Load(k); ok {
		return v.(string)
	}
	line := s.msg.T(lang, "learning.lesson.n_of_m", "N", l.Number, "M", len(m.Lessons)) + " · " +
		s.msg.T(lang, "content.lesson.load", "Reading", l.Reading, "Exercises", l.Exercises)
	s.lessonMeta.Store(k, line)
	return line
}
