package modules

import (
	"bytes"
	"errors"
	"math"
	"slices"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// ysrc is one YAML document (a file, a lesson's front matter or a prompt
// body). It walks the goccy AST instead of unmarshalling into structs so that
// every problem can be reported at the line it is on, and so that all
// problems are found in one pass.
type ysrc struct {
	file   string
	offset int // added to YAML line numbers to get line numbers in file
	probs  *Problems
}

func (s *ysrc) errorf(line int, format string, args ...any) {
	s.probs.add(s.file, line, format, args...)
}

// line returns the file line of n, or fallback when n carries no position.
func (s *ysrc) line(n ast.Node, fallback int) int {
	if n == nil {
		return fallback
	}
	tk := n.GetToken()
	if tk == nil || tk.Position == nil {
		return fallback
	}
	return tk.Position.Line + s.offset
}

// parse parses data as a single YAML document. It returns the body (nil for
// an empty document) and false when the YAML itself is broken.
func (s *ysrc) parse(data []byte) (ast.Node, bool) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, true
	}
	f, err := parser.ParseBytes(data, 0)
	if err != nil {
		line := 1 + s.offset
		msg := err.Error()
		var ye yaml.Error
		if errors.As(err, &ye) {
			msg = ye.GetMessage()
			if tk := ye.GetToken(); tk != nil && tk.Position != nil {
				line = tk.Position.Line + s.offset
			}
		}
		s.errorf(line, "invalid YAML: %s", msg)
		return nil, false
	}
	var body ast.Node
	n := 0
	for _, d := range f.Docs {
		if d == nil || d.Body == nil {
			continue
		}
		n++
		if n == 1 {
			body = d.Body
		} else {
			s.errorf(s.line(d.Body, 1+s.offset), "only one YAML document is allowed here")
		}
	}
	return unwrap(body), true
}

// unwrap strips tags and anchors, which carry no meaning in Kring content.
func unwrap(n ast.Node) ast.Node {
	for {
		switch v := n.(type) {
		case *ast.TagNode:
			n = v.Value
		case *ast.AnchorNode:
			n = v.Value
		default:
			return n
		}
	}
}

func isNull(n ast.Node) bool {
	if n == nil {
		return true
	}
	_, ok := n.(*ast.NullNode)
	return ok
}

// ymap is a YAML mapping with its keys indexed, checked against the fields
// the format allows.
type ymap struct {
	s    *ysrc
	line int  // where to report missing fields
	bad  bool // not a mapping at all: suppress follow-up noise
	keys map[string]*ast.MappingValueNode
}

// mapping interprets n as a mapping describing what. Unknown and duplicate
// keys are reported, because a typo such as "requried" would otherwise be
// silently ignored.
func (s *ysrc) mapping(n ast.Node, line int, what string, allowed ...string) *ymap {
	m := &ymap{s: s, line: s.line(n, line), keys: map[string]*ast.MappingValueNode{}}
	n = unwrap(n)
	var values []*ast.MappingValueNode
	switch v := n.(type) {
	case nil, *ast.NullNode:
		m.line = line
		return m
	case *ast.MappingNode:
		values = v.Values
	case *ast.MappingValueNode:
		values = []*ast.MappingValueNode{v}
	default:
		s.errorf(m.line, "%s must be a set of fields (key: value)", what)
		m.bad = true
		return m
	}
	for _, mv := range values {
		if mv == nil || mv.Key == nil {
			continue
		}
		kl := s.line(mv.Key, m.line)
		var key string
		if tk := mv.Key.GetToken(); tk != nil {
			key = tk.Value
		}
		if !slices.Contains(allowed, key) {
			s.errorf(kl, "unknown field %q in %s", key, what)
			continue
		}
		if prev, dup := m.keys[key]; dup {
			s.errorf(kl, "duplicate field %q (also on line %d)", key, s.line(prev.Key, m.line))
			continue
		}
		m.keys[key] = mv
	}
	return m
}

// get returns the value node of key (unwrapped), the key's line and whether
// the key is present with a non-null value.
func (m *ymap) get(key string) (ast.Node, int, bool) {
	mv, ok := m.keys[key]
	if !ok {
		return nil, m.line, false
	}
	line := m.s.line(mv.Key, m.line)
	v := unwrap(mv.Value)
	if isNull(v) {
		return nil, line, false
	}
	return v, line, true
}

func (m *ymap) missing(key string, line int) {
	if m.bad {
		return
	}
	if _, present := m.keys[key]; present {
		m.s.errorf(line, "required field %q is empty", key)
		return
	}
	m.s.errorf(line, "missing required field %q", key)
}

// scalarText returns the text of a scalar node as written.
func scalarText(n ast.Node) (string, bool) {
	switch v := n.(type) {
	case *ast.StringNode:
		return v.Value, true
	case *ast.LiteralNode:
		if v.Value == nil {
			return "", true
		}
		return v.Value.Value, true
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		return n.GetToken().Value, true
	}
	return "", false
}

// str reads a text field. Surrounding whitespace is trimmed; an empty value
// counts as missing when req is set.
func (m *ymap) str(key string, req bool) (string, int) {
	v, line, ok := m.get(key)
	if !ok {
		if req {
			m.missing(key, line)
		}
		return "", line
	}
	s, isText := scalarText(v)
	if !isText {
		m.s.errorf(line, "field %q must be text", key)
		return "", line
	}
	s = trimSpace(s)
	if s == "" && req {
		m.missing(key, line)
	}
	return s, line
}

// text reads a markdown field and also returns the file line its content
// starts on, so links inside it can be located.
func (m *ymap) text(key string, req bool) (string, int, int) {
	s, line := m.str(key, req)
	start := line
	if v, _, ok := m.get(key); ok {
		if lit, isLit := v.(*ast.LiteralNode); isLit {
			start = m.s.line(lit, line) + 1
		} else {
			start = m.s.line(v, line)
		}
	}
	return s, line, start
}

// integer reads a whole-number field.
func (m *ymap) integer(key string, req bool) (int, int, bool) {
	v, line, ok := m.get(key)
	if !ok {
		if req {
			m.missing(key, line)
		}
		return 0, line, false
	}
	iv, isInt := v.(*ast.IntegerNode)
	if !isInt {
		m.s.errorf(line, "field %q must be a whole number", key)
		return 0, line, false
	}
	switch n := iv.Value.(type) {
	case int64:
		if n >= math.MinInt32 && n <= math.MaxInt32 {
			return int(n), line, true
		}
	case uint64:
		if n <= math.MaxInt32 {
			return int(n), line, true
		}
	}
	m.s.errorf(line, "field %q is out of range", key)
	return 0, line, false
}

// number reads a decimal field such as hours.
func (m *ymap) number(key string, req bool) (float64, int, bool) {
	v, line, ok := m.get(key)
	if !ok {
		if req {
			m.missing(key, line)
		}
		return 0, line, false
	}
	switch n := v.(type) {
	case *ast.IntegerNode:
		switch x := n.Value.(type) {
		case int64:
			return float64(x), line, true
		case uint64:
			return float64(x), line, true
		}
	case *ast.FloatNode:
		return n.Value, line, true
	}
	m.s.errorf(line, "field %q must be a number", key)
	return 0, line, false
}

// boolean reads an optional true/false field (absent means false).
func (m *ymap) boolean(key string) (bool, int) {
	v, line, ok := m.get(key)
	if !ok {
		return false, line
	}
	b, isBool := v.(*ast.BoolNode)
	if !isBool {
		m.s.errorf(line, "field %q must be true or false", key)
		return false, line
	}
	return b.Value, line
}

// seq reads a list field and returns its items (unwrapped).
func (m *ymap) seq(key string, req bool) ([]ast.Node, int) {
	v, line, ok := m.get(key)
	if !ok {
		if req {
			m.missing(key, line)
		}
		return nil, line
	}
	sq, isSeq := v.(*ast.SequenceNode)
	if !isSeq {
		m.s.errorf(line, "field %q must be a list", key)
		return nil, line
	}
	items := make([]ast.Node, len(sq.Values))
	for i, it := range sq.Values {
		items[i] = unwrap(it)
	}
	if len(items) == 0 && req {
		m.s.errorf(line, "field %q needs at least one item", key)
	}
	return items, line
}

// strs reads a list of text items, returning the items and their lines.
func (m *ymap) strs(key string, req bool) ([]string, []int, int) {
	items, line := m.seq(key, req)
	var out []string
	var lines []int
	for _, it := range items {
		il := m.s.line(it, line)
		s, ok := scalarText(it)
		s = trimSpace(s)
		if !ok || s == "" {
			m.s.errorf(il, "items of %q must be non-empty text", key)
			continue
		}
		out = append(out, s)
		lines = append(lines, il)
	}
	return out, lines, line
}

// seqOf interprets a whole document as a list (the question bank files).
func (s *ysrc) seqOf(n ast.Node, what string) []ast.Node {
	switch v := unwrap(n).(type) {
	case nil, *ast.NullNode:
		return nil
	case *ast.SequenceNode:
		items := make([]ast.Node, len(v.Values))
		for i, it := range v.Values {
			items[i] = unwrap(it)
		}
		return items
	default:
		s.errorf(s.line(n, 1+s.offset), "%s must be a list (items start with \"- \")", what)
		return nil
	}
}

func trimSpace(s string) string { return strings.TrimSpace(s) }
