package modules

import (
	"bytes"
	"html/template"
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// newMarkdown builds the one markdown dialect content is written in:
// CommonMark plus tables, with typographic quotes and dashes. Raw HTML is
// left to goldmark's default safe mode (dropped), and headings get no ids.
func newMarkdown() goldmark.Markdown {
	return goldmark.New(goldmark.WithExtensions(extension.Table, extension.Typographer))
}

// linkRef is an internal link found in markdown, checked once all modules
// and lessons are known.
type linkRef struct {
	file string
	line int
	dest string
}

// render turns a markdown fragment into safe HTML. line is the file line the
// fragment starts on; links and raw HTML are located relative to it.
func (l *loader) render(src, file string, line int) template.HTML {
	if strings.TrimSpace(src) == "" {
		return ""
	}
	source := []byte(src)
	doc := l.md.Parser().Parse(text.NewReader(source))
	lineAt := func(off int) int {
		if off < 0 || off > len(source) {
			return line
		}
		return line + bytes.Count(source[:off], []byte{'\n'})
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch v := n.(type) {
		case *ast.Link:
			l.links = append(l.links, linkRef{file: file, line: lineAt(nodeOffset(v)), dest: string(v.Destination)})
		case *ast.RawHTML:
			off := -1
			if v.Segments.Len() > 0 {
				off = v.Segments.At(0).Start
			}
			l.probs.add(file, lineAt(off), "raw HTML is not shown to readers; use markdown instead")
		case *ast.HTMLBlock:
			off := -1
			if v.Lines().Len() > 0 {
				off = v.Lines().At(0).Start
			}
			l.probs.add(file, lineAt(off), "raw HTML is not shown to readers; use markdown instead")
		}
		return ast.WalkContinue, nil
	})
	var buf bytes.Buffer
	if err := l.md.Renderer().Render(&buf, source, doc); err != nil {
		l.probs.add(file, line, "cannot render markdown: %v", err)
		return ""
	}
	// goldmark escapes text and drops raw HTML and unsafe link schemes, so
	// its output is trusted HTML.
	return template.HTML(buf.String())
}

// nodeOffset finds a byte offset in the source for an inline node, for
// error lines.
func nodeOffset(n ast.Node) int {
	if p := n.Pos(); p >= 0 {
		return p
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok {
			return t.Segment.Start
		}
		if off := nodeOffset(c); off >= 0 {
			return off
		}
	}
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return p.Lines().At(0).Start
		}
	}
	return -1
}

// chunk is a piece of a lesson body: markdown, or the YAML of a prompt.
type chunk struct {
	text     string
	line     int // file line of the first line of text
	isPrompt bool
}

var (
	fenceOpen = regexp.MustCompile("^ {0,3}(`{3,}|~{3,})(.*)$")
)

// splitBody cuts a lesson body into markdown and ```prompt blocks, keeping
// document order. Other fenced code blocks stay markdown (so a prompt shown
// as an example inside a longer fence is not mistaken for a real one).
// firstLine is the file line of the body's first line. It returns the line of
// an unclosed prompt fence, or 0.
func splitBody(body string, firstLine int) ([]chunk, int) {
	lines := strings.Split(body, "\n")
	var chunks []chunk
	var md []string
	mdStart := firstLine
	flush := func(next int) {
		if len(md) > 0 {
			chunks = append(chunks, chunk{text: strings.Join(md, "\n"), line: mdStart})
		}
		md = nil
		mdStart = next
	}
	for i := 0; i < len(lines); i++ {
		m := fenceOpen.FindStringSubmatch(lines[i])
		if m == nil {
			md = append(md, lines[i])
			continue
		}
		fence, info := m[1], strings.Fields(m[2])
		if fence[0] == '`' && strings.Contains(m[2], "`") {
			md = append(md, lines[i]) // not a fence: backticks in info string
			continue
		}
		end := len(lines)
		for j := i + 1; j < len(lines); j++ {
			if isFenceClose(lines[j], fence) {
				end = j
				break
			}
		}
		isPrompt := len(info) > 0 && info[0] == "prompt"
		if !isPrompt {
			stop := min(end, len(lines)-1)
			md = append(md, lines[i:stop+1]...)
			i = stop
			continue
		}
		fenceLine := firstLine + i
		if end == len(lines) {
			flush(firstLine + len(lines))
			return chunks, fenceLine
		}
		flush(firstLine + end + 1)
		chunks = append(chunks, chunk{text: strings.Join(lines[i+1:end], "\n"), line: fenceLine + 1, isPrompt: true})
		i = end
	}
	flush(0)
	return chunks, 0
}

// isFenceClose reports whether line closes a fence opened with open.
func isFenceClose(line, open string) bool {
	t := strings.TrimLeft(line, " ")
	if len(line)-len(t) > 3 {
		return false
	}
	t = strings.TrimRight(t, " \t")
	if len(t) < len(open) {
		return false
	}
	return strings.Trim(t, open[:1]) == ""
}
