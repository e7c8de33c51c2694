package export

import (
	"bytes"
	"encoding/csv"
	"testing"
)

func TestCSVBOMSeparatorAndNeutralised(t *testing.T) {
	var buf bytes.Buffer
	w := NewCSV(&buf)
	w.Row("thema", "tekst")
	w.Row("=SUM(A1)", "+31 6")
	w.Row("-1", "@cmd")
	w.Row("\tx", "\ry")
	w.Row("gewoon; met puntkomma", "Collega's")
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	if !bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}) {
		t.Fatalf("no BOM: % x", b[:3])
	}
	// With CRLF line ends encoding/csv drops a lone CR; the apostrophe must still be there.
	if !bytes.Contains(b, []byte("\"'y\"")) {
		t.Errorf("a cell starting with CR is not neutralised: %q", b)
	}
	r := csv.NewReader(bytes.NewReader(b[3:]))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"thema", "tekst"}, {"'=SUM(A1)", "'+31 6"}, {"'-1", "'@cmd"}, {"'\tx", "'y"}, {"gewoon; met puntkomma", "Collega's"}}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d: %q", len(rows), len(want), rows)
	}
	for i := range want {
		for j := range want[i] {
			if rows[i][j] != want[i][j] {
				t.Errorf("cell %d,%d = %q, want %q", i, j, rows[i][j], want[i][j])
			}
		}
	}
}
