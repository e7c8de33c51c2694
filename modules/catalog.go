// Package modules is Kring's learning-module engine: it turns the plain
// content files described in docs/content-format.md (modules with lessons and
// prompts, the question bank, intervision methods) into a validated,
// pre-rendered, read-only Catalog, and answers the questions the web layer
// asks of it (lookups, progress and completion, question search).
//
// Everything is parsed, checked and rendered once by Load, so broken content
// is refused at start-up (or by `kring content check`) instead of surfacing
// as an error page in front of a learner. The package knows nothing about
// HTTP or storage and holds no mutable package state: a Catalog is safe for
// concurrent use once loaded.
package modules

import (
	"html/template"
	"slices"
)

// Catalog is all learning content, validated and rendered, so handlers can
// serve pages by lookup alone. Treat it as read-only after Load.
type Catalog struct {
	// Modules in catalogue order (module.yaml's order).
	Modules []*Module
	// Questions of the bank, in phase order (as in tags.yaml), then by id.
	Questions []*Question
	// Tags are the allowed question-bank tags, with their labels.
	Tags Tags
	// Methods are the intervision methods, sorted by name.
	Methods []*Method

	modules   map[string]*Module
	methods   map[string]*Method
	questions map[string]*Question
}

// Module finds a module by the slug in its URL.
func (c *Catalog) Module(slug string) (*Module, bool) {
	m, ok := c.modules[slug]
	return m, ok
}

// Method finds an intervision method by the slug in its URL.
func (c *Catalog) Method(slug string) (*Method, bool) {
	m, ok := c.methods[slug]
	return m, ok
}

// Question finds a bank question by id, e.g. to resolve a saved favourite.
func (c *Catalog) Question(id string) (*Question, bool) {
	q, ok := c.questions[id]
	return q, ok
}

// Lesson resolves a /modules/<module>/<lesson> URL in one call.
func (c *Catalog) Lesson(moduleSlug, lessonSlug string) (*Lesson, bool) {
	m, ok := c.modules[moduleSlug]
	if !ok {
		return nil, false
	}
	return m.Lesson(lessonSlug)
}

// Module is one course unit a professional works through and can get a
// certificate for.
type Module struct {
	// Slug is the folder name and URL segment.
	Slug string
	// Title is the module's name in the catalogue and on the certificate.
	Title string
	// Summary is the one or two sentences shown in the catalogue.
	Summary string
	// Order is the position in the catalogue; unique.
	Order int
	// Version changes when completion rules or lessons change materially, so
	// stored progress and certificates can tell which version they refer to.
	Version int
	// Hours is the accredited study load printed on the certificate; the
	// content check holds it to DerivedHours(Minutes).
	Hours float64
	// Minutes is the time to work through the module: the sum of its
	// lessons' reading and exercise minutes, never stated on its own.
	Minutes int
	// Goals are the learning goals, shown on the module page and certificate.
	Goals []string
	// Accreditation is the number a register (SKJ, Registerplein) gave the module, if any; it
	// is printed on the certificate.
	Accreditation string
	// Lessons in order of their NN- file prefix.
	Lessons []*Lesson
	// Completion says when the module counts as finished.
	Completion Completion

	prompts map[string]*Prompt
}

// Lesson finds a lesson of this module by slug.
func (m *Module) Lesson(slug string) (*Lesson, bool) {
	for _, l := range m.Lessons {
		if l.Slug == slug {
			return l, true
		}
	}
	return nil, false
}

// Prompt finds a prompt of this module by id, so an answer posted for a
// module can be checked against the prompt it claims to answer.
func (m *Module) Prompt(id string) (*Prompt, bool) {
	p, ok := m.prompts[id]
	return p, ok
}

// Prompts returns every prompt of the module in reading order, e.g. for an
// overview of one's own answers.
func (m *Module) Prompts() []*Prompt {
	var out []*Prompt
	for _, l := range m.Lessons {
		out = append(out, l.Prompts...)
	}
	return out
}

// Completion is a module's finishing rule, kept as data so that coaches can
// tune it per module without code changes.
type Completion struct {
	// AllLessons demands that every lesson has been completed (its required
	// prompts answered and "Les afronden" pressed); opening is not enough.
	AllLessons bool
	// RequiredPrompts demands an answer to every prompt marked required.
	RequiredPrompts bool
	// MinCheckScore is the percentage of check prompts that must be answered
	// correctly; 0 means no demand.
	MinCheckScore int
}

// Lesson is one page of a module.
type Lesson struct {
	// Slug is the file name without NN- and .md; the URL segment.
	Slug string
	// Title is the lesson heading and navigation label.
	Title string
	// Reading and Exercises are the minutes stated in the front matter for
	// reading the text and for the prompts; the module's study load is
	// derived from them.
	Reading, Exercises int
	// Minutes is Reading plus Exercises.
	Minutes int
	// Number is the 1-based position within the module, for "Les 2 van 5".
	Number int
	// Blocks is the body in document order: rendered markdown between
	// prompts, and the prompts themselves, so templates can interleave them.
	Blocks []Block
	// Prompts are this lesson's prompts in document order.
	Prompts []*Prompt

	module *Module
}

// Missing returns the lesson's required prompts that have no answer in
// answered (prompt id -> answered), so "Les afronden" can say what is left.
func (l *Lesson) Missing(answered map[string]bool) []*Prompt {
	var out []*Prompt
	for _, p := range l.Prompts {
		if p.Required && !answered[p.ID] {
			out = append(out, p)
		}
	}
	return out
}

// Module returns the module the lesson belongs to, for breadcrumbs.
func (l *Lesson) Module() *Module { return l.module }

// Prev returns the previous lesson in the module, or nil on the first one,
// for lesson navigation.
func (l *Lesson) Prev() *Lesson {
	if l.module == nil || l.Number <= 1 {
		return nil
	}
	return l.module.Lessons[l.Number-2]
}

// Next returns the next lesson in the module, or nil on the last one, for
// lesson navigation.
func (l *Lesson) Next() *Lesson {
	if l.module == nil || l.Number >= len(l.module.Lessons) {
		return nil
	}
	return l.module.Lessons[l.Number]
}

// Block is one piece of a lesson body: either rendered markdown (HTML set,
// Prompt nil) or a prompt shown in place (Prompt set, HTML empty).
type Block struct {
	// HTML is safe, pre-rendered markdown (raw HTML in content is dropped).
	HTML template.HTML
	// Prompt is the prompt at this point of the lesson, if any.
	Prompt *Prompt
}

// PromptType distinguishes how a prompt is shown, answered and counted.
type PromptType string

// The prompt types of the content format.
const (
	// Reflection is private free text, saved as the learner types.
	Reflection PromptType = "reflection"
	// CheckQuestion is a multiple-choice question with feedback per option; it
	// counts toward the module's check score.
	CheckQuestion PromptType = "check"
	// Case is a practice situation: an open answer, then a model answer to
	// compare with.
	Case PromptType = "case"
)

// Prompt is an interactive element inside a lesson.
type Prompt struct {
	// ID is unique within the module; answers are stored under it.
	ID string
	// Type decides how the prompt is shown, answered and counted.
	Type PromptType
	// Required marks prompts that the completion rule counts.
	Required bool
	// Question is the plain-text question put to the learner.
	Question string
	// Options are the choices of a check prompt (nil otherwise).
	Options []Option
	// Title, Situation and ModelAnswer are set for case prompts.
	Title       string
	Situation   template.HTML
	ModelAnswer template.HTML
}

// IsCorrect reports whether choosing option i (0-based) answers a check
// prompt correctly, so handlers need not index Options themselves.
func (p *Prompt) IsCorrect(i int) bool {
	return p.Type == CheckQuestion && i >= 0 && i < len(p.Options) && p.Options[i].Correct
}

// Option is one choice of a check prompt; every option explains itself, so
// a wrong answer still teaches something.
type Option struct {
	// Text is the answer as the learner sees it.
	Text string
	// Correct marks a right answer; at least one option has it.
	Correct bool
	// Feedback is shown after choosing this option, right or wrong.
	Feedback string
}

// Question is one entry of the question bank (vragenbank): a question a
// professional can ask in a conversation, tagged so it can be found.
type Question struct {
	// ID is unique across the bank, so favourites survive file moves.
	ID string
	// Text is the question itself, as one would ask it.
	Text string
	// Phase and Type are tag ids from tags.yaml.
	Phase string
	Type  string
	// Situations are tag ids from tags.yaml (at least one).
	Situations []string
	// Note says when and why to use the question.
	Note string

	search string // normalised text, note and tag labels
}

// Tags are the allowed question-bank tags, in the order of tags.yaml, which
// is also the order filters and results are shown in.
type Tags struct {
	// Phases are the SNV phases a question fits (eerste-contact ... nazorg).
	Phases []Tag
	// Types are the kinds of question (wondervraag, schaalvraag, ...).
	Types []Tag
	// Situations are the circumstances a question helps in (weerstand, ...).
	Situations []Tag
}

// Tag is one allowed tag value with the Dutch label shown to users.
type Tag struct {
	// ID is what questions and URLs refer to.
	ID string
	// Label is the Dutch name shown in filters and on questions.
	Label string
	// Description explains the tag, e.g. as a tooltip.
	Description string
}

func tagLabel(tags []Tag, id string) string {
	if i := slices.IndexFunc(tags, func(t Tag) bool { return t.ID == id }); i >= 0 {
		return tags[i].Label
	}
	return id
}

// PhaseLabel returns the display label of a phase id (the id itself if
// unknown), so templates never show raw ids.
func (t Tags) PhaseLabel(id string) string { return tagLabel(t.Phases, id) }

// TypeLabel returns the display label of a question-type id (the id itself
// if unknown).
func (t Tags) TypeLabel(id string) string { return tagLabel(t.Types, id) }

// SituationLabel returns the display label of a situation id (the id itself
// if unknown).
func (t Tags) SituationLabel(id string) string { return tagLabel(t.Situations, id) }

// Method is an intervision method (werkvorm) a coach can run with a group.
type Method struct {
	// Slug is the file name without .yaml; the URL segment.
	Slug string
	// Name is the method's display name; methods are sorted by it.
	Name string
	// Summary is one sentence for the selection list.
	Summary string
	// Purpose explains when the method fits (rendered markdown).
	Purpose template.HTML
	// GroupSize is free text such as "4–8 deelnemers".
	GroupSize string
	// Phases are the steps of a session, in order.
	Phases []Phase
}

// TotalMinutes is the default session length, for planning a meeting.
func (m *Method) TotalMinutes() int {
	total := 0
	for _, p := range m.Phases {
		total += p.Minutes
	}
	return total
}

// Phase is one timed step of an intervision session.
type Phase struct {
	// ID is unique within the method, so a running session can refer to it.
	ID string
	// Name is the phase's display name.
	Name string
	// Minutes is the default length of the phase.
	Minutes int
	// Boards are the boards open for new cards in this phase (case, success, bottleneck,
	// agreement). Nil means the method does not say, and all four are open; an empty,
	// non-nil list closes them all.
	Boards []string
	// Silent means cards written in this phase stay hidden from the others until the coach
	// reveals them, so nobody anchors on the first card.
	Silent bool
	// Vote is the board the group votes on in this phase ("" for none).
	Vote string
	// Votes is how many dots each person has in a voting phase.
	Votes int
	// Scale means a 0–10 scale question fits this phase.
	Scale bool
	// Notes means the coach (or a scribe) keeps notes in this phase; they go into the verslag.
	Notes bool
	// Instruction tells the participants in one or two sentences what the phase asks of them;
	// the room shows it beside the phase bar.
	Instruction string
	// Guidance tells the coach what to do (rendered markdown); only the coach sees it.
	Guidance template.HTML
	// Questions may be shown to all participants during the phase.
	Questions []string
	// Agreements marks the phase (at most one per method, normally the opening) in which the
	// group goes over the open agreements of its earlier meetings: the room lists them there.
	Agreements bool
}

// MethodBoards lists the boards a phase may open or vote on, as the room names them.
func MethodBoards() []string { return []string{"case", "success", "bottleneck", "idea", "agreement"} }
