package modules

import (
	"os"
	"strings"
	"testing"
)

func TestSearchQuestions(t *testing.T) {
	c, err := Load(os.DirFS("testdata/valid"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		f    QuestionFilter
		want string // ids, comma-separated, in order
	}{
		{"empty filter: phase order of tags.yaml, then id", QuestionFilter{}, "ec-wat-gaat-goed,ec-wonder,plan-wie-bewaakt"},
		{"diacritics in text: client finds cliënt", QuestionFilter{Query: "client"}, "ec-wonder"},
		{"diacritics in query: cliënt", QuestionFilter{Query: "CLIËNT"}, "ec-wonder"},
		{"é equals e", QuestionFilter{Query: "wondér"}, "ec-wonder"},
		{"multi-word: all words must match", QuestionFilter{Query: "gaat goed"}, "ec-wat-gaat-goed"},
		{"multi-word across text and note", QuestionFilter{Query: "wonder doel"}, "ec-wonder"},
		{"multi-word, one missing", QuestionFilter{Query: "wonder plan"}, ""},
		{"words in any order, punctuation ignored", QuestionFilter{Query: "afspraken, wie?"}, "plan-wie-bewaakt"},
		{"tag label matches", QuestionFilter{Query: "weerstand"}, "ec-wat-gaat-goed"},
		{"phase label matches", QuestionFilter{Query: "eerste contact"}, "ec-wat-gaat-goed,ec-wonder"},
		{"phase filter", QuestionFilter{Phase: "plan"}, "plan-wie-bewaakt"},
		{"type filter", QuestionFilter{Type: "wondervraag"}, "ec-wonder"},
		{"situation filter", QuestionFilter{Situation: "weerstand"}, "ec-wat-gaat-goed"},
		{"filters combine", QuestionFilter{Phase: "eerste-contact", Type: "uitzonderingsvraag", Query: "ondanks"}, "ec-wat-gaat-goed"},
		{"filters exclude", QuestionFilter{Phase: "plan", Query: "wonder"}, ""},
		{"unknown filter value", QuestionFilter{Situation: "bestaat-niet"}, ""},
		{"whitespace query is empty", QuestionFilter{Query: "   "}, "ec-wat-gaat-goed,ec-wonder,plan-wie-bewaakt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ids []string
			for _, q := range c.SearchQuestions(tt.f) {
				ids = append(ids, q.ID)
			}
			if got := strings.Join(ids, ","); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Cliënt", "client"},
		{"één café", "een cafe"},
		{"Ça va", "ca va"},
		{"naïef-zijn", "naief zijn"},
	}
	for _, tt := range tests {
		if got := fold(tt.in); got != tt.want {
			t.Errorf("fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
