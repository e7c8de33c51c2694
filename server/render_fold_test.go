package server

import (
	"testing"

	"kring/server/view"
)

// Translating the views once per language (view.Translator) must not change a page: the real
// pages, in both languages, signed in and not, are byte for byte what the engine renders when
// it translates on every render.
func TestFoldedPagesAreTheSame(t *testing.T) {
	ts := newTestServer(t).withDemo()
	trainee := ts.as("deelnemer1@kring.example")
	coord := ts.as("coordinator@kring.example")
	anon := ts.client()
	lesson := "/modules/" + benchModule + "/" + benchLesson
	type visit struct {
		c    *client
		path string
	}
	visits := []visit{
		{anon, "/login"}, {anon, "/privacy"}, {anon, "/nergens"},
		{trainee, "/"}, {trainee, "/modules"}, {trainee, "/modules/" + benchModule}, {trainee, lesson},
		{trainee, "/vragen"}, {trainee, "/account"}, {trainee, "/portfolio"}, {trainee, "/nergens"},
		{coord, "/org"}, {coord, "/groups"},
	}
	fetch := func() []string {
		var out []string
		for _, lang := range []string{"nl", "en"} {
			for _, v := range visits {
				v.c.cookies[langCookie] = lang
				out = append(out, v.c.get(v.path).Body)
			}
		}
		return out
	}
	fetch() // the first visits change what the pages show (a lesson opened): settle that first
	folded := fetch()
	eng := ts.srv.App().Config().Views.(*view.Engine)
	eng.Translate(nil)
	if err := eng.Load(); err != nil {
		t.Fatal(err)
	}
	plain := fetch()
	for i := range plain {
		v := visits[i%len(visits)]
		if folded[i] != plain[i] {
			t.Errorf("%s (%d): the folded page differs from the plain one", v.path, i/len(visits))
		}
		if len(plain[i]) < 500 {
			t.Errorf("%s: page too short to compare: %q", v.path, plain[i])
		}
	}
}
