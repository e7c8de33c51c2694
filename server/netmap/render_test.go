package netmap

import (
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"
)

// svgNode is a parsed element of a drawing, for queries in tests.
type svgNode struct {
	Name string
	Attr map[string]string
	Text string
	Kids []*svgNode
	Up   *svgNode
}

func parseSVG(t *testing.T, s string) *svgNode {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(s))
	root := &svgNode{Name: "#doc"}
	cur := root
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, s)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			n := &svgNode{Name: tk.Name.Local, Attr: map[string]string{}, Up: cur}
			for _, a := range tk.Attr {
				n.Attr[a.Name.Local] = a.Value
			}
			cur.Kids = append(cur.Kids, n)
			cur = n
		case xml.EndElement:
			cur = cur.Up
		case xml.CharData:
			cur.Text += string(tk)
		}
	}
	return root
}

func (n *svgNode) all(pred func(*svgNode) bool) []*svgNode {
	var out []*svgNode
	for _, k := range n.Kids {
		if pred(k) {
			out = append(out, k)
		}
		out = append(out, k.all(pred)...)
	}
	return out
}

func hasClass(cls string) func(*svgNode) bool {
	return func(n *svgNode) bool {
		for _, c := range strings.Fields(n.Attr["class"]) {
			if c == cls {
				return true
			}
		}
		return false
	}
}

func testOptions() Options {
	return Options{Title: "Netwerkkaart", Centre: "ik", Legend: map[string]string{"support": "steun", "stress": "spanning", "stressful": "belastend", "close": "intiem", "circles": "cirkels", "marker": "persoon"}}
}

func TestRenderDrawsEveryPartFromJSON(t *testing.T) {
	m := validMap()
	m.People[1].Quality = QualityMin
	m.People = append(m.People, Person{ID: "x", Label: `<script>alert("x")</script>`, Sector: "friends", Circle: 2, Quality: 3})
	out := Render(m, testOptions())
	doc := parseSVG(t, out)
	if strings.Contains(out, "style=") || strings.Contains(out, "<script") {
		t.Fatalf("style attribute or unescaped script in the drawing:\n%s", out)
	}
	svg := doc.Kids[0]
	if svg.Name != "svg" || svg.Attr["viewBox"] != "0 0 1100 860" || svg.Attr["role"] != "img" {
		t.Fatalf("root %s %v", svg.Name, svg.Attr)
	}
	if got := len(doc.all(func(n *svgNode) bool { return n.Name == "circle" && n.Up.Attr["class"] == "nm-rings" })); got != Circles {
		t.Errorf("%d circles of closeness, want %d", got, Circles)
	}
	if got := len(doc.all(hasClass("nm-sector"))); got != len(m.Sectors) {
		t.Errorf("%d sector labels, want %d", got, len(m.Sectors))
	}
	people := doc.all(hasClass("nm-person"))
	if len(people) != 3 {
		t.Fatalf("%d people drawn, want 3", len(people))
	}
	pos := Layout(m)
	for i, p := range people {
		id := m.People[i].ID
		want := pos[id]
		var x, y float64
		if _, err := fmtSscanf(p.Attr["transform"], &x, &y); err != nil || x != want.X || y != want.Y {
			t.Errorf("%s: transform %q, want translate(%g %g)", id, p.Attr["transform"], want.X, want.Y)
		}
		if _, ok := p.Attr["tabindex"]; ok {
			t.Errorf("%s: focusable outside the editor", id)
		}
	}
	// Shapes differ between sectors (colour is not the only signal); the stressful outline is dashed.
	d := func(n *svgNode) string { return n.all(func(k *svgNode) bool { return k.Name == "path" })[0].Attr["d"] }
	if d(people[0]) == d(people[1]) {
		t.Errorf("people of sectors origin and neighbours have the same shape")
	}
	if dash := people[1].all(func(k *svgNode) bool { return k.Name == "path" })[0].Attr["stroke-dasharray"]; dash == "" {
		t.Errorf("a stressful relationship has no dashed outline")
	}
	if txt := people[2].all(func(k *svgNode) bool { return k.Name == "text" })[0].Text; txt != `<script>alert("…` {
		t.Errorf("long label drawn as %q", txt)
	}
	stress := doc.all(hasClass("nm-line--stress"))
	support := doc.all(hasClass("nm-line--support"))
	if len(stress) != 1 || len(support) != 1 {
		t.Fatalf("lines: %d stress, %d support", len(stress), len(support))
	}
	if support[0].Attr["x1"] != "550" || support[0].Attr["y1"] != "380" {
		t.Errorf("a line from the client does not start in the centre: %v", support[0].Attr)
	}
	if stress[0].Attr["stroke-dasharray"] == "" {
		t.Error("a stress line is not dashed")
	}
}

func fmtSscanf(s string, x, y *float64) (int, error) {
	var n int
	var err error
	s = strings.TrimSuffix(strings.TrimPrefix(s, "translate("), ")")
	parts := strings.Fields(s)
	if len(parts) != 2 {
		return 0, io.ErrUnexpectedEOF
	}
	for i, p := range parts {
		var v float64
		if _, err = fmtParse(p, &v); err != nil {
			return n, err
		}
		if i == 0 {
			*x = v
		} else {
			*y = v
		}
		n++
	}
	return n, nil
}

func TestRenderEditableMarkersAreFocusableButtons(t *testing.T) {
	o := testOptions()
	o.Editable = true
	o.IDPrefix = "now-"
	o.Describe = func(p Person, s Sector) string { return p.Label + ", " + s.Label }
	doc := parseSVG(t, Render(validMap(), o))
	if role := doc.Kids[0].Attr["role"]; role != "group" {
		t.Errorf("editable drawing has role %q; an img hides its buttons from assistive technology", role)
	}
	people := doc.all(hasClass("nm-person"))
	for _, p := range people {
		if p.Attr["tabindex"] != "0" || p.Attr["role"] != "button" || !strings.HasPrefix(p.Attr["id"], "now-p-") || p.Attr["aria-describedby"] != "now-keys" {
			t.Errorf("marker %v", p.Attr)
		}
	}
	if got := people[0].Attr["aria-label"]; got != "moeder, sector origin" {
		t.Errorf("aria-label %q", got)
	}
}

// Markers stay inside their sector and circle, however many share a cell.
func TestLayoutKeepsPeopleInTheirCell(t *testing.T) {
	m := validMap()
	m.People = nil
	for c := 1; c <= Circles; c++ {
		for i := 0; i < 6; i++ {
			m.People = append(m.People, Person{ID: "p" + itoa(c) + itoa(i), Label: "x", Sector: m.Sectors[i%len(m.Sectors)].ID, Circle: c, Quality: 3})
		}
	}
	pos := Layout(m)
	for _, p := range m.People {
		pt := pos[p.ID]
		dx, dy := pt.X-centreX, pt.Y-centreY
		r := math.Hypot(dx, dy)
		inner := float64(ringIk)
		if p.Circle > 1 {
			inner = ringRadii[p.Circle-2]
		}
		if r <= inner || r >= ringRadii[p.Circle-1] {
			t.Errorf("%s at r=%.1f, outside circle %d (%.0f..%.0f)", p.ID, r, p.Circle, inner, ringRadii[p.Circle-1])
		}
		a := math.Atan2(dy, dx)
		for a < -math.Pi/2 {
			a += 2 * math.Pi
		}
		var si int
		for i, s := range m.Sectors {
			if s.ID == p.Sector {
				si = i
			}
		}
		start, width := sectorAngles(si, len(m.Sectors))
		if a <= start || a >= start+width {
			t.Errorf("%s at angle %.2f, outside sector %d (%.2f..%.2f)", p.ID, a, si, start, start+width)
		}
	}
}

func fmtParse(s string, v *float64) (int, error) { return fmt.Sscan(s, v) }
