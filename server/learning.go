package server

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"kring/modules"
	"kring/server/store"
)

// What the learning pages share: turning stored progress into the engine's view, issuing
// certificates when a module completes, and the small summaries the catalogue, the module page
// and the home page show.

// maxAnswerRunes is the longest free-text answer a person may save.
const maxAnswerRunes = 10000

// engineProgress turns what the store kept into the module engine's Progress, judged by the
// prompts as they are now: an answer counts for a reflection or case when it has text, for a
// check question when an option was chosen, and a check question is correct when the first
// choice was. A lesson counts when it was completed, not opened. Ids that left the content are
// kept; Evaluate ignores them.
func engineProgress(m *modules.Module, p *store.Progress) modules.Progress {
	out := modules.Progress{Completed: map[string]bool{}, Answered: map[string]bool{}, Correct: map[string]bool{}}
	if p == nil {
		return out
	}
	for slug := range p.Completed {
		out.Completed[slug] = true
	}
	for id, a := range p.Answers {
		pr, ok := m.Prompt(id)
		if !ok {
			out.Answered[id] = a.Text != "" || a.Option >= 0
			continue
		}
		switch pr.Type {
		case modules.CheckQuestion:
			out.Answered[id] = a.Option >= 0
			// Both the stored verdict and the prompt as it is now must agree, so a reader that
			// leaves the first choice unset (zero values) never scores option 0 by accident.
			out.Correct[id] = a.Option >= 0 && a.FirstCorrect && a.FirstOption >= 0 && pr.IsCorrect(a.FirstOption)
		default:
			out.Answered[id] = strings.TrimSpace(a.Text) != ""
		}
	}
	return out
}

// issuer is the store's completion check for a module: a certificate with the module as it is
// now (title, version, hours) when its rule is met.
func issuer(m *modules.Module) store.IssueFunc {
	return func(p *store.Progress) *store.NewCertificate {
		if !m.Evaluate(engineProgress(m, p)).Complete {
			return nil
		}
		return &store.NewCertificate{ModuleTitle: m.Title, ModuleVersion: m.Version, Hours: m.Hours}
	}
}

// moduleState is the one-word status of a module for a person.
func moduleState(status modules.Status, p *store.Progress, cert *store.Certificate) string {
	switch {
	case cert != nil || status.Complete:
		return "completed"
	case p != nil && (len(p.Opened) > 0 || len(p.Completed) > 0 || len(p.Answers) > 0):
		return "in_progress"
	default:
		return "not_started"
	}
}

// moduleSummary is a module with a person's progress in it, for cards and lists.
type moduleSummary struct {
	Module   *modules.Module
	Status   modules.Status
	State    string // not_started | in_progress | completed
	Percent  int
	Cert     *store.Certificate
	Duration string // "2 uur 30 min"
	Hours    string // "2,5"
	Continue *modules.Lesson
}

// summarise builds the summary of a module for a person from their stored progress.
func (s *Server) summarise(lang string, m *modules.Module, p *store.Progress, cert *store.Certificate) *moduleSummary {
	status := m.Evaluate(engineProgress(m, p))
	sum := &moduleSummary{Module: m, Status: status, State: moduleState(status, p, cert), Percent: status.Percent, Cert: cert,
		Duration: s.duration(lang, m.Minutes), Hours: formatHours(lang, m.Hours), Continue: continueLesson(m, p)}
	if sum.State == "completed" {
		sum.Percent = 100
	}
	return sum
}

// continueLesson is where a person picks up a module: the first lesson not completed yet, or,
// when every lesson was completed, the one opened last.
func continueLesson(m *modules.Module, p *store.Progress) *modules.Lesson {
	if len(m.Lessons) == 0 {
		return nil
	}
	if p == nil {
		return m.Lessons[0]
	}
	var last *modules.Lesson
	for _, l := range m.Lessons {
		if _, ok := p.Completed[l.Slug]; !ok {
			return l
		}
		if last == nil || p.Opened[l.Slug].After(p.Opened[last.Slug]) {
			last = l
		}
	}
	return last
}

// duration writes a study time as "1 uur 30 min" / "1 h 30 min".
func (s *Server) duration(lang string, minutes int) string {
	h, m := minutes/60, minutes%60
	switch {
	case h == 0:
		return s.msg.T(lang, "learning.duration.minutes", "Minutes", m)
	case m == 0:
		return s.msg.T(lang, "learning.duration.hours", "Hours", h)
	default:
		return s.msg.T(lang, "learning.duration.hours_minutes", "Hours", h, "Minutes", m)
	}
}

// formatHours writes a study load the way the language writes decimals: 2,5 or 2.5.
func formatHours(lang string, h float64) string {
	v := strconv.FormatFloat(h, 'f', -1, 64)
	if lang != "en" {
		v = strings.ReplaceAll(v, ".", ",")
	}
	return v
}

// certificateFor finds a person's certificate for a module, or nil.
func (s *Server) certificateFor(c *fiber.Ctx, userID int64, module string) (*store.Certificate, error) {
	certs, err := s.store.CertificatesOf(c.UserContext(), userID)
	if err != nil {
		return nil, err
	}
	for _, cert := range certs {
		if cert.Module == module {
			return cert, nil
		}
	}
	return nil, nil
}

// lookupModule resolves the :slug of a route, or 404.
func (s *Server) lookupModule(c *fiber.Ctx) (*modules.Module, error) {
	m, ok := s.catalog.Module(c.Params("slug"))
	if !ok {
		return nil, fiber.ErrNotFound
	}
	return m, nil
}

// lookupLesson resolves :slug and :lesson of a route, or 404.
func (s *Server) lookupLesson(c *fiber.Ctx) (*modules.Module, *modules.Lesson, error) {
	m, err := s.lookupModule(c)
	if err != nil {
		return nil, nil, err
	}
	l, ok := m.Lesson(c.Params("lesson"))
	if !ok {
		return nil, nil, fiber.ErrNotFound
	}
	return m, l, nil
}

// wantsJSON tells a script's request (lesson.js, vragen.js) from a plain form submit.
func wantsJSON(c *fiber.Ctx) bool {
	accept := c.Get(fiber.HeaderAccept)
	return strings.Contains(accept, "application/json") && !strings.Contains(accept, "text/html")
}

// lessonURL is the address of a lesson page.
func lessonURL(m *modules.Module, l *modules.Lesson) string {
	return fmt.Sprintf("/modules/%s/%s", m.Slug, l.Slug)
}

// learnerRecords loads what a person did in every module: progress per module slug, their
// certificates, and those certificates by module slug. The catalogue and the home page both
// start from it.
func (s *Server) learnerRecords(ctx context.Context, userID int64) (map[string]*store.Progress, []*store.Certificate, map[string]*store.Certificate, error) {
	progress, err := s.store.AllProgress(ctx, userID)
	if err != nil {
		return nil, nil, nil, err
	}
	certs, err := s.store.CertificatesOf(ctx, userID)
	if err != nil {
		return nil, nil, nil, err
	}
	byModule := make(map[string]*store.Certificate, len(certs))
	for _, cert := range certs {
		byModule[cert.Module] = cert
	}
	return progress, certs, byModule, nil
}
