package room

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"kring/server/store"
)

// Report is the record (verslag) of a closed meeting: per phase what was written and noted, the
// case chosen for discussion with what was said about it, the votes, the agreements with owners
// and deadlines, the scale results, who was there and for how long, and who was absent. It is
// stored as JSON next to its text so the trend charts and training records can read the
// structure without parsing text. The per-board lists are kept for those readers.
type Report struct {
	MeetingID   int64         `json:"meetingId"`
	Title       string        `json:"title"`
	Method      string        `json:"method"`
	MethodSlug  string        `json:"methodSlug"`
	StartedAt   time.Time     `json:"startedAt"`
	ClosedAt    time.Time     `json:"closedAt"`
	Attendees   []Attendee    `json:"attendees"`
	Absent      []string      `json:"absent"`
	Chosen      []ReportCard  `json:"chosen"`
	Phases      []ReportPhase `json:"phases"`
	Votes       []ReportVote  `json:"votes"`
	Cases       []ReportCard  `json:"cases"`
	Successes   []ReportCard  `json:"successes"`
	Bottlenecks []ReportCard  `json:"bottlenecks"`
	Ideas       []ReportCard  `json:"ideas"`
	Agreements  []ReportCard  `json:"agreements"`
	Scales      []ScaleReport `json:"scales"`
	// Maps are the network maps on case cards at the close (cardmap.go).
	Maps []ReportMap `json:"maps,omitempty"`
	// Prior are the earlier meetings' agreements this meeting looked at again (agreements.go).
	Prior []Prior `json:"prior"`
	// Groups are the coach's groups of cards, per board in board order: a title and its cards,
	// each card's text kept as written.
	Groups []ReportGroup `json:"groups,omitempty"`
}

// ReportPhase is one phase of the meeting as it went: the cards written and the notes taken in
// it. Index -1 holds what was written before the start.
type ReportPhase struct {
	Index   int          `json:"index"`
	Name    string       `json:"name"`
	Minutes int          `json:"minutes"`
	Cards   []ReportCard `json:"cards"`
	Notes   []ReportNote `json:"notes"`
	// Asked are the questions the coach showed the group in this phase.
	Asked []string `json:"asked,omitempty"`
}

// ReportNote is a note as the verslag shows it.
type ReportNote struct {
	Text   string `json:"text"`
	Author string `json:"author"`
	Card   int64  `json:"card,omitempty"`
}

// ReportVote is the outcome of the votes on one board, most dots first.
type ReportVote struct {
	Board string       `json:"board"`
	Cards []ReportCard `json:"cards"`
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

// ReportCard is a card as the report shows it. Parts are the texts of merged cards, kept apart;
// Notes (chosen cards only) what was noted while it was discussed.
type ReportCard struct {
	ID        int64        `json:"id"`
	Board     string       `json:"board,omitempty"`
	Text      string       `json:"text"`
	Parts     []string     `json:"parts,omitempty"`
	Author    string       `json:"author"`
	Theme     string       `json:"theme,omitempty"`
	Owner     string       `json:"owner,omitempty"`
	OwnerID   int64        `json:"ownerId,omitempty"` // agreements: the member the owner names
	Due       string       `json:"due,omitempty"`
	Votes     int          `json:"votes,omitempty"`
	Discussed bool         `json:"discussed,omitempty"`
	Notes     []ReportNote `json:"notes,omitempty"`
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
		Attendees: []Attendee{}, Absent: []string{}, Chosen: []ReportCard{}, Phases: []ReportPhase{},
		Votes: []ReportVote{}, Cases: []ReportCard{}, Successes: []ReportCard{}, Bottlenecks: []ReportCard{},
		Ideas: []ReportCard{}, Agreements: []ReportCard{}, Scales: []ScaleReport{},
	}
	if st.StartedAt > 0 {
		r.StartedAt = time.UnixMilli(st.StartedAt).UTC()
	}
	if st.ClosedAt > 0 {
		r.ClosedAt = time.UnixMilli(st.ClosedAt).UTC()
	}
	names := map[int64]string{}
	for _, c := range st.Cards { // people who wrote cards and left the group since
		names[c.Author] = c.AuthorName
	}
	for id, n := range st.Members {
		names[id] = n
	}
	card := func(c *Card) ReportCard {
		rc := ReportCard{ID: c.ID, Board: c.Board, Text: c.Text, Parts: c.Parts, Author: c.AuthorName, Theme: c.Theme,
			Owner: c.Owner, Due: c.Due, Votes: c.VoteCount(), Discussed: c.Discussed}
		if st.Anonymous {
			rc.Author = ""
		}
		if c.Board == BoardAgreement {
			rc.OwnerID = ownerID(st.Members, c.Owner)
		}
		return rc
	}
	note := func(n *Note) ReportNote { return ReportNote{Text: n.Text, Author: n.Name, Card: n.Card} }
	r.Groups = reportGroups(&st, card)

	// The phases as they went, with what was written and noted in each.
	phaseAt := map[int]int{}
	addPhase := func(i int) {
		if _, ok := phaseAt[i]; ok {
			return
		}
		rp := ReportPhase{Index: i, Cards: []ReportCard{}, Notes: []ReportNote{}}
		if i >= 0 && i < len(st.Method.Phases) {
			rp.Name, rp.Minutes = st.Method.Phases[i].Name, st.Method.Phases[i].Minutes
		}
		phaseAt[i] = len(r.Phases)
		r.Phases = append(r.Phases, rp)
	}
	for i := range st.Method.Phases {
		if i <= st.Phase {
			addPhase(i)
		}
	}
	for _, c := range st.Cards {
		addPhase(c.Phase)
		p := &r.Phases[phaseAt[c.Phase]]
		p.Cards = append(p.Cards, card(c))
		switch c.Board {
		case BoardCase:
			r.Cases = append(r.Cases, card(c))
		case BoardSuccess:
			r.Successes = append(r.Successes, card(c))
		case BoardBottleneck:
			r.Bottlenecks = append(r.Bottlenecks, card(c))
		case BoardIdea:
			r.Ideas = append(r.Ideas, card(c))
		case BoardAgreement:
			r.Agreements = append(r.Agreements, card(c))
		}
	}
	for _, q := range st.Asked {
		addPhase(q.Phase)
		p := &r.Phases[phaseAt[q.Phase]]
		if !slices.Contains(p.Asked, q.Text) {
			p.Asked = append(p.Asked, q.Text)
		}
	}
	for _, n := range st.Notes {
		addPhase(n.Phase)
		p := &r.Phases[phaseAt[n.Phase]]
		p.Notes = append(p.Notes, note(n))
	}
	sort.SliceStable(r.Phases, func(i, j int) bool { return r.Phases[i].Index < r.Phases[j].Index })

	for _, c := range st.Cards {
		if !c.Discussed {
			continue
		}
		rc := card(c)
		for _, n := range st.Notes {
			if n.Card == c.ID {
				rc.Notes = append(rc.Notes, note(n))
			}
		}
		r.Chosen = append(r.Chosen, rc)
	}
	for _, b := range Boards() {
		v := ReportVote{Board: b}
		for _, c := range st.Cards {
			if c.Board == b && c.VoteCount() > 0 {
				v.Cards = append(v.Cards, card(c))
			}
		}
		if len(v.Cards) > 0 {
			sort.SliceStable(v.Cards, func(i, j int) bool { return v.Cards[i].Votes > v.Cards[j].Votes })
			r.Votes = append(r.Votes, v)
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
	r.Prior = reportPrior(st.Prior, names)
	r.Attendees = mergeAttendance(att, names, st.CoachID, r.StartedAt, r.ClosedAt, gap)
	present := map[int64]bool{}
	for _, a := range r.Attendees {
		present[a.UserID] = true
	}
	for id, name := range st.Members {
		if !present[id] && id != 0 && name != "" {
			r.Absent = append(r.Absent, name)
		}
	}
	sort.Strings(r.Absent)
	r.Maps = reportMaps(st)
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

// boardItem names one card of a board, as a line of the verslag starts.
func boardItem(board, lang string) string {
	labels := map[string][2]string{
		BoardCase:       {"Casus", "Case"},
		BoardSuccess:    {"Succesfactor", "Success factor"},
		BoardBottleneck: {"Knelpunt", "Bottleneck"},
		BoardIdea:       {"Idee", "Idea"},
		BoardAgreement:  {"Afspraak", "Agreement"},
	}
	if l, ok := labels[board]; ok {
		return l[langIndex(lang)]
	}
	return board
}

// monthNL is a month's Dutch name, for the one date format of the verslag.
func monthNL(m time.Month) string {
	return [...]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
		"september", "oktober", "november", "december"}[m-1]
}

// reportDate is the verslag's one date format: "5 januari 2026" (English "5 January 2026").
func reportDate(t time.Time, lang string) string {
	if lang == "en" {
		return t.Format("2 January 2006")
	}
	return fmt.Sprintf("%d %s %d", t.Day(), monthNL(t.Month()), t.Year())
}

// Markdown renders the verslag with Dutch headings, or English ones when lang is "en". Texts
// written by people are escaped so they cannot add markup or links. Empty sections are left out.
func (r Report) Markdown(lang string, loc *time.Location) string {
	return r.render(lang, loc, mdEscape)
}

// Text is the verslag as the text file a social worker downloads and files: the same layout
// as Markdown, without escapes.
func (r Report) Text(lang string, loc *time.Location) string {
	return r.render(lang, loc, func(s string) string { return strings.Join(strings.Fields(s), " ") })
}

func (r Report) render(lang string, loc *time.Location, mdEscape func(string) string) string {
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
	clock := func(t time.Time) string { return t.In(loc).Format("15:04") }
	num := func(f float64) string {
		s := strconv.FormatFloat(f, 'f', 1, 64)
		if !en {
			s = strings.Replace(s, ".", ",", 1)
		}
		return s
	}
	votes := func(n int) string {
		if n == 1 {
			return "1 " + tr("stem", "vote")
		}
		return fmt.Sprintf("%d %s", n, tr("stemmen", "votes"))
	}
	due := func(d string) string {
		t, err := time.Parse(time.DateOnly, d)
		if err != nil {
			return mdEscape(d)
		}
		return reportDate(t, lang)
	}
	var b strings.Builder
	title := r.Title
	if title == "" {
		title = r.Method
	}
	fmt.Fprintf(&b, "# %s: %s\n\n", tr("Verslag", "Report"), mdEscape(title))
	fmt.Fprintf(&b, "- %s: %s\n", tr("Methode", "Method"), mdEscape(r.Method))
	if !r.StartedAt.IsZero() {
		fmt.Fprintf(&b, "- %s: %s, %s", tr("Datum", "Date"), reportDate(r.StartedAt.In(loc), lang), clock(r.StartedAt))
		if !r.ClosedAt.IsZero() {
			fmt.Fprintf(&b, "–%s (%d min)", clock(r.ClosedAt), int(r.ClosedAt.Sub(r.StartedAt).Round(time.Minute)/time.Minute))
		}
		b.WriteString("\n")
	} else if !r.ClosedAt.IsZero() {
		fmt.Fprintf(&b, "- %s: %s (%s)\n", tr("Datum", "Date"), reportDate(r.ClosedAt.In(loc), lang), tr("niet gestart", "not started"))
	}
	for _, a := range r.Attendees {
		if a.Coach {
			fmt.Fprintf(&b, "- Coach: %s\n", mdEscape(a.Name))
		}
	}
	b.WriteString("\n")
	section := func(h string) { fmt.Fprintf(&b, "## %s\n\n", h) }
	byLine := func(author string) string {
		if author == "" {
			return ""
		}
		return " (" + mdEscape(author) + ")"
	}
	// cardLine writes one card; group, when not "", says which of the coach's groups it is in.
	cardLine := func(indent string, c ReportCard, withBoard bool, group string) {
		label := ""
		if withBoard {
			label = boardItem(c.Board, lang) + ": "
		}
		extra := ""
		if c.Owner != "" {
			extra += " — " + tr("wie", "who") + ": " + mdEscape(c.Owner)
		}
		if c.Due != "" {
			extra += " — " + tr("uiterlijk", "by") + " " + due(c.Due)
		}
		if c.Theme != "" {
			extra += " — " + tr("thema", "theme") + ": " + ThemeLabel(c.Theme, lang)
		}
		if c.Votes > 0 {
			extra += " — " + votes(c.Votes)
		}
		if c.Discussed {
			extra += " — " + tr("besproken", "discussed")
		}
		if group != "" {
			extra += " — " + group
		}
		if len(c.Parts) > 1 {
			fmt.Fprintf(&b, "%s- %s%s%s%s:\n", indent, label, tr(fmt.Sprintf("samengevoegd uit %d kaartjes", len(c.Parts)),
				fmt.Sprintf("merged from %d cards", len(c.Parts))), extra, byLine(c.Author))
			for _, p := range c.Parts {
				fmt.Fprintf(&b, "%s  - %s\n", indent, mdEscape(p))
			}
			return
		}
		fmt.Fprintf(&b, "%s- %s%s%s%s\n", indent, label, mdEscape(c.Text), extra, byLine(c.Author))
	}
	// A grouped card says so in the phase-by-phase list (the groups follow in their own section).
	inGroup := map[int64]string{}
	for _, g := range r.Groups {
		in := tr("in groep ", "in group ") + mdEscape(g.Title)
		if g.Title == "" {
			in = tr("in een groep zonder titel", "in an untitled group")
		}
		for _, c := range g.Cards {
			inGroup[c.ID] = in
		}
	}
	noteLine := func(indent string, n ReportNote) {
		fmt.Fprintf(&b, "%s- %s%s: %s\n", indent, tr("Notitie", "Note"), byLine(n.Author), mdEscape(n.Text))
	}

	section(tr("Aanwezig", "Attendance"))
	if len(r.Attendees) == 0 {
		b.WriteString("_" + tr("Niemand was verbonden met de bijeenkomst.", "Nobody was connected to the meeting.") + "_\n\n")
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
	if len(r.Absent) > 0 {
		section(tr("Afwezig", "Absent"))
		for _, n := range r.Absent {
			fmt.Fprintf(&b, "- %s\n", mdEscape(n))
		}
		b.WriteString("\n")
	}

	if len(r.Chosen) > 0 {
		section(tr("Besproken", "Discussed"))
		for _, c := range r.Chosen {
			c.Discussed = false
			cardLine("", c, true, "")
			for _, n := range c.Notes {
				noteLine("  ", n)
			}
		}
		b.WriteString("\n")
	}

	if len(r.Phases) > 0 {
		section(tr("Verloop per fase", "Phase by phase"))
		for _, p := range r.Phases {
			switch {
			case p.Index < 0:
				fmt.Fprintf(&b, "### %s\n\n", tr("Vooraf", "Before the start"))
			default:
				fmt.Fprintf(&b, "### %d. %s\n\n", p.Index+1, mdEscape(p.Name))
			}
			if len(p.Cards) == 0 && len(p.Notes) == 0 && len(p.Asked) == 0 {
				b.WriteString("_" + tr("Niets opgeschreven.", "Nothing written down.") + "_\n\n")
				continue
			}
			for _, c := range p.Cards {
				cardLine("", c, true, inGroup[c.ID])
			}
			for _, q := range p.Asked {
				fmt.Fprintf(&b, "- %s: %s\n", tr("Vraag aan de groep", "Question to the group"), mdEscape(q))
			}
			for _, n := range p.Notes {
				noteLine("", n)
			}
			b.WriteString("\n")
		}
	}

	// A report stored before the verslag had phases lists its cards per board.
	if len(r.Phases) == 0 {
		for _, l := range []struct {
			board string
			cards []ReportCard
		}{{BoardCase, r.Cases}, {BoardSuccess, r.Successes}, {BoardBottleneck, r.Bottlenecks}, {BoardIdea, r.Ideas}} {
			if len(l.cards) == 0 {
				continue
			}
			section(BoardLabel(l.board, lang))
			for _, c := range l.cards {
				cardLine("", c, false, "")
			}
			b.WriteString("\n")
		}
	}

	if len(r.Groups) > 0 {
		section(tr("Groepen", "Groups"))
		board := ""
		for _, g := range r.Groups {
			if g.Board != board {
				board = g.Board
				fmt.Fprintf(&b, "### %s\n\n", BoardLabel(board, lang))
			}
			title := mdEscape(g.Title)
			if g.Title == "" {
				title = tr("Groep zonder titel", "Untitled group")
			}
			fmt.Fprintf(&b, "- %s:\n", title)
			for _, c := range g.Cards {
				cardLine("  ", c, false, "")
			}
			b.WriteString("\n")
		}
	}

	if len(r.Votes) > 0 {
		section(tr("Stemmingen", "Votes"))
		for _, v := range r.Votes {
			fmt.Fprintf(&b, "### %s\n\n", BoardLabel(v.Board, lang))
			for _, c := range v.Cards {
				fmt.Fprintf(&b, "- %s: %s\n", mdEscape(c.Text), votes(c.Votes))
			}
			b.WriteString("\n")
		}
	}

	writePrior(&b, r.Prior, lang, mdEscape)
	section(tr("Afspraken", "Agreements"))
	if len(r.Agreements) == 0 {
		b.WriteString("_" + tr("Geen afspraken gemaakt.", "No agreements made.") + "_\n\n")
	} else {
		for _, c := range r.Agreements {
			c.Author, c.Votes, c.Theme = "", 0, ""
			cardLine("", c, false, "")
		}
		b.WriteString("\n")
	}

	if len(r.Scales) > 0 {
		section(tr("Schaalvragen", "Scale questions"))
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

	counts := map[string]int{}
	for _, p := range r.Phases {
		for _, c := range p.Cards {
			if c.Theme != "" {
				counts[c.Theme]++
			}
		}
	}
	if len(counts) > 0 {
		section(tr("Thema's", "Themes"))
		var parts []string
		for _, t := range Themes() {
			if counts[t] > 0 {
				parts = append(parts, fmt.Sprintf("%s (%d)", ThemeLabel(t, lang), counts[t]))
			}
		}
		b.WriteString(strings.Join(parts, ", ") + "\n\n")
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
