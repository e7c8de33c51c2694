package view

import (
	"html/template"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
)

// testViews covers what the engine and the folding must keep: the layout's embed, a partial
// with a dict, translations in text, attributes, a title and a URL, a translation with
// arguments (never folded), .Lang inside with (another dot: never folded), $.Lang in a range,
// and an if on the language.
var testViews = fstest.MapFS{
	"layouts/base.html": {Data: []byte(`<html lang="{{.Lang}}"><title>{{t .Lang "title"}}</title>` +
		`<a href="/x?q={{t .Lang "quote"}}" title="{{t $.Lang "quote"}}">{{if eq .Lang "nl"}}NL{{else}}other{{end}}</a>` +
		`<main>{{embed}}</main>{{with .User}}<p>{{t .Lang "title"}} {{t $.Lang "hello" "Name" .Name}}</p>{{end}}</html>`)},
	"pages/home.html": {Data: []byte(`<h1>{{t .Lang "title"}}</h1>{{range .Items}}<li data-x="{{t $.Lang "quote"}}">{{.}}</li>{{end}}` +
		`{{template "partials/button" (dict "Label" (t .Lang "quote") "Lang" .Lang)}}`)},
	"partials/button.html": {Data: []byte(`<button>{{.Label}} {{t .Lang "title"}}</button>`)},
}

type user struct{ Name, Lang string }

var texts = map[string]map[string]string{
	"nl": {"title": "Welkom & zo", "quote": `"a" <b> 'c' +d`, "hello": "Hoi {{.Name}}"},
	"en": {"title": "Welcome & so", "quote": `"x" <y> 'z' +w`, "hello": "Hi {{.Name}}"},
}

func translate(lang, id string, args ...any) string {
	s := texts[lang][id]
	if len(args) == 2 {
		s = strings.ReplaceAll(s, "{{.Name}}", args[1].(string))
	}
	return s
}

func funcs() template.FuncMap {
	return template.FuncMap{
		"t": translate,
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[kv[i].(string)] = kv[i+1]
			}
			return m
		},
	}
}

func engine(t *testing.T, fold bool) *Engine {
	t.Helper()
	e := New(testViews, ".html", funcs())
	if fold {
		e.Translate(&Translator{Func: "t", T: func(lang, id string) string { return translate(lang, id) }, Langs: []string{"nl", "en"},
			LangOf: func(d any) string { l, _ := d.(map[string]any)["Lang"].(string); return l }})
	}
	if err := e.Load(); err != nil {
		t.Fatal(err)
	}
	return e
}

func render(t *testing.T, e *Engine, data map[string]any) string {
	t.Helper()
	var b strings.Builder
	if err := e.Render(&b, "pages/home", data, "layouts/base"); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// Folding translations changes nothing in the output: the same text, escaped for the same
// context, in each language; a with's .Lang (the user's, here another language) is still
// evaluated, not folded.
func TestFoldedRenderIsTheSame(t *testing.T) {
	plain, folded := engine(t, false), engine(t, true)
	for _, lang := range []string{"nl", "en", "de"} {
		data := map[string]any{"Lang": lang, "Items": []string{"a", "b"}, "User": user{Name: "Sam <3", Lang: "en"}}
		want, got := render(t, plain, data), render(t, folded, data)
		if got != want {
			t.Errorf("%s:\nfolded %s\nplain  %s", lang, got, want)
		}
	}
	nl := render(t, folded, map[string]any{"Lang": "nl", "User": user{Name: "Sam", Lang: "en"}})
	for _, want := range []string{
		`<title>Welkom &amp; zo</title>`,                   // RCDATA
		`title="&#34;a&#34; &lt;b&gt; &#39;c&#39; &#43;d"`, // attribute
		`href="/x?q=%22a%22%20%3cb%3e%20%27c%27%20%2bd"`,   // URL query
		`>NL</a>`, // the if on the language
		`<button>&#34;a&#34; &lt;b&gt; &#39;c&#39; &#43;d Welkom &amp; zo</button>`, // a dict's argument, the partial's .Lang
		`<p>Welcome &amp; so Hoi Sam</p>`,                                           // .Lang inside with is the user's
	} {
		if !strings.Contains(nl, want) {
			t.Errorf("folded nl page lacks %s:\n%s", want, nl)
		}
	}
}

// Renders share the joined sets and run at the same time (the race detector watches).
func TestConcurrentRender(t *testing.T) {
	e := engine(t, true)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lang := []string{"nl", "en"}[i%2]
			for range 50 {
				var b strings.Builder
				if err := e.Render(&b, "pages/home", map[string]any{"Lang": lang}, "layouts/base"); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestMissingTemplate(t *testing.T) {
	e := engine(t, false)
	var b strings.Builder
	if err := e.Render(&b, "pages/nope", nil, "layouts/base"); err == nil {
		t.Error("rendered a page that does not exist")
	}
	if err := e.Render(&b, "pages/home", map[string]any{"Lang": "nl"}, "layouts/nope"); err == nil {
		t.Error("rendered in a layout that does not exist")
	}
}

// The escapers for markup written in Go print what html/template prints in the same place.
func TestEscapersMatchHTMLTemplate(t *testing.T) {
	text := template.Must(template.New("t").Parse(`<p title="{{.}}">{{.}}</p><textarea>{{.}}</textarea>`))
	url := template.Must(template.New("u").Parse(`<a href="{{.}}">`))
	for _, s := range []string{"", "plain", `<b>"Tom" & 'Jerry'</b> + 1`, "nul\x00l", "caf\xe9 ünï", "/modules/a-b/c_d/prompts/p1#prompt-p1",
		"/a b?q=1&r=<x>", "javascript:alert(1)", "https://example.org/x", "/pad/met%20spatie", "#frag"} {
		var want strings.Builder
		if err := text.Execute(&want, s); err != nil {
			t.Fatal(err)
		}
		e := EscapeText(s)
		if got := `<p title="` + e + `">` + e + `</p><textarea>` + e + `</textarea>`; got != want.String() {
			t.Errorf("EscapeText(%q): %q, want %q", s, got, want.String())
		}
		if got := string(AppendText([]byte("x"), s)); got != "x"+e {
			t.Errorf("AppendText(%q): %q, want %q", s, got, "x"+e)
		}
		want.Reset()
		if err := url.Execute(&want, s); err != nil {
			t.Fatal(err)
		}
		if got := `<a href="` + EscapeURLAttr(s) + `">`; got != want.String() {
			t.Errorf("EscapeURLAttr(%q): %q, want %q", s, got, want.String())
		}
		if got := `<a href="` + string(AppendURLAttr(nil, s)) + `">`; got != want.String() {
			t.Errorf("AppendURLAttr(%q): %q, want %q", s, got, want.String())
		}
	}
}
