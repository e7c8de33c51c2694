package server

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// Each role lands on a home page that fits it, and sees the navigation it may use.
func TestHomePerRole(t *testing.T) {
	ts := newTestServer(t).withDemo()
	cases := []struct {
		email   string
		want    []string
		notWant []string
	}{
		{"deelnemer1@kring.example", []string{"Welkom, Sanne Visser", "Intervisiegroep SNV Noord", `href="/modules"`}, []string{`href="/org"`, `href="/admin/organisations"`}},
		{"coach@kring.example", []string{"Welkom, Hanneke de Wit", "Nieuwe groep maken", "Intervisiegroep SNV Noord"}, []string{`href="/org"`}},
		{"coordinator@kring.example", []string{"Sociaal Team Noorderkwartier", `href="/org"`}, []string{`href="/groups"`, `href="/admin/organisations"`}},
		{"gemeente@kring.example", []string{"Zorggroep De Linde", `href="/admin/organisations"`}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.email, func(t *testing.T) {
			p := ts.as(tc.email).get("/")
			if p.Status != http.StatusOK {
				t.Fatalf("status %d", p.Status)
			}
			for _, w := range tc.want {
				if !strings.Contains(p.Body, w) {
					t.Errorf("home page lacks %q", w)
				}
			}
			for _, w := range tc.notWant {
				if strings.Contains(p.Body, w) {
					t.Errorf("home page shows %q", w)
				}
			}
		})
	}
}

// A trainee who finished a module is never sent back into it by "Ga verder waar je was"; the
// home page suggests the next module and counts what is done.
func TestHomeLearningAfterAFinishedModule(t *testing.T) {
	ts := newTestServer(t).withDemo()
	c := ts.as(trainee1)
	mods := ts.srv.catalog.Modules
	if len(mods) < 3 {
		t.Fatalf("need three modules in the content, have %d", len(mods))
	}
	first, second, third := mods[0], mods[1], mods[2]

	// Before anything: no continue button, the first module suggested, nothing done.
	p := c.get("/")
	mustContain(t, p.Body, "Eerste module", `href="/modules/`+first.Slug+`"`, "Begin met leren", "0 van "+fmt.Sprint(len(mods))+" modules afgerond")
	mustNotContain(t, p.Body, "Ga verder waar je was")

	// The first module finished, its lessons opened last: no continue into it.
	completeModule(t, ts, c, trainee1, first)
	p = c.get("/")
	mustNotContain(t, p.Body, "Ga verder waar je was")
	for _, l := range first.Lessons {
		mustNotContain(t, p.Body, `href="`+lessonURL(first, l)+`"`)
	}
	hours := formatHours("nl", first.Hours)
	mustContain(t, p.Body, "Volgende module", `href="/modules/`+second.Slug+`"`, "Begin aan de volgende module",
		"1 van "+fmt.Sprint(len(mods))+" modules afgerond · "+hours+" van ")

	// A lesson of the second module opened, then the finished module looked at again: continue
	// in the second, and the third comes after it.
	l := second.Lessons[0]
	c.get(lessonURL(second, l))
	c.get(lessonURL(first, first.Lessons[0]))
	p = c.get("/")
	mustContain(t, p.Body, "Ga verder waar je was", `href="`+lessonURL(second, l)+`"`, "Daarna", `href="/modules/`+third.Slug+`"`)
	mustNotContain(t, p.Body, `href="`+lessonURL(first, first.Lessons[0])+`"`)
}
