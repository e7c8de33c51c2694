// Package export writes the spreadsheets people download from Kring. A CSV opens with a double
// click in Excel with Dutch settings: UTF-8 with a byte-order mark, ';' between cells. Every
// cell a spreadsheet could read as a formula is neutralised, so an exported text can never run.
package export

import (
	"encoding/csv"
	"io"
	"strings"
)

// CSV writes rows of cells to w in Kring's CSV dialect.
type CSV struct {
	w   *csv.Writer
	err error
}

// NewCSV starts a CSV file on w with the byte-order mark Excel needs to read UTF-8.
func NewCSV(w io.Writer) *CSV {
	_, err := io.WriteString(w, "\uFEFF")
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	return &CSV{w: cw, err: err}
}

// Row writes one row; every cell is neutralised first.
func (c *CSV) Row(cells ...string) {
	if c.err != nil {
		return
	}
	out := make([]string, len(cells))
	for i, v := range cells {
		out[i] = Neutralise(v)
	}
	c.err = c.w.Write(out)
}

// Close flushes the rows and reports the first error.
func (c *CSV) Close() error {
	c.w.Flush()
	if c.err != nil {
		return c.err
	}
	return c.w.Error()
}

// Neutralise makes a cell inert: a value a spreadsheet would read as a formula (one that starts
// with = + - @, a tab or a carriage return) gets a leading apostrophe, which spreadsheets show
// as text. OWASP's advice for CSV injection.
func Neutralise(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}
