package modules

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// tree returns the valid fixture with the files of testdata/broken/<overlay>
// (if any) and the extra files laid over it, so each broken fixture only
// holds the files that differ. An extra file with empty content is removed.
func tree(t *testing.T, overlay string, extra map[string]string) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	copyDir := func(root string) {
		err := fs.WalkDir(os.DirFS(root), ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(path.Join(root, p))
			if err != nil {
				return err
			}
			m[p] = &fstest.MapFile{Data: b}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	copyDir("testdata/valid")
	if overlay != "" {
		copyDir("testdata/broken/" + overlay)
	}
	for p, s := range extra {
		if s == "" {
			delete(m, p)
			continue
		}
		m[p] = &fstest.MapFile{Data: []byte(s)}
	}
	return m
}

func TestLoadValid(t *testing.T) {
	c, err := Load(os.DirFS("testdata/valid"))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if got := len(c.Modules); got != 2 || c.Modules[0].Slug != "intro" || c.Modules[1].Slug != "verdieping" {
		t.Fatalf("modules not loaded in order: %v", c.Modules)
	}
	m, ok := c.Module("intro")
	if !ok {
		t.Fatal("Module(intro) not found")
	}
	if m.Hours != 1.5 || m.Minutes != 90 || m.Version != 1 || len(m.Goals) != 2 {
		t.Errorf("module fields: %+v", m)
	}
	if want := (Completion{AllLessons: true, RequiredPrompts: true, MinCheckScore: 50}); m.Completion != want {
		t.Errorf("completion = %+v, want %+v", m.Completion, want)
	}
	l, ok := c.Lesson("intro", "welkom")
	if !ok || l.Number != 1 || l.Title != "Welkom" || l.Minutes != 30 || l.Reading != 20 || l.Exercises != 10 {
		t.Fatalf("Lesson(intro, welkom) = %+v, %v", l, ok)
	}
	// Blocks: markdown, prompt, markdown (table), prompt, markdown.
	var kinds []string
	for _, b := range l.Blocks {
		if b.Prompt != nil {
			kinds = append(kinds, "prompt:"+b.Prompt.ID)
		} else {
			kinds = append(kinds, "md")
		}
	}
	if got, want := strings.Join(kinds, ","), "md,prompt:wie-helpt-al,md,prompt:rol-check,md"; got != want {
		t.Errorf("blocks = %s, want %s", got, want)
	}
	if h := string(l.Blocks[0].HTML); !strings.Contains(h, "<strong>eerste</strong>") || strings.Contains(h, "id=") {
		t.Errorf("first block HTML = %s", h)
	}
	if h := string(l.Blocks[2].HTML); !strings.Contains(h, "<table>") {
		t.Errorf("table not rendered: %s", h)
	}
	if len(l.Prompts) != 2 || l.Prompts[1].Type != CheckQuestion || len(l.Prompts[1].Options) != 2 ||
		!l.Prompts[1].Options[1].Correct || l.Prompts[1].Options[0].Feedback != "Nee." {
		t.Errorf("prompts = %+v", l.Prompts)
	}
	if !l.Prompts[1].IsCorrect(1) || l.Prompts[1].IsCorrect(0) || l.Prompts[1].IsCorrect(5) {
		t.Error("IsCorrect wrong")
	}
	rol, _ := c.Lesson("intro", "je-rol")
	if len(rol.Prompts) != 2 { // the prompt inside the ````markdown example does not count
		t.Fatalf("je-rol prompts = %d, want 2", len(rol.Prompts))
	}
	cs := rol.Prompts[0]
	if cs.Type != Case || cs.Title != "Meneer De Vries" || !strings.Contains(string(cs.Situation), "<em>niemand</em>") ||
		!strings.Contains(string(cs.ModelAnswer), `href="/modules/intro/welkom"`) {
		t.Errorf("case prompt = %+v", cs)
	}
	if p, ok := m.Prompt("casus-de-vries"); !ok || p != cs {
		t.Error("Module.Prompt lookup failed")
	}
	if len(c.Methods) != 2 || c.Methods[0].Slug != "balint" {
		t.Errorf("methods not sorted by name: %v", c.Methods)
	}
	meth, ok := c.Method("incident")
	if !ok || meth.TotalMinutes() != 30 || meth.Phases[0].Vote != "case" || meth.Phases[0].Votes != 2 ||
		!meth.Phases[0].Silent || !slices.Equal(meth.Phases[0].Boards, []string{"case"}) ||
		meth.Phases[1].Boards == nil || len(meth.Phases[1].Boards) != 0 || !meth.Phases[1].Scale || !meth.Phases[1].Notes ||
		meth.Phases[1].Instruction != "Stel open vragen aan de inbrenger." ||
		len(meth.Phases[1].Questions) != 1 || !strings.Contains(string(meth.Purpose), "<strong>concreet</strong>") {
		t.Errorf("method = %+v", meth)
	}
	if q, ok := c.Question("ec-wonder"); !ok || q.Phase != "eerste-contact" || len(q.Situations) != 1 {
		t.Errorf("Question(ec-wonder) = %+v, %v", q, ok)
	}
	if got := c.Tags.PhaseLabel("plan"); got != "Plan maken" {
		t.Errorf("PhaseLabel = %q", got)
	}
	if got := c.Tags.SituationLabel("onbekend"); got != "onbekend" {
		t.Errorf("SituationLabel fallback = %q", got)
	}
	if got := c.Tags.TypeLabel("wondervraag"); got != "Wondervraag" {
		t.Errorf("TypeLabel = %q", got)
	}
	if _, ok := c.Lesson("intro", "nope"); ok {
		t.Error("Lesson(intro, nope) found")
	}
	if _, ok := c.Lesson("nope", "welkom"); ok {
		t.Error("Lesson(nope, welkom) found")
	}
}

func TestPrevNext(t *testing.T) {
	c, err := Load(os.DirFS("testdata/valid"))
	if err != nil {
		t.Fatal(err)
	}
	m, _ := c.Module("intro")
	first, second := m.Lessons[0], m.Lessons[1]
	tests := []struct {
		name       string
		l          *Lesson
		prev, next *Lesson
	}{
		{"first", first, nil, second},
		{"last", second, first, nil},
		{"only", c.Modules[1].Lessons[0], nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.l.Prev(); got != tt.prev {
				t.Errorf("Prev = %v, want %v", got, tt.prev)
			}
			if got := tt.l.Next(); got != tt.next {
				t.Errorf("Next = %v, want %v", got, tt.next)
			}
		})
	}
	if second.Number != 2 || second.Module() != m {
		t.Errorf("second lesson: Number=%d Module=%v", second.Number, second.Module())
	}
}

const (
	rolFile   = "modules/intro/02-je-rol.md"
	lesFront  = "---\ntitle: Je rol\nreading: 30\nexercises: 30\n---\n"
	checkFile = "modules/intro/01-welkom.md"
)

func TestProblems(t *testing.T) {
	tests := []struct {
		name    string
		overlay string            // testdata/broken/<overlay>
		extra   map[string]string // inline files on top
		want    []string          // substrings of the problem list, each must occur
	}{
		{name: "missing title", overlay: "missing-title",
			want: []string{`modules/intro/module.yaml:1: missing required field "title"`}},
		{name: "duplicate prompt id", overlay: "duplicate-prompt-id",
			want: []string{`modules/intro/02-je-rol.md:8: duplicate prompt id "wie-helpt-al" (also at 01-welkom.md:11)`}},
		{name: "unknown tag", overlay: "unknown-tag",
			want: []string{`prompts/vragen.yaml:13: unknown situation "ruzie" (not in prompts/tags.yaml)`}},
		{name: "broken link", overlay: "broken-link",
			want: []string{
				`modules/verdieping/01-alleen-les.md:8: broken link /modules/intro/bestaat-niet: module "intro" has no lesson "bestaat-niet"`,
				`modules/verdieping/01-alleen-les.md:10: broken link /modules/geen-module: no module "geen-module"`,
			}},
		{name: "check without correct option", overlay: "check-no-correct",
			want: []string{`modules/intro/02-je-rol.md:10: a check prompt needs an option with correct: true`}},
		{name: "malformed YAML", overlay: "malformed-yaml",
			want: []string{`modules/verdieping/module.yaml:2: invalid YAML:`}},
		{name: "case without model answer", overlay: "case-no-model-answer",
			want: []string{`modules/intro/02-je-rol.md:8: missing required field "model_answer"`}},
		{name: "duplicate question id", overlay: "duplicate-question-id",
			want: []string{`prompts/vragen.yaml:13: duplicate question id "ec-wonder" (also at prompts/meer.yaml:7)`}},

		{name: "unknown phase and type", extra: map[string]string{"prompts/x.yaml": "- id: x\n  text: T\n  phase: fase\n  type: soort\n  situations: [algemeen]\n  note: N\n"},
			want: []string{`prompts/x.yaml:3: unknown phase "fase"`, `prompts/x.yaml:4: unknown type "soort"`}},
		{name: "unknown prompt type", extra: map[string]string{rolFile: lesFront + "```prompt\nid: a\ntype: essay\nquestion: Q\n```\n"},
			want: []string{rolFile + `:8: unknown prompt type "essay" (use reflection, check or case)`}},
		{name: "options on reflection", extra: map[string]string{rolFile: lesFront + "```prompt\nid: a\ntype: reflection\nquestion: Q\noptions:\n  - text: x\n    feedback: y\n```\n"},
			want: []string{rolFile + `:10: options are only allowed on check prompts`}},
		{name: "check with one option", extra: map[string]string{rolFile: lesFront + "```prompt\nid: a\ntype: check\nquestion: Q\noptions:\n  - text: x\n    correct: true\n    feedback: y\n```\n"},
			want: []string{rolFile + `:10: a check prompt needs at least two options`}},
		{name: "check without options", extra: map[string]string{rolFile: lesFront + "```prompt\nid: a\ntype: check\nquestion: Q\n```\n"},
			want: []string{rolFile + `:6: missing required field "options"`}},
		{name: "option without feedback", extra: map[string]string{rolFile: lesFront + "```prompt\nid: a\ntype: check\nquestion: Q\noptions:\n  - text: x\n    correct: true\n  - text: y\n    feedback: z\n```\n"},
			want: []string{rolFile + `:11: missing required field "feedback"`}},
		{name: "case without title and situation", extra: map[string]string{rolFile: lesFront + "Tekst.\n\n```prompt\nid: a\ntype: case\nquestion: Q\nmodel_answer: M\n```\n"},
			want: []string{rolFile + `:8: missing required field "title"`, rolFile + `:8: missing required field "situation"`}},
		{name: "prompt YAML error", extra: map[string]string{rolFile: lesFront + "```prompt\nid: a\ntype: reflection\nquestion: Wat doe je: nu?\n```\n"},
			want: []string{rolFile + `:9: invalid YAML:`}},
		{name: "unclosed prompt", extra: map[string]string{rolFile: lesFront + "```prompt\nid: a\n"},
			want: []string{rolFile + `:6: prompt block is not closed`}},
		{name: "typo in field", extra: map[string]string{rolFile: lesFront + "```prompt\nid: a\ntype: reflection\nrequried: true\nquestion: Q\n```\n"},
			want: []string{rolFile + `:9: unknown field "requried" in a prompt`}},
		{name: "no front matter", extra: map[string]string{rolFile: "Gewoon tekst.\n"},
			want: []string{rolFile + `:1: missing front matter`}},
		{name: "lesson minutes range", extra: map[string]string{rolFile: "---\ntitle: T\nreading: 0\nexercises: -1\n---\nTekst.\n"},
			want: []string{rolFile + `:3: reading must be between 1 and 300 minutes`, rolFile + `:4: exercises must be between 0 and 300 minutes`}},
		{name: "lesson title empty", extra: map[string]string{rolFile: "---\ntitle:\nreading: 5\nexercises: 0\n---\nTekst.\n"},
			want: []string{rolFile + `:2: required field "title" is empty`}},
		{name: "module numbers", extra: map[string]string{"modules/verdieping/module.yaml": "title: V\nsummary: S\norder: 1\nversion: 1\nhours: 0\nminutes: 601\ngoals: [a]\ncompletion:\n  min_check_score: 150\n"},
			want: []string{
				`modules/verdieping/module.yaml:3: duplicate order 1 (also used by module "intro")`,
				`modules/verdieping/module.yaml:5: hours must be more than 0`,
				`modules/verdieping/module.yaml:6: unknown field "minutes" in module.yaml`,
				`modules/verdieping/module.yaml:9: min_check_score must be between 0 and 100`,
			}},
		{name: "module field types", extra: map[string]string{"modules/verdieping/module.yaml": "title: V\nsummary: S\norder: twee\nversion: 1\nhours: 0.5\ngoals: []\ncompletion:\n  all_lessons: ja\n"},
			want: []string{
				`modules/verdieping/module.yaml:3: field "order" must be a whole number`,
				`modules/verdieping/module.yaml:6: field "goals" needs at least one item`,
				`modules/verdieping/module.yaml:8: field "all_lessons" must be true or false`,
			}},
		{name: "bad slugs and files", extra: map[string]string{
			"modules/Foute_Naam/module.yaml":  "title: x\n",
			"modules/intro/3-los.md":          "---\ntitle: T\nreading: 5\nexercises: 0\n---\n",
			"modules/intro/01-dubbel.md":      "---\ntitle: T\nreading: 5\nexercises: 0\n---\n",
			"modules/intro/03-Hoofdletter.md": "---\ntitle: T\nreading: 5\nexercises: 0\n---\n",
		}, want: []string{
			`modules/Foute_Naam: invalid module folder name "Foute_Naam"`,
			`modules/intro/3-los.md: unexpected file`,
			`modules/intro/01-welkom.md: duplicate lesson number 01 (also 01-dubbel.md)`,
			`modules/intro/03-Hoofdletter.md: invalid lesson slug "Hoofdletter"`,
		}},
		{name: "missing module.yaml", extra: map[string]string{"modules/leeg/01-a.md": "---\ntitle: T\nreading: 5\nexercises: 0\n---\n"},
			want: []string{`modules/leeg/module.yaml: file is missing`}},
		{name: "method ranges", extra: map[string]string{"methods/kort.yaml": "name: K\nsummary: S\npurpose: P\ngroup_size: 3\nphases:\n  - id: a\n    name: A\n    minutes: 121\n    guidance: G\n  - id: a\n    minutes: 5\n    guidance: G\n"},
			want: []string{
				`methods/kort.yaml:8: minutes must be between 1 and 120`,
				`methods/kort.yaml:10: duplicate phase id "a" (also on line 6)`,
				`methods/kort.yaml:10: missing required field "name"`,
			}},
		{name: "method phase tools", extra: map[string]string{"methods/kort.yaml": "name: K\nsummary: S\npurpose: P\ngroup_size: 3\nphases:\n  - id: a\n    name: A\n    minutes: 5\n    boards: [case, muur, case]\n    vote: true\n    votes: 20\n    guidance: G\n  - id: b\n    name: B\n    minutes: 5\n    votes: 2\n    instruction: I\n    guidance: G\n"},
			want: []string{
				`methods/kort.yaml:6: missing required field "instruction"`,
				`methods/kort.yaml:9: unknown board "muur" (use case, success, bottleneck, idea, agreement)`,
				`methods/kort.yaml:9: board "case" is listed twice`,
				`methods/kort.yaml:10: vote must name the board voted on: case, success, bottleneck or idea (not "true")`,
				`methods/kort.yaml:11: votes must be between 1 and 10`,
				`methods/kort.yaml:16: votes needs vote: the board voted on`,
			}},
		{name: "two agreement phases", extra: map[string]string{"methods/kort.yaml": "name: K\nsummary: S\npurpose: P\ngroup_size: 3\nphases:\n  - id: a\n    name: A\n    minutes: 5\n    agreements: true\n    instruction: I\n    guidance: G\n  - id: b\n    name: B\n    minutes: 5\n    agreements: true\n    instruction: I\n    guidance: G\n  - id: c\n    name: C\n    minutes: 5\n    agreements: ja\n    instruction: I\n    guidance: G\n"},
			want: []string{
				`methods/kort.yaml:15: agreements: true is already set on the phase on line 9; one phase goes over the earlier agreements`,
				`methods/kort.yaml:21: field "agreements" must be true or false`,
			}},
		{name: "method without phases", extra: map[string]string{"methods/leeg.yaml": "name: K\nsummary: S\npurpose: P\ngroup_size: 3\n"},
			want: []string{`methods/leeg.yaml:1: missing required field "phases"`}},
		{name: "raw HTML", extra: map[string]string{rolFile: lesFront + "Tekst <script>alert(1)</script>.\n"},
			want: []string{rolFile + `:6: raw HTML is not shown to readers`}},
		{name: "link in case model answer", extra: map[string]string{rolFile: lesFront + "```prompt\nid: a\ntype: case\ntitle: T\nsituation: S\nquestion: Q\nmodel_answer: |\n  Eerst.\n  Zie [x](/modules/intro/weg).\n```\n"},
			want: []string{rolFile + `:14: broken link /modules/intro/weg`}},
		{name: "link in method guidance", extra: map[string]string{"methods/balint.yaml": "name: B\nsummary: S\npurpose: P\ngroup_size: 3\nphases:\n  - id: a\n    name: A\n    minutes: 5\n    guidance: Zie [x](/modules/weg).\n"},
			want: []string{`methods/balint.yaml:9: broken link /modules/weg: no module "weg"`}},
		{name: "min score without checks", extra: map[string]string{
			checkFile: "---\ntitle: Welkom\nreading: 5\nexercises: 0\n---\nTekst.\n",
			rolFile:   lesFront + "Tekst.\n",
		}, want: []string{`modules/intro/module.yaml:9: min_check_score is 50 but the module has no check prompts`}},
		{name: "tags.yaml missing", extra: map[string]string{"prompts/tags.yaml": ""},
			want: []string{`prompts/tags.yaml: file is missing`}},
		{name: "tag without label", extra: map[string]string{"prompts/tags.yaml": "phases:\n  - id: plan\n    description: D\ntypes:\n  - id: wondervraag\n    label: W\n    description: D\n  - id: uitzonderingsvraag\n    label: U\n    description: D\nsituations:\n  - id: algemeen\n    label: A\n    description: D\n  - id: weerstand\n    label: W\n    description: D\n"},
			want: []string{`prompts/tags.yaml:2: missing required field "label"`, `prompts/vragen.yaml:9: unknown phase "eerste-contact"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := tree(t, tt.overlay, tt.extra)
			probs := Check(fsys)
			all := probs.Error()
			for _, w := range tt.want {
				if !strings.Contains(all, w) {
					t.Errorf("missing problem %q; got:\n%s", w, all)
				}
			}
			c, err := Load(fsys)
			var ps Problems
			if c != nil || !errors.As(err, &ps) || len(ps) != len(probs) {
				t.Errorf("Load = %v, %v; want nil catalog and the same %d problems", c, err, len(probs))
			}
		})
	}
}

// The answer-spread rules warn (with the counts) but do not stop the
// content from loading; the hours rule refuses it.
func TestModuleRules(t *testing.T) {
	const mod = "modules/intro/module.yaml"
	tests := []struct {
		name    string
		overlay string
		extra   map[string]string
		want    []string // the exact problem list
		loads   bool
	}{
		{name: "right answers in one place and longest", overlay: "guessable-answers",
			want: []string{
				mod + ": warning: the right answer is option 2 in 4 of 4 check questions: spread the right answers over the positions",
				mod + ": warning: the right answer is the longest option in 4 of 4 check questions: make the wrong options as long and as plausible as the right one",
			}, loads: true},
		{name: "spread answers are fine", overlay: "guessable-answers", extra: map[string]string{
			// vraag-1's right answer moves to the front and gets shorter than a distractor:
			// 3 of 4 still at 2 would warn, so vraag-2 moves too.
			rolFile: strings.NewReplacer(
				"  - text: Ik.\n    feedback: Nee.\n  - text: De cliënt en de mensen die hij uitnodigt.\n    correct: true\n    feedback: Juist.\n",
				"  - text: De cliënt en het netwerk.\n    correct: true\n    feedback: Juist.\n  - text: Ik schrijf het, want ik ken de sociale kaart het best.\n    feedback: Nee.\n",
				"  - text: De coach.\n    feedback: Nee.\n  - text: De cliënt zelf, met steun als dat nodig is.\n    correct: true\n",
				"  - text: De coach, omdat die de mensen al kent en tijd heeft.\n    feedback: Nee.\n  - text: Niemand.\n    feedback: Nee.\n  - text: De cliënt zelf.\n    correct: true\n",
			).Replace(readFixture(t, "testdata/broken/guessable-answers/"+rolFile)),
		}, loads: true},
		{name: "right answers mostly the shortest", overlay: "guessable-answers", extra: map[string]string{
			// Overshooting: every distractor made longer than the right answer, which moves around.
			checkFile: strings.Replace(readFixture(t, "testdata/valid/"+checkFile),
				"  - text: Ik.\n    feedback: Nee.\n  - text: De cliënt en het netwerk.\n    correct: true\n    feedback: Juist.\n",
				"  - text: Het netwerk.\n    correct: true\n    feedback: Juist.\n  - text: Ik, want ik ken de sociale kaart.\n    feedback: Nee.\n", 1),
			rolFile: strings.NewReplacer(
				"  - text: Ik.\n", "  - text: Ik, omdat ik de voorzieningen ken en het snel moet.\n",
				"  - text: De coach.\n", "  - text: De coach, die de familie al jaren kent en het snel regelt.\n",
				"  - text: Niemand.\n", "  - text: Niemand, want iemand van de gemeente stuurt een brief.\n",
				"  - text: Later.\n", "  - text: Later, als de intake klaar is en de indicatie binnen is.\n",
			).Replace(readFixture(t, "testdata/broken/guessable-answers/"+rolFile)),
		}, want: []string{
			mod + ": warning: the right answer is option 2 in 3 of 4 check questions: spread the right answers over the positions",
			mod + ": warning: the right answer is the shortest option in 4 of 4 check questions: vary the lengths so length gives nothing away",
		}, loads: true},
		{name: "hours disagree with the lessons", extra: map[string]string{
			mod: strings.Replace(readFixture(t, "testdata/valid/"+mod), "hours: 1.5", "hours: 2", 1),
		}, want: []string{
			mod + ":5: hours is 2 but the lessons add up to 90 minutes of reading and exercises: state hours: 1.5",
		}},
		{name: "hours round to the quarter", extra: map[string]string{
			"modules/verdieping/01-alleen-les.md": "---\ntitle: T\nreading: 25\nexercises: 13\n---\nTekst.\n",
			"modules/verdieping/module.yaml":      strings.Replace(readFixture(t, "testdata/valid/modules/verdieping/module.yaml"), "hours: 0.5", "hours: 0.75", 1),
		}, loads: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := tree(t, tt.overlay, tt.extra)
			var got []string
			for _, p := range Check(fsys) {
				got = append(got, p.String())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if _, err := Load(fsys); (err == nil) != tt.loads {
				t.Errorf("Load error = %v, want loading %v", err, tt.loads)
			}
		})
	}
}

func readFixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestDerivedHours(t *testing.T) {
	for _, tt := range []struct {
		minutes int
		want    float64
	}{{100, 1.75}, {90, 1.5}, {59, 1}, {67, 1}, {68, 1.25}, {7, 0.25}, {8, 0.25}, {22, 0.25}, {23, 0.5}} {
		if got := DerivedHours(tt.minutes); got != tt.want {
			t.Errorf("DerivedHours(%d) = %v, want %v", tt.minutes, got, tt.want)
		}
	}
}

func TestCheckValidHasNoProblems(t *testing.T) {
	if probs := Check(os.DirFS("testdata/valid")); len(probs) != 0 {
		t.Fatalf("valid fixture has problems:\n%s", probs.Error())
	}
}

func TestProblemString(t *testing.T) {
	tests := []struct {
		p    Problem
		want string
	}{
		{Problem{File: "a.yaml", Line: 3, Msg: "kapot"}, "a.yaml:3: kapot"},
		{Problem{File: "modules/x", Msg: "leeg"}, "modules/x: leeg"},
		{Problem{File: "m.yaml", Msg: "raden", Warning: true}, "m.yaml: warning: raden"},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
	if got := (Problems{tests[0].p, tests[1].p}).Error(); got != "a.yaml:3: kapot\nmodules/x: leeg" {
		t.Errorf("Error() = %q", got)
	}
}

func TestMarkdownIsSafe(t *testing.T) {
	l := &loader{md: newMarkdown()}
	tests := []struct {
		name, src  string
		want, deny []string
	}{
		{"script", "Hallo <script>alert(1)</script> wereld", []string{"Hallo"}, []string{"<script"}},
		{"html block", "<div onclick=\"x()\">\nhoi\n</div>\n", nil, []string{"<div", "onclick"}},
		{"javascript link", "[klik](javascript:alert(1))", []string{"<a"}, []string{"javascript:"}},
		{"heading without id", "## Kop\n", []string{"<h2>Kop</h2>"}, []string{"id="}},
		{"table", "| a | b |\n|---|---|\n| 1 | 2 |\n", []string{"<table>", "<td>1</td>"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := string(l.render(tt.src, "f.md", 1))
			for _, w := range tt.want {
				if !strings.Contains(h, w) {
					t.Errorf("output lacks %q: %s", w, h)
				}
			}
			for _, d := range tt.deny {
				if strings.Contains(h, d) {
					t.Errorf("output contains %q: %s", d, h)
				}
			}
		})
	}
}
