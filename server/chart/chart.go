// Package chart lays out small server-rendered charts: it turns series of percentages into the
// coordinates an SVG template draws, so pages need no chart service and no script and work
// under a strict CSP. Each series gets its own dash pattern and marker and a direct label at its
// end, so colour is never the only way to tell lines apart. No HTTP, no SQL, no state.
package chart

import (
	"fmt"
	"sort"
	"strings"
)

// Size of the drawing in SVG user units; the SVG scales to its container.
const (
	Width      = 560
	Height     = 300
	plotLeft   = 44
	plotTop    = 16
	plotBottom = 256
	labelRoom  = 200 // right of the plot, for the direct labels
	maxLabel   = 16  // runes of a series name in its direct label (the title and table carry it whole)
	minGap     = 16  // vertical distance between two direct labels
)

// dashes are the stroke patterns of series 0, 1, 2, … (repeating); "" is a solid line.
var dashes = [...]string{"", "8 4", "2 4", "12 4 2 4", "4 4"}

// markers are the point shapes of series 0, 1, 2, … (repeating).
var markers = [...]string{"circle", "square", "triangle", "diamond", "cross"}

// Series is one named line of percentages (0–100), one value per label.
type Series struct {
	Name   string
	Values []int
}

// Line is a laid-out line chart.
type Line struct {
	Width, Height int
	Left, Right   float64 // the plot's horizontal extent
	Top, Bottom   float64 // the plot's vertical extent
	XTicks        []Tick
	YTicks        []Tick
	Series        []LineSeries
}

// Tick is one axis label at a position (x for the horizontal axis, y for the vertical one).
type Tick struct {
	Pos   float64
	Label string
}

// LineSeries is one laid-out series.
type LineSeries struct {
	Index  int
	Name   string
	Points string // "x,y x,y …" for <polyline points>
	Dash   string // stroke-dasharray, "" for solid
	Marker string // circle | square | triangle | diamond | cross
	Marks  []Mark
	LabelX float64
	LabelY float64
	Label  string // "Name 40%"
}

// Mark is one data point.
type Mark struct {
	X, Y  float64
	Value int
	Path  string // the marker's outline as an SVG path
}

// NewLine lays out series over the x labels; every labels a tick on every n-th point (and the
// last one).
func NewLine(labels []string, series []Series, every int) Line {
	l := Line{Width: Width, Height: Height, Left: plotLeft, Right: Width - labelRoom, Top: plotTop, Bottom: plotBottom}
	n := len(labels)
	if every < 1 {
		every = 1
	}
	x := func(i int) float64 {
		if n <= 1 {
			return l.Left
		}
		return l.Left + float64(i)*(l.Right-l.Left)/float64(n-1)
	}
	y := func(v int) float64 {
		v = max(0, min(v, 100))
		return l.Bottom - float64(v)*(l.Bottom-l.Top)/100
	}
	for i, lab := range labels {
		if (n-1-i)%every == 0 { // counted from the last point, which always has its label
			l.XTicks = append(l.XTicks, Tick{Pos: x(i), Label: lab})
		}
	}
	for _, v := range []int{0, 25, 50, 75, 100} {
		l.YTicks = append(l.YTicks, Tick{Pos: y(v), Label: fmt.Sprintf("%d%%", v)})
	}
	for si, s := range series {
		ls := LineSeries{Index: si, Name: s.Name, Dash: dashes[si%len(dashes)], Marker: markers[si%len(markers)]}
		var pts []string
		for i, v := range s.Values {
			if i >= n {
				break
			}
			m := Mark{X: x(i), Y: y(v), Value: v}
			m.Path = markerPath(ls.Marker, m.X, m.Y)
			ls.Marks = append(ls.Marks, m)
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", m.X, m.Y))
		}
		ls.Points = strings.Join(pts, " ")
		if len(ls.Marks) > 0 {
			last := ls.Marks[len(ls.Marks)-1]
			ls.LabelX, ls.LabelY = l.Right+10, last.Y+5
			ls.Label = fmt.Sprintf("%s %d%%", shorten(s.Name, maxLabel), last.Value)
		}
		l.Series = append(l.Series, ls)
	}
	spreadLabels(l.Series, l.Top+5, l.Bottom+5)
	return l
}

// spreadLabels moves direct labels apart vertically so none overlaps another, keeping their
// order and staying within [top, bottom] where the room allows.
func spreadLabels(ss []LineSeries, top, bottom float64) {
	idx := make([]int, len(ss))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return ss[idx[a]].LabelY < ss[idx[b]].LabelY })
	prev := top - minGap
	for _, i := range idx {
		ss[i].LabelY = max(ss[i].LabelY, prev+minGap)
		prev = ss[i].LabelY
	}
	// Pushed past the bottom: shift the stack up from the end.
	next := bottom + minGap
	for k := len(idx) - 1; k >= 0; k-- {
		i := idx[k]
		ss[i].LabelY = min(ss[i].LabelY, next-minGap)
		next = ss[i].LabelY
	}
}

// markerPath draws a marker of about 8 units around (x, y).
func markerPath(kind string, x, y float64) string {
	const r = 4.0
	switch kind {
	case "square":
		return fmt.Sprintf("M%.1f %.1fh%.1fv%.1fh%.1fz", x-r, y-r, 2*r, 2*r, -2*r)
	case "triangle":
		return fmt.Sprintf("M%.1f %.1fL%.1f %.1fL%.1f %.1fz", x, y-r-1, x+r+1, y+r, x-r-1, y+r)
	case "diamond":
		return fmt.Sprintf("M%.1f %.1fL%.1f %.1fL%.1f %.1fL%.1f %.1fz", x, y-r-1, x+r+1, y, x, y+r+1, x-r-1, y)
	case "cross":
		return fmt.Sprintf("M%.1f %.1fL%.1f %.1fM%.1f %.1fL%.1f %.1f", x-r, y-r, x+r, y+r, x-r, y+r, x+r, y-r)
	default: // circle
		return fmt.Sprintf("M%.1f %.1fa%.1f %.1f 0 1 0 %.1f 0a%.1f %.1f 0 1 0 %.1f 0", x-r, y, r, r, 2*r, r, r, -2*r)
	}
}

// shorten cuts a name to at most n runes, ending in "…" when cut.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
