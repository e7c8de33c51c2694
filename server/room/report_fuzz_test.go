package room_test

import (
	"bytes"
	"html"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"kring/server/room"
)

var tagRe = regexp.MustCompile(`<(/?[a-zA-Z][a-zA-Z0-9]*)`)

// reportHTML renders a report whose every person-written field is s, the way the report page
// does (goldmark with tables), and returns the HTML.
func reportHTML(s, lang string) string {
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	card := room.ReportCard{ID: 1, Text: s, Author: s, Votes: 2, Discussed: true}
	r := room.Report{Title: s, Method: s, StartedAt: at, ClosedAt: at.Add(time.Hour),
		Attendees:  []room.Attendee{{UserID: 1, Name: s, Coach: true, From: at, To: at.Add(time.Hour), Minutes: 60}},
		Cases:      []room.ReportCard{card},
		Successes:  []room.ReportCard{{ID: 2, Text: s, Theme: room.Themes()[0]}},
		Agreements: []room.ReportCard{{ID: 3, Text: s, Owner: s}},
		Scales:     []room.ScaleReport{{Question: s, N: 2, Mean: 5, Median: 5}},
	}
	var buf bytes.Buffer
	if err := goldmark.New(goldmark.WithExtensions(extension.Table)).Convert([]byte(r.Markdown(lang, time.UTC)), &buf); err != nil {
		return "render error: " + err.Error() // goldmark writes to a buffer: never expected
	}
	return buf.String()
}

// FuzzReportMarkdown: whatever people write on cards, in names and in questions, the report's
// markdown escaping keeps it text. The rendered report has exactly the elements it has with
// the text "x" (no link, image, emphasis, heading, list or raw HTML made by a person), and the
// title reads back as written.
func FuzzReportMarkdown(f *testing.F) {
	for _, s := range []string{
		"x", "[klik](https://evil.example)", "![img](x.png)", "<script>alert(1)</script>", "**vet** _schuin_ `code`",
		"# kop", "- lijst\n- item", "1. een", "> citaat", "a | b | c", "---", "&amp; &lt;", "\\*", "http://example.com",
		"<https://evil.example>", "x\n\n## nieuwe kop", "~~doorgehaald~~", "[a]: https://evil.example", "    code", "=====",
		"*", "_", "\\", "![", "<", "&", "#", "+ plus", "1) een", "     ", "",
	} {
		f.Add(s)
	}
	want := map[string]string{"nl": tags(reportHTML("x", "nl")), "en": tags(reportHTML("x", "en"))}
	f.Fuzz(func(t *testing.T, s string) {
		// The room accepts only valid UTF-8 without control characters; the report sees no other.
		if !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\t' || r == 0x7f }) {
			t.Skip()
		}
		if strings.TrimSpace(s) == "" {
			s = "x" // an empty title falls back to the method; the room refuses empty texts
		}
		for _, lang := range []string{"nl", "en"} {
			out := reportHTML(s, lang)
			if got := tags(out); got != want[lang] {
				t.Fatalf("text %q changed the report's structure:\n got %s\nwant %s\n%s", s, got, want[lang], out)
			}
			h1 := out[strings.Index(out, "<h1>")+4 : strings.Index(out, "</h1>")]
			label := map[string]string{"nl": "Verslag: ", "en": "Report: "}[lang]
			if got, w := html.UnescapeString(h1), label+strings.Join(strings.Fields(s), " "); got != w {
				t.Fatalf("title %q reads back as %q, want %q", s, got, w)
			}
		}
	})
}

func tags(h string) string {
	var b strings.Builder
	for _, m := range tagRe.FindAllStringSubmatch(h, -1) {
		b.WriteString(m[1] + " ")
	}
	return b.String()
}
