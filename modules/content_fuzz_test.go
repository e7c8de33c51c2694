package modules

import (
	"io/fs"
	"maps"
	"os"
	"regexp"
	"testing"
	"testing/fstest"
)

// unsafeHTML is what may never come out of content rendering: scripts, frames, event handler
// attributes and javascript: links. Raw HTML in content is dropped by goldmark's safe mode.
var unsafeHTML = regexp.MustCompile(`(?i)<\s*(script|iframe|object|embed|style|svg|img[^>]*onerror)|\son[a-z]+\s*=|javascript:`)

// FuzzContent lays a fuzzed lesson and a fuzzed method over the valid fixture and loads it. The
// content parser never panics, Check and Load agree, and what it renders for pages (lesson
// blocks, case situations and model answers, a method's purpose) holds no active HTML.
func FuzzContent(f *testing.F) {
	lesson, err := os.ReadFile("testdata/valid/modules/intro/02-je-rol.md")
	if err != nil {
		f.Fatal(err)
	}
	method, err := os.ReadFile("testdata/valid/methods/incident.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(lesson), string(method))
	f.Add("---\ntitle: X\nminutes: 5\n---\n\n<script>alert(1)</script>\n\n[a](javascript:alert(1))\n", string(method))
	f.Add("---\ntitle: X\nminutes: 5\n---\n```prompt\nid: a\ntype: case\ntitle: T\nsituation: <img src=x onerror=alert(1)>\nquestion: Q\nmodel_answer: '[x](javascript:y)'\n```\n", "name: M\nphases: []\n")
	f.Add("---\ntitle: X\nminutes: 5\n---\n```prompt\nid: b\n", "name: [\n")
	f.Add("---\n---\n", "")
	f.Add("", "purpose: <iframe src=x></iframe>\nname: M\nsummary: S\nphases:\n  - id: a\n    name: A\n    minutes: 5\n")

	base := fstest.MapFS{}
	root := "testdata/valid"
	if err := fs.WalkDir(os.DirFS(root), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(root + "/" + p)
		base[p] = &fstest.MapFile{Data: b}
		return err
	}); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, lesson, method string) {
		m := maps.Clone(base)
		m["modules/intro/02-je-rol.md"] = &fstest.MapFile{Data: []byte(lesson)}
		m["methods/incident.yaml"] = &fstest.MapFile{Data: []byte(method)}
		probs := Check(m)
		c, err := Load(m)
		if (err == nil) != (len(probs) == 0) {
			t.Fatalf("Check found %d problems but Load returned %v", len(probs), err)
		}
		if err != nil {
			for _, p := range probs {
				if p.String() == "" {
					t.Fatal("a problem without text")
				}
			}
			return
		}
		check := func(where string, h string) {
			if unsafeHTML.MatchString(h) {
				t.Fatalf("%s renders active HTML: %s", where, h)
			}
		}
		for _, mod := range c.Modules {
			for _, les := range mod.Lessons {
				for _, b := range les.Blocks {
					check(les.Slug, string(b.HTML))
				}
				for _, p := range les.Prompts {
					check(p.ID, string(p.Situation))
					check(p.ID, string(p.ModelAnswer))
				}
			}
		}
		for _, me := range c.Methods {
			check(me.Slug, string(me.Purpose))
			for _, ph := range me.Phases {
				check(me.Slug+"/"+ph.ID, string(ph.Guidance))
			}
		}
	})
}
