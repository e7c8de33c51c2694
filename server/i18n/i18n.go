// Package i18n gives Kring's interface its two languages: Dutch first, English second. Message
// catalogues are YAML files per area and language (locales/<area>.<lang>.yaml), embedded in the
// binary, so adding a page means adding keys, not code.
package i18n

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/goccy/go-yaml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed locales/*.yaml
var locales embed.FS

// Supported are the interface languages, the default first.
var supported = []language.Tag{language.Dutch, language.English}

// Catalog translates message ids for the interface. It is safe for concurrent use.
type Catalog struct {
	bundle     *goi18n.Bundle
	localizers map[string]*goi18n.Localizer
	matcher    language.Matcher
	ids        map[string]map[string]bool // lang -> message ids, for completeness checks
	// plain keeps messages translated without arguments (key [lang, id], value the text),
	// each made on its first use: most calls have none, and go-i18n matches languages and runs
	// a template on each. Only known ids in supported languages are kept, so it stays bounded.
	plain sync.Map
}

// New loads the embedded catalogues.
func New() (*Catalog, error) { return Load(locales) }

// Load reads every locales/*.yaml in fsys; the language is the second-to-last part of the name.
func Load(fsys fs.FS) (*Catalog, error) {
	b := goi18n.NewBundle(language.Dutch)
	b.RegisterUnmarshalFunc("yaml", yaml.Unmarshal)
	c := &Catalog{bundle: b, localizers: map[string]*goi18n.Localizer{}, matcher: language.NewMatcher(supported), ids: map[string]map[string]bool{}}
	files, err := fs.Glob(fsys, "locales/*.yaml")
	if err != nil {
		return nil, fmt.Errorf("i18n: list catalogues: %w", err)
	}
	for _, f := range files {
		buf, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, fmt.Errorf("i18n: read %s: %w", f, err)
		}
		mf, err := b.ParseMessageFileBytes(buf, path.Base(f))
		if err != nil {
			return nil, fmt.Errorf("i18n: parse %s: %w", f, err)
		}
		lang := mf.Tag.String()
		if c.ids[lang] == nil {
			c.ids[lang] = map[string]bool{}
		}
		for _, m := range mf.Messages {
			c.ids[lang][m.ID] = true
		}
	}
	for _, t := range supported {
		lang := t.String()
		c.localizers[lang] = goi18n.NewLocalizer(b, lang, "nl")
	}
	return c, nil
}

// Languages lists the interface languages, default first.
func (c *Catalog) Languages() []string { return []string{"nl", "en"} }

// Supported reports whether lang is an interface language.
func (c *Catalog) Supported(lang string) bool { return lang == "nl" || lang == "en" }

// Match picks the interface language for an Accept-Language header; Dutch when nothing fits.
func (c *Catalog) Match(acceptLanguage string) string {
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return "nl"
	}
	_, idx, conf := c.matcher.Match(tags...)
	if conf == language.No {
		return "nl"
	}
	return supported[idx].String()
}

// T translates id into lang. args are name/value pairs for the message's template. A "Count"
// argument also picks the plural form, so a message written as {one: ..., other: ...} says
// "1 deelnemer" and "6 deelnemers"; a message without plural forms is used as it is. A missing
// message shows its id, so a gap is visible on the page and caught by the catalogue test,
// instead of breaking the page.
func (c *Catalog) T(lang, id string, args ...any) string {
	if len(args) > 0 || !c.Supported(lang) || !c.ids["nl"][id] && !c.ids["en"][id] {
		return c.localize(lang, id, args)
	}
	key := [2]string{lang, id}
	if s, ok := c.plain.Load(key); ok {
		return s.(string)
	}
	s := c.localize(lang, id, nil)
	c.plain.Store(key, s)
	return s
}

// localize is T through go-i18n.
func (c *Catalog) localize(lang, id string, args []any) string {
	loc, ok := c.localizers[lang]
	if !ok {
		loc = c.localizers["nl"]
	}
	var data map[string]any
	if len(args) > 0 {
		data = make(map[string]any, len(args)/2)
		for i := 0; i+1 < len(args); i += 2 {
			data[fmt.Sprint(args[i])] = args[i+1]
		}
	}
	cfg := &goi18n.LocalizeConfig{MessageID: id, TemplateData: data}
	if n, ok := data["Count"]; ok {
		cfg.PluralCount = n
	}
	s, err := loc.Localize(cfg)
	if err != nil && s == "" {
		// go-i18n answers a message without the asked plural form with its "other" form and
		// an error; only a message it cannot find at all is a gap.
		return id
	}
	return s
}

// Missing lists message ids present in one language and absent in another ("en: x.y"), so a
// test keeps the two catalogues complete.
func (c *Catalog) Missing() []string {
	var out []string
	for _, a := range c.Languages() {
		for _, b := range c.Languages() {
			if a == b {
				continue
			}
			for id := range c.ids[a] {
				if !c.ids[b][id] {
					out = append(out, b+": "+id)
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

// Has reports whether id exists in the Dutch catalogue (the reference language).
func (c *Catalog) Has(id string) bool { return c.ids["nl"][strings.TrimSpace(id)] }
