package room

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"kring/server/store"
)

// Report is the record (verslag) of a closed meeting: what the group brought, chose, found and
// agreed, and who was there. It is stored as JSON next to its markdown so the trend charts and
// training records can read the structure without parsing text.
type Report struct {
	MeetingID   int64         `json:"meetingId"`
	Title       string        `json:"title"`
	Method      string        `json:"method"`
	MethodSlug  string        `json:"methodSlug"`
	StartedAt   time.Time     `json:"startedAt"`
	ClosedAt    time.Time     `json:"closedAt"`
	Attendees   []Attendee    `json:"attendees"`
	Cases       []ReportCard  `json:"cases"`
	Successes   []ReportCard  `json:"successes"`
	Bottlenecks []ReportCard  `json:"bottlenecks"`
	Agreements  []ReportCard  `json:"agreements"`
	Scales      []ScaleReport `json:"scales"`
}

// Attendee is one person's presence, merged across reconnects: first arrival, last departure,
// and the minutes actually connected.
type Attendee struct {
	UserID    int64      `json:"userId"`
	Name      string     `json:"name"`
	Coach     bool       `json:"coach"`
	From      time.Time  `json:"from"`
	To        time.Time  `json:"to"`
	Minutes   int        `json:"minutes"`
	Intervals []Interval `json:"intervals"`
}

// Interval is one continuous stay.
type Interval struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
}

// ReportCard is a card as the report shows it.
type ReportCard struct {
	ID        int64  `json:"id"`
	Text      string `json:"text"`
	Author    string `json:"author"`
	Theme     string `json:"theme,omitempty"`
	Owner     string `json:"owner,omitempty"`
	Votes     int    `json:"votes,omitempty"`
	Discussed bool   `json:"discussed,omitempty"`
}

// ScaleReport is the result of one scale question.
type ScaleReport struct {
	Question     string  `json:"question"`
	N            int     `json:"n"`
	Mean         float64 `json:"mean"`
	Median       float64 `json:"median"`
	Distribution [11]int `json:"distribution"`
}

// ThemeLabel is a theme as people read it, in Dutch or (lang "en") English.
func ThemeLabel(theme, lang string) string {
	labels := map[string][2]string{
		"tijd":             {"Tijd", "Time"},
		"collegas":         {"Collega's", "Colleagues"},
		"organisatie":      {"Organisatie", "Organisation"},
		"client-weerstand": {"Weerstand bij de cliënt", "Client resistance"},
		"netwerk":          {"Netwerk", "Network"},
		"samenwerking":     {"Samenwerking", "Collaboration"},
		"kennis":           {"Kennis", "Knowledge"},
		"overig":           {"Overig", "Other"},
	}
	if l, ok := labels[theme]; ok {
		return l[langIndex(lang)]
	}
	return theme
}

// BuildReport makes the report from a meeting's state and its raw attendance intervals. Two
// stays of one person less than gap apart count as one; stays are cut off at the closing time.
func BuildReport(st State, att []store.AttendanceInterval, gap time.Duration) Report {
	r := Report{
		MeetingID: st.MeetingID, Title: st.Title, Method: st.Method.Name, MethodSlug: st.Method.Slug,
		Attendees: []Attendee{}, Cases: []ReportCard{}, Successes: []ReportCard{}, Bottlenecks: []ReportCard{},
		Agreements: []ReportCard{}, Scales: []ScaleReport{},
	}
	if st.StartedAt > 0 {
		r.StartedAt = time.UnixMilli(st.StartedAt).UTC()
	}
	if st.ClosedAt > 0 {
		r.ClosedAt = time.UnixMilli(st.ClosedAt).UTC()
	}
	names := map[int64]string{}
	for _, c := range st.Cards {
		names[c.Author] = c.AuthorName
	}
	for id, n := range st.Members {
		names[id] = n
	}
	for _, c := range st.Cards {
		rc := ReportCard{ID: c.ID, Text: c.Text, Author: c.AuthorName, Theme: c.Theme, Owner: c.Owner,
			Votes: c.VoteCount(), Discussed: c.Discussed}
		switch c.Board {
		case BoardCase:
			r.Cases = append(r.Cases, rc)
		case BoardSuccess:
			r.Successes = append(r.Successes, rc)
		case BoardBottleneck:
			r.Bottlenecks = append(r.Bottlenecks, rc)
		case BoardAgreement:
			r.Agreements = append(r.Agreements, rc)
		}
	}
	sort.SliceStable(r.Cases, func(i, j int) bool {
		if r.Cases[i].Discussed != r.Cases[j].Discussed {
			return r.Cases[i].Discussed
		}
		return r.Cases[i].Votes > r.Cases[j].Votes
	})
	for _, sc := range st.Scales {
		res := computeResult(sc.Answers)
		r.Scales = append(r.Scales, ScaleReport{Question: sc.Question, N: res.N, Mean: res.Mean,
			Median: res.Median, Distribution: res.Dist})
	}
	r.Attendees = mergeAttendance(att, names, st.CoachID, r.StartedAt, r.ClosedAt, gap)
	return r
}

// mergeAttendance merges each person's intervals (sorted by person and start) across
// reconnects. Only time between the start and the close of the meeting counts: waiting in the
// room beforehand is not attendance, and someone who only looked in before the start is not
// listed.
func mergeAttendance(att []store.AttendanceInterval, names map[int64]string, coach int64, started, closed time.Time, gap time.Duration) []Attendee {
	byUser := map[int64][]Interval{}
	var users []int64
	for _, a := range att {
		from, to := a.From.UTC(), a.To.UTC()
		if !started.IsZero() {
			if !to.After(started) {
				continue
			}
			if from.Before(started) {
				from = started.UTC()
			}
		}
		if !closed.IsZero() {
			if from.After(closed) {
				continue
			}
			if to.After(closed) {
				to = closed
			}
		}
		if _, ok := byUser[a.UserID]; !ok {
			users = append(users, a.UserID)
		}
		byUser[a.UserID] = append(byUser[a.UserID], Interval{from, to})
	}
	out := []Attendee{}
	for _, u := range users {
		ivs := byUser[u]
		sort.Slice(ivs, func(i, j int) bool { return ivs[i].From.Before(ivs[j].From) })
		var merged []Interval
		for _, iv := range ivs {
			if n := len(merged); n > 0 && !iv.From.After(merged[n-1].To.Add(gap)) {
				if iv.To.After(merged[n-1].To) {
					merged[n-1].To = iv.To
				}
				continue
			}
			merged = append(merged, iv)
		}
		var total time.Duration
		for _, iv := range merged {
			total += iv.To.Sub(iv.From)
		}
		name := names[u]
		if name == "" {
			name = "#" + strconv.FormatInt(u, 10)
		}
		out = append(out, Attendee{UserID: u, Name: name, Coach: u == coach, From: merged[0].From,
			To: merged[len(merged)-1].To, Minutes: int((total + 30*time.Second) / time.Minute), Intervals: merged})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Coach != out[j].Coach {
			return out[i].Coach
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// Markdown renders the report with Dutch headings, or English ones when lang is "en". Texts
// written by people are escaped so they cannot add markup or links.
func (r Report) Markdown(lang string, loc *time.Location) string {
	en := lang == "en"
	tr := func(nl, eng string) string {
		if en {
			return eng
		}
		return nl
	}
	if loc == nil {
		loc = DefaultLocation()
	}
	when := func(t time.Time) string {
		if t.IsZero() {
			return "–"
		}
		if en {
			return t.In(loc).Format("2 Jan 2006 15:04")
		}
		return t.In(loc).Format("2-1-2006 15:04")
	}
	clock := func(t time.Time) string { return t.In(loc).Format("15:04") }
	num := func(f float64) string {
		s := strconv.FormatFloat(f, 'f', 1, 64)
		if !en {
			s = strings.Replace(s, ".", ",", 1)
		}
		return s
	}
	var b strings.Builder
	title := r.Title
	if title == "" {
		title = r.Method
	}
	fmt.Fprintf(&b, "# %s: %s\n\n", tr("Verslag", "Report"), mdEscape(title))
	fmt.Fprintf(&b, "- %s: %s\n", tr("Methode", "Method"), mdEscape(r.Method))
	fmt.Fprintf(&b, "- %s: %s\n", tr("Gestart", "Started"), when(r.StartedAt))
	fmt.Fprintf(&b, "- %s: %s\n\n", tr("Gesloten", "Closed"), when(r.ClosedAt))

	none := "_" + tr("Geen.", "None.") + "_\n\n"
	section := func(h string) { fmt.Fprintf(&b, "## %s\n\n", h) }

	section(tr("Aanwezig", "Attendance"))
	if len(r.Attendees) == 0 {
		b.WriteString(none)
	} else {
		for _, a := range r.Attendees {
			role := ""
			if a.Coach {
				role = " (coach)"
			}
			fmt.Fprintf(&b, "- %s%s: %s–%s (%d min)\n", mdEscape(a.Name), role, clock(a.From), clock(a.To), a.Minutes)
		}
		b.WriteString("\n")
	}

	section(tr("Casussen", "Cases"))
	if len(r.Cases) == 0 {
		b.WriteString(none)
	} else {
		for _, c := range r.Cases {
			mark := ""
			if c.Discussed {
				mark = "**" + tr("Besproken", "Discussed") + ":** "
			}
			votes := ""
			if c.Votes > 0 {
				votes = fmt.Sprintf(", %d %s", c.Votes, tr("stemmen", "votes"))
				if c.Votes == 1 {
					votes = ", 1 " + tr("stem", "vote")
				}
			}
			fmt.Fprintf(&b, "- %s%s (%s%s)\n", mark, mdEscape(c.Text), mdEscape(c.Author), votes)
		}
		b.WriteString("\n")
	}

	themed := func(h string, cards []ReportCard) {
		section(h)
		if len(cards) == 0 {
			b.WriteString(none)
			return
		}
		counts := map[string]int{}
		for _, c := range cards {
			theme := ""
			if c.Theme != "" {
				theme = " — " + tr("thema", "theme") + ": " + ThemeLabel(c.Theme, lang)
				counts[c.Theme]++
			}
			fmt.Fprintf(&b, "- %s%s\n", mdEscape(c.Text), theme)
		}
		b.WriteString("\n")
		if len(counts) > 0 {
			var parts []string
			for _, t := range Themes() {
				if counts[t] > 0 {
					parts = append(parts, fmt.Sprintf("%s (%d)", ThemeLabel(t, lang), counts[t]))
				}
			}
			fmt.Fprintf(&b, "%s: %s\n\n", tr("Thema's", "Themes"), strings.Join(parts, ", "))
		}
	}
	themed(tr("Succesfactoren", "Success factors"), r.Successes)
	themed(tr("Knelpunten", "Bottlenecks"), r.Bottlenecks)

	section(tr("Afspraken", "Agreements"))
	if len(r.Agreements) == 0 {
		b.WriteString(none)
	} else {
		for _, c := range r.Agreements {
			owner := ""
			if c.Owner != "" {
				owner = " — " + tr("wie", "who") + ": " + mdEscape(c.Owner)
			}
			fmt.Fprintf(&b, "- %s%s\n", mdEscape(c.Text), owner)
		}
		b.WriteString("\n")
	}

	section(tr("Schaalvragen", "Scale questions"))
	if len(r.Scales) == 0 {
		b.WriteString(none)
	} else {
		for _, s := range r.Scales {
			fmt.Fprintf(&b, "- %s — n = %d", mdEscape(s.Question), s.N)
			if s.N > 0 {
				fmt.Fprintf(&b, ", %s %s, %s %s", tr("gemiddeld", "mean"), num(s.Mean), tr("mediaan", "median"), num(s.Median))
				var parts []string
				for v, n := range s.Distribution {
					if n > 0 {
						parts = append(parts, fmt.Sprintf("%d×%d", n, v))
					}
				}
				fmt.Fprintf(&b, "; %s: %s", tr("verdeling", "distribution"), strings.Join(parts, ", "))
			}
			b.WriteString("\n")
		}
		b.WriteString("\n")
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

// mdEscape makes user text inert in markdown: one line, every markdown punctuation escaped.
func mdEscape(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_{}[]()<>#+-.!|~&", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
