package server

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/xuri/excelize/v2"
)

// What the CSV and XLSX exports share: one table (typed columns, rows of values) written either
// way, and one rule for text a spreadsheet could run as a formula.

// colKind is how a column's values are typed in a spreadsheet.
type colKind int

const (
	colText   colKind = iota // string
	colDate                  // time.Time; zero is an empty cell
	colNumber                // float64, e.g. study hours
	colInt                   // int
)

// exportTable is what an export writes: a header row and typed rows.
type exportTable struct {
	Sheet   string
	Headers []string
	Kinds   []colKind
	Rows    [][]any
}

// safeCell neutralises text a spreadsheet could read as a formula or a command: a value that
// starts with = + - @, a tab or a carriage return gets a leading apostrophe, so Excel and
// LibreOffice show it as text. Both export formats use it for every text cell.
func safeCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// writeCSV writes t as CSV for a spreadsheet opened with Dutch settings: UTF-8 with a BOM (so
// Excel reads the accents), ';' between fields, decimal commas, dates as yyyy-mm-dd.
func writeCSV(w io.Writer, t exportTable, loc *time.Location) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	head := make([]string, len(t.Headers))
	for i, h := range t.Headers {
		head[i] = safeCell(h)
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	rec := make([]string, len(t.Headers))
	for _, row := range t.Rows {
		for i, v := range row {
			rec[i] = csvValue(v, t.Kinds[i], loc)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func csvValue(v any, k colKind, loc *time.Location) string {
	switch k {
	case colDate:
		if tm, _ := v.(time.Time); !tm.IsZero() {
			return tm.In(loc).Format("2006-01-02")
		}
		return ""
	case colNumber:
		if f, ok := v.(float64); ok {
			return formatHours("nl", f)
		}
		return ""
	case colInt:
		if n, ok := v.(int); ok {
			return strconv.Itoa(n)
		}
		return ""
	default:
		s, _ := v.(string)
		return safeCell(s)
	}
}

// writeXLSX writes t as a workbook through excelize's StreamWriter (rows go straight to the
// file, so a municipality-wide export does not build a sheet in memory): typed cells (dates
// as dates, hours as numbers), the header row frozen and an autofilter on it.
func writeXLSX(w io.Writer, t exportTable, loc *time.Location) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := t.Sheet
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	dateFmt := "dd-mm-yyyy"
	date, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	num, err := f.NewStyle(&excelize.Style{NumFmt: 2}) // 0.00
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	// The autofilter is set before streaming: the stream writer then writes it with the sheet.
	// Set after Flush, excelize would parse the whole streamed sheet back and write it again,
	// which was most of a municipality-wide export's time.
	last, _ := excelize.CoordinatesToCellName(len(t.Headers), max(len(t.Rows)+1, 2))
	if err := f.AutoFilter(sheet, "A1:"+last, nil); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	for i, k := range t.Kinds {
		width := 18.0
		switch k {
		case colDate:
			width = 13
		case colNumber, colInt:
			width = 11
		}
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return fmt.Errorf("xlsx: %w", err)
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	head := make([]any, len(t.Headers))
	for i, h := range t.Headers {
		head[i] = excelize.Cell{StyleID: bold, Value: safeCell(h)}
	}
	if err := sw.SetRow("A1", head); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	cells := make([]any, len(t.Headers))
	for r, row := range t.Rows {
		for i, v := range row {
			switch t.Kinds[i] {
			case colDate:
				if tm, _ := v.(time.Time); !tm.IsZero() {
					// A calendar date in the server's zone, without a time of day.
					d := tm.In(loc)
					cells[i] = excelize.Cell{StyleID: date, Value: time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)}
				} else {
					cells[i] = nil
				}
			case colNumber:
				cells[i] = excelize.Cell{StyleID: num, Value: v}
			case colInt:
				cells[i] = v
			default:
				s, _ := v.(string)
				cells[i] = safeCell(s)
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, r+2)
		if err := sw.SetRow(cell, cells); err != nil {
			return fmt.Errorf("xlsx: %w", err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return nil
}

// sendExport answers with t as CSV or XLSX (format "csv" or "xlsx") under filename (without
// extension), as an attachment.
func (s *Server) sendExport(c *fiber.Ctx, t exportTable, filename, format string) error {
	var buf bytes.Buffer
	switch format {
	case "xlsx":
		if err := writeXLSX(&buf, t, s.cfg.Location); err != nil {
			return err
		}
		c.Set(fiber.HeaderContentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	default:
		if err := writeCSV(&buf, t, s.cfg.Location); err != nil {
			return err
		}
		c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	}
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s.%s"`, filename, format))
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(buf.Bytes())
}
