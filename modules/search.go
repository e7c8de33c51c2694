package modules

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// QuestionFilter narrows the question bank the way the /vragen page does:
// free text plus optional tag filters. Zero values mean "any".
type QuestionFilter struct {
	// Query is free text; every word must occur in the question's text,
	// note or tag labels, ignoring case and diacritics.
	Query string
	// Phase, Type and Situation are tag ids from tags.yaml.
	Phase     string
	Type      string
	Situation string
}

// SearchQuestions returns the bank questions matching f, in the catalogue's
// stable order (phase order of tags.yaml, then id). Professionals type
// "client" for "cliënt", so matching ignores case and diacritics.
func (c *Catalog) SearchQuestions(f QuestionFilter) []*Question {
	words := strings.Fields(fold(f.Query))
	out := make([]*Question, 0, len(c.Questions))
	for _, q := range c.Questions {
		if f.Phase != "" && q.Phase != f.Phase {
			continue
		}
		if f.Type != "" && q.Type != f.Type {
			continue
		}
		if f.Situation != "" && !contains(q.Situations, f.Situation) {
			continue
		}
		match := true
		for _, w := range words {
			if !strings.Contains(q.search, w) {
				match = false
				break
			}
		}
		if match {
			out = append(out, q)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// searchText is precomputed at load so a search is only substring tests.
func searchText(q *Question, t Tags) string {
	parts := []string{q.Text, q.Note, t.PhaseLabel(q.Phase), t.TypeLabel(q.Type)}
	for _, s := range q.Situations {
		parts = append(parts, t.SituationLabel(s))
	}
	return " " + strings.Join(strings.Fields(fold(strings.Join(parts, " "))), " ") + " "
}

// fold lower-cases s, strips diacritics (é, ë -> e) and turns punctuation
// into spaces, so that text and queries compare on letters alone.
func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// combining mark left over from decomposition: drop it
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		default:
			b.WriteByte(' ')
		}
	}
	return b.String()
}
