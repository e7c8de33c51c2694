package server

import (
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"kring/modules"
	"kring/server/store"
)

const (
	trainee1 = "deelnemer1@kring.example"
	trainee2 = "deelnemer2@kring.example"
	coachAcc = "coach@kring.example"
	muniAcc  = "gemeente@kring.example"
)

func mustContain(t *testing.T, body string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("page lacks %q", w)
		}
	}
}

func mustNotContain(t *testing.T, body string, notWant ...string) {
	t.Helper()
	for _, w := range notWant {
		if strings.Contains(body, w) {
			t.Errorf("page shows %q", w)
		}
	}
}

// firstPrompt finds the first prompt of a type in the catalogue with its module and lesson.
func firstPrompt(t *testing.T, cat *modules.Catalog, typ modules.PromptType) (*modules.Module, *modules.Lesson, *modules.Prompt) {
	t.Helper()
	for _, m := range cat.Modules {
		for _, l := range m.Lessons {
			for _, p := range l.Prompts {
				if p.Type == typ {
					return m, l, p
				}
			}
		}
	}
	t.Fatalf("no %s prompt in the content", typ)
	return nil, nil, nil
}

func promptURL(m *modules.Module, l *modules.Lesson, p *modules.Prompt) string {
	return lessonURL(m, l) + "/prompts/" + p.ID
}

// shownAt is the position at which a person sees option i of a check question (what the form
// sends for it): options are shuffled per person.
func shownAt(ts *testServer, email string, m *modules.Module, p *modules.Prompt, i int) int {
	ts.t.Helper()
	pos := slices.Index(p.OptionOrder(ts.userID(email), m.Slug), i)
	if pos < 0 {
		ts.t.Fatalf("option %d of %s is not shown", i, p.ID)
	}
	return pos
}

// finishLesson answers every prompt of a lesson (check questions right) and presses
// "Les afronden".
func finishLesson(t *testing.T, ts *testServer, c *client, email string, m *modules.Module, l *modules.Lesson) {
	t.Helper()
	if p := c.get(lessonURL(m, l)); p.Status != http.StatusOK {
		t.Fatalf("%s: status %d", l.Slug, p.Status)
	}
	for _, pr := range l.Prompts {
		form := url.Values{"text": {"Mijn antwoord op " + pr.ID}}
		if pr.Type == modules.CheckQuestion {
			for i := range pr.Options {
				if pr.IsCorrect(i) {
					form = url.Values{"option": {fmt.Sprint(shownAt(ts, email, m, pr, i))}}
					break
				}
			}
		}
		if p := c.post(promptURL(m, l, pr), form); p.Status != http.StatusSeeOther {
			t.Fatalf("%s: status %d", pr.ID, p.Status)
		}
	}
	if p := c.post(lessonURL(m, l)+"/complete", url.Values{}); p.Status != http.StatusSeeOther {
		t.Fatalf("complete %s: status %d %s", l.Slug, p.Status, p.Body)
	}
}

// postJSON posts a form the way lesson.js and vragen.js do: CSRF token in the header,
// JSON wanted back.
func (c *client) postJSON(path string, form url.Values) (page, map[string]any) {
	c.ts.t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("X-CSRF-Token", c.csrf())
	p := c.do(req)
	var out map[string]any
	if err := json.Unmarshal([]byte(p.Body), &out); err != nil {
		c.ts.t.Fatalf("answer is not JSON (status %d): %s", p.Status, p.Body)
	}
	return p, out
}

func TestModuleCatalogue(t *testing.T) {
	ts := newTestServer(t).withDemo()
	c := ts.as(trainee1)
	p := c.get("/modules")
	if p.Status != http.StatusOK {
		t.Fatalf("status %d", p.Status)
	}
	links := regexp.MustCompile(`href="/modules/([a-z0-9-]+)"`).FindAllStringSubmatch(p.Body, -1)
	seen := map[string]bool{}
	for _, l := range links {
		if _, ok := ts.srv.catalog.Module(l[1]); !ok {
			t.Errorf("link to unknown module %q", l[1])
		}
		seen[l[1]] = true
	}
	if len(seen) < 8 || len(seen) != len(ts.srv.catalog.Modules) {
		t.Errorf("catalogue links to %d modules, want all %d (at least 8)", len(seen), len(ts.srv.catalog.Modules))
	}
	mustContain(t, p.Body, `class="kring-progress__bar"`, "Nog niet begonnen", "uur studiebelasting", "Leerdoelen (")
	mustNotContain(t, p.Body, "Bezig<", "utrecht-badge-status")

	m := ts.srv.catalog.Modules[0]
	c.get(lessonURL(m, m.Lessons[0]))
	p = c.get("/modules")
	mustContain(t, p.Body, "Bezig<", fmt.Sprintf(`0 van %d lessen afgerond`, len(m.Lessons)))
	finishLesson(t, ts, c, trainee1, m, m.Lessons[0])
	mustContain(t, c.get("/modules").Body, fmt.Sprintf(`1 van %d lessen afgerond`, len(m.Lessons)))

	// Another person's catalogue is untouched.
	p = ts.as(trainee2).get("/modules")
	mustNotContain(t, p.Body, "Bezig<")

	// Every role may learn; nobody anonymous.
	for _, who := range []string{coachAcc, muniAcc, "coordinator@kring.example"} {
		if p := ts.as(who).get("/modules"); p.Status != http.StatusOK {
			t.Errorf("%s: status %d", who, p.Status)
		}
	}
	if p := ts.client().get("/modules"); p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/login") {
		t.Errorf("anonymous: status %d to %q", p.Status, p.Location)
	}
}

func TestModulePage(t *testing.T) {
	ts := newTestServer(t).withDemo()
	c := ts.as(trainee1)
	m := ts.srv.catalog.Modules[0]
	p := c.get("/modules/" + m.Slug)
	if p.Status != http.StatusOK {
		t.Fatalf("status %d", p.Status)
	}
	mustContain(t, p.Body, m.Title, m.Goals[0], "Wanneer is de module af?", "Begin met de module", `href="`+lessonURL(m, m.Lessons[0])+`"`)
	for _, l := range m.Lessons {
		mustContain(t, p.Body, `href="`+lessonURL(m, l)+`"`)
	}
	mustNotContain(t, p.Body, "✓ afgerond")

	// Opening lessons ticks nothing; after finishing lessons 1 and 2 the page ticks them and
	// continues at lesson 3.
	c.get(lessonURL(m, m.Lessons[0]))
	c.get(lessonURL(m, m.Lessons[1]))
	mustNotContain(t, c.get("/modules/"+m.Slug).Body, "✓ afgerond")
	finishLesson(t, ts, c, trainee1, m, m.Lessons[0])
	finishLesson(t, ts, c, trainee1, m, m.Lessons[1])
	p = c.get("/modules/" + m.Slug)
	if n := strings.Count(p.Body, "✓ afgerond"); n != 2 {
		t.Errorf("%d lessons ticked, want 2", n)
	}
	mustContain(t, p.Body, "Ga verder waar je was: "+m.Lessons[2].Title, "Bezig<")

	for _, path := range []string{"/modules/bestaat-niet", "/modules/" + m.Slug + "/bestaat-niet", "/modules/bestaat-niet/" + m.Lessons[0].Slug} {
		if p := c.get(path); p.Status != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", path, p.Status)
		}
	}
}

func TestLessonPage(t *testing.T) {
	ts := newTestServer(t).withDemo()
	c := ts.as(trainee1)
	m := ts.srv.catalog.Modules[0]
	cases := []struct {
		lesson         *modules.Lesson
		wantPrev       bool
		wantNext       bool
		wantBackModule bool
	}{
		{m.Lessons[0], false, true, false},
		{m.Lessons[1], true, true, false},
		{m.Lessons[len(m.Lessons)-1], true, false, true},
	}
	for _, tc := range cases {
		t.Run(tc.lesson.Slug, func(t *testing.T) {
			l := tc.lesson
			p := c.get(lessonURL(m, l))
			if p.Status != http.StatusOK {
				t.Fatalf("status %d", p.Status)
			}
			mustContain(t, p.Body, "<h1 class=\"utrecht-heading-1\" id=\"h-lesson\">"+l.Title,
				fmt.Sprintf("Les %d van %d", l.Number, len(m.Lessons)), fmt.Sprintf("%d min lezen, %d min opdrachten", l.Reading, l.Exercises), `class="utrecht-rich-text"`,
				`class="utrecht-breadcrumb-nav utrecht-breadcrumb-nav--arrows"`, `href="/modules/`+m.Slug+`"`, `src="/static/js/lesson.js"`)
			for _, pr := range l.Prompts {
				mustContain(t, p.Body, `id="prompt-`+pr.ID+`"`, `action="`+promptURL(m, l, pr)+`#prompt-`+pr.ID+`"`)
			}
			if got := strings.Contains(p.Body, `rel="prev"`); got != tc.wantPrev {
				t.Errorf("prev link: %v, want %v", got, tc.wantPrev)
			}
			if tc.wantPrev {
				mustContain(t, p.Body, `href="`+lessonURL(m, l.Prev())+`" rel="prev"`)
			}
			if got := strings.Contains(p.Body, `rel="next"`); got != tc.wantNext {
				t.Errorf("next link: %v, want %v", got, tc.wantNext)
			}
			if tc.wantNext {
				mustContain(t, p.Body, `href="`+lessonURL(m, l.Next())+`" rel="next"`)
			}
			if tc.wantBackModule {
				mustContain(t, p.Body, "Terug naar de module")
			}
			mustNotContain(t, p.Body, "style=", "<script>", "onclick")
			prog, err := ts.store.Progress(context.Background(), ts.userID(trainee1), m.Slug)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := prog.Opened[l.Slug]; !ok {
				t.Error("opening the lesson was not recorded")
			}
		})
	}
}

// A reflection is saved for its author and shown to nobody else: not another trainee, not
// the coach, not the municipality admin.
func TestReflectionIsPrivate(t *testing.T) {
	ts := newTestServer(t).withDemo()
	m, l, pr := firstPrompt(t, ts.srv.catalog, modules.Reflection)
	secret := "Ik nam de boodschappen over van mevrouw K. — privé-antwoord 7391"
	author := ts.as(trainee1)
	p := author.post(promptURL(m, l, pr), url.Values{"text": {secret}})
	if p.Status != http.StatusSeeOther || p.Location != lessonURL(m, l)+"?saved="+pr.ID+"#prompt-"+pr.ID {
		t.Fatalf("save: status %d to %q", p.Status, p.Location)
	}
	p = author.get(lessonURL(m, l) + "?saved=" + pr.ID)
	mustContain(t, p.Body, "privé-antwoord 7391", ">Opgeslagen</span>")

	for _, who := range []string{trainee2, coachAcc, muniAcc, "coordinator@kring.example"} {
		p := ts.as(who).get(lessonURL(m, l))
		if p.Status != http.StatusOK {
			t.Fatalf("%s: status %d", who, p.Status)
		}
		if strings.Contains(p.Body, "7391") {
			t.Errorf("%s sees the reflection of another person", who)
		}
	}

	// Autosave: JSON in, JSON out, the latest text wins.
	resp, out := author.postJSON(promptURL(m, l, pr), url.Values{"text": {"Tweede versie 8800"}})
	if resp.Status != http.StatusOK || out["ok"] != true {
		t.Fatalf("autosave: %d %v", resp.Status, out)
	}
	prog, err := ts.store.Progress(context.Background(), ts.userID(trainee1), m.Slug)
	if err != nil {
		t.Fatal(err)
	}
	if a := prog.Answers[pr.ID]; a == nil || a.Text != "Tweede versie 8800" {
		t.Errorf("stored answer = %+v", a)
	}
}

func TestCaseShowsModelAnswerAfterSaving(t *testing.T) {
	ts := newTestServer(t).withDemo()
	m, l, pr := firstPrompt(t, ts.srv.catalog, modules.Case)
	c := ts.as(trainee1)
	p := c.get(lessonURL(m, l))
	mustContain(t, p.Body, `class="kring-prompt kring-prompt--case"`, pr.Title)
	mustNotContain(t, p.Body, "Een mogelijk antwoord</h3>")
	c.post(promptURL(m, l, pr), url.Values{"text": {"Ik vraag naar wie er al helpt."}})
	p = c.get(lessonURL(m, l))
	mustContain(t, p.Body, "Een mogelijk antwoord</h3>", "Ik vraag naar wie er al helpt.")

	_, out := ts.as(trainee2).postJSON(promptURL(m, l, pr), url.Values{"text": {"Mijn aanpak"}})
	if s, _ := out["model_answer"].(string); s == "" {
		t.Errorf("autosave of a case returns no model answer: %v", out)
	}
}

func TestCheckQuestionScoredWithFeedback(t *testing.T) {
	ts := newTestServer(t).withDemo()
	m, l, pr := firstPrompt(t, ts.srv.catalog, modules.CheckQuestion)
	right, wrong := -1, -1
	for i, o := range pr.Options {
		if o.Correct && right < 0 {
			right = i
		}
		if !o.Correct && wrong < 0 {
			wrong = i
		}
	}
	c := ts.as(trainee1)
	p := c.get(lessonURL(m, l))
	// The stable hooks of the browser test.
	mustContain(t, p.Body, `class="kring-prompt kring-prompt--check" data-prompt-id="`+pr.ID+`"`, `type="radio" id="opt-`+pr.ID+`-0" name="option" value="0"`, `type="submit"`)
	mustNotContain(t, p.Body, `class="kring-feedback `)
	// Options are shown in this person's order, the same on every visit.
	if o := pr.OptionOrder(ts.userID(trainee1), m.Slug); true {
		for pos, i := range o {
			mustContain(t, p.Body, fmt.Sprintf(`value="%d">`+"\n        "+`<label class="utrecht-form-label utrecht-form-label--radio" for="opt-%s-%d">%s</label>`, pos, pr.ID, pos, template.HTMLEscapeString(pr.Options[i].Text)))
		}
	}

	cases := []struct {
		option     int
		class      string
		title      string
		correct    bool
		score      int // check score of the module: the first answer counts
		firstNoted bool
	}{
		{wrong, "kring-feedback kring-feedback--incorrect", "Nog niet", false, 0, true},
		{right, "kring-feedback kring-feedback--correct", "Goed!", true, 0, true}, // right now, still not scored
		{wrong, "kring-feedback kring-feedback--incorrect", "Nog niet", false, 0, true},
	}
	for i, tc := range cases {
		pos := shownAt(ts, trainee1, m, pr, tc.option)
		p := c.post(promptURL(m, l, pr), url.Values{"option": {fmt.Sprint(pos)}})
		if p.Status != http.StatusSeeOther {
			t.Fatalf("step %d: status %d", i, p.Status)
		}
		p = c.get(lessonURL(m, l))
		mustContain(t, p.Body, tc.class, tc.title+"</p>", template.HTMLEscapeString(pr.Options[tc.option].Feedback),
			fmt.Sprintf(`name="option" value="%d" checked`, pos))
		if got := strings.Contains(p.Body, "data-first-note"); got != tc.firstNoted {
			t.Errorf("step %d: first-answer note shown %v, want %v", i, got, tc.firstNoted)
		}
		prog, err := ts.store.Progress(context.Background(), ts.userID(trainee1), m.Slug)
		if err != nil {
			t.Fatal(err)
		}
		if a := prog.Answers[pr.ID]; a == nil || a.Option != tc.option || a.Correct != tc.correct || a.FirstOption != wrong {
			t.Errorf("step %d: stored %+v", i, a)
		}
		if st := m.Evaluate(engineProgress(m, prog)); st.CheckCorrect != tc.score {
			t.Errorf("step %d: %d check questions scored right, want %d", i, st.CheckCorrect, tc.score)
		}
	}
	// Another person who gets it right the first time scores it.
	c2 := ts.as(trainee2)
	c2.post(promptURL(m, l, pr), url.Values{"option": {fmt.Sprint(shownAt(ts, trainee2, m, pr, right))}})
	c2.post(promptURL(m, l, pr), url.Values{"option": {fmt.Sprint(shownAt(ts, trainee2, m, pr, wrong))}})
	prog2, err := ts.store.Progress(context.Background(), ts.userID(trainee2), m.Slug)
	if err != nil {
		t.Fatal(err)
	}
	if st := m.Evaluate(engineProgress(m, prog2)); st.CheckCorrect != 1 {
		t.Errorf("a right first answer then a wrong one: %d scored right, want 1", st.CheckCorrect)
	}
	// Someone else sees no feedback.
	mustNotContain(t, ts.as("deelnemer3@kring.example").get(lessonURL(m, l)).Body, `class="kring-feedback `)
}

// Bad input gets a clear message and changes nothing.
func TestPromptInvalidInput(t *testing.T) {
	ts := newTestServer(t).withDemo()
	cat := ts.srv.catalog
	rm, rl, rp := firstPrompt(t, cat, modules.Reflection)
	cm, cl, cp := firstPrompt(t, cat, modules.CheckQuestion)
	var otherLesson *modules.Lesson
	for _, l := range rm.Lessons {
		if l != rl {
			otherLesson = l
			break
		}
	}
	cases := []struct {
		name   string
		path   string
		form   url.Values
		status int
		want   string
	}{
		{"unknown prompt", lessonURL(rm, rl) + "/prompts/bestaat-niet", url.Values{"text": {"x"}}, 404, ""},
		{"prompt of another lesson", lessonURL(rm, otherLesson) + "/prompts/" + rp.ID, url.Values{"text": {"x"}}, 404, ""},
		{"unknown module", "/modules/bestaat-niet/" + rl.Slug + "/prompts/" + rp.ID, url.Values{"text": {"x"}}, 404, ""},
		{"empty reflection", promptURL(rm, rl, rp), url.Values{"text": {"   "}}, 422, "Vul dit veld in."},
		{"too long reflection", promptURL(rm, rl, rp), url.Values{"text": {strings.Repeat("é", maxAnswerRunes+1)}}, 422, "Dit is te lang."},
		{"no option", promptURL(cm, cl, cp), url.Values{}, 422, "Kies een antwoord."},
		{"option out of range", promptURL(cm, cl, cp), url.Values{"option": {fmt.Sprint(len(cp.Options))}}, 422, "Deze keuze is niet geldig."},
		{"negative option", promptURL(cm, cl, cp), url.Values{"option": {"-1"}}, 422, "Deze keuze is niet geldig."},
		{"option not a number", promptURL(cm, cl, cp), url.Values{"option": {"twee"}}, 422, "Deze keuze is niet geldig."},
	}
	c := ts.as(trainee1)
	uid := ts.userID(trainee1)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := c.post(tc.path, tc.form)
			if p.Status != tc.status {
				t.Fatalf("status %d, want %d", p.Status, tc.status)
			}
			if tc.want != "" {
				mustContain(t, p.Body, tc.want, "utrecht-form-field-error-message")
			}
			for _, m := range []string{rm.Slug, cm.Slug} {
				prog, err := ts.store.Progress(context.Background(), uid, m)
				if err != nil {
					t.Fatal(err)
				}
				if len(prog.Answers) != 0 {
					t.Errorf("something was saved: %+v", prog.Answers)
				}
			}
		})
	}
	// A script gets the mistake as JSON.
	resp, out := c.postJSON(promptURL(rm, rl, rp), url.Values{"text": {""}})
	if resp.Status != http.StatusUnprocessableEntity || out["ok"] != false || out["error"] != "Vul dit veld in." {
		t.Errorf("JSON error: %d %v", resp.Status, out)
	}
	// Without the CSRF token nothing is saved.
	if p := c.postRaw(promptURL(rm, rl, rp), url.Values{"text": {"zonder token"}}); p.Status != http.StatusForbidden {
		t.Errorf("no CSRF token: status %d", p.Status)
	}
	// Anonymous visitors cannot answer.
	anon := ts.client()
	if p := anon.post(promptURL(rm, rl, rp), url.Values{"text": {"x"}}); p.Status != http.StatusUnauthorized {
		t.Errorf("anonymous: status %d", p.Status)
	}
}

// completeModule works through a whole module over HTTP: every prompt answered (check
// questions correctly) and every lesson finished.
func completeModule(t *testing.T, ts *testServer, c *client, email string, m *modules.Module) {
	t.Helper()
	for _, l := range m.Lessons {
		finishLesson(t, ts, c, email, m, l)
	}
}

func TestCompletionIssuesCertificate(t *testing.T) {
	ts := newTestServer(t).withDemo()
	m := ts.srv.catalog.Modules[0]
	c := ts.as(trainee1)
	uid := ts.userID(trainee1)
	ctx := context.Background()

	completeModule(t, ts, c, trainee1, m)
	certs, err := ts.store.CertificatesOf(ctx, uid)
	if err != nil {
		t.Fatal(err)
	}
	if len(certs) != 1 {
		t.Fatalf("%d certificates, want 1", len(certs))
	}
	cert := certs[0]
	if cert.Module != m.Slug || cert.ModuleTitle != m.Title || cert.ModuleVersion != m.Version || cert.Hours != m.Hours || cert.Name != "Sanne Visser" {
		t.Errorf("certificate = %+v", cert)
	}
	// Finishing the last lesson shows the certificate right there.
	last := m.Lessons[len(m.Lessons)-1]
	mustContain(t, c.get(lessonURL(m, last)).Body, `afgerond op`, `href="/certificates/`+cert.Code+`">`)
	// Working through it again issues nothing more.
	completeModule(t, ts, c, trainee1, m)
	if certs, _ := ts.store.CertificatesOf(ctx, uid); len(certs) != 1 {
		t.Errorf("%d certificates after answering again, want 1", len(certs))
	}

	// The owner sees it on the module page, the catalogue and the home page.
	for _, path := range []string{"/modules/" + m.Slug, "/modules", "/"} {
		mustContain(t, c.get(path).Body, `href="/certificates/`+cert.Code+`"`)
	}
	mustContain(t, c.get("/modules/"+m.Slug).Body, "Afgerond<")

	// Anyone can check it without signing in: name, module, date, hours, valid; no e-mail or
	// organisation.
	anon := ts.client()
	p := anon.get("/certificates/" + cert.Code)
	if p.Status != http.StatusOK {
		t.Fatalf("public check: status %d", p.Status)
	}
	mustContain(t, p.Body, "Sanne Visser", m.Title, formatDate("nl", time.Now(), false), formatHours("nl", m.Hours)+" uur", "Geldig", cert.Code,
		"http://example.com/certificates/"+cert.Code, `class="kring-certificate"`)
	mustNotContain(t, p.Body, "deelnemer1@kring.example", "Noorderkwartier", "Ingetrokken")
	if p := anon.get("/certificates/" + strings.ToLower(cert.Code)); p.Status != http.StatusMovedPermanently {
		t.Errorf("lower-case code: status %d, want a redirect", p.Status)
	}
	// Another person may check it too.
	mustContain(t, ts.as(trainee2).get("/certificates/"+cert.Code).Body, "Sanne Visser", "Geldig")

	for _, code := range []string{"2222-2222-2222-2222", "bestaat-niet", "K7QM"} {
		if p := anon.get("/certificates/" + code); p.Status != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", code, p.Status)
		}
	}

	if err := ts.store.RevokeCertificate(ctx, cert.Code, "test"); err != nil {
		t.Fatal(err)
	}
	p = anon.get("/certificates/" + cert.Code)
	if p.Status != http.StatusOK {
		t.Fatalf("revoked: status %d", p.Status)
	}
	mustContain(t, p.Body, "Ingetrokken", "ingetrokken op")
	mustNotContain(t, p.Body, ">Geldig<")
}

// Progress that names lessons or prompts the content no longer has is ignored, never an error.
func TestProgressWithUnknownIDsIsIgnored(t *testing.T) {
	ts := newTestServer(t).withDemo()
	ctx := context.Background()
	uid := ts.userID(trainee1)
	m := ts.srv.catalog.Modules[0]
	if _, err := ts.store.OpenLesson(ctx, uid, m.Slug, "verdwenen-les", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.store.SaveAnswer(ctx, store.Answer{UserID: uid, Module: m.Slug, PromptID: "verdwenen-vraag", Text: "oud", Option: -1}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.store.OpenLesson(ctx, uid, "verdwenen-module", "les", nil); err != nil {
		t.Fatal(err)
	}
	c := ts.as(trainee1)
	for _, path := range []string{"/modules", "/modules/" + m.Slug, lessonURL(m, m.Lessons[0]), "/"} {
		if p := c.get(path); p.Status != http.StatusOK {
			t.Errorf("%s: status %d", path, p.Status)
		}
	}
	prog, err := ts.store.Progress(ctx, uid, m.Slug)
	if err != nil {
		t.Fatal(err)
	}
	st := m.Evaluate(engineProgress(m, prog))
	if st.LessonsCompleted != 0 || st.RequiredAnswered != 0 || st.Complete {
		t.Errorf("status = %+v", st)
	}
	mustContain(t, c.get("/modules/"+m.Slug).Body, fmt.Sprintf("Je rondt alle %d lessen af (nu 0)", len(m.Lessons)))
}

func TestEngineProgressJudgesByCurrentPromptType(t *testing.T) {
	cat := newTestServer(t).srv.catalog
	m, _, check := firstPrompt(t, cat, modules.CheckQuestion)
	var refl *modules.Prompt
	for _, p := range m.Prompts() {
		if p.Type != modules.CheckQuestion {
			refl = p
			break
		}
	}
	right := 0
	for i := range check.Options {
		if check.IsCorrect(i) {
			right = i
		}
	}
	p := &store.Progress{Opened: map[string]time.Time{}, Answers: map[string]*store.Answer{
		check.ID: {PromptID: check.ID, Text: "tekst bij een kennisvraag", Option: -1}, // stored as text: not an answer to a check
		refl.ID:  {PromptID: refl.ID, Option: right},                                  // no text: not a reflection answer
		"weg":    {PromptID: "weg", Text: "x", Option: -1},
	}}
	got := engineProgress(m, p)
	if got.Answered[check.ID] || got.Correct[check.ID] || got.Answered[refl.ID] {
		t.Errorf("progress = %+v", got)
	}
	p.Answers[check.ID] = &store.Answer{PromptID: check.ID, Option: right, Correct: false, FirstOption: right, FirstCorrect: true}
	if got := engineProgress(m, p); !got.Correct[check.ID] {
		t.Error("a right first option does not count as correct")
	}
	// An answer read without its first choice (zero values) scores nothing.
	p.Answers[check.ID] = &store.Answer{PromptID: check.ID, Option: right, Correct: true}
	if got := engineProgress(m, p); got.Correct[check.ID] || !got.Answered[check.ID] {
		t.Error("an answer without a recorded first choice counts as correct")
	}
	p.Answers[check.ID] = &store.Answer{PromptID: check.ID, Option: right, Correct: true, FirstOption: (right + 1) % len(check.Options)}
	if got := engineProgress(m, p); got.Correct[check.ID] || !got.Answered[check.ID] {
		t.Error("a right latest option after a wrong first one counts as correct")
	}
}

var questionIDRe = regexp.MustCompile(`<li class="kring-card" id="q-([a-z0-9-]+)"`)

func questionIDs(body string) []string {
	var out []string
	for _, m := range questionIDRe.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestQuestionBankSearchAndFilters(t *testing.T) {
	ts := newTestServer(t).withDemo()
	cat := ts.srv.catalog
	c := ts.as(trainee1)
	all := questionIDs(c.get("/vragen").Body)
	if len(all) != len(cat.Questions) {
		t.Fatalf("list shows %d questions, want %d", len(all), len(cat.Questions))
	}
	withDiacritics := questionIDs(c.get("/vragen?q=" + url.QueryEscape("cliënt")).Body)
	without := questionIDs(c.get("/vragen?q=client").Body)
	upper := questionIDs(c.get("/vragen?q=CLIENT").Body)
	if len(withDiacritics) == 0 || len(withDiacritics) >= len(all) {
		t.Fatalf("search cliënt found %d of %d", len(withDiacritics), len(all))
	}
	if strings.Join(without, ",") != strings.Join(withDiacritics, ",") || strings.Join(upper, ",") != strings.Join(withDiacritics, ",") {
		t.Errorf("client (%d), CLIENT (%d) and cliënt (%d) differ", len(without), len(upper), len(withDiacritics))
	}

	cases := []struct {
		name  string
		query string
		keep  func(q *modules.Question) bool
	}{
		{"phase", "fase=uitstappen", func(q *modules.Question) bool { return q.Phase == "uitstappen" }},
		{"type", "type=schaalvraag", func(q *modules.Question) bool { return q.Type == "schaalvraag" }},
		{"situation", "situatie=klein-netwerk", func(q *modules.Question) bool { return slices.Contains(q.Situations, "klein-netwerk") }},
		{"phase and situation", "fase=eerste-contact&situatie=weerstand", func(q *modules.Question) bool {
			return q.Phase == "eerste-contact" && slices.Contains(q.Situations, "weerstand")
		}},
		{"unknown phase is no filter", "fase=bestaat-niet", func(q *modules.Question) bool { return true }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := c.get("/vragen?" + tc.query)
			if p.Status != http.StatusOK {
				t.Fatalf("status %d", p.Status)
			}
			var want []string
			for _, q := range cat.Questions {
				if tc.keep(q) {
					want = append(want, q.ID)
				}
			}
			got := questionIDs(p.Body)
			if len(want) == 0 || strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("got %d questions, want %d", len(got), len(want))
			}
			mustContain(t, p.Body, fmt.Sprintf("%d van de %d vragen", len(want), len(cat.Questions)))
		})
	}
	p := c.get("/vragen?fase=uitstappen")
	mustContain(t, p.Body, `<option value="uitstappen" selected>`, `class="utrecht-status-badge`, cat.Tags.PhaseLabel("uitstappen"))
	p = c.get("/vragen?q=xyzzy-niets")
	mustContain(t, p.Body, "Geen vragen gevonden", "0 van de")
}

func TestFavouritesPerPerson(t *testing.T) {
	ts := newTestServer(t).withDemo()
	cat := ts.srv.catalog
	q1, q2 := cat.Questions[0], cat.Questions[1]
	a, b := ts.as(trainee1), ts.as(trainee2)

	p := a.post("/vragen/"+q1.ID+"/favoriet", url.Values{"next": {"/vragen?fase=" + q1.Phase}})
	if p.Status != http.StatusSeeOther || p.Location != "/vragen?fase="+q1.Phase+"#q-"+q1.ID {
		t.Fatalf("toggle: status %d to %q", p.Status, p.Location)
	}
	if p := a.post("/vragen/"+q2.ID+"/favoriet", url.Values{"next": {"https://evil.example/"}}); p.Location != "/vragen#q-"+q2.ID {
		t.Errorf("next off-site kept: %q", p.Location)
	}
	if got := questionIDs(a.get("/vragen?favorieten=1").Body); strings.Join(got, ",") != q1.ID+","+q2.ID {
		t.Errorf("favourites of a = %v", got)
	}
	if got := questionIDs(b.get("/vragen?favorieten=1").Body); len(got) != 0 {
		t.Errorf("b sees favourites of a: %v", got)
	}
	// Toggle off, via the script's JSON.
	resp, out := a.postJSON("/vragen/"+q1.ID+"/favoriet", nil)
	if resp.Status != http.StatusOK || out["favourite"] != false {
		t.Errorf("JSON toggle: %d %v", resp.Status, out)
	}
	if got := questionIDs(a.get("/vragen?favorieten=1").Body); strings.Join(got, ",") != q2.ID {
		t.Errorf("after toggling off: %v", got)
	}
	mustContain(t, a.get("/vragen").Body, "★ Favoriet")
	if p := a.post("/vragen/bestaat-niet/favoriet", nil); p.Status != http.StatusNotFound {
		t.Errorf("unknown question: status %d", p.Status)
	}
}

func TestPracticeShowsOneQuestion(t *testing.T) {
	ts := newTestServer(t).withDemo()
	cat := ts.srv.catalog
	c := ts.as(trainee1)
	var inPhase []*modules.Question
	for _, q := range cat.Questions {
		if q.Phase == "plan" {
			inPhase = append(inPhase, q)
		}
	}
	cases := []struct {
		query    string
		want     *modules.Question
		n, total int
		next     string
	}{
		{"", cat.Questions[0], 1, len(cat.Questions), "/vragen/oefenen?n=2"},
		{"?fase=plan", inPhase[0], 1, len(inPhase), "/vragen/oefenen?fase=plan&amp;n=2"},
		{"?fase=plan&n=2", inPhase[1], 2, len(inPhase), "/vragen/oefenen?fase=plan&amp;n=3"},
		{fmt.Sprintf("?fase=plan&n=%d", len(inPhase)), inPhase[len(inPhase)-1], len(inPhase), len(inPhase), "/vragen/oefenen?fase=plan&amp;n=1"},
		{"?fase=plan&n=999", inPhase[0], 1, len(inPhase), "/vragen/oefenen?fase=plan&amp;n=2"},
	}
	for _, tc := range cases {
		t.Run(tc.query, func(t *testing.T) {
			p := c.get("/vragen/oefenen" + tc.query)
			if p.Status != http.StatusOK {
				t.Fatalf("status %d", p.Status)
			}
			mustContain(t, p.Body, fmt.Sprintf("Vraag %d van %d", tc.n, tc.total), `id="q-`+tc.want.ID+`"`,
				"<summary>Toon toelichting</summary>", `href="`+tc.next+`" rel="next"`)
			if n := strings.Count(p.Body, `class="kring-card kring-card--accent kring-practice"`); n != 1 {
				t.Errorf("%d questions shown, want 1", n)
			}
		})
	}
	mustContain(t, c.get("/vragen/oefenen?q=xyzzy-niets").Body, "Geen vragen gevonden")
}

func TestHomeContinuesWhereYouLeftOff(t *testing.T) {
	ts := newTestServer(t).withDemo()
	c := ts.as(trainee1)
	m := ts.srv.catalog.Modules[1]
	l := m.Lessons[1]
	c.get(lessonURL(m, l))
	p := c.get("/")
	mustContain(t, p.Body, `href="`+lessonURL(m, l)+`"`, "Ga verder waar je was", "Modules waar je mee bezig bent", `href="/modules/`+m.Slug+`"`)
	mustNotContain(t, ts.as(trainee2).get("/").Body, "Ga verder waar je was")
}

func TestLearningPagesInEnglish(t *testing.T) {
	ts := newTestServer(t).withDemo()
	c := ts.as(trainee1)
	c.post("/lang", url.Values{"lang": {"en"}, "next": {"/modules"}})
	m := ts.srv.catalog.Modules[0]
	mustContain(t, c.get("/modules").Body, "Not started", "hours of study")
	mustContain(t, c.get(lessonURL(m, m.Lessons[0])).Body, "Lesson 1 of", "Next lesson")
	mustContain(t, c.get("/vragen").Body, "Question bank", "All phases")
}

// A lesson counts as done only after "Les afronden" with its required prompts answered:
// opening it is not enough, pressing too early says what is missing and records nothing, and
// without the CSRF token nothing happens.
func TestLessonCompletion(t *testing.T) {
	ts := newTestServer(t).withDemo()
	ctx := context.Background()
	var m *modules.Module
	var l *modules.Lesson
	var req *modules.Prompt
	for _, mm := range ts.srv.catalog.Modules {
		for _, ll := range mm.Lessons {
			if miss := ll.Missing(nil); len(miss) > 0 && m == nil {
				m, l, req = mm, ll, miss[0]
			}
		}
	}
	if l == nil {
		t.Fatal("no lesson with a required prompt")
	}
	c := ts.as(trainee1)
	uid := ts.userID(trainee1)
	completed := func() bool {
		t.Helper()
		p, err := ts.store.Progress(ctx, uid, m.Slug)
		if err != nil {
			t.Fatal(err)
		}
		_, ok := p.Completed[l.Slug]
		return ok
	}

	p := c.get(lessonURL(m, l))
	mustContain(t, p.Body, `action="`+lessonURL(m, l)+`/complete#complete" class="kring-stack"`, ">Les afronden</button>")
	if completed() {
		t.Fatal("opening the lesson completed it")
	}
	if p := c.postRaw(lessonURL(m, l)+"/complete", url.Values{}); p.Status != http.StatusForbidden || completed() {
		t.Errorf("without CSRF: status %d, completed %v", p.Status, completed())
	}
	p = c.post(lessonURL(m, l)+"/complete", url.Values{})
	if p.Status != http.StatusUnprocessableEntity || completed() {
		t.Fatalf("with required prompts open: status %d, completed %v", p.Status, completed())
	}
	mustContain(t, p.Body, "Je kunt de les nog niet afronden", `href="#prompt-`+req.ID+`"`)

	finishLesson(t, ts, c, trainee1, m, l)
	if !completed() {
		t.Fatal("finishing the lesson did not complete it")
	}
	p = c.get(lessonURL(m, l))
	mustContain(t, p.Body, "Je hebt deze les afgerond op")
	mustNotContain(t, p.Body, ">Les afronden</button>")
	if p := ts.client().post(lessonURL(m, l)+"/complete", url.Values{}); p.Status != http.StatusUnauthorized {
		t.Errorf("anonymous: status %d", p.Status)
	}
	if p := c.post("/modules/"+m.Slug+"/bestaat-niet/complete", url.Values{}); p.Status != http.StatusNotFound {
		t.Errorf("unknown lesson: status %d", p.Status)
	}
}

// A script posting a check answer gets the feedback and, once the first answer was wrong,
// the note that the first answer is what scores.
func TestCheckAnswerJSON(t *testing.T) {
	ts := newTestServer(t).withDemo()
	m, l, pr := firstPrompt(t, ts.srv.catalog, modules.CheckQuestion)
	right, wrong := -1, -1
	for i := range pr.Options {
		if pr.IsCorrect(i) && right < 0 {
			right = i
		} else if !pr.IsCorrect(i) && wrong < 0 {
			wrong = i
		}
	}
	c := ts.as(trainee1)
	steps := []struct {
		option  int
		correct bool
		note    bool
	}{{wrong, false, true}, {right, true, true}}
	for i, st := range steps {
		_, out := c.postJSON(promptURL(m, l, pr), url.Values{"option": {fmt.Sprint(shownAt(ts, trainee1, m, pr, st.option))}})
		if out["ok"] != true || out["correct"] != st.correct || out["feedback"] != pr.Options[st.option].Feedback {
			t.Errorf("step %d: %v", i, out)
		}
		if _, has := out["first_note"]; has != st.note {
			t.Errorf("step %d: first_note present %v, want %v", i, has, st.note)
		}
	}
	// Right the first time: no note.
	_, out := ts.as(trainee2).postJSON(promptURL(m, l, pr), url.Values{"option": {fmt.Sprint(shownAt(ts, trainee2, m, pr, right))}})
	if _, has := out["first_note"]; has || out["correct"] != true {
		t.Errorf("right first answer: %v", out)
	}
}
