package server

import (
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
