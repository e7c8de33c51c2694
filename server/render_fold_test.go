package server

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"kring/server/store"
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

// Each person's lesson page shows their own answer and completion, and no one else's, in
// both languages: the translations are shared by everyone, the progress never is.
func TestLessonPageShowsOwnProgress(t *testing.T) {
	ts := newTestServer(t).withDemo()
	ctx := context.Background()
	one, two := ts.as("deelnemer1@kring.example"), ts.as("deelnemer2@kring.example")
	m, _ := ts.srv.catalog.Module(benchModule)
	l, _ := m.Lesson(benchLesson)
	lesson := "/modules/" + benchModule + "/" + benchLesson
	const answer = "Eigen antwoord van deelnemer 1"
	for _, b := range l.Blocks {
		if b.Prompt != nil && b.Prompt.Options == nil {
			if _, err := ts.store.SaveAnswer(ctx, store.Answer{UserID: ts.userID("deelnemer1@kring.example"), Module: m.Slug, PromptID: b.Prompt.ID, Text: answer, Option: -1}, nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	// The first trainee's certificate for the module (read with the progress, in one statement)
	// shows on their page only.
	code := ""
	if certs, err := ts.store.CertificatesOf(ctx, ts.userID("deelnemer1@kring.example")); err != nil {
		t.Fatal(err)
	} else {
		for _, c := range certs {
			if c.Module == m.Slug {
				code = c.Code
			}
		}
	}
	if code == "" {
		c, err := ts.store.IssueCertificate(ctx, store.NewCertificate{UserID: ts.userID("deelnemer1@kring.example"), Module: m.Slug, ModuleTitle: m.Title})
		if err != nil {
			t.Fatal(err)
		}
		code = c.Code
	}
	for _, lang := range []string{"nl", "en"} {
		one.cookies[langCookie], two.cookies[langCookie] = lang, lang
		done := map[string]string{"nl": "Je hebt deze les afgerond op", "en": "You finished this lesson on"}[lang]
		if lang == "nl" { // complete the lesson once, after checking the page before
			before := one.get(lesson)
			if before.Status != http.StatusOK || !strings.Contains(before.Body, answer) || strings.Contains(before.Body, done) {
				t.Fatalf("before completing: status %d, want the answer and no completion", before.Status)
			}
			p := one.post(lesson+"/complete", nil)
			if p.Status != http.StatusSeeOther {
				t.Fatalf("complete: status %d", p.Status)
			}
		}
		after := one.get(lesson)
		if !strings.Contains(after.Body, answer) || !strings.Contains(after.Body, done) {
			t.Errorf("%s: after completing, the page lacks the answer or the completion", lang)
		}
		other := two.get(lesson)
		if other.Status != http.StatusOK || strings.Contains(other.Body, answer) || strings.Contains(other.Body, done) {
			t.Errorf("%s: another trainee's page shows the first one's answer or completion", lang)
		}
		if !strings.Contains(after.Body, `href="/certificates/`+code+`"`) || strings.Contains(other.Body, code) {
			t.Errorf("%s: the certificate %s is missing from its owner's page or shown on another's", lang, code)
		}
		// The prompts' forms (written in Go, not cached) carry each person's own CSRF token.
		own, others := csrfTokens(after.Body), csrfTokens(other.Body)
		if len(own) < 3 || len(others) < 3 {
			t.Fatalf("%s: too few forms with a CSRF token: %d and %d", lang, len(own), len(others))
		}
		for _, tok := range own {
			if tok != own[0] || slices.Contains(others, tok) {
				t.Errorf("%s: a form on the first trainee's page carries another token: %v, %v", lang, own, others)
				break
			}
		}
		if strings.Count(other.Body, "></textarea>") != strings.Count(other.Body, "<textarea") {
			t.Errorf("%s: the second trainee's answer fields are not empty", lang)
		}
	}
}

// csrfTokens are the values of every CSRF field of a page, in order.
func csrfTokens(body string) []string {
	var out []string
	const field = `name="_csrf" value="`
	for rest := body; ; {
		i := strings.Index(rest, field)
		if i < 0 {
			return out
		}
		rest = rest[i+len(field):]
		out = append(out, rest[:strings.IndexByte(rest, '"')])
	}
}
