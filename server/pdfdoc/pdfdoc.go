// Package pdfdoc writes simple A4 documents (headings, paragraphs, key-value lists and tables
// that break across pages) as PDF, with the DejaVu Sans fonts embedded, so every name prints
// with its accents and the file reads the same on any computer. Kring's portfolio export and
// certificates are made with it; it knows nothing about either.
package pdfdoc

import (
	_ "embed"
	"fmt"
	"io"
	"strings"

	"github.com/signintech/gopdf"
)

//go:embed fonts/DejaVuSans.ttf
var regularTTF []byte

//go:embed fonts/DejaVuSans-Bold.ttf
var boldTTF []byte

// Doc is one document: a title, blocks in reading order, and a footer line on every page
// (a verification code and address, for instance).
type Doc struct {
	Title    string
	Subtitle string
	Author   string
	Blocks   []Block
	Footer   string
}

// Block is a part of the document: Heading, Paragraph, Pairs, Table or Image.
type Block interface{ isBlock() }

// Heading starts a section.
type Heading struct{ Text string }

// Paragraph is wrapped text; Small makes it the size of a note.
type Paragraph struct {
	Text  string
	Small bool
}

// Pairs is a list of labels with their values, like a form read back.
type Pairs [][2]string

// Column is a table column: its title, its share of the width (the shares are scaled to the
// page) and whether its figures align right.
type Column struct {
	Title string
	Width float64
	Right bool
}

// Table is a table whose header repeats on every page it runs onto.
type Table struct {
	Columns []Column
	Rows    [][]string
}

// Image is a PNG (a QR code, say) Size points wide and high, with a caption beside it.
type Image struct {
	PNG     []byte
	Size    float64
	Caption string
}

func (Heading) isBlock()   {}
func (Image) isBlock()     {}
func (Paragraph) isBlock() {}
func (Pairs) isBlock()     {}
func (Table) isBlock()     {}

const (
	margin   = 50.0
	pageW    = 595.28 // A4 in points
	pageH    = 841.89
	bodySize = 10.0
	lineGap  = 1.35
)

type writer struct {
	pdf    *gopdf.GoPdf
	y      float64
	footer string
	page   int
}

// Write renders d as PDF to w.
func Write(w io.Writer, d Doc) error {
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4, Unit: gopdf.UnitPT})
	pdf.SetInfo(gopdf.PdfInfo{Title: d.Title, Author: d.Author, Creator: "Kring"})
	if err := pdf.AddTTFFontData("sans", regularTTF); err != nil {
		return fmt.Errorf("pdfdoc: font: %w", err)
	}
	if err := pdf.AddTTFFontData("sans-bold", boldTTF); err != nil {
		return fmt.Errorf("pdfdoc: bold font: %w", err)
	}
	wr := &writer{pdf: pdf, footer: d.Footer}
	if err := wr.newPage(); err != nil {
		return err
	}
	if err := wr.text(d.Title, "sans-bold", 18, pageW-2*margin); err != nil {
		return err
	}
	if d.Subtitle != "" {
		if err := wr.text(d.Subtitle, "sans", 11, pageW-2*margin); err != nil {
			return err
		}
	}
	wr.y += 8
	for _, b := range d.Blocks {
		var err error
		switch b := b.(type) {
		case Heading:
			wr.y += 10
			wr.ensure(60)
			err = wr.text(b.Text, "sans-bold", 13, pageW-2*margin)
			wr.y += 2
		case Paragraph:
			size := bodySize
			if b.Small {
				size = 8.5
			}
			err = wr.text(b.Text, "sans", size, pageW-2*margin)
			wr.y += 4
		case Pairs:
			err = wr.pairs(b)
		case Table:
			err = wr.table(b)
		case Image:
			err = wr.image(b)
		default:
			err = fmt.Errorf("pdfdoc: unknown block %T", b)
		}
		if err != nil {
			return err
		}
	}
	if _, err := pdf.WriteTo(w); err != nil {
		return fmt.Errorf("pdfdoc: write: %w", err)
	}
	return nil
}

func (w *writer) newPage() error {
	w.pdf.AddPage()
	w.page++
	w.y = margin
	if w.footer == "" {
		return nil
	}
	if err := w.pdf.SetFont("sans", "", 8); err != nil {
		return fmt.Errorf("pdfdoc: font: %w", err)
	}
	w.pdf.SetTextColor(90, 90, 90)
	w.pdf.SetXY(margin, pageH-margin+14)
	if err := w.pdf.Cell(nil, fmt.Sprintf("%s · %d", w.footer, w.page)); err != nil {
		return fmt.Errorf("pdfdoc: footer: %w", err)
	}
	w.pdf.SetTextColor(0, 0, 0)
	return nil
}

// ensure starts a new page unless h points still fit above the footer.
func (w *writer) ensure(h float64) {
	if w.y+h > pageH-margin {
		_ = w.newPage()
	}
}

// lines wraps text to width in the given font, keeping the writer's own line breaks.
func (w *writer) lines(text, font string, size, width float64) ([]string, error) {
	if err := w.pdf.SetFont(font, "", size); err != nil {
		return nil, fmt.Errorf("pdfdoc: font: %w", err)
	}
	var out []string
	for _, para := range strings.Split(text, "\n") {
		if strings.TrimSpace(para) == "" {
			out = append(out, "")
			continue
		}
		ls, err := w.pdf.SplitTextWithWordWrap(para, width)
		if err != nil {
			return nil, fmt.Errorf("pdfdoc: wrap: %w", err)
		}
		out = append(out, ls...)
	}
	return out, nil
}

func (w *writer) text(text, font string, size, width float64) error {
	ls, err := w.lines(text, font, size, width)
	if err != nil {
		return err
	}
	lh := size * lineGap
	for _, l := range ls {
		w.ensure(lh)
		if err := w.pdf.SetFont(font, "", size); err != nil {
			return fmt.Errorf("pdfdoc: font: %w", err)
		}
		w.pdf.SetXY(margin, w.y)
		if l != "" {
			if err := w.pdf.Cell(nil, l); err != nil {
				return fmt.Errorf("pdfdoc: text: %w", err)
			}
		}
		w.y += lh
	}
	return nil
}

func (w *writer) pairs(p Pairs) error {
	keyW := 150.0
	valW := pageW - 2*margin - keyW
	lh := bodySize * lineGap
	for _, kv := range p {
		vl, err := w.lines(kv[1], "sans", bodySize, valW)
		if err != nil {
			return err
		}
		w.ensure(lh * float64(len(vl)))
		if err := w.pdf.SetFont("sans-bold", "", bodySize); err != nil {
			return fmt.Errorf("pdfdoc: font: %w", err)
		}
		w.pdf.SetXY(margin, w.y)
		if err := w.pdf.Cell(nil, kv[0]); err != nil {
			return fmt.Errorf("pdfdoc: text: %w", err)
		}
		if err := w.pdf.SetFont("sans", "", bodySize); err != nil {
			return fmt.Errorf("pdfdoc: font: %w", err)
		}
		for i, l := range vl {
			w.pdf.SetXY(margin+keyW, w.y+float64(i)*lh)
			if err := w.pdf.Cell(nil, l); err != nil {
				return fmt.Errorf("pdfdoc: text: %w", err)
			}
		}
		w.y += lh*float64(max(1, len(vl))) + 2
	}
	w.y += 4
	return nil
}

func (w *writer) table(t Table) error {
	total := 0.0
	for _, c := range t.Columns {
		total += c.Width
	}
	avail := pageW - 2*margin
	widths := make([]float64, len(t.Columns))
	for i, c := range t.Columns {
		widths[i] = c.Width / total * avail
	}
	size := 9.0
	lh := size * lineGap
	pad := 3.0
	row := func(cells []string, bold bool) error {
		font := "sans"
		if bold {
			font = "sans-bold"
		}
		wrapped := make([][]string, len(cells))
		n := 1
		for i, cell := range cells {
			ls, err := w.lines(cell, font, size, widths[i]-2*pad)
			if err != nil {
				return err
			}
			wrapped[i] = ls
			n = max(n, len(ls))
		}
		h := float64(n)*lh + 2*pad
		if w.y+h > pageH-margin {
			if err := w.newPage(); err != nil {
				return err
			}
			if !bold { // repeat the header
				hdr := make([]string, len(t.Columns))
				for i, c := range t.Columns {
					hdr[i] = c.Title
				}
				if err := w.tableRow(hdr, widths, "sans-bold", size, lh, pad, t.Columns); err != nil {
					return err
				}
			}
		}
		return w.tableRow(cells, widths, font, size, lh, pad, t.Columns)
	}
	hdr := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		hdr[i] = c.Title
	}
	w.ensure(3 * lh)
	if err := row(hdr, true); err != nil {
		return err
	}
	for _, r := range t.Rows {
		if err := row(r, false); err != nil {
			return err
		}
	}
	w.y += 6
	return nil
}

func (w *writer) tableRow(cells []string, widths []float64, font string, size, lh, pad float64, cols []Column) error {
	x := margin
	n := 1
	for i, cell := range cells {
		ls, err := w.lines(cell, font, size, widths[i]-2*pad)
		if err != nil {
			return err
		}
		n = max(n, len(ls))
		if err := w.pdf.SetFont(font, "", size); err != nil {
			return fmt.Errorf("pdfdoc: font: %w", err)
		}
		for j, l := range ls {
			lx := x + pad
			if cols[i].Right {
				tw, err := w.pdf.MeasureTextWidth(l)
				if err == nil {
					lx = x + widths[i] - pad - tw
				}
			}
			w.pdf.SetXY(lx, w.y+pad+float64(j)*lh)
			if l != "" {
				if err := w.pdf.Cell(nil, l); err != nil {
					return fmt.Errorf("pdfdoc: text: %w", err)
				}
			}
		}
		x += widths[i]
	}
	h := float64(n)*lh + 2*pad
	w.pdf.SetLineWidth(0.4)
	w.pdf.SetStrokeColor(180, 180, 180)
	w.pdf.Line(margin, w.y+h, pageW-margin, w.y+h)
	w.y += h
	return nil
}

func (w *writer) image(img Image) error {
	w.y += 6
	w.ensure(img.Size)
	h, err := gopdf.ImageHolderByBytes(img.PNG)
	if err != nil {
		return fmt.Errorf("pdfdoc: image: %w", err)
	}
	if err := w.pdf.ImageByHolder(h, margin, w.y, &gopdf.Rect{W: img.Size, H: img.Size}); err != nil {
		return fmt.Errorf("pdfdoc: image: %w", err)
	}
	top := w.y
	if img.Caption != "" {
		ls, err := w.lines(img.Caption, "sans", 8.5, pageW-2*margin-img.Size-12)
		if err != nil {
			return err
		}
		for i, l := range ls {
			w.pdf.SetXY(margin+img.Size+12, top+img.Size/2-float64(len(ls))*6+float64(i)*11)
			if err := w.pdf.Cell(nil, l); err != nil {
				return fmt.Errorf("pdfdoc: caption: %w", err)
			}
		}
	}
	w.y = top + img.Size + 6
	return nil
}
