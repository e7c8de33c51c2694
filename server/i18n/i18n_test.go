package i18n

import "testing"

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

func TestMatchAndTranslate(t *testing.T) {
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ header, want string }{
		{"", "nl"},
		{"en-GB,en;q=0.9", "en"},
		{"nl-BE", "nl"},
		{"de-DE", "nl"},
		{"de-DE,en;q=0.5", "en"},
		{"garbage;;", "nl"},
	} {
		if got := c.Match(tc.header); got != tc.want {
			t.Errorf("Match(%q) = %q, want %q", tc.header, got, tc.want)
		}
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

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}
