package server

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// htmlNode is a parsed page or element, so tests read HTML as HTML (elements, attributes, text)
// instead of matching raw substrings that break when attribute order changes.
type htmlNode struct{ n *html.Node }

func parseHTML(t *testing.T, body string) htmlNode {
	t.Helper()
	n, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return htmlNode{n}
}

// findAll returns the elements matching a descendant selector of tag names ("svg title").
func (d htmlNode) findAll(sel string) []htmlNode {
	cur := []*html.Node{d.n}
	for _, tag := range strings.Fields(sel) {
		var next []*html.Node
		seen := map[*html.Node]bool{}
		for _, root := range cur {
			var walk func(*html.Node)
			walk = func(n *html.Node) {
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					if c.Type == html.ElementNode && c.Data == tag && !seen[c] {
						seen[c] = true
						next = append(next, c)
					}
					walk(c)
				}
			}
			walk(root)
		}
		cur = next
	}
	out := make([]htmlNode, len(cur))
	for i, n := range cur {
		out[i] = htmlNode{n}
	}
	return out
}

// find is the first match, or nil.
func (d htmlNode) find(sel string) *htmlNode {
	if all := d.findAll(sel); len(all) > 0 {
		return &all[0]
	}
	return nil
}

func (d htmlNode) attr(name string) string {
	for _, a := range d.n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

// textOf is the element's text with white space collapsed.
func (d htmlNode) textOf() string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteString(" ")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(d.n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// text is the text of the first match of sel, "" when none.
func (d htmlNode) text(sel string) string {
	if n := d.find(sel); n != nil {
		return n.textOf()
	}
	return ""
}

// rowWith returns the cell texts of the first row, in the first table matching sel, whose
// first cell reads first; nil when there is none.
func (d htmlNode) rowWith(sel, first string) []string {
	table := d.find(sel)
	if table == nil {
		return nil
	}
	for _, tr := range table.findAll("tr") {
		var cells []string
		for c := tr.n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && (c.Data == "td" || c.Data == "th") {
				cells = append(cells, htmlNode{c}.textOf())
			}
		}
		if len(cells) > 0 && cells[0] == first {
			return cells
		}
	}
	return nil
}
