// Package view renders Kring's html/template pages inside their layouts without a lock per
// render. It stands in for gofiber/template's html engine, which holds one exclusive lock for
// every render with a layout (and replaces the layout's "embed" function each time), so only
// one page could render at a time on the whole server. Here every template is parsed once at
// start-up; each pair of layout and page is joined into its own template set on first use and
// kept, and rendering afterwards reads only.
package view

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"slices"
	"strings"
	"sync"
)

// embedCall is how a layout marks where the page goes (the name gofiber/template used, so the
// layouts did not change), and embedName the template the page becomes inside a joined set.
const (
	embedCall = "{{embed}}"
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

// Load parses every template. A layout's {{embed}} becomes a call of the page's template, with
// the layout's data, which is what gofiber/template's engine did by executing the page there.
func (e *Engine) Load() error {
	base := template.New("view").Funcs(e.funcs)
	err := fs.WalkDir(e.fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, e.ext) {
			return err
		}
		src, err := fs.ReadFile(e.fsys, path)
		if err != nil {
			return err
		}
		name := strings.TrimSuffix(path, e.ext)
		text := strings.ReplaceAll(string(src), embedCall, `{{template "`+embedName+`" .}}`)
		if _, err := base.New(name).Parse(text); err != nil {
			return fmt.Errorf("view: %w", err)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("view: load templates: %w", err)
	}
	e.mu.Lock()
	e.base, e.joined = base, map[pair]*template.Template{}
	e.mu.Unlock()
	return nil
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
