package pdfdoc

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/ledongthuc/pdf"
)

// readText extracts the text of every page, as a reader's copy-paste or a register's
// checking tool would see it.
func readText(t *testing.T, b []byte) string {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a PDF a reader can open: %v", err)
	}
	var sb strings.Builder
	for i := 1; i <= r.NumPage(); i++ {
		p := r.Page(i)
		if p.V.IsNull() {
			continue
		}
		rows, err := p.GetTextByRow()
		if err != nil {
			t.Fatalf("page %d: %v", i, err)
		}
		for _, row := range rows {
			for _, w := range row.Content {
				sb.WriteString(w.S)
			}
			sb.WriteString("\n")
		}
	}
	return sb.String()
}

func TestWriteHoldsEveryNameAndRunsOntoPages(t *testing.T) {
	var rows [][]string
	for i := 0; i < 80; i++ {
		rows = append(rows, []string{fmt.Sprintf("2026-01-%02d", i%28+1), "Intervisiegroep Noord-Oost met een lange naam die afbreekt", "120"})
	}
	doc := Doc{
		Title: "Portfolio van Zoë Çelik-Ünal", Subtitle: "Sociaal Team Noorderkwartier", Footer: "Controle: K7QM-2PXD-9HTC-W4RN",
		Blocks: []Block{
			Heading{"Registratie"},
			Pairs{{"Register", "SKJ"}, {"Registratienummer", "110012345"}},
			Paragraph{Text: "Reflectie met ë, ï, ß en € — en een lange zin die over meer dan één regel loopt omdat hij zo lang is dat hij niet op een regel past."},
			Table{Columns: []Column{{Title: "Datum", Width: 1}, {Title: "Groep", Width: 3}, {Title: "Minuten", Width: 1, Right: true}}, Rows: rows},
		},
	}
	var buf bytes.Buffer
	if err := Write(&buf, doc); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatal("no PDF header")
	}
	text := readText(t, buf.Bytes())
	for _, want := range []string{"Zoë Çelik-Ünal", "110012345", "K7QM-2PXD-9HTC-W4RN", "ë, ï, ß en €", "Minuten"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF's text lacks %q", want)
		}
	}
	r, _ := pdf.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if r.NumPage() < 2 {
		t.Errorf("80 rows on %d page(s): the table must run onto a second page", r.NumPage())
	}
	if strings.Count(text, "Minuten") < 2 {
		t.Error("the table header is not repeated on the next page")
	}
}
