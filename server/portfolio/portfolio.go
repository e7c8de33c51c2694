// Package portfolio adds up what a professional shows their register (SKJ, Registerplein) when
// they re-register every five years: study hours from certificates and intervision time from
// attended meetings, per calendar year and per five-year registration period, with the time
// that counts as contact (face to face, or online with image and sound for everyone) apart.
//
// It is pure: the records come in, the totals go out, so the rules are tested without a
// database or a clock.
package portfolio

import (
	"math"
	"sort"
	"time"
)

// Certificate is a completed module as the portfolio counts it.
type Certificate struct {
	Code     string
	Title    string
	Hours    float64
	IssuedAt time.Time
	Revoked  bool // a revoked certificate is listed but never counted
}

// Meeting is an attended intervision meeting as the portfolio counts it. It belongs to the
// day (and so the year and period) on which it started, also when it ran past midnight.
type Meeting struct {
	StartedAt time.Time
	Minutes   int  // minutes present
	Contact   bool // face to face, or online with live image and sound for everyone
}

// Totals are the sums over some span of time.
type Totals struct {
	CertHours      float64
	Certificates   int
	Meetings       int
	Minutes        int
	ContactMinutes int
}

// IntervisionHours is the time present in meetings, in hours to one decimal.
func (t Totals) IntervisionHours() float64 { return tenths(float64(t.Minutes) / 60) }

// ContactHours is the time present in meetings that counts as contact, in hours to one
// decimal.
func (t Totals) ContactHours() float64 { return tenths(float64(t.ContactMinutes) / 60) }

// tenths rounds to one decimal, as registers count hours.
func tenths(h float64) float64 { return math.Round(h*10) / 10 }

// Year is the totals of one calendar year.
type Year struct {
	Year int
	Totals
}

// Period is a five-year registration period (or, when the start of the registration is not
// known, the five years up to today).
type Period struct {
	From, To time.Time // To is exclusive
	Current  bool
	Rolling  bool // the last five years, because the registration date is unknown
	Totals
}

// Summary is everything the portfolio page and its export show as figures.
type Summary struct {
	Years   []Year   // newest first, only years with something in them
	Periods []Period // newest first
	All     Totals
}

// Summarise adds up certificates and meetings in loc. since is the start of the person's
// registration (zero when unknown); now bounds the current period.
func Summarise(certs []Certificate, meetings []Meeting, since, now time.Time, loc *time.Location) Summary {
	var sum Summary
	years := map[int]*Totals{}
	year := func(t time.Time) *Totals {
		y := t.In(loc).Year()
		if years[y] == nil {
			years[y] = &Totals{}
		}
		return years[y]
	}
	periods := periodsFor(certs, meetings, since, now, loc)
	inPeriods := func(t time.Time, add func(*Totals)) {
		for i := range periods {
			if !t.Before(periods[i].From) && t.Before(periods[i].To) {
				add(&periods[i].Totals)
			}
		}
	}
	for _, c := range certs {
		if c.Revoked {
			continue
		}
		add := func(t *Totals) { t.CertHours += c.Hours; t.Certificates++ }
		add(&sum.All)
		add(year(c.IssuedAt))
		inPeriods(c.IssuedAt, add)
	}
	for _, m := range meetings {
		add := func(t *Totals) {
			t.Meetings++
			t.Minutes += m.Minutes
			if m.Contact {
				t.ContactMinutes += m.Minutes
			}
		}
		add(&sum.All)
		add(year(m.StartedAt))
		inPeriods(m.StartedAt, add)
	}
	for y, t := range years {
		sum.Years = append(sum.Years, Year{Year: y, Totals: *t})
	}
	sort.Slice(sum.Years, func(i, j int) bool { return sum.Years[i].Year > sum.Years[j].Year })
	sum.Periods = periods
	return sum
}

// periodsFor lays five-year periods from since up to now (and back far enough to hold every
// record), newest first; without a since, the one rolling period of the last five years.
func periodsFor(certs []Certificate, meetings []Meeting, since, now time.Time, loc *time.Location) []Period {
	if since.IsZero() {
		today := midnight(now, loc)
		return []Period{{From: today.AddDate(-5, 0, 1), To: today.AddDate(0, 0, 1), Current: true, Rolling: true}}
	}
	start := midnight(since, loc)
	earliest := start
	for _, c := range certs {
		if c.IssuedAt.Before(earliest) {
			earliest = c.IssuedAt
		}
	}
	for _, m := range meetings {
		if m.StartedAt.Before(earliest) {
			earliest = m.StartedAt
		}
	}
	for earliest.Before(start) {
		start = start.AddDate(-5, 0, 0)
	}
	var out []Period
	for from := start; !from.After(now) || len(out) == 0; from = from.AddDate(5, 0, 0) {
		to := from.AddDate(5, 0, 0)
		out = append(out, Period{From: from, To: to, Current: !now.Before(from) && now.Before(to)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].From.After(out[j].From) })
	return out
}

// midnight is the start of t's day in loc.
func midnight(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}
