package server

import (
	"strings"

	"kring/server/privacy"
)

// screenReflection refuses a reflection answer that holds a BSN or an e-mail address, as the
// room refuses such a case card: a reflection is about a client and is kept for years, so
// these never belong in it. Other findings (names, dates, addresses) are warnings the lesson
// page shows while the person types (static/js/screen.js); the server accepts them because
// the patterns can be wrong. The message names what was found, not the text itself.
func (s *Server) screenReflection(f *form, lang string) {
	if !f.ok() {
		return
	}
	seen := map[privacy.Kind]bool{}
	var kinds []string
	for _, fd := range privacy.Screen(f.get("text")) {
		if !fd.Kind.Blocking() || seen[fd.Kind] {
			continue
		}
		seen[fd.Kind] = true
		kinds = append(kinds, s.msg.T(lang, "privacy.kind."+strings.ToLower(string(fd.Kind))))
	}
	if len(kinds) == 0 {
		return
	}
	sep := " en "
	if lang == "en" {
		sep = " and "
	}
	f.Errors["text"] = s.msg.T(lang, "privacy.reflection_refused", "Kinds", strings.Join(kinds, sep))
}
