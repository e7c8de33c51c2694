// Bar charts: the arithmetic (positions and lengths) of a horizontal bar chart, so the template
// views/partials/chart_bars.html only places shapes and text. Each bar carries its number as a
// direct label and every series after the first is hatched, so colour is never the only signal;
// pages show the same numbers in a table next to it.

package chart

// Bars is a horizontal bar chart, one group of bars per row (a category) and one bar per series
// in each group, ready for views/partials/chart_bars.html.
type Bars struct {
	ID            string // unique on the page: prefixes the ids of the title, description and patterns
	Title, Desc   string
	Width, Height int
	Series        []BarSeries
	Rows          []BarRow
	Legend        []LegendItem // shown when there is more than one series
}

// BarSeries is one kind of bar. Index picks its colour class, and every series after the first
// also gets a pattern, so colour is never the only difference between them.
type BarSeries struct {
	Label string
	Index int
}

// BarRow is one category: its label above its bars.
type BarRow struct {
	Label  string
	LabelY int
	Bars   []Bar
}

// Bar is one bar with its value written next to it.
type Bar struct {
	Series       int
	Value        int
	Text         string
	X, Y, W, H   int
	TextX, TextY int
	Pattern      bool
}

// LegendItem is a swatch and its label.
type LegendItem struct {
	Label        string
	Series       int
	Pattern      bool
	X, Y         int
	TextX, TextY int
}

// Row is the input of one category: a value per series and the text written next to each bar
// (for instance "12 knelpunten"), so the chart reads without colour and without a legend.
type Row struct {
	Label  string
	Values []int
	Texts  []string
}

// The geometry, in SVG user units. The chart is drawn 360 wide and scales with its box, so on
// a phone (about 350 px of content) its text keeps nearly its size.
const (
	width     = 360
	textRoom  = 125 // room right of the longest bar for its label
	labelH    = 20  // a row's label line
	barH      = 16
	barGap    = 4
	rowGap    = 14
	legendH   = 28
	swatch    = 14
	legendGap = 24
)

// NewBars lays out a bar chart. Bars are scaled to the largest value; a zero value draws no bar
// but keeps its text.
func NewBars(id, title, desc string, series []string, rows []Row) Bars {
	b := Bars{ID: id, Title: title, Desc: desc, Width: width}
	for i, s := range series {
		b.Series = append(b.Series, BarSeries{Label: s, Index: i})
	}
	maxV := 0
	for _, r := range rows {
		for _, v := range r.Values {
			maxV = max(maxV, v)
		}
	}
	y := 4
	if len(series) > 1 {
		x := 0
		for i, s := range series {
			b.Legend = append(b.Legend, LegendItem{Label: s, Series: i, Pattern: i > 0, X: x, Y: y + 2,
				TextX: x + swatch + 6, TextY: y + 2 + swatch - 2})
			x += swatch + 6 + 7*len([]rune(s)) + legendGap
		}
		y += legendH
	}
	span := width - textRoom
	for _, r := range rows {
		row := BarRow{Label: r.Label, LabelY: y + labelH - 5}
		y += labelH
		for i, v := range r.Values {
			w := 0
			if maxV > 0 {
				w = v * span / maxV
			}
			if v > 0 && w < 2 {
				w = 2
			}
			text := ""
			if i < len(r.Texts) {
				text = r.Texts[i]
			}
			row.Bars = append(row.Bars, Bar{Series: i, Value: v, Text: text, X: 1, Y: y, W: w, H: barH,
				TextX: w + 7, TextY: y + barH - 4, Pattern: i > 0})
			y += barH + barGap
		}
		y += rowGap - barGap
		b.Rows = append(b.Rows, row)
	}
	b.Height = y + 4
	return b
}
