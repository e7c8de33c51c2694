package chart

import (
	"strings"
	"testing"
)

func TestNewLine(t *testing.T) {
	labels := []string{"jan", "feb", "mrt", "apr", "mei"}
	l := NewLine(labels, []Series{{"Totaal", []int{0, 25, 50, 100, 40}}, {"Team A", []int{0, 20, 50, 90, 41}}}, 2)
	if len(l.XTicks) != 3 || l.XTicks[0].Label != "jan" || l.XTicks[1].Label != "mrt" || l.XTicks[2].Label != "mei" || l.XTicks[2].Pos != l.Right {
		t.Errorf("x ticks %+v", l.XTicks)
	}
	if len(l.YTicks) != 5 || l.YTicks[0].Pos != l.Bottom || l.YTicks[4].Pos != l.Top || l.YTicks[4].Label != "100%" {
		t.Errorf("y ticks %+v", l.YTicks)
	}
	a, b := l.Series[0], l.Series[1]
	if a.Dash == b.Dash || a.Marker == b.Marker {
		t.Error("two series look alike apart from colour")
	}
	if len(a.Marks) != 5 || a.Marks[3].Y != l.Top || a.Marks[0].Y != l.Bottom || a.Marks[0].X != l.Left {
		t.Errorf("marks %+v", a.Marks)
	}
	if strings.Count(a.Points, ",") != 5 {
		t.Errorf("points %q", a.Points)
	}
	if a.Label != "Totaal 40%" || b.Label != "Team A 41%" {
		t.Errorf("labels %q %q", a.Label, b.Label)
	}
	// 40% and 41% end almost at the same height: the labels are pushed apart.
	if d := a.LabelY - b.LabelY; d < minGap && -d < minGap {
		t.Errorf("labels %v and %v overlap", a.LabelY, b.LabelY)
	}
}

func TestLabelsStayInsideWhenCrowdedAtTheBottom(t *testing.T) {
	var ss []Series
	for range 4 {
		ss = append(ss, Series{"x", []int{0, 0}})
	}
	l := NewLine([]string{"a", "b"}, ss, 1)
	for _, s := range l.Series {
		if s.LabelY > l.Bottom+5 {
			t.Errorf("label at %v below the plot (%v)", s.LabelY, l.Bottom)
		}
	}
}

func TestLongNamesAreShortenedInTheDirectLabel(t *testing.T) {
	l := NewLine([]string{"a"}, []Series{{"Sociaal Team Noorderkwartier", []int{20}}}, 1)
	if got := l.Series[0].Label; got != "Sociaal Team No… 20%" {
		t.Errorf("label %q", got)
	}
	if l.Series[0].Name != "Sociaal Team Noorderkwartier" {
		t.Error("the name itself was cut")
	}
}
