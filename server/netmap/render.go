package netmap

import (
	"fmt"
	"html"
	"math"
	"strings"
	"unicode/utf8"
)

// The drawing's geometry. static/js/netmap.js draws with the same numbers (it redraws the map
// as the form changes), so change them together.
const (
	viewW, viewH = 1100, 860
	centreX      = 550
	centreY      = 380
	ringIk       = 42  // the client's disc
	ringOuter    = 310 // the outer circle; sector labels sit just outside
	labelRunes   = 16  // longer labels are shortened on the drawing; the title keeps all
	sectorRunes  = 20  // sector labels have more room
)

// ringRadii are the outer edges of circles 1, 2 and 3.
var ringRadii = [Circles]float64{140, 228, ringOuter}

// shapes are the marker of each sector, by its position on the map: the shape says the
// sector without colour. Paths are centred on 0,0.
var shapes = [MaxSectors]string{
	"M0-11A11 11 0 1 1 0 11A11 11 0 1 1 0-11Z", // circle
	"M-10-10H10V10H-10Z",                       // square
	"M0-12L11 9H-11Z",                          // triangle
	"M0-13L13 0L0 13L-13 0Z",                   // diamond
	"M0 12L11-9H-11Z",                          // triangle down
	"M-6-11H6L12 0L6 11H-6L-12 0Z",             // hexagon
	"M0-13L3.5-4.5L12.5-4L5.5 2L8 11L0 6L-8 11L-5.5 2L-12.5-4L-3.5-4.5Z", // star
	"M-4-12H4V-4H12V4H4V12H-4V4H-12V-4H-4Z",                              // plus
	"M0-12L11.5-3.5L7 10H-7L-11.5-3.5Z",                                  // pentagon
	"M-5-12H5L12-5V5L5 12H-5L-12 5V-5Z",                                  // octagon
}

// palette gives each sector a colour as a second signal (never the only one), readable with
// the black labels beside it.
var palette = [MaxSectors]string{"#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#6b6b6b", "#b59f00", "#7b4ea3", "#8c564b"}

// Options are the words of a drawing in the interface language, and how it is used.
type Options struct {
	Title    string            // the accessible name, also the heading of a downloaded file
	Centre   string            // the word in the middle ("ik")
	Legend   map[string]string // "support", "stress", "stressful", "close", "circle1".."circle3"
	IDPrefix string            // makes element ids unique when a page shows two maps
	Editable bool              // markers are focusable buttons for the editor's keyboard moves
	Describe func(Person, Sector) string
}

// Point is a position on the drawing.
type Point struct{ X, Y float64 }

// sectorAngles returns the start angle of sector i of n and its width, in radians, clockwise
// from the top.
func sectorAngles(i, n int) (start, width float64) {
	width = 2 * math.Pi / float64(n)
	return -math.Pi/2 + float64(i)*width, width
}

func polar(r, a float64) Point {
	return Point{X: round1(centreX + r*math.Cos(a)), Y: round1(centreY + r*math.Sin(a))}
}

// round1 keeps one decimal (the script does the same), so the drawing is stable text.
func round1(v float64) float64 { return math.Round(v*10) / 10 }

// Layout places every person: people of one sector and circle are spread evenly over the
// sector's angle in the middle of their circle, every other one a little further out when
// there are more than two, so labels do not overlap.
func Layout(m Map) map[string]Point {
	n := len(m.Sectors)
	idx := map[string]int{}
	for i, s := range m.Sectors {
		idx[s.ID] = i
	}
	type cell struct{ sector, circle int }
	cells := map[cell][]string{}
	for _, p := range m.People {
		c := cell{idx[p.Sector], clampCircle(p.Circle)}
		cells[c] = append(cells[c], p.ID)
	}
	out := make(map[string]Point, len(m.People))
	for c, ids := range cells {
		start, width := sectorAngles(c.sector, n)
		inner := float64(ringIk)
		if c.circle > 1 {
			inner = ringRadii[c.circle-2]
		}
		outer := ringRadii[c.circle-1]
		// As many markers side by side as the arc in the middle of the cell holds (a label is
		// about 80 units wide), in as many rows as needed.
		perRow := int(math.Floor((inner + outer) / 2 * width / 80))
		if perRow < 1 {
			perRow = 1
		}
		k := len(ids)
		rows := (k + perRow - 1) / perRow
		for j, id := range ids {
			row, col := j/perRow, j%perRow
			inRow := k - row*perRow
			if inRow > perRow {
				inRow = perRow
			}
			r := (inner + outer) / 2
			if rows > 1 {
				r = inner + 16 + (outer-inner-32)*float64(row)/float64(rows-1)
			}
			out[id] = polar(r, start+width*float64(col+1)/float64(inRow+1))
		}
	}
	return out
}

func clampCircle(c int) int {
	if c < 1 {
		return 1
	}
	if c > Circles {
		return Circles
	}
	return c
}

// Short cuts a label for the drawing, with an ellipsis.
func Short(label string) string { return shorten(label, labelRunes) }

func shorten(label string, n int) string {
	if utf8.RuneCountInString(label) <= n {
		return label
	}
	r := []rune(label)
	return string(r[:n-1]) + "…"
}

func esc(s string) string { return html.EscapeString(s) }

// Render draws the map as an SVG document fragment (an <svg> element with its namespace, so
// the same bytes are a downloadable file). Everything is placed with attributes (transform,
// x, y, presentation attributes), never style attributes, so it is allowed under Kring's
// Content-Security-Policy and looks the same outside the page.
func Render(m Map, o Options) string {
	var b strings.Builder
	p := o.IDPrefix
	// A picture is one image to assistive technology; in the editor it is a group, because
	// the children of an image are hidden from them and the markers there are buttons.
	role := "img"
	if o.Editable {
		role = "group"
	}
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="nm-svg" width="%d" height="%d" viewBox="0 0 %d %d" role="%s" aria-labelledby="%stitle" font-family="sans-serif" data-netmap-svg="">`, viewW, viewH, viewW, viewH, role, p)
	fmt.Fprintf(&b, `<title id="%stitle">%s</title>`, p, esc(o.Title))
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#ffffff"/>`, viewW, viewH)
	// Circles, outermost first so the inner ones are drawn on top.
	b.WriteString(`<g class="nm-rings">`)
	fills := [Circles]string{"#eef3f8", "#f5f8fb", "#fbfcfd"}
	for c := Circles; c >= 1; c-- {
		fmt.Fprintf(&b, `<circle cx="%d" cy="%d" r="%g" fill="%s" stroke="#5b6b7b" stroke-width="1.5"/>`, centreX, centreY, ringRadii[c-1], fills[c-1])
	}
	b.WriteString(`</g>`)
	n := len(m.Sectors)
	b.WriteString(`<g class="nm-sectors">`)
	for i, s := range m.Sectors {
		start, width := sectorAngles(i, n)
		if n > 1 {
			a, z := polar(ringIk, start), polar(ringOuter, start)
			fmt.Fprintf(&b, `<line x1="%g" y1="%g" x2="%g" y2="%g" stroke="#5b6b7b" stroke-width="1"/>`, a.X, a.Y, z.X, z.Y)
		}
		mid := start + width/2
		lp := polar(ringOuter+18, mid)
		anchor, tx, ty, sy := "middle", 0.0, 30.0, 0.0
		switch c, sn := math.Cos(mid), math.Sin(mid); {
		case c > 0.3:
			anchor, tx, ty = "start", 16, 5
		case c < -0.3:
			anchor, tx, ty = "end", -16, 5
		case sn < 0:
			ty, sy = -4, -30
		}
		fmt.Fprintf(&b, `<g class="nm-sector" transform="translate(%g %g)"><path d="%s" fill="%s" stroke="#1a1a1a" transform="translate(0 %g) scale(0.7)"/><text x="%g" y="%g" text-anchor="%s" font-size="16" fill="#1a1a1a">%s</text></g>`,
			lp.X, lp.Y, shapes[i%MaxSectors], palette[i%MaxSectors], sy, tx, ty, anchor, esc(shorten(s.Label, sectorRunes)))
	}
	b.WriteString(`</g>`)
	pos := Layout(m)
	at := func(id string) Point {
		if id == Centre {
			return Point{centreX, centreY}
		}
		return pos[id]
	}
	b.WriteString(`<g class="nm-lines">`)
	for _, l := range m.Lines {
		if _, ok := pos[l.From]; !ok && l.From != Centre {
			continue
		}
		if _, ok := pos[l.To]; !ok && l.To != Centre {
			continue
		}
		a, z := at(l.From), at(l.To)
		if l.Kind == "stress" {
			fmt.Fprintf(&b, `<line class="nm-line nm-line--stress" x1="%g" y1="%g" x2="%g" y2="%g" stroke="#b3261e" stroke-width="3" stroke-dasharray="8 5"/>`, a.X, a.Y, z.X, z.Y)
		} else {
			fmt.Fprintf(&b, `<line class="nm-line nm-line--support" x1="%g" y1="%g" x2="%g" y2="%g" stroke="#1a1a1a" stroke-width="3"/>`, a.X, a.Y, z.X, z.Y)
		}
	}
	b.WriteString(`</g>`)
	fmt.Fprintf(&b, `<g class="nm-centre" transform="translate(%d %d)"><circle r="%d" fill="#1a1a1a"/><text y="6" text-anchor="middle" font-size="18" font-weight="bold" fill="#ffffff">%s</text></g>`, centreX, centreY, ringIk, esc(o.Centre))
	sidx := map[string]int{}
	for i, s := range m.Sectors {
		sidx[s.ID] = i
	}
	b.WriteString(`<g class="nm-people">`)
	for _, person := range m.People {
		pt := pos[person.ID]
		i := sidx[person.Sector]
		sec, _ := m.SectorByID(person.Sector)
		desc := person.Label
		if o.Describe != nil {
			desc = o.Describe(person, sec)
		}
		fmt.Fprintf(&b, `<g class="nm-person" id="%sp-%s" data-id="%s" transform="translate(%g %g)"`, p, esc(person.ID), esc(person.ID), pt.X, pt.Y)
		if o.Editable {
			fmt.Fprintf(&b, ` tabindex="0" role="button" aria-roledescription="%s" aria-label="%s" aria-describedby="%skeys"`, esc(o.Legend["marker"]), esc(desc), p)
		}
		b.WriteString(`>`)
		if !o.Editable {
			fmt.Fprintf(&b, `<title>%s</title>`, esc(desc))
		}
		stroke, width, dash := "#1a1a1a", "1.5", ""
		switch person.Quality {
		case QualityMin:
			stroke, width, dash = "#b3261e", "3", ` stroke-dasharray="4 3"`
		case QualityMax:
			width = "3.5"
		}
		fmt.Fprintf(&b, `<circle class="nm-focus" r="19" fill="none"/><path d="%s" fill="%s" stroke="%s" stroke-width="%s"%s/>`, shapes[i%MaxSectors], palette[i%MaxSectors], stroke, width, dash)
		fmt.Fprintf(&b, `<text y="30" text-anchor="middle" font-size="16" fill="#1a1a1a" stroke="#ffffff" stroke-width="3" paint-order="stroke">%s</text>`, esc(Short(person.Label)))
		b.WriteString(`</g>`)
	}
	b.WriteString(`</g>`)
	renderLegend(&b, o)
	b.WriteString(`</svg>`)
	return b.String()
}

// renderLegend explains lines and outlines at the foot of the drawing; sectors explain
// themselves by their labels around the circle, with their shape.
func renderLegend(b *strings.Builder, o Options) {
	l := o.Legend
	fmt.Fprintf(b, `<g class="nm-legend" transform="translate(60 %d)" font-size="14" fill="#1a1a1a">`, ringOuter+centreY+75)
	fmt.Fprintf(b, `<line x1="0" y1="0" x2="40" y2="0" stroke="#1a1a1a" stroke-width="3"/><text x="48" y="5">%s</text>`, esc(l["support"]))
	fmt.Fprintf(b, `<line x1="190" y1="0" x2="230" y2="0" stroke="#b3261e" stroke-width="3" stroke-dasharray="8 5"/><text x="238" y="5">%s</text>`, esc(l["stress"]))
	fmt.Fprintf(b, `<circle cx="400" cy="0" r="10" fill="#ffffff" stroke="#b3261e" stroke-width="3" stroke-dasharray="4 3"/><text x="418" y="5">%s</text>`, esc(l["stressful"]))
	fmt.Fprintf(b, `<circle cx="580" cy="0" r="10" fill="#ffffff" stroke="#1a1a1a" stroke-width="3.5"/><text x="598" y="5">%s</text>`, esc(l["close"]))
	fmt.Fprintf(b, `<text x="0" y="32">%s</text>`, esc(l["circles"]))
	b.WriteString(`</g>`)
}
