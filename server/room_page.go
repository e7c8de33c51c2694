package server

import (
	"strings"

	"kring/server/room"
)

// roomData is the JSON the room page and the projector view hand to static/js/room.js: the
// interface language, the room's limits, boards and themes, and every string the script
// shows. All of it comes from the room's configuration and the message catalogue, so the
// script repeats none of it.
func (s *Server) roomData(lang string) map[string]any {
	return map[string]any{
		"lang":       lang,
		"limits":     room.Config{}.PageLimits(), // production runs the room with its defaults
		"boardOrder": room.Boards(),
		"themes":     room.ThemeLabels(lang),
		"themeOrder": room.Themes(),
		"t":          s.roomStrings(lang),
		// static/js/room_agreements.js: the list of earlier agreements
		"agreements": s.msg.Prefixed(lang, "agreements.room."),
	}
}

// roomStrings are room.js's strings in lang: the catalogue's roomjs.* messages, nested at their
// dots ("roomjs.addLabel.case" becomes t.addLabel.case), and the names of the boards and of the
// kinds of personal data as the room itself gives them.
func (s *Server) roomStrings(lang string) map[string]any {
	t := map[string]any{"boards": room.BoardLabels(lang), "kinds": room.KindLabels(lang)}
	for key, text := range s.msg.Prefixed(lang, "roomjs.") {
		group, sub, nested := strings.Cut(key, ".")
		if !nested {
			t[key] = text
			continue
		}
		m, _ := t[group].(map[string]string)
		if m == nil {
			m = map[string]string{}
			t[group] = m
		}
		m[sub] = text
	}
	return t
}
