// Package training decides whether a professional counts as "trained" under an organisation's
// own definition (required modules, and at least N intervision meetings attended in the last M
// months), says what is still missing, and computes coverage month by month. It is pure: no SQL,
// no HTTP, no clock of its own. Every answer is a function of the records' dates and a moment,
// so a definition set today shows its history too, and tests use hand-made fixtures.
package training

import (
	"slices"
	"time"
)

// Limits of a definition, so a typo cannot make "trained" unreachable or meaningless.
const (
	MaxMeetings     = 52 // at most one meeting a week for a year
	MinWindowMonths = 1
	MaxWindowMonths = 36
	// CoverageMonths is how far back the coverage chart and table look.
	CoverageMonths = 24
	// InactiveAfter is how long without any recorded activity makes a person "inactive".
	InactiveAfter = 90 * 24 * time.Hour
)

// Definition is what one organisation counts as trained: every module in Modules completed, and
// at least MinMeetings intervision meetings attended in the WindowMonths months before the day
// it is judged.
type Definition struct {
	Modules      []string // module slugs, all required; order is the display order
	MinMeetings  int
	WindowMonths int
}

// Default applies until an organisation sets its own: the basic module on the vision, the one
// on mapping the network, and two meetings a year (the municipality's minimum in the source
// article was met six times a year by the group; two is what one person can be asked to attend).
func Default() Definition {
	return Definition{Modules: []string{"snv-visie", "netwerk-in-kaart"}, MinMeetings: 2, WindowMonths: 12}
}

// Equal reports whether two definitions demand the same, so an unchanged form records nothing.
func (d Definition) Equal(o Definition) bool {
	return slices.Equal(d.Modules, o.Modules) && d.MinMeetings == o.MinMeetings && d.WindowMonths == o.WindowMonths
}

// Problem is one thing wrong with a proposed definition: the form field it belongs to and the
// message id of the interface catalogue that explains it.
type Problem struct {
	Field string // "modules", "min_meetings" or "window_months"
	Key   string // i18n message id
}

// Check lists what is wrong with d; known says whether a module slug exists in the catalogue.
// An empty list of modules is allowed (an organisation may count meetings only), but an unknown
// or repeated module is not.
func (d Definition) Check(known func(slug string) bool) []Problem {
	var out []Problem
	seen := map[string]bool{}
	for _, m := range d.Modules {
		if !known(m) || seen[m] {
			out = append(out, Problem{"modules", "tracking.settings.err_module"})
			break
		}
		seen[m] = true
	}
	if d.MinMeetings < 0 || d.MinMeetings > MaxMeetings {
		out = append(out, Problem{"min_meetings", "tracking.settings.err_meetings"})
	}
	if d.WindowMonths < MinWindowMonths || d.WindowMonths > MaxWindowMonths {
		out = append(out, Problem{"window_months", "tracking.settings.err_window"})
	}
	return out
}

// Completion is a certificate as far as "trained" is concerned: the module, when it was issued
// and, when it was withdrawn, from when it stops counting.
type Completion struct {
	Module  string
	At      time.Time
	Revoked time.Time // zero: never
}

// Person is one staff member's record: when they joined and left the organisation (zero Left:
// still there), their certificates, and when each intervision meeting they attended was held.
type Person struct {
	Joined      time.Time
	Left        time.Time
	Completions []Completion
	Meetings    []time.Time
}

// staffAt reports whether p belonged to the organisation at t.
func (p Person) staffAt(t time.Time) bool {
	return !p.Joined.After(t) && (p.Left.IsZero() || p.Left.After(t))
}

// Status is the verdict for one person at one moment, with what is missing when not trained.
type Status struct {
	Trained         bool
	MissingModules  []string // required modules without a valid certificate, in definition order
	Meetings        int      // meetings attended in the window
	MissingMeetings int      // how many more are needed (0 when enough)
}

// StatusAt judges p at moment at: a certificate counts when issued at or before at and not
// revoked by then; a meeting counts when held after at minus WindowMonths and not after at.
func (d Definition) StatusAt(p Person, at time.Time) Status {
	var s Status
	for _, m := range d.Modules {
		if !completedBy(p.Completions, m, at) {
			s.MissingModules = append(s.MissingModules, m)
		}
	}
	from := at.AddDate(0, -d.WindowMonths, 0)
	for _, t := range p.Meetings {
		if t.After(from) && !t.After(at) {
			s.Meetings++
		}
	}
	s.MissingMeetings = max(d.MinMeetings-s.Meetings, 0)
	s.Trained = len(s.MissingModules) == 0 && s.MissingMeetings == 0
	return s
}

// trainedAt is StatusAt(p, at).Trained without building the verdict, for coverage, which asks
// it for every person and month: from is at minus WindowMonths, computed once per month.
func (d Definition) trainedAt(p Person, at, from time.Time) bool {
	for _, m := range d.Modules {
		if !completedBy(p.Completions, m, at) {
			return false
		}
	}
	n := 0
	for _, t := range p.Meetings {
		if t.After(from) && !t.After(at) {
			n++
		}
	}
	return n >= d.MinMeetings
}

func completedBy(cs []Completion, module string, at time.Time) bool {
	for _, c := range cs {
		if c.Module == module && !c.At.After(at) && (c.Revoked.IsZero() || c.Revoked.After(at)) {
			return true
		}
	}
	return false
}

// Inactive reports whether a person's last recorded activity (zero: none ever) is older than
// InactiveAfter at now.
func Inactive(last, now time.Time) bool { return last.IsZero() || now.Sub(last) > InactiveAfter }

// Month is coverage at the end of one calendar month (or now, for the current month).
type Month struct {
	Start   time.Time // first day of the month, midnight in the chosen location
	At      time.Time // the moment measured: the month's last instant, or now for the current month
	Staff   int
	Trained int
}

// Percent is Trained as a whole percentage of Staff (0 without staff).
func (m Month) Percent() int {
	if m.Staff == 0 {
		return 0
	}
	return m.Trained * 100 / m.Staff
}

// Coverage computes, for each of the last n calendar months up to and including now's month (in
// loc), how many people were staff at the month's end and how many of them were trained under
// d at that moment. Oldest month first.
func Coverage(d Definition, people []Person, now time.Time, n int, loc *time.Location) []Month {
	now = now.In(loc)
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, loc)
	out := make([]Month, 0, n)
	for i := n - 1; i >= 0; i-- {
		start := first.AddDate(0, -i, 0)
		at := start.AddDate(0, 1, 0).Add(-time.Millisecond)
		if at.After(now) {
			at = now
		}
		m := Month{Start: start, At: at}
		from := at.AddDate(0, -d.WindowMonths, 0)
		for _, p := range people {
			if !p.staffAt(at) {
				continue
			}
			m.Staff++
			if d.trainedAt(p, at, from) {
				m.Trained++
			}
		}
		out = append(out, m)
	}
	return out
}

// Sum adds coverage series month by month (all of the same length and months), for a total
// over organisations.
func Sum(series ...[]Month) []Month {
	if len(series) == 0 {
		return nil
	}
	out := slices.Clone(series[0])
	for _, s := range series[1:] {
		for i := range out {
			if i < len(s) {
				out[i].Staff += s[i].Staff
				out[i].Trained += s[i].Trained
			}
		}
	}
	return out
}
