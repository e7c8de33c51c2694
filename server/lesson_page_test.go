package server

import (
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
	"kring/server/store"
	"kring/server/view"
)

// appendLesson writes what views/layouts/base.html around views/pages/lesson.html renders,
// byte for byte: for every lesson of the real content, in both languages, for every role's
// navigation, with and without a completion and a certificate, with names, tokens, paths and
// answers that need escaping, and with and without a custom theme and logo.
func TestLessonPageMatchesTemplate(t *testing.T) {
	ts := newTestServer(t)
	s := ts.srv
	eng := s.App().Config().Views.(*view.Engine)
	const text = `Mijn <b>antwoord</b> & "citaat" van 'Ans' + 1`
	day := time.Date(2026, 11, 30, 23, 30, 0, 0, time.UTC) // the next day in the server's time zone
	cert := &store.CertificateMark{Code: "KR-ABCD-EF12", IssuedAt: day.Add(-48 * time.Hour), Module: "x"}
	type state struct {
		done bool
		cert *store.CertificateMark
	}
	states := []state{{false, nil}, {true, nil}, {true, cert}, {false, cert}}
	roles := []auth.Role{auth.Trainee, auth.Coach, auth.OrgAdmin, auth.MuniAdmin}
	n := 0
	compare := func(what string, ld layoutData, p *lessonPage) {
		t.Helper()
		data := s.lessonData(p)
		ld.fill(s, data)
		var want strings.Builder
		if err := eng.Render(&want, "pages/lesson", data, "layouts/base"); err != nil {
			t.Fatal(err)
		}
		if got := string(s.appendLesson(nil, &ld, p)); got != want.String() {
			i := 0
			for i < len(got) && i < len(want.String()) && got[i] == want.String()[i] {
				i++
			}
			lo := max(0, i-80)
			t.Fatalf("%s: the lesson page written in Go (lesson_page.go, render_base.go) differs from views/pages/lesson.html in layouts/base.html at byte %d; a change to those templates needs the same change there:\n got …%q\nwant …%q", what, i, got[lo:min(len(got), i+80)], want.String()[lo:min(want.Len(), i+80)])
		}
		n++
	}
	for _, custom := range []bool{false, true} {
		if custom {
			s.themeCSS, s.brandLogo = []byte("x"), []byte("x")
			s.cfg.Theme.BrandName, s.cfg.Theme.Class = `Kring & "Co" <b>`, `thema-'a'`
		}
		for _, m := range s.catalog.Modules {
			for _, l := range m.Lessons {
				for _, lang := range []string{"nl", "en"} {
					for si, st := range states {
						role := roles[(si+len(l.Slug))%len(roles)]
						u := &store.User{ID: 7, Name: `Ans <de> "Vries" & 'zn' + 1`, Role: string(role)}
						path := lessonURL(m, l)
						ld := layoutData{Lang: lang, CSRF: `tok<en>&"+'`, Path: path, User: u, Nav: s.navFor(u, lang, path)}
						p := &lessonPage{Module: m, Lesson: l, Meta: s.lessonMetaLine(lang, m, l), Done: st.done, DoneAt: day, Cert: st.cert}
						for _, b := range l.Blocks {
							if b.Prompt == nil {
								p.Blocks = append(p.Blocks, lessonBlock{HTML: b.HTML})
								continue
							}
							v := &promptView{Lang: lang, CSRF: ld.CSRF, Prompt: b.Prompt, Chosen: -1, Answered: true, Value: text,
								Action: path + "/prompts/" + b.Prompt.ID + "#prompt-" + b.Prompt.ID}
							p.Blocks = append(p.Blocks, lessonBlock{View: v})
						}
						compare(m.Slug+"/"+l.Slug+" "+lang+" "+string(role), ld, p)
					}
				}
			}
		}
	}
	// A path that needs escaping, and nobody's navigation (the layout without it).
	m := s.catalog.Modules[0]
	l := m.Lessons[0]
	compare("odd path", layoutData{Lang: "nl", CSRF: "t", Path: `/modules/a b/<c>?d="e"`, User: &store.User{Name: "A", Role: string(auth.Trainee)}},
		&lessonPage{Module: m, Lesson: l, Meta: "meta & <zo>"})
	if n < 100 {
		t.Fatalf("compared only %d pages", n)
	}
	t.Logf("compared %d pages", n)
}

// The lesson page over HTTP is the page the templates render from the same data: the handler
// writes it in Go (fiber.Map data and a refused completion still go through the templates).
func TestLessonPageServedInGo(t *testing.T) {
	ts := newTestServer(t).withDemo()
	c := ts.as("deelnemer1@kring.example")
	lesson := "/modules/" + benchModule + "/" + benchLesson
	for _, lang := range []string{"nl", "en"} {
		c.cookies[langCookie] = lang
		r := c.get(lesson)
		if r.Status != fiber.StatusOK || !strings.HasPrefix(r.Body, "<!DOCTYPE html>\n<html lang=\""+lang+"\"") || !strings.HasSuffix(r.Body, "</body>\n</html>\n") {
			t.Fatalf("%s: status %d, page %.200q", lang, r.Status, r.Body)
		}
		if ct := r.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
			t.Errorf("%s: content type %q", lang, ct)
		}
	}
}
