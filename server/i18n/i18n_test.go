package i18n

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestCataloguesComplete(t *testing.T) {
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	if m := c.Missing(); len(m) > 0 {
		t.Fatalf("messages missing in a language:\n%v", m)
	}
	if len(c.ids["nl"]) < 50 {
		t.Fatalf("only %d Dutch messages loaded", len(c.ids["nl"]))
	}
}

func TestTranslate(t *testing.T) {
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	if nl, en := c.T("nl", "login.title"), c.T("en", "login.title"); nl == en || nl == "login.title" {
		t.Errorf("login.title: nl %q, en %q", nl, en)
	}
	if got := c.T("en", "no.such.key"); got != "no.such.key" {
		t.Errorf("missing key shows %q", got)
	}
	if got := c.T("nl", "home.welcome", "Name", "Sanne"); got == "home.welcome" || !contains(got, "Sanne") {
		t.Errorf("template data not used: %q", got)
	}
}

// TestPlural checks that a "Count" picks the plural form in both languages, and that a
// message without plural forms still shows with a count.
func TestPlural(t *testing.T) {
	c, err := Load(fstest.MapFS{
		"locales/a.nl.yaml": {Data: []byte("\"x.people\":\n  one: \"{{.Count}} deelnemer\"\n  other: \"{{.Count}} deelnemers\"\n\"x.flat\": \"{{.Count}} keer\"\n")},
		"locales/a.en.yaml": {Data: []byte("\"x.people\":\n  one: \"{{.Count}} participant\"\n  other: \"{{.Count}} participants\"\n\"x.flat\": \"{{.Count}} times\"\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		lang, id string
		n        int
		want     string
	}{
		{"nl", "x.people", 1, "1 deelnemer"},
		{"nl", "x.people", 0, "0 deelnemers"},
		{"nl", "x.people", 6, "6 deelnemers"},
		{"en", "x.people", 1, "1 participant"},
		{"en", "x.people", 2, "2 participants"},
		{"nl", "x.flat", 1, "1 keer"},
		{"en", "x.flat", 3, "3 times"},
	} {
		if got := c.T(tc.lang, tc.id, "Count", tc.n); got != tc.want {
			t.Errorf("T(%s, %s, Count=%d) = %q, want %q", tc.lang, tc.id, tc.n, got, tc.want)
		}
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

// TestCataloguePlurals checks the catalogue's own counted messages: one and many.
func TestCataloguePlurals(t *testing.T) {
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		lang, id string
		n        int
		want     string
	}{
		{"nl", "groups.members_count", 1, "1 deelnemer"},
		{"nl", "groups.members_count", 6, "6 deelnemers"},
		{"en", "groups.members_count", 1, "1 participant"},
		{"nl", "learning.module.lessons_count", 1, "1 les"},
		{"en", "learning.module.lessons_count", 4, "4 lessons"},
	} {
		if got := c.T(tc.lang, tc.id, "Count", tc.n); got != tc.want {
			t.Errorf("T(%s, %s, Count=%d) = %q, want %q", tc.lang, tc.id, tc.n, got, tc.want)
		}
	}
}

// Messages without arguments are kept after their first translation: the kept text is the
// translation in the asked language, an unknown id still shows itself (and is not kept), and
// a message with arguments is still filled in every time.
func TestPlainMessagesKept(t *testing.T) {
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if nl, en := c.T("nl", "login.title"), c.T("en", "login.title"); nl == en || nl == "login.title" || en == "login.title" {
			t.Errorf("login.title: nl %q, en %q", nl, en)
		}
		if got := c.T("en", "no.such.message"); got != "no.such.message" {
			t.Errorf("unknown id: %q", got)
		}
		if got := c.T("nl", "content.lesson.done_on", "Date", "1 december 2026"); !strings.Contains(got, "1 december 2026") {
			t.Errorf("with arguments: %q", got)
		}
	}
	n := 0
	c.plain.Range(func(k, v any) bool { n++; return true })
	if n != 2 {
		t.Errorf("kept %d messages, want login.title in nl and en", n)
	}
}
