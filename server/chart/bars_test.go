package chart

import "testing"

func TestNewBarsScalesToTheLargestValue(t *testing.T) {
	b := NewBars("c", "Titel", "Beschrijving", []string{"Knelpunten", "Succesfactoren"}, []Row{
		{Label: "Tijd", Values: []int{10, 5}, Texts: []string{"10 knelpunten", "5 succesfactoren"}},
		{Label: "Netwerk", Values: []int{0, 1}, Texts: []string{"0 knelpunten", "1 succesfactor"}},
	})
	if len(b.Legend) != 2 || !b.Legend[1].Pattern || b.Legend[0].Pattern {
		t.Errorf("legend %+v: want two items, the second hatched", b.Legend)
	}
	if len(b.Rows) != 2 || len(b.Rows[0].Bars) != 2 {
		t.Fatalf("rows %+v", b.Rows)
	}
	full := b.Rows[0].Bars[0]
	if full.W != width-textRoom || full.TextX <= full.X+full.W || full.Text != "10 knelpunten" {
		t.Errorf("largest bar %+v: want the full span %d with its text after it", full, width-textRoom)
	}
	if half := b.Rows[0].Bars[1]; half.W != (width-textRoom)/2 || !half.Pattern {
		t.Errorf("half bar %+v: want half the span, hatched", half)
	}
	if zero := b.Rows[1].Bars[0]; zero.W != 0 || zero.Text != "0 knelpunten" {
		t.Errorf("zero bar %+v: want no bar but its text", zero)
	}
	if small := b.Rows[1].Bars[1]; small.W < 2 {
		t.Errorf("a value of 1 must stay visible: %+v", small)
	}
	last := b.Rows[1].Bars[1]
	if b.Height < last.Y+last.H || b.Rows[1].LabelY <= b.Rows[0].Bars[1].Y {
		t.Errorf("height %d and rows overlap or are cut: %+v", b.Height, b.Rows)
	}
	single := NewBars("s", "t", "d", []string{"Knelpunten"}, []Row{{Label: "Tijd", Values: []int{0}}})
	if len(single.Legend) != 0 || single.Rows[0].Bars[0].W != 0 {
		t.Errorf("one series, all zero: %+v", single)
	}
}
