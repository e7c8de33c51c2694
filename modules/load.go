package modules

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml/ast"
	"github.com/yuin/goldmark"
)

// Load parses, validates and renders all content in fsys (a tree with
// modules/, prompts/ and methods/ at its root, such as content.FS). It
// returns Problems listing every defect when anything is wrong, so start-up
// can refuse broken content with a complete report. Warnings alone do not
// stop it.
func Load(fsys fs.FS) (*Catalog, error) {
	c, probs := load(fsys)
	if errs := probs.Errors(); len(errs) > 0 {
		return nil, errs
	}
	return c, nil
}

// Check returns every problem in the content of fsys, warnings included
// (nil when it is fine); it backs `kring content check` and the content
// tests.
func Check(fsys fs.FS) Problems {
	_, probs := load(fsys)
	return probs
}

// loader carries the state of one Load call; nothing outlives it except the
// Catalog.
type loader struct {
	fsys  fs.FS
	probs Problems
	md    goldmark.Markdown
	links []linkRef
	cat   *Catalog

	tagSets    map[string]map[string]bool // "phases"/"types"/"situations" -> ids
	orderLine  map[*Module]int
	hoursLine  map[*Module]int
	moduleFile map[*Module]string
	phaseRank  map[string]int
}

func load(fsys fs.FS) (*Catalog, Problems) {
	l := &loader{
		fsys: fsys,
		md:   newMarkdown(),
		cat: &Catalog{
			modules:   map[string]*Module{},
			methods:   map[string]*Method{},
			questions: map[string]*Question{},
		},
		tagSets:    map[string]map[string]bool{},
		orderLine:  map[*Module]int{},
		hoursLine:  map[*Module]int{},
		moduleFile: map[*Module]string{},
		phaseRank:  map[string]int{},
	}
	l.loadTags()
	l.loadQuestions()
	l.loadModules()
	l.loadMethods()
	l.checkLinks()
	l.probs.sort()
	if len(l.probs) == 0 {
		return l.cat, nil
	}
	return l.cat, l.probs
}

var slugRE = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$`)

func validSlug(s string) bool { return slugRE.MatchString(s) }

const slugHint = "use a-z, 0-9 and - only"

// entries lists a directory the way go:embed sees it: names starting with
// "." or "_" are skipped because they would not be embedded anyway.
func (l *loader) entries(dir string, required bool) []fs.DirEntry {
	ents, err := fs.ReadDir(l.fsys, dir)
	if err != nil {
		if required || !errors.Is(err, fs.ErrNotExist) {
			l.probs.add(dir, 0, "cannot read directory: %v", err)
		}
		return nil
	}
	var out []fs.DirEntry
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".") || strings.HasPrefix(e.Name(), "_") {
			continue
		}
		out = append(out, e)
	}
	return out
}

func (l *loader) read(file string) (string, bool) {
	b, err := fs.ReadFile(l.fsys, file)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			l.probs.add(file, 0, "file is missing")
		} else {
			l.probs.add(file, 0, "cannot read: %v", err)
		}
		return "", false
	}
	s := strings.TrimPrefix(string(b), "\ufeff")
	return strings.ReplaceAll(s, "\r\n", "\n"), true
}

// ---- tags and question bank ----

func (l *loader) loadTags() {
	const file = "prompts/tags.yaml"
	data, ok := l.read(file)
	if !ok {
		return
	}
	s := &ysrc{file: file, probs: &l.probs}
	body, ok := s.parse([]byte(data))
	if !ok {
		return
	}
	m := s.mapping(body, 1, "tags.yaml", "phases", "types", "situations")
	read := func(key string) []Tag {
		items, _ := m.seq(key, true)
		ids := map[string]int{}
		var tags []Tag
		for _, it := range items {
			tm := s.mapping(it, s.line(it, 1), "a tag", "id", "label", "description")
			id, idLine := tm.str("id", true)
			label, _ := tm.str("label", true)
			desc, _ := tm.str("description", true)
			if id == "" {
				continue
			}
			if !validSlug(id) {
				s.errorf(idLine, "invalid tag id %q: %s", id, slugHint)
			}
			if prev, dup := ids[id]; dup {
				s.errorf(idLine, "duplicate %s id %q (also on line %d)", key, id, prev)
				continue
			}
			ids[id] = idLine
			tags = append(tags, Tag{ID: id, Label: label, Description: desc})
		}
		set := map[string]bool{}
		for id := range ids {
			set[id] = true
		}
		l.tagSets[key] = set
		return tags
	}
	l.cat.Tags = Tags{Phases: read("phases"), Types: read("types"), Situations: read("situations")}
	for i, t := range l.cat.Tags.Phases {
		l.phaseRank[t.ID] = i
	}
}

// tagKnown checks a tag id against tags.yaml. When tags.yaml itself is
// unusable every tag passes, to avoid a flood of follow-up errors.
func (l *loader) tagKnown(kind, id string) bool {
	set, ok := l.tagSets[kind]
	return !ok || set[id]
}

func (l *loader) loadQuestions() {
	seen := map[string]string{} // id -> file:line
	for _, e := range l.entries("prompts", true) {
		name := e.Name()
		file := "prompts/" + name
		if name == "tags.yaml" {
			continue
		}
		if e.IsDir() || !strings.HasSuffix(name, ".yaml") {
			l.probs.add(file, 0, "unexpected file: the question bank holds only .yaml files")
			continue
		}
		data, ok := l.read(file)
		if !ok {
			continue
		}
		s := &ysrc{file: file, probs: &l.probs}
		body, ok := s.parse([]byte(data))
		if !ok {
			continue
		}
		for _, it := range s.seqOf(body, "a question bank file") {
			q, line := l.question(s, it)
			if q == nil {
				continue
			}
			if prev, dup := seen[q.ID]; dup {
				s.errorf(line, "duplicate question id %q (also at %s)", q.ID, prev)
				continue
			}
			seen[q.ID] = fmt.Sprintf("%s:%d", file, line)
			l.cat.questions[q.ID] = q
			l.cat.Questions = append(l.cat.Questions, q)
		}
	}
	for _, q := range l.cat.Questions {
		q.search = searchText(q, l.cat.Tags)
	}
	slices.SortStableFunc(l.cat.Questions, func(a, b *Question) int {
		ra, oka := l.phaseRank[a.Phase]
		rb, okb := l.phaseRank[b.Phase]
		if !oka {
			ra = len(l.phaseRank)
		}
		if !okb {
			rb = len(l.phaseRank)
		}
		return cmp.Or(cmp.Compare(ra, rb), cmp.Compare(a.ID, b.ID))
	})
}

// question reads one bank entry; it returns nil when it has no usable id.
func (l *loader) question(s *ysrc, n ast.Node) (*Question, int) {
	m := s.mapping(n, s.line(n, 1), "a question", "id", "text", "phase", "type", "situations", "note")
	q := &Question{}
	var idLine, line int
	q.ID, idLine = m.str("id", true)
	q.Text, _ = m.str("text", true)
	q.Note, _ = m.str("note", true)
	q.Phase, line = m.str("phase", true)
	if q.Phase != "" && !l.tagKnown("phases", q.Phase) {
		s.errorf(line, "unknown phase %q (not in prompts/tags.yaml)", q.Phase)
	}
	q.Type, line = m.str("type", true)
	if q.Type != "" && !l.tagKnown("types", q.Type) {
		s.errorf(line, "unknown type %q (not in prompts/tags.yaml)", q.Type)
	}
	sits, lines, _ := m.strs("situations", true)
	for i, sit := range sits {
		if !l.tagKnown("situations", sit) {
			s.errorf(lines[i], "unknown situation %q (not in prompts/tags.yaml)", sit)
		}
	}
	q.Situations = sits
	if q.ID == "" {
		return nil, idLine
	}
	if !validSlug(q.ID) {
		s.errorf(idLine, "invalid question id %q: %s", q.ID, slugHint)
	}
	return q, idLine
}

// ---- modules and lessons ----

var lessonFileRE = regexp.MustCompile(`^([0-9]{2})-(.*)\.md$`)

func (l *loader) loadModules() {
	orders := map[int]*Module{}
	for _, e := range l.entries("modules", true) {
		dir := "modules/" + e.Name()
		if !e.IsDir() {
			l.probs.add(dir, 0, "unexpected file: modules/ holds one folder per module")
			continue
		}
		if !validSlug(e.Name()) {
			l.probs.add(dir, 0, "invalid module folder name %q: %s", e.Name(), slugHint)
			continue
		}
		m := l.loadModule(e.Name())
		if m == nil {
			continue
		}
		l.cat.modules[m.Slug] = m
		l.cat.Modules = append(l.cat.Modules, m)
		if l.orderLine[m] > 0 {
			if prev, dup := orders[m.Order]; dup {
				l.probs.add(l.moduleFile[m], l.orderLine[m], "duplicate order %d (also used by module %q)", m.Order, prev.Slug)
			} else {
				orders[m.Order] = m
			}
		}
	}
	slices.SortStableFunc(l.cat.Modules, func(a, b *Module) int {
		return cmp.Or(cmp.Compare(a.Order, b.Order), cmp.Compare(a.Slug, b.Slug))
	})
}

func (l *loader) loadModule(slug string) *Module {
	dir := "modules/" + slug
	file := dir + "/module.yaml"
	m := &Module{Slug: slug, prompts: map[string]*Prompt{}}
	l.moduleFile[m] = file
	completionLine := 1
	if data, ok := l.read(file); ok {
		completionLine = l.moduleYAML(m, file, data)
	}

	type lessonFile struct {
		nn   int
		name string
		slug string
	}
	var files []lessonFile
	nums := map[int]string{}
	slugs := map[string]string{}
	for _, e := range l.entries(dir, true) {
		name := e.Name()
		if name == "module.yaml" {
			continue
		}
		if e.IsDir() {
			l.probs.add(dir+"/"+name, 0, "unexpected folder in a module")
			continue
		}
		mm := lessonFileRE.FindStringSubmatch(name)
		if mm == nil {
			l.probs.add(dir+"/"+name, 0, "unexpected file: lessons are named NN-<lesson>.md, e.g. 01-inleiding.md")
			continue
		}
		nn, _ := strconv.Atoi(mm[1])
		if !validSlug(mm[2]) {
			l.probs.add(dir+"/"+name, 0, "invalid lesson slug %q: %s", mm[2], slugHint)
			continue
		}
		if prev, dup := nums[nn]; dup {
			l.probs.add(dir+"/"+name, 0, "duplicate lesson number %s (also %s)", mm[1], prev)
			continue
		}
		if prev, dup := slugs[mm[2]]; dup {
			l.probs.add(dir+"/"+name, 0, "duplicate lesson slug %q (also %s)", mm[2], prev)
			continue
		}
		nums[nn] = name
		slugs[mm[2]] = name
		files = append(files, lessonFile{nn: nn, name: name, slug: mm[2]})
	}
	slices.SortFunc(files, func(a, b lessonFile) int { return cmp.Compare(a.nn, b.nn) })
	if len(files) == 0 {
		l.probs.add(dir, 0, "module has no lessons (NN-<lesson>.md files)")
	}
	promptAt := map[string]string{}
	for i, f := range files {
		les := l.loadLesson(m, dir+"/"+f.name, f.slug, promptAt)
		les.Number = i + 1
		les.module = m
		m.Lessons = append(m.Lessons, les)
	}
	for _, les := range m.Lessons {
		m.Minutes += les.Minutes
	}
	l.checkHours(m, file)
	l.checkAnswerSpread(m, file)
	if m.Completion.MinCheckScore > 0 {
		checks := 0
		for _, p := range m.prompts {
			if p.Type == CheckQuestion {
				checks++
			}
		}
		if checks == 0 {
			l.probs.add(file, completionLine, "min_check_score is %d but the module has no check prompts", m.Completion.MinCheckScore)
		}
	}
	return m
}

// moduleYAML reads module.yaml into m and returns the line of the completion
// block, for problems found later.
func (l *loader) moduleYAML(m *Module, file, data string) int {
	s := &ysrc{file: file, probs: &l.probs}
	body, ok := s.parse([]byte(data))
	if !ok {
		l.orderLine[m] = -1 // unknown order: skip the uniqueness check
		return 1
	}
	y := s.mapping(body, 1, "module.yaml",
		"title", "summary", "order", "version", "hours", "goals", "accreditation", "completion")
	m.Title, _ = y.str("title", true)
	m.Summary, _ = y.str("summary", true)
	var line int
	var ok2 bool
	m.Order, line, ok2 = y.integer("order", true)
	if ok2 {
		l.orderLine[m] = line
	} else {
		l.orderLine[m] = -1
	}
	if m.Version, line, ok2 = y.integer("version", true); ok2 && m.Version < 1 {
		s.errorf(line, "version must be 1 or higher")
	}
	if m.Hours, line, ok2 = y.number("hours", true); ok2 && !(m.Hours > 0) {
		s.errorf(line, "hours must be more than 0")
	} else if ok2 {
		l.hoursLine[m] = line
	}
	m.Goals, _, _ = y.strs("goals", true)
	m.Accreditation, _ = y.str("accreditation", false)

	cv, cline, present := y.get("completion")
	if !present {
		y.missing("completion", cline)
		return cline
	}
	c := s.mapping(cv, cline, "completion", "all_lessons", "required_prompts", "min_check_score")
	m.Completion.AllLessons, _ = c.boolean("all_lessons")
	m.Completion.RequiredPrompts, _ = c.boolean("required_prompts")
	if m.Completion.MinCheckScore, line, ok2 = c.integer("min_check_score", false); ok2 &&
		(m.Completion.MinCheckScore < 0 || m.Completion.MinCheckScore > 100) {
		s.errorf(line, "min_check_score must be between 0 and 100")
	}
	if !c.bad && !m.Completion.AllLessons && !m.Completion.RequiredPrompts && m.Completion.MinCheckScore == 0 {
		s.errorf(cline, "completion demands nothing: set all_lessons, required_prompts or min_check_score")
	}
	return cline
}

func (l *loader) loadLesson(m *Module, file, slug string, promptAt map[string]string) *Lesson {
	les := &Lesson{Slug: slug}
	data, ok := l.read(file)
	if !ok {
		return les
	}
	lines := strings.Split(data, "\n")
	if strings.TrimRight(lines[0], " \t") != "---" {
		l.probs.add(file, 1, "missing front matter: start the file with a --- line, then title:, reading: and exercises:, then ---")
		return les
	}
	end := -1
	for i := 1; i < len(lines); i++ {
		if strings.TrimRight(lines[i], " \t") == "---" {
			end = i
			break
		}
	}
	if end < 0 {
		l.probs.add(file, 1, "front matter is not closed with a --- line")
		return les
	}
	s := &ysrc{file: file, offset: 1, probs: &l.probs}
	if body, ok := s.parse([]byte(strings.Join(lines[1:end], "\n"))); ok {
		y := s.mapping(body, 1, "the front matter", "title", "reading", "exercises")
		les.Title, _ = y.str("title", true)
		var line int
		if les.Reading, line, ok = y.integer("reading", true); ok && (les.Reading < 1 || les.Reading > 300) {
			s.errorf(line, "reading must be between 1 and 300 minutes")
		}
		if les.Exercises, line, ok = y.integer("exercises", true); ok && (les.Exercises < 0 || les.Exercises > 300) {
			s.errorf(line, "exercises must be between 0 and 300 minutes")
		}
		les.Minutes = les.Reading + les.Exercises
	}

	bodyStart := end + 2 // file line of the first body line
	chunks, unclosed := splitBody(strings.Join(lines[end+1:], "\n"), bodyStart)
	if unclosed > 0 {
		l.probs.add(file, unclosed, "prompt block is not closed with ```")
	}
	for _, c := range chunks {
		if !c.isPrompt {
			if h := l.render(c.text, file, c.line); h != "" {
				les.Blocks = append(les.Blocks, Block{HTML: h})
			}
			continue
		}
		p := l.prompt(file, c)
		if p == nil {
			continue
		}
		where := fmt.Sprintf("%s:%d", path.Base(file), c.line-1)
		if prev, dup := promptAt[p.ID]; dup {
			l.probs.add(file, c.line-1, "duplicate prompt id %q (also at %s)", p.ID, prev)
			continue
		}
		promptAt[p.ID] = where
		m.prompts[p.ID] = p
		les.Prompts = append(les.Prompts, p)
		les.Blocks = append(les.Blocks, Block{Prompt: p})
	}
	return les
}

// prompt reads one ```prompt block; c.line is the file line of its first
// YAML line (the fence is the line before). It returns nil without an id.
func (l *loader) prompt(file string, c chunk) *Prompt {
	fence := c.line - 1
	s := &ysrc{file: file, offset: fence, probs: &l.probs}
	body, ok := s.parse([]byte(c.text))
	if !ok {
		return nil
	}
	if isNull(body) {
		s.errorf(fence, "prompt block is empty")
		return nil
	}
	y := s.mapping(body, fence, "a prompt",
		"id", "type", "required", "question", "options", "title", "situation", "model_answer")
	if y.bad {
		return nil
	}
	y.line = fence // report missing fields at the ```prompt line
	p := &Prompt{}
	id, idLine := y.str("id", true)
	if id != "" && !validSlug(id) {
		s.errorf(idLine, "invalid prompt id %q: %s", id, slugHint)
	}
	p.ID = id
	typ, typeLine := y.str("type", true)
	p.Type = PromptType(typ)
	p.Required, _ = y.boolean("required")
	p.Question, _ = y.str("question", true)
	switch p.Type {
	case Reflection, CheckQuestion, Case, "":
	default:
		s.errorf(typeLine, "unknown prompt type %q (use reflection, check or case)", typ)
	}

	isCase := p.Type == Case
	p.Title, _ = y.str("title", isCase)
	if sit, _, start := y.text("situation", isCase); sit != "" {
		p.Situation = l.render(sit, file, start)
	}
	if ans, _, start := y.text("model_answer", isCase); ans != "" {
		p.ModelAnswer = l.render(ans, file, start)
	}

	items, optLine := y.seq("options", p.Type == CheckQuestion)
	if _, _, present := y.get("options"); present && p.Type != CheckQuestion && p.Type != "" {
		s.errorf(optLine, "options are only allowed on check prompts")
	} else if p.Type == CheckQuestion {
		if len(items) == 1 {
			s.errorf(optLine, "a check prompt needs at least two options")
		}
		correct, malformed := false, false
		for _, it := range items {
			om := s.mapping(it, s.line(it, optLine), "an option", "text", "correct", "feedback")
			malformed = malformed || om.bad
			var o Option
			o.Text, _ = om.str("text", true)
			o.Correct, _ = om.boolean("correct")
			o.Feedback, _ = om.str("feedback", true)
			correct = correct || o.Correct
			p.Options = append(p.Options, o)
		}
		if len(items) > 0 && !correct && !malformed {
			s.errorf(optLine, "a check prompt needs an option with correct: true")
		}
	}
	if p.ID == "" {
		return nil
	}
	return p
}

// ---- methods ----

func (l *loader) loadMethods() {
	for _, e := range l.entries("methods", false) {
		name := e.Name()
		file := "methods/" + name
		slug, isYAML := strings.CutSuffix(name, ".yaml")
		if e.IsDir() || !isYAML {
			l.probs.add(file, 0, "unexpected file: methods/ holds <slug>.yaml files")
			continue
		}
		if !validSlug(slug) {
			l.probs.add(file, 0, "invalid method file name %q: %s", slug, slugHint)
			continue
		}
		data, ok := l.read(file)
		if !ok {
			continue
		}
		meth := l.method(file, slug, data)
		l.cat.methods[slug] = meth
		l.cat.Methods = append(l.cat.Methods, meth)
	}
	slices.SortStableFunc(l.cat.Methods, func(a, b *Method) int {
		return cmp.Or(strings.Compare(fold(a.Name), fold(b.Name)), cmp.Compare(a.Slug, b.Slug))
	})
}

func (l *loader) method(file, slug, data string) *Method {
	meth := &Method{Slug: slug}
	s := &ysrc{file: file, probs: &l.probs}
	body, ok := s.parse([]byte(data))
	if !ok {
		return meth
	}
	y := s.mapping(body, 1, "a method", "name", "summary", "purpose", "group_size", "phases")
	meth.Name, _ = y.str("name", true)
	meth.Summary, _ = y.str("summary", true)
	if purpose, _, start := y.text("purpose", true); purpose != "" {
		meth.Purpose = l.render(purpose, file, start)
	}
	meth.GroupSize, _ = y.str("group_size", true)
	items, _ := y.seq("phases", true)
	ids := map[string]int{}
	agreementsLine := 0 // the phase that goes over the earlier agreements: at most one
	for _, it := range items {
		pm := s.mapping(it, s.line(it, 1), "a phase", "id", "name", "minutes",
			"boards", "silent", "vote", "votes", "scale", "notes", "instruction", "guidance", "questions", "agreements")
		var ph Phase
		var idLine, line int
		ph.ID, idLine = pm.str("id", true)
		if ph.ID != "" {
			if !validSlug(ph.ID) {
				s.errorf(idLine, "invalid phase id %q: %s", ph.ID, slugHint)
			}
			if prev, dup := ids[ph.ID]; dup {
				s.errorf(idLine, "duplicate phase id %q (also on line %d)", ph.ID, prev)
			}
			ids[ph.ID] = idLine
		}
		ph.Name, _ = pm.str("name", true)
		if ph.Minutes, line, ok = pm.integer("minutes", true); ok && (ph.Minutes < 1 || ph.Minutes > 120) {
			s.errorf(line, "minutes must be between 1 and 120")
		}
		l.phaseTools(s, pm, &ph)
		if on, line := pm.boolean("agreements"); on {
			if agreementsLine != 0 {
				s.errorf(line, "agreements: true is already set on the phase on line %d; one phase goes over the earlier agreements", agreementsLine)
			}
			ph.Agreements, agreementsLine = true, line
		}
		if g, _, start := pm.text("guidance", true); g != "" {
			ph.Guidance = l.render(g, file, start)
		}
		ph.Questions, _, _ = pm.strs("questions", false)
		meth.Phases = append(meth.Phases, ph)
	}
	return meth
}

// phaseTools reads what a phase makes the room do: its open boards, silent writing, the vote,
// the scale, notes and the participants' instruction.
func (l *loader) phaseTools(s *ysrc, pm *ymap, ph *Phase) {
	if _, _, has := pm.get("boards"); has {
		boards, lines, _ := pm.strs("boards", false)
		ph.Boards = []string{}
		for i, b := range boards {
			switch {
			case !slices.Contains(MethodBoards(), b):
				s.errorf(lines[i], "unknown board %q (use %s)", b, strings.Join(MethodBoards(), ", "))
			case slices.Contains(ph.Boards, b):
				s.errorf(lines[i], "board %q is listed twice", b)
			default:
				ph.Boards = append(ph.Boards, b)
			}
		}
	}
	ph.Silent, _ = pm.boolean("silent")
	var line int
	var ok bool
	ph.Vote, line = pm.str("vote", false)
	if ph.Vote != "" && !slices.Contains(MethodBoards()[:4], ph.Vote) {
		s.errorf(line, "vote must name the board voted on: case, success, bottleneck or idea (not %q)", ph.Vote)
	}
	if ph.Votes, line, ok = pm.integer("votes", false); ok {
		if ph.Vote == "" {
			s.errorf(line, "votes needs vote: the board voted on")
		} else if ph.Votes < 1 || ph.Votes > 10 {
			s.errorf(line, "votes must be between 1 and 10")
		}
	}
	if ph.Vote != "" && ph.Votes == 0 {
		ph.Votes = 3
	}
	ph.Scale, _ = pm.boolean("scale")
	ph.Notes, _ = pm.boolean("notes")
	ph.Instruction, line = pm.str("instruction", true)
	if n := utf8.RuneCountInString(ph.Instruction); n > 300 {
		s.errorf(line, "instruction is %d characters; keep it to one or two sentences (at most 300)", n)
	}
}

// ---- links ----

// checkLinks verifies internal /modules links now that every module and
// lesson is known.
func (l *loader) checkLinks() {
	for _, ln := range l.links {
		if msg := l.linkProblem(ln.dest); msg != "" {
			l.probs.add(ln.file, ln.line, "broken link %s: %s", ln.dest, msg)
		}
	}
}

func (l *loader) linkProblem(dest string) string {
	if !strings.HasPrefix(dest, "/") || strings.HasPrefix(dest, "//") {
		return "" // external, relative or anchor link
	}
	u, err := url.Parse(dest)
	if err != nil {
		return "not a valid URL"
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	if parts[0] != "modules" || len(parts) < 2 {
		return "" // /vragen, /modules and other site pages
	}
	m, ok := l.cat.modules[parts[1]]
	if !ok {
		return fmt.Sprintf("no module %q", parts[1])
	}
	if len(parts) >= 3 {
		if _, ok := m.Lesson(parts[2]); !ok {
			return fmt.Sprintf("module %q has no lesson %q", parts[1], parts[2])
		}
	}
	return ""
}
