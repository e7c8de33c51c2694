package view

import (
	"strconv"
	"strings"
	"text/template/parse"
)

// Translator lets the engine translate interface text once per language instead of on every
// render. Func is the template function that translates ("t": {{t .Lang "login.title"}}), T
// translates an id into a language, Langs are the languages to prepare, and LangOf reads the
// language of a render from its data ("" when it has none: that render is not folded).
//
// A call of Func with the language and a literal id, and nothing else, becomes the translated
// text as a literal string before html/template escapes the set, so the text is escaped for
// its context exactly as the call's result was; {{if eq .Lang "nl"}} keeps only its branch
// for the language. The language argument must be $.Lang or, outside {{with}} and {{range}},
// .Lang: the convention of Kring's views is that every template's Lang is the page's.
type Translator struct {
	Func   string
	T      func(lang, id string) string
	Langs  []string
	LangOf func(data any) string
}

// folder rewrites one set's trees for one language.
type folder struct {
	tr   *Translator
	lang string
}

// tree folds a template's tree in place; the trees are the clone's own copies.
func (f folder) tree(t *parse.Tree) {
	if t != nil && t.Root != nil {
		f.list(t.Root, true)
	}
}

// list folds the nodes of a list; root says dot is still the template's data.
func (f folder) list(l *parse.ListNode, root bool) {
	if l == nil {
		return
	}
	out := l.Nodes[:0]
	for _, n := range l.Nodes {
		switch n := n.(type) {
		case *parse.ActionNode:
			f.pipe(n.Pipe, root)
		case *parse.TemplateNode:
			f.pipe(n.Pipe, root)
		case *parse.IfNode:
			if v, ok := f.langIs(n.Pipe, root); ok {
				branch := n.List
				if !v {
					branch = n.ElseList
				}
				if branch != nil {
					f.list(branch, root)
					out = append(out, branch.Nodes...)
				}
				continue
			}
			f.branch(&n.BranchNode, root, root)
		case *parse.WithNode:
			f.branch(&n.BranchNode, root, false)
		case *parse.RangeNode:
			f.branch(&n.BranchNode, root, false)
		}
		out = append(out, n)
	}
	l.Nodes = out
}

// branch folds an if, with or range: its pipeline is evaluated with the outer dot, its body
// with inner (with and range change dot), its else part with the outer dot.
func (f folder) branch(b *parse.BranchNode, outer, inner bool) {
	f.pipe(b.Pipe, outer)
	f.list(b.List, inner)
	f.list(b.ElseList, outer)
}

// pipe folds the commands of a pipeline: a whole translation command becomes its text, and
// parenthesised translations among a command's arguments do too.
func (f folder) pipe(p *parse.PipeNode, root bool) {
	if p == nil {
		return
	}
	for _, c := range p.Cmds {
		if s, ok := f.translation(c, root); ok && len(p.Decl) == 0 {
			c.Args = []parse.Node{literal(c.Pos, s)}
			continue
		}
		for i, a := range c.Args {
			inner, ok := a.(*parse.PipeNode)
			if !ok {
				continue
			}
			if len(inner.Decl) == 0 && len(inner.Cmds) == 1 {
				if s, ok := f.translation(inner.Cmds[0], root); ok {
					c.Args[i] = literal(inner.Pos, s)
					continue
				}
			}
			f.pipe(inner, root)
		}
	}
}

// translation is the text of a command `t <lang> "id"`, when it is one.
func (f folder) translation(c *parse.CommandNode, root bool) (string, bool) {
	if len(c.Args) != 3 || !isIdent(c.Args[0], f.tr.Func) || !f.isLang(c.Args[1], root) {
		return "", false
	}
	id, ok := c.Args[2].(*parse.StringNode)
	if !ok {
		return "", false
	}
	return f.tr.T(f.lang, id.Text), true
}

// langIs evaluates `eq <lang> "xx"` for this language.
func (f folder) langIs(p *parse.PipeNode, root bool) (bool, bool) {
	if p == nil || len(p.Decl) != 0 || len(p.Cmds) != 1 {
		return false, false
	}
	c := p.Cmds[0]
	if len(c.Args) != 3 || !isIdent(c.Args[0], "eq") || !f.isLang(c.Args[1], root) {
		return false, false
	}
	s, ok := c.Args[2].(*parse.StringNode)
	if !ok {
		return false, false
	}
	return s.Text == f.lang, true
}

// isLang reports whether n is the page's language: $.Lang, or .Lang where dot is the data.
func (f folder) isLang(n parse.Node, root bool) bool {
	switch n := n.(type) {
	case *parse.VariableNode:
		return len(n.Ident) == 2 && n.Ident[0] == "$" && n.Ident[1] == "Lang"
	case *parse.FieldNode:
		return root && len(n.Ident) == 1 && n.Ident[0] == "Lang"
	}
	return false
}

func isIdent(n parse.Node, name string) bool {
	id, ok := n.(*parse.IdentifierNode)
	return ok && id.Ident == name
}

// literal is a string constant in a template.
func literal(pos parse.Pos, s string) *parse.StringNode {
	return &parse.StringNode{NodeType: parse.NodeString, Pos: pos, Quoted: strconv.Quote(s), Text: s}
}

// htmlEscapers are html/template's escapers that, for a plain string, all replace the same
// characters (its htmlReplacementTable, with invalid runes kept): HTML text, a quoted
// attribute value and RCDATA (<title>, <textarea>).
var htmlEscapers = map[string]bool{
	"_html_template_htmlescaper":   true,
	"_html_template_attrescaper":   true,
	"_html_template_rcdataescaper": true,
}

// htmlReplacer escapes a string as those escapers do.
var htmlReplacer = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")

// literals replaces, in a tree html/template has escaped, every action that prints a literal
// string through one of htmlEscapers with its escaped text, so a folded translation costs
// nothing at all when rendered. Any other escaper (URLs, CSS, JS) is left to run.
func literals(l *parse.ListNode) {
	if l == nil {
		return
	}
	for i, n := range l.Nodes {
		switch n := n.(type) {
		case *parse.ActionNode:
			if s, ok := escapedLiteral(n.Pipe); ok {
				l.Nodes[i] = &parse.TextNode{NodeType: parse.NodeText, Pos: n.Pos, Text: []byte(s)}
			}
		case *parse.IfNode:
			literals(n.List)
			literals(n.ElseList)
		case *parse.WithNode:
			literals(n.List)
			literals(n.ElseList)
		case *parse.RangeNode:
			literals(n.List)
			literals(n.ElseList)
		}
	}
}

// escapedLiteral is the output of {{"text" | <one of htmlEscapers>}}.
func escapedLiteral(p *parse.PipeNode) (string, bool) {
	if p == nil || len(p.Decl) != 0 || len(p.Cmds) != 2 || len(p.Cmds[0].Args) != 1 || len(p.Cmds[1].Args) != 1 {
		return "", false
	}
	lit, ok := p.Cmds[0].Args[0].(*parse.StringNode)
	if !ok {
		return "", false
	}
	esc, ok := p.Cmds[1].Args[0].(*parse.IdentifierNode)
	if !ok || !htmlEscapers[esc.Ident] {
		return "", false
	}
	return htmlReplacer.Replace(lit.Text), true
}
