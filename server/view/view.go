// Package view renders Kring's html/template pages inside their layouts without a lock per
// render. gofiber/template's html engine still parses the views, but no longer renders them: it
// holds one exclusive lock for every render with a layout (and replaces the layout's "embed"
// function each time), so only one page could render at a time on the whole server. Here the
// parsed set is never executed, nor changed after Load; each pair of layout and page is joined
// into its own template set on first use and kept, and rendering afterwards reads only.
package view

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"slices"
	"sync"
	"text/template/parse"

	"github.com/gofiber/template/html/v2"
)

// embedFunc is how a layout marks where the page goes ({{embed}}, gofiber/template's name, so
// the layouts did not change), and embedName the template the page becomes in a joined set.
const (
	embedFunc = "embed"
	embedName = "view/embed"
)

// Engine is a fiber.Views: Load parses the templates, Render executes a page in a layout.
type Engine struct {
	fsys  fs.FS
	ext   string
	funcs template.FuncMap
	tr    *Translator // nil: no folding

	base *template.Template // every layout, partial and page as parsed, never executed

	mu     sync.RWMutex
	joined map[pair]*template.Template // layout+page sets, each executed from its layout
}

// pair names a joined set: a layout ("" for none), a page and the language its translations
// were folded for ("" for none).
type pair struct{ layout, page, lang string }

// New makes an engine for the templates with extension ext (".html") in fsys, named by their
// path without the extension ("pages/lesson", "partials/field", "layouts/base"), with funcs
// available to all of them.
func New(fsys fs.FS, ext string, funcs template.FuncMap) *Engine {
	return &Engine{fsys: fsys, ext: ext, funcs: funcs}
}

// Translate makes the engine fold translations with literal ids into each language's sets
// (see Translator); call it before Load.
func (e *Engine) Translate(tr *Translator) { e.tr = tr }

// Load parses every template with gofiber/template's html engine (its names: the path without
// the extension), which then serves only as the parser. A layout's {{embed}} becomes a call of
// the page's template with the layout's data, which is what that engine did by executing the
// page there.
func (e *Engine) Load() error {
	parser := html.NewFileSystem(http.FS(e.fsys), e.ext)
	parser.AddFuncMap(e.funcs)
	if err := parser.Load(); err != nil {
		return fmt.Errorf("view: load templates: %w", err)
	}
	base := parser.Templates
	for _, t := range base.Templates() {
		if t.Tree != nil {
			embedCalls(t.Tree.Root)
		}
	}
	e.mu.Lock()
	e.base, e.joined = base, map[pair]*template.Template{}
	e.mu.Unlock()
	return nil
}

// embedCalls turns each {{embed}} in a list into {{template "view/embed" $}}.
func embedCalls(l *parse.ListNode) {
	if l == nil {
		return
	}
	for i, n := range l.Nodes {
		switch n := n.(type) {
		case *parse.ActionNode:
			p := n.Pipe
			if p == nil || len(p.Decl) != 0 || len(p.Cmds) != 1 || len(p.Cmds[0].Args) != 1 || !isIdent(p.Cmds[0].Args[0], embedFunc) {
				continue
			}
			root := &parse.VariableNode{NodeType: parse.NodeVariable, Pos: n.Pos, Ident: []string{"$"}}
			cmd := &parse.CommandNode{NodeType: parse.NodeCommand, Pos: n.Pos, Args: []parse.Node{root}}
			l.Nodes[i] = &parse.TemplateNode{NodeType: parse.NodeTemplate, Pos: n.Pos, Line: n.Line, Name: embedName,
				Pipe: &parse.PipeNode{NodeType: parse.NodePipe, Pos: n.Pos, Line: n.Line, Cmds: []*parse.CommandNode{cmd}}}
		case *parse.IfNode:
			embedCalls(n.List)
			embedCalls(n.ElseList)
		case *parse.WithNode:
			embedCalls(n.List)
			embedCalls(n.ElseList)
		case *parse.RangeNode:
			embedCalls(n.List)
			embedCalls(n.ElseList)
		}
	}
}

// Render writes page name inside the first of layouts (none when absent or "").
func (e *Engine) Render(w io.Writer, name string, data any, layouts ...string) error {
	var layout string
	if len(layouts) > 0 {
		layout = layouts[0]
	}
	var lang string
	if e.tr != nil {
		lang = e.tr.LangOf(data)
		if !slices.Contains(e.tr.Langs, lang) {
			lang = ""
		}
	}
	t, err := e.set(pair{layout, name, lang})
	if err != nil {
		return err
	}
	return t.Execute(w, data)
}

// set is the joined template set of a layout and a page, made on first use.
func (e *Engine) set(p pair) (*template.Template, error) {
	e.mu.RLock()
	t, ok := e.joined[p]
	base := e.base
	e.mu.RUnlock()
	if ok {
		return t, nil
	}
	if base == nil {
		return nil, errors.New("view: templates not loaded")
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if t, ok := e.joined[p]; ok {
		return t, nil
	}
	t, err := join(base, p, e.tr)
	if err != nil {
		return nil, err
	}
	e.joined[p] = t
	return t, nil
}

// join clones the parsed set (html/template copies every tree, and a clone may still get new
// templates) and adds the page as the layout's embedded template. The set it returns executes
// the layout, or the page when there is no layout. With a language, translations are folded
// into it before its first execution, which is when html/template escapes it.
func join(base *template.Template, p pair, tr *Translator) (*template.Template, error) {
	page := base.Lookup(p.page)
	if page == nil || page.Tree == nil {
		return nil, fmt.Errorf("render: template %s does not exist", p.page)
	}
	set, err := base.Clone()
	if err != nil {
		return nil, fmt.Errorf("view: %w", err)
	}
	top := p.page
	if p.layout != "" {
		if lay := set.Lookup(p.layout); lay == nil || lay.Tree == nil {
			return nil, fmt.Errorf("render: layout %s does not exist", p.layout)
		}
		if _, err := set.AddParseTree(embedName, page.Tree.Copy()); err != nil {
			return nil, fmt.Errorf("view: %w", err)
		}
		top = p.layout
	}
	t := set.Lookup(top)
	if tr == nil || p.lang == "" {
		return t, nil
	}
	f := folder{tr: tr, lang: p.lang}
	for _, x := range set.Templates() {
		f.tree(x.Tree)
	}
	// html/template escapes a set on its first execution, and has no other way to ask for it.
	// Without data the execution stops at the first field; an escaping error is the set's own.
	var ee *template.Error
	if err := t.Execute(io.Discard, nil); errors.As(err, &ee) {
		return nil, fmt.Errorf("view: %w", err)
	}
	for _, x := range set.Templates() {
		if x.Tree != nil {
			literals(x.Tree.Root)
		}
	}
	return t, nil
}
