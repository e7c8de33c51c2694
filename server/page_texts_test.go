package server

import (
	"testing"

	"kring/server/view"
)

// The page texts kept per language are the catalogue's, escaped: every id exists, each kept
// text is what {{t .Lang "id"}} prints, and a date message split around its date reads as the
// message translated with that date (also a date that needs escaping).
func TestPageTexts(t *testing.T) {
	s := newTestServer(t).srv
	for _, lang := range []string{"nl", "en"} {
		pt := s.texts(lang)
		if s.texts(lang) != pt {
			t.Errorf("%s: the texts were made twice", lang)
		}
		for _, id := range pageTextIDs {
			if !s.msg.Has(id) {
				t.Errorf("%s: no message %s", lang, id)
			}
			if got, want := string(s.appendT(nil, pt, id)), view.EscapeText(s.msg.T(lang, id)); got != want || pt.esc[id] != want {
				t.Errorf("%s %s: %q (kept %q), want %q", lang, id, got, pt.esc[id], want)
			}
		}
		for _, id := range dateMessages {
			if _, ok := pt.dateParts[id]; !ok {
				t.Errorf("%s %s: not split around its date", lang, id)
			}
			for _, date := range []string{"30 november 2026", "1 January 2027", `<b>"&'+`} {
				if got, want := string(s.appendDateT(nil, pt, id, date)), view.EscapeText(s.msg.T(lang, id, "Date", date)); got != want {
					t.Errorf("%s %s: %q, want %q", lang, id, got, want)
				}
			}
		}
	}
	if pt := s.texts("xx"); pt.esc != nil || string(s.appendT(nil, pt, "layout.skip")) != view.EscapeText(s.msg.T("xx", "layout.skip")) {
		t.Error("an unknown language's texts are not translated as T does")
	}
}
