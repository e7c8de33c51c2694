package training

import (
	"slices"
	"testing"
	"time"
)

var ams = func() *time.Location {
	l, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		panic(err)
	}
	return l
}()

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 12, 0, 0, 0, ams) }

func TestStatusAt(t *testing.T) {
	two := Definition{Modules: []string{"snv-visie", "netwerk-in-kaart"}, MinMeetings: 2, WindowMonths: 12}
	now := day(2026, 11, 30)
	visie := Completion{Module: "snv-visie", At: day(2026, 3, 1)}
	kaart := Completion{Module: "netwerk-in-kaart", At: day(2026, 6, 1)}
	cases := []struct {
		name         string
		def          Definition
		p            Person
		trained      bool
		missing      []string
		meetings     int
		moreMeetings int
	}{
		{"one of two modules", two, Person{Completions: []Completion{visie}, Meetings: []time.Time{day(2026, 5, 1), day(2026, 9, 1)}},
			false, []string{"netwerk-in-kaart"}, 2, 0},
		{"both modules and two meetings", two, Person{Completions: []Completion{visie, kaart}, Meetings: []time.Time{day(2026, 5, 1), day(2026, 9, 1)}},
			true, nil, 2, 0},
		// 29 November 2025 is one day before the window (30 Nov 2025 – 30 Nov 2026) opens.
		{"attendance just outside the window", two, Person{Completions: []Completion{visie, kaart}, Meetings: []time.Time{day(2025, 11, 29), day(2026, 9, 1)}},
			false, nil, 1, 1},
		{"attendance just inside the window", two, Person{Completions: []Completion{visie, kaart}, Meetings: []time.Time{day(2025, 12, 1), day(2026, 9, 1)}},
			true, nil, 2, 0},
		{"a meeting after the moment does not count", two, Person{Completions: []Completion{visie, kaart}, Meetings: []time.Time{day(2026, 9, 1), day(2026, 12, 5)}},
			false, nil, 1, 1},
		{"a certificate issued later does not count yet", two, Person{Completions: []Completion{visie, {Module: "netwerk-in-kaart", At: day(2026, 12, 1)}}, Meetings: []time.Time{day(2026, 5, 1), day(2026, 9, 1)}},
			false, []string{"netwerk-in-kaart"}, 2, 0},
		{"a revoked certificate does not count", two, Person{Completions: []Completion{visie, {Module: "netwerk-in-kaart", At: day(2026, 1, 1), Revoked: day(2026, 10, 1)}}, Meetings: []time.Time{day(2026, 5, 1), day(2026, 9, 1)}},
			false, []string{"netwerk-in-kaart"}, 2, 0},
		{"nothing at all", two, Person{}, false, []string{"snv-visie", "netwerk-in-kaart"}, 0, 2},
		{"meetings only", Definition{MinMeetings: 1, WindowMonths: 6}, Person{Meetings: []time.Time{day(2026, 7, 1)}}, true, nil, 1, 0},
		{"no demand at all", Definition{WindowMonths: 12}, Person{}, true, nil, 0, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.def.StatusAt(tc.p, now)
			if s.Trained != tc.trained || !slices.Equal(s.MissingModules, tc.missing) || s.Meetings != tc.meetings || s.MissingMeetings != tc.moreMeetings {
				t.Errorf("got %+v, want trained=%v missing=%v meetings=%d more=%d", s, tc.trained, tc.missing, tc.meetings, tc.moreMeetings)
			}
		})
	}
}

func TestCheck(t *testing.T) {
	known := func(s string) bool { return s == "snv-visie" || s == "netwerk-in-kaart" }
	cases := []struct {
		name string
		def  Definition
		want []string // fields with a problem
	}{
		{"default", Default(), nil},
		{"no modules", Definition{MinMeetings: 0, WindowMonths: 1}, nil},
		{"unknown module", Definition{Modules: []string{"snv-visie", "toveren"}, MinMeetings: 1, WindowMonths: 12}, []string{"modules"}},
		{"repeated module", Definition{Modules: []string{"snv-visie", "snv-visie"}, MinMeetings: 1, WindowMonths: 12}, []string{"modules"}},
		{"N below zero", Definition{MinMeetings: -1, WindowMonths: 12}, []string{"min_meetings"}},
		{"N too large", Definition{MinMeetings: MaxMeetings + 1, WindowMonths: 12}, []string{"min_meetings"}},
		{"M zero", Definition{MinMeetings: 1, WindowMonths: 0}, []string{"window_months"}},
		{"M too large", Definition{MinMeetings: 1, WindowMonths: MaxWindowMonths + 1}, []string{"window_months"}},
		{"all wrong", Definition{Modules: []string{"x"}, MinMeetings: -3, WindowMonths: 99}, []string{"modules", "min_meetings", "window_months"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, p := range tc.def.Check(known) {
				got = append(got, p.Field)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("problems in %v, want %v", got, tc.want)
			}
		})
	}
}

// Coverage is computed from the dates in the records: a person counts from the month their
// last requirement was met, staff count from joining until leaving, and a definition changed
// later recomputes the whole history.
func TestCoverageMonthByMonth(t *testing.T) {
	now := day(2026, 11, 15)
	people := []Person{
		// Trained from September 2026: second module in September, meetings in June and August.
		{Joined: day(2025, 1, 1), Completions: []Completion{{Module: "a", At: day(2026, 2, 10)}, {Module: "b", At: day(2026, 9, 20)}},
			Meetings: []time.Time{day(2026, 6, 5), day(2026, 8, 5)}},
		// Only module a, from March 2026; two meetings in 2025 (March and May).
		{Joined: day(2025, 1, 1), Completions: []Completion{{Module: "a", At: day(2026, 3, 1)}},
			Meetings: []time.Time{day(2025, 3, 1), day(2025, 5, 1)}},
		// Joined in October 2026, nothing yet.
		{Joined: day(2026, 10, 3)},
		// Left in January 2026.
		{Joined: day(2024, 1, 1), Left: day(2026, 1, 10), Completions: []Completion{{Module: "a", At: day(2024, 6, 1)}, {Module: "b", At: day(2024, 7, 1)}},
			Meetings: []time.Time{day(2025, 2, 1), day(2025, 10, 1)}},
	}
	def := Definition{Modules: []string{"a", "b"}, MinMeetings: 2, WindowMonths: 12}
	cov := Coverage(def, people, now, CoverageMonths, ams)
	if len(cov) != CoverageMonths {
		t.Fatalf("%d months, want %d", len(cov), CoverageMonths)
	}
	if first := cov[0].Start; !first.Equal(time.Date(2024, 12, 1, 0, 0, 0, 0, ams)) {
		t.Errorf("first month %v, want December 2024", first)
	}
	if last := cov[len(cov)-1]; !last.Start.Equal(time.Date(2026, 11, 1, 0, 0, 0, 0, ams)) || !last.At.Equal(now) {
		t.Errorf("last month %v measured at %v, want November 2026 at now", last.Start, last.At)
	}
	byMonth := map[string][2]int{}
	for _, m := range cov {
		byMonth[m.Start.Format("2006-01")] = [2]int{m.Trained, m.Staff}
	}
	want := map[string][2]int{
		"2024-12": {0, 1}, // only person 4 was staff; both modules but no meeting yet
		"2025-02": {0, 3}, // one meeting (Feb)
		"2025-09": {0, 3},
		"2025-10": {1, 3}, // person 4: Feb and Oct 2025 meetings
		"2025-12": {1, 3},
		"2026-01": {0, 2}, // person 4 left on 10 January
		"2026-08": {0, 2},
		"2026-09": {1, 2}, // person 1: module b on 20 September
		"2026-10": {1, 3}, // person 3 joined
		"2026-11": {1, 3},
	}
	for month, w := range want {
		if got := byMonth[month]; got != w {
			t.Errorf("%s: trained %d of %d, want %d of %d", month, got[0], got[1], w[0], w[1])
		}
	}
	if p := cov[len(cov)-1].Percent(); p != 33 {
		t.Errorf("coverage now %d%%, want 33%%", p)
	}

	// The organisation changes its definition later to demand one module and one meeting:
	// the history is recomputed with it.
	later := Definition{Modules: []string{"a"}, MinMeetings: 1, WindowMonths: 12}
	byMonth = map[string][2]int{}
	for _, m := range Coverage(later, people, now, CoverageMonths, ams) {
		byMonth[m.Start.Format("2006-01")] = [2]int{m.Trained, m.Staff}
	}
	for month, w := range map[string][2]int{
		"2024-12": {0, 1},
		"2025-02": {1, 3}, // person 4 from their first meeting
		"2026-03": {1, 2}, // person 2 has module a, but their 2025 meetings fell out of the window
		"2026-06": {1, 2}, // person 1: module a and a June meeting
		"2026-11": {1, 3},
	} {
		if got := byMonth[month]; got != w {
			t.Errorf("later definition, %s: trained %d of %d, want %d of %d", month, got[0], got[1], w[0], w[1])
		}
	}
}

func TestSumAndPercent(t *testing.T) {
	a := []Month{{Staff: 4, Trained: 1}, {Staff: 4, Trained: 2}}
	b := []Month{{Staff: 6, Trained: 3}, {Staff: 0, Trained: 0}}
	got := Sum(a, b)
	if got[0].Staff != 10 || got[0].Trained != 4 || got[1].Percent() != 50 || got[0].Percent() != 40 {
		t.Errorf("sum %+v", got)
	}
	if a[0].Staff != 4 {
		t.Error("Sum changed its input")
	}
	if (Month{}).Percent() != 0 {
		t.Error("no staff must be 0%")
	}
}

func TestInactive(t *testing.T) {
	now := day(2026, 11, 30)
	if !Inactive(time.Time{}, now) || !Inactive(now.Add(-InactiveAfter-time.Hour), now) || Inactive(now.Add(-time.Hour), now) {
		t.Error("inactive judged wrongly")
	}
}

// TestTrainedAtAgreesWithStatusAt checks coverage's shortcut against the full verdict, day by
// day over two years, for people at the edges: revoked and late certificates, meetings in and
// out of the window, and a definition without modules or without meetings.
func TestTrainedAtAgreesWithStatusAt(t *testing.T) {
	defs := []Definition{
		{Modules: []string{"snv-visie", "netwerk-in-kaart"}, MinMeetings: 2, WindowMonths: 12},
		{MinMeetings: 1, WindowMonths: 3},
		{Modules: []string{"snv-visie"}, WindowMonths: 1},
	}
	people := []Person{
		{},
		{Completions: []Completion{{Module: "snv-visie", At: day(2025, 3, 1)}, {Module: "netwerk-in-kaart", At: day(2025, 6, 1), Revoked: day(2026, 2, 1)}},
			Meetings: []time.Time{day(2025, 5, 1), day(2025, 9, 1), day(2026, 8, 31)}},
		{Completions: []Completion{{Module: "netwerk-in-kaart", At: day(2025, 1, 1)}, {Module: "snv-visie", At: day(2026, 4, 30)}},
			Meetings: []time.Time{day(2025, 12, 1), day(2026, 1, 1), day(2026, 3, 31)}},
	}
	trained := 0
	for at := day(2025, 1, 1); at.Before(day(2027, 1, 1)); at = at.AddDate(0, 0, 1) {
		for _, d := range defs {
			for i, p := range people {
				want := d.StatusAt(p, at).Trained
				if got := d.trainedAt(p, at, at.AddDate(0, -d.WindowMonths, 0)); got != want {
					t.Fatalf("%+v, person %d at %s: trainedAt %v, StatusAt %v", d, i, at.Format(time.DateOnly), got, want)
				}
				if want {
					trained++
				}
			}
		}
	}
	if trained == 0 {
		t.Error("nobody was ever trained: the comparison proves nothing")
	}
}
