package server

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestWriteXLSXAutoFilter checks that the autofilter, set before the rows are streamed, lands in
// the streamed sheet itself over the whole table, and that the rows are all there.
func TestWriteXLSXAutoFilter(t *testing.T) {
	tab := exportTable{Sheet: "Blad", Headers: []string{"Naam", "Aantal", "Datum"}, Kinds: []colKind{colText, colInt, colDate}}
	for i := range 3 {
		tab.Rows = append(tab.Rows, []any{"=rij", i, time.Date(2026, 1, i+1, 12, 0, 0, 0, time.UTC)})
	}
	var buf bytes.Buffer
	if err := writeXLSX(&buf, tab, time.UTC); err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var sheetXML string
	for _, f := range z.File {
		if f.Name == "xl/worksheets/sheet1.xml" {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			sheetXML = string(b)
		}
	}
	for _, want := range []string{`<autoFilter ref="$A$1:$C$4"`, `<sheetPr filterMode="true"`, `<sheetData>`, `r="C4"`} {
		if !strings.Contains(sheetXML, want) {
			t.Errorf("sheet XML lacks %s:\n%s", want, sheetXML)
		}
	}
	x, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := x.GetRows("Blad")
	if err != nil || len(rows) != 4 || rows[3][0] != "'=rij" {
		t.Errorf("rows %q, %v", rows, err)
	}
}
