package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"kring/content"
	"kring/modules"
	"kring/server/auth"
	"kring/server/room"
	"kring/server/store"
)

// Size says how big a generated municipality is. The defaults (DefaultSize) are the realistic
// size the dashboards are measured at.
type Size struct {
	Orgs, People, Groups, Meetings int
	// Years of history before End over which completions and closed meetings are spread.
	Years int
	// Seed makes the data set: the same seed, size and End give the same records.
	Seed uint64
	// End is the end of the history [now]; meetings after it are planned ones.
	End time.Time
	// GroupSize, when positive, is the exact number of members of every group (the load tool
	// needs rooms of a given size); 0 gives 6 to 12.
	GroupSize int
	// PasswordHash is given to every generated account (hash Password once); the municipality
	// admin is gemeente@kring.example and the first coordinator coordinator@kring.example.
	PasswordHash string
}

// DefaultSize is the realistic municipality: 40 organisations, 2,000 people, 150
// groups and 600 closed meetings over two years.
func DefaultSize() Size {
	return Size{Orgs: 40, People: 2000, Groups: 150, Meetings: 600, Years: 2, Seed: 1}
}

// Generated counts what Generate wrote.
type Generated struct {
	Orgs, People, Coaches, Groups, ClosedMeetings, PlannedMeetings int
	Certificates, Events, ThemedCards                              int
}

// Generate fills an EMPTY database with a realistic history of the given size: people in
// organisations with their roles, lesson opens and certificates of completed modules, groups
// of mixed organisations with a coach, and closed meetings with what the live room records
// (card, tag, vote, phase and close events in the room's own format, attendance intervals, and
// the report the room builds on closing), plus one planned meeting per group. Everything is
// written in one transaction (store.Import): a non-empty database is refused and left alone.
func Generate(ctx context.Context, st *store.Store, size Size) (Generated, error) {
	if size.Orgs < 1 || size.Groups < 1 || size.Meetings < 0 || size.Years < 1 {
		return Generated{}, fmt.Errorf("demo: generate: need at least 1 organisation, 1 group and 1 year (got %+v)", size)
	}
	coaches := max(1, size.Groups/3)
	if min := 1 + size.Orgs + coaches + 6; size.People < min {
		return Generated{}, fmt.Errorf("demo: generate: %d people is too few for %d organisations and %d groups (at least %d)", size.People, size.Orgs, size.Groups, min)
	}
	cat, err := modules.Load(content.FS)
	if err != nil {
		return Generated{}, fmt.Errorf("demo: generate: %w", err)
	}
	method, ok := cat.Method(Method)
	if !ok {
		return Generated{}, fmt.Errorf("demo: generate: method %q not in the content", Method)
	}
	end := size.End
	if end.IsZero() {
		end = time.Now()
	}
	g := &generator{rng: rand.New(rand.NewPCG(size.Seed, size.Seed^0x6b72696e67)), size: size, end: end.UTC(),
		start: end.UTC().AddDate(-size.Years, 0, 0), cat: cat, method: methodInfo(method), set: &store.ImportSet{}}
	g.people(coaches)
	g.learning()
	g.groups()
	if err := g.meetings(); err != nil {
		return Generated{}, err
	}
	if err := st.Import(ctx, g.set); err != nil {
		return Generated{}, fmt.Errorf("demo: generate: %w", err)
	}
	g.out.Orgs, g.out.People, g.out.Groups = len(g.set.Orgs), len(g.set.Users), len(g.set.Groups)
	g.out.Certificates = len(g.set.Certificates)
	return g.out, nil
}

// methodInfo is the room's view of a method of the content.
func methodInfo(m *modules.Method) room.MethodInfo {
	mi := room.MethodInfo{Slug: m.Slug, Name: m.Name}
	for _, p := range m.Phases {
		mi.Phases = append(mi.Phases, room.PhaseInfo{ID: p.ID, Name: p.Name, Minutes: p.Minutes, Vote: p.Vote, Scale: p.Scale})
	}
	return mi
}

type person struct {
	id   int64
	name string
	org  int64
	role auth.Role
}

type generator struct {
	rng        *rand.Rand
	size       Size
	start, end time.Time
	cat        *modules.Catalog
	method     room.MethodInfo
	set        *store.ImportSet
	out        Generated

	byOrg    map[int64][]person // trainees per organisation
	coaches  []person
	groupsOf []groupInfo
}

type groupInfo struct {
	id      int64
	coach   person
	members []person
	created time.Time
}

// at is a moment between the start and the end of the history, f in [0,1).
func (g *generator) at(f float64) time.Time {
	return g.start.Add(time.Duration(f * float64(g.end.Sub(g.start))))
}

func (g *generator) pick(list []string) string { return list[g.rng.IntN(len(list))] }

func (g *generator) people(coaches int) {
	s := g.set
	for i := range g.size.Orgs {
		s.Orgs = append(s.Orgs, store.ImportOrg{ID: int64(i + 1), Name: orgName(i), CreatedAt: g.start.Add(-30 * 24 * time.Hour)})
	}
	id := int64(0)
	used := map[string]bool{}
	add := func(role auth.Role, org int64, email string) person {
		id++
		name := g.pick(firstNames) + " " + g.pick(lastNames)
		if email == "" {
			local := strings.ToLower(strings.NewReplacer(" ", ".", "'", "", "ş", "s", "ë", "e", "ï", "i", "é", "e").Replace(name))
			email = fmt.Sprintf("%s.%d@kring.example", local, id)
		}
		used[email] = true
		s.Users = append(s.Users, store.ImportUser{ID: id, Email: email, Name: name, PasswordHash: g.size.PasswordHash,
			Role: string(role), OrgID: org, CreatedAt: g.at(g.rng.Float64() * 0.3)})
		return person{id: id, name: name, org: org, role: role}
	}
	add(auth.MuniAdmin, 0, "gemeente@kring.example")
	for o := range g.size.Orgs {
		email := ""
		if o == 0 {
			email = "coordinator@kring.example"
		}
		add(auth.OrgAdmin, int64(o+1), email)
	}
	for c := range coaches {
		email := ""
		if c == 0 {
			email = "coach@kring.example"
		}
		g.coaches = append(g.coaches, add(auth.Coach, int64(c%g.size.Orgs+1), email))
	}
	// Organisations differ in size: weights 1..8, so a few large providers and many small ones.
	weights := make([]int, g.size.Orgs)
	total := 0
	for i := range weights {
		weights[i] = 1 + g.rng.IntN(8)
		total += weights[i]
	}
	g.byOrg = map[int64][]person{}
	trainees := g.size.People - len(s.Users)
	for t := range trainees {
		r := g.rng.IntN(total)
		org := 0
		for r >= weights[org] {
			r -= weights[org]
			org++
		}
		email := ""
		if t == 0 {
			email, org = "deelnemer1@kring.example", 0
		}
		p := add(auth.Trainee, int64(org+1), email)
		g.byOrg[p.org] = append(g.byOrg[p.org], p)
	}
}

// learning gives trainees and coaches lesson opens and completions and, for modules they
// finished, the certificate the product would have issued (title, version and hours of the
// module then).
func (g *generator) learning() {
	mods := g.cat.Modules
	for _, u := range g.set.Users {
		if u.Role != string(auth.Trainee) && u.Role != string(auth.Coach) {
			continue
		}
		// Most people finish the first modules; fewer go on. Coaches finished more.
		done := g.rng.IntN(len(mods) + 1)
		if u.Role == string(auth.Coach) {
			done = max(done, len(mods)-1)
		}
		when := u.CreatedAt.Add(time.Duration(g.rng.IntN(60*24)) * time.Hour)
		for i, m := range mods {
			if i > done || when.After(g.end) {
				break
			}
			lessons := m.Lessons
			finished := i < done
			if !finished {
				lessons = lessons[:g.rng.IntN(len(lessons)+1)]
			}
			for k, l := range lessons {
				open := store.ImportLessonOpen{UserID: u.ID, Module: m.Slug, Lesson: l.Slug, First: when, Last: when}
				g.set.LessonOpens = append(g.set.LessonOpens, open)
				// Every lesson of a finished module is completed; of the module in progress, all
				// but the one opened last.
				if finished || k < len(lessons)-1 {
					open.Last = when.Add(time.Duration(10+g.rng.IntN(40)) * time.Minute)
					g.set.LessonDone = append(g.set.LessonDone, open)
				}
				when = when.Add(time.Duration(1+g.rng.IntN(72)) * time.Hour)
			}
			if finished && !when.After(g.end) {
				var code [16]byte
				for k := range code {
					code[k] = byte(g.rng.UintN(256))
				}
				g.set.Certificates = append(g.set.Certificates, store.ImportCertificate{Code: store.CertificateCode(code[:]),
					UserID: u.ID, Module: m.Slug, ModuleTitle: m.Title, ModuleVersion: m.Version, Hours: m.Hours, Name: u.Name, IssuedAt: when})
			}
			when = when.Add(time.Duration(24*(3+g.rng.IntN(40))) * time.Hour)
		}
	}
}

// groups makes groups of six to twelve members, mostly of one organisation with a few of
// others (groups are where organisations meet), each with a coach.
func (g *generator) groups() {
	var orgs []int64
	for id := range int64(g.size.Orgs) {
		if len(g.byOrg[id+1]) > 0 {
			orgs = append(orgs, id+1)
		}
	}
	for i := range g.size.Groups {
		coach := g.coaches[i%len(g.coaches)]
		home := orgs[g.rng.IntN(len(orgs))]
		if i == 0 {
			home = 1
		}
		n := 6 + g.rng.IntN(7)
		if g.size.GroupSize > 0 {
			n = g.size.GroupSize
		}
		in := map[int64]bool{}
		var members []person
		for tries := 0; len(members) < n && tries < 10*n; tries++ {
			org := home
			if g.rng.IntN(10) < 3 {
				org = orgs[g.rng.IntN(len(orgs))]
			}
			pool := g.byOrg[org]
			p := pool[g.rng.IntN(len(pool))]
			if i == 0 && len(members) == 0 {
				p = g.byOrg[1][0] // deelnemer1 is in the first group, as in the small demo
			}
			if !in[p.id] {
				in[p.id] = true
				members = append(members, p)
			}
		}
		created := g.at(g.rng.Float64() * 0.1)
		ids := make([]int64, len(members))
		for k, m := range members {
			ids[k] = m.id
		}
		gid := int64(i + 1)
		g.set.Groups = append(g.set.Groups, store.ImportGroup{ID: gid, Name: groupName(i), Description: "Intervisie over Sociale Netwerkversterking.",
			CoachID: coach.id, CreatedAt: created, Members: ids, AddedAt: created})
		g.groupsOf = append(g.groupsOf, groupInfo{id: gid, coach: coach, members: members, created: created})
	}
}

// meetings spreads the closed meetings over the groups and the history, each recorded as the
// live room would have, and plans one meeting per group after the end.
func (g *generator) meetings() error {
	id := int64(0)
	for k := range g.size.Meetings {
		grp := g.groupsOf[k%len(g.groupsOf)]
		// Evenly over the history with some jitter, on a weekday afternoon.
		f := (float64(k) + g.rng.Float64()) / float64(max(1, g.size.Meetings))
		day := g.at(0.1 + 0.9*f)
		startsAt := time.Date(day.Year(), day.Month(), day.Day(), 13+g.rng.IntN(3), 0, 0, 0, time.UTC)
		if startsAt.After(g.end.Add(-3 * time.Hour)) {
			startsAt = g.end.Add(-3 * time.Hour).Truncate(time.Hour)
		}
		id++
		m, err := g.closedMeeting(id, grp, startsAt, f, nil)
		if err != nil {
			return err
		}
		g.set.Meetings = append(g.set.Meetings, m)
		g.out.ClosedMeetings++
	}
	for _, grp := range g.groupsOf {
		id++
		starts := g.end.AddDate(0, 0, 7+g.rng.IntN(50)).Truncate(24 * time.Hour).Add(14 * time.Hour)
		g.set.Meetings = append(g.set.Meetings, store.ImportMeeting{ID: id, GroupID: grp.id, CreatedBy: grp.coach.id,
			Title: "Successen en knelpunten", Method: Method, StartsAt: starts, Minutes: 90, Location: g.pick(locations),
			Status: "planned", CreatedAt: g.end.Add(-24 * time.Hour)})
		g.out.PlannedMeetings++
	}
	return nil
}

// closedMeeting records one meeting: start, phases, cards on every board, themes tagged by
// the coach, votes on the board the phase names, a scale question, close; attendance of most members (or of the
// present ones given); the report.
func (g *generator) closedMeeting(id int64, grp groupInfo, startsAt time.Time, f float64, present []person) (store.ImportMeeting, error) {
	coach := grp.coach
	info := room.Meeting{ID: id, GroupID: grp.id, CoachID: coach.id, Title: "Successen en knelpunten", Status: "planned",
		Members: map[int64]string{coach.id: coach.name}, Method: g.method}
	choose := present == nil
	for _, m := range grp.members {
		info.Members[m.id] = m.name
		if choose && g.rng.IntN(10) < 8 {
			present = append(present, m)
		}
	}
	if len(present) == 0 {
		present = grp.members[:1]
	}
	var evs []room.Event
	t := startsAt.Add(time.Duration(g.rng.IntN(5)) * time.Minute)
	add := func(ev room.Event) int64 {
		ev.At = t.UnixMilli()
		evs = append(evs, ev)
		t = t.Add(time.Duration(20+g.rng.IntN(70)) * time.Second)
		return int64(len(evs))
	}
	phaseTimer := func(i int) *room.Timer {
		d := int64(g.method.Phases[i].Minutes) * 60_000
		return &room.Timer{Running: true, EndsAt: t.UnixMilli() + d, Duration: d}
	}
	add(room.Event{Op: "meeting.start", By: coach.id, Phase: 0, Timer: phaseTimer(0)})
	onBoard := map[string][]int64{} // the cards written so far, per board, for the phase that votes on one
	cardBy := func(board, text string) int64 {
		p := present[g.rng.IntN(len(present))]
		c := add(room.Event{Op: "card.add", By: p.id, Name: p.name, Board: board, Text: text})
		onBoard[board] = append(onBoard[board], c)
		return c
	}
	// A success or bottleneck card: its text fits its theme, which the coach tags on most cards.
	themed := func(board string) {
		theme := g.theme(board, f)
		pool := successTexts[theme]
		if board == room.BoardBottleneck {
			pool = bottleneckTexts[theme]
		}
		c := cardBy(board, g.pick(pool))
		if g.rng.IntN(10) < 9 {
			add(room.Event{Op: "card.tag", By: coach.id, Card: c, Theme: theme})
			g.out.ThemedCards++
		}
	}
	for i := 1; i < len(g.method.Phases); i++ {
		ph := g.method.Phases[i]
		add(room.Event{Op: "phase.next", By: coach.id, Phase: i, Timer: phaseTimer(i)})
		switch ph.ID {
		case "successen":
			for range 2 + g.rng.IntN(3) {
				themed(room.BoardSuccess)
			}
		case "knelpunten":
			for range 2 + g.rng.IntN(4) {
				themed(room.BoardBottleneck)
			}
			for range 1 + g.rng.IntN(3) {
				cardBy(room.BoardCase, g.pick(caseTexts))
			}
		case "afspraken":
			for range 1 + g.rng.IntN(3) {
				p := present[g.rng.IntN(len(present))]
				add(room.Event{Op: "card.add", By: p.id, Name: p.name, Board: room.BoardAgreement, Text: g.pick(agreementTexts), Owner: p.name})
			}
		}
		if cards := onBoard[ph.Vote]; ph.Vote != "" && len(cards) > 0 {
			for _, p := range present {
				add(room.Event{Op: "card.vote", By: p.id, Card: cards[g.rng.IntN(len(cards))]})
			}
			add(room.Event{Op: "votes.reveal", By: coach.id})
			add(room.Event{Op: "card.discuss", By: coach.id, Card: cards[0], On: true})
		}
		if ph.Scale {
			sc := add(room.Event{Op: "scale.open", By: coach.id, Text: "Hoe zeker voel je je over de volgende stap (0–10)?"})
			answers := map[int64]int{}
			for _, p := range present {
				v := 4 + g.rng.IntN(7)
				answers[p.id] = v
				add(room.Event{Op: "scale.answer", By: p.id, Scale: sc, Value: &v})
			}
			res := spread(answers)
			add(room.Event{Op: "scale.reveal", By: coach.id, Scale: sc, Result: &res})
		}
	}
	closed := t.Add(2 * time.Minute)
	t = closed
	add(room.Event{Op: "meeting.close", By: coach.id})

	var att []store.AttendanceInterval
	for _, p := range append([]person{coach}, present...) {
		from := startsAt.Add(-time.Duration(g.rng.IntN(5)) * time.Minute)
		to := closed.Add(-time.Duration(g.rng.IntN(3)) * time.Minute)
		if g.rng.IntN(8) == 0 { // a dropped connection and a reconnect
			mid := from.Add(to.Sub(from) / 2)
			att = append(att, store.AttendanceInterval{MeetingID: id, UserID: p.id, From: from, To: mid})
			from = mid.Add(time.Duration(1+g.rng.IntN(3)) * time.Minute)
		}
		att = append(att, store.AttendanceInterval{MeetingID: id, UserID: p.id, From: from, To: to})
	}

	m := store.ImportMeeting{ID: id, GroupID: grp.id, CreatedBy: coach.id, Title: info.Title, Method: Method,
		StartsAt: startsAt, Minutes: 90, Location: g.pick(locations), Status: "closed",
		OpenedAt: time.UnixMilli(evs[0].At), ClosedAt: time.UnixMilli(closed.UnixMilli()), CreatedAt: startsAt.AddDate(0, 0, -21),
		Attendance: att}
	for i := range evs {
		evs[i].Seq = int64(i + 1)
		data, err := json.Marshal(evs[i])
		if err != nil {
			return m, fmt.Errorf("demo: generate: encode event: %w", err)
		}
		m.Events = append(m.Events, store.NewEvent{MeetingID: id, UserID: evs[i].By, Op: evs[i].Op, Data: data, At: time.UnixMilli(evs[i].At)})
	}
	g.out.Events += len(evs)
	st := room.Fold(info, evs)
	rep := room.BuildReport(st, att, 2*time.Minute)
	data, err := json.Marshal(rep)
	if err != nil {
		return m, fmt.Errorf("demo: generate: encode report: %w", err)
	}
	m.ReportData = data
	m.ReportMarkdown = rep.Markdown("nl", nil)
	return m, nil
}

// spread is the result a scale.reveal carries, as the room computes it: n, mean, median and
// the count per value.
func spread(answers map[int64]int) room.ScaleResult {
	var r room.ScaleResult
	vals := make([]int, 0, len(answers))
	for _, v := range answers {
		vals = append(vals, v)
		r.Dist[v]++
	}
	slices.Sort(vals)
	r.N = len(vals)
	if r.N == 0 {
		return r
	}
	sum := 0
	for _, v := range vals {
		sum += v
	}
	r.Mean = float64(sum) / float64(r.N)
	if r.N%2 == 1 {
		r.Median = float64(vals[r.N/2])
	} else {
		r.Median = float64(vals[r.N/2-1]+vals[r.N/2]) / 2
	}
	return r
}

// theme picks a theme for a card, weighted like practice and shifting over time (f from 0 at
// the start to 1 at the end): time pressure grows, network successes grow as people get trained.
func (g *generator) theme(board string, f float64) string {
	themes := room.Themes()
	var w []float64
	if board == room.BoardBottleneck {
		w = []float64{6 + 4*f, 3, 4, 4 - 2*f, 2, 3, 3 - 2*f, 1}
	} else {
		w = []float64{1, 4, 2, 1, 4 + 4*f, 4, 3, 1}
	}
	total := 0.0
	for _, x := range w {
		total += x
	}
	r := g.rng.Float64() * total
	for i, x := range w {
		if r < x {
			return themes[i]
		}
		r -= x
	}
	return themes[len(themes)-1]
}

func orgName(i int) string {
	kinds := []string{"Sociaal Team", "Zorggroep", "MEE", "Welzijn", "Buurtteam", "Jeugdteam", "Stichting", "Wijkteam"}
	places := []string{"Noorderkwartier", "De Linde", "Oost", "Centrum", "Zuidrand", "De Hoven", "Bosrijk", "Havenkwartier",
		"Molenwijk", "De Akkers", "Rivierenbuurt", "Vogelzang", "Kastanjelaan", "De Weide", "Stadshart"}
	if i == 0 {
		return "Sociaal Team Noorderkwartier"
	}
	if i == 1 {
		return "Zorggroep De Linde"
	}
	name := kinds[i%len(kinds)] + " " + places[(i/len(kinds)+i)%len(places)]
	if i >= len(kinds)*len(places)/2 {
		name += fmt.Sprintf(" %d", i)
	}
	return fmt.Sprintf("%s (%d)", name, i+1)
}

func groupName(i int) string {
	if i == 0 {
		return "Intervisiegroep SNV Noord"
	}
	return fmt.Sprintf("Intervisiegroep %d", i+1)
}

var (
	firstNames = []string{"Sanne", "Youssef", "Linda", "Koen", "Ayşe", "Pieter", "Fatima", "Bram", "Eva", "Mohamed", "Noor", "Daan",
		"Lotte", "Sem", "Iris", "Thijs", "Anouk", "Mehmet", "Femke", "Jasper", "Esra", "Ruben", "Marloes", "Kevin", "Priya", "Wouter"}
	lastNames = []string{"de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "Bos",
		"Yılmaz", "El Amrani", "Hoekstra", "Kaya", "de Graaf", "Dekker", "Brouwer", "van Dijk", "Peters", "Kramer", "Vos", "Postma"}
	locations = []string{"Wijkcentrum De Schakel, zaal 2", "Gemeentehuis, kamer 1.14", "Buurthuis De Kern", "Online"}

	// Card texts per theme (room.Themes), as professionals write them on the boards.
	successTexts = map[string][]string{
		"tijd":             {"Een vaste middag per maand voor netwerkgesprekken werkt.", "Door het netwerkberaad vroeg te plannen ging het niet verloren in de drukte."},
		"collegas":         {"Collega van het wijkteam nam de nazorg over zonder wachtlijst.", "Samen met een collega de netwerkkaart voorbereid: scheelde veel."},
		"organisatie":      {"Teamleider maakte tijd vrij voor een tweede netwerkgesprek.", "Het netwerk staat nu als vast onderdeel in het plan van aanpak."},
		"client-weerstand": {"Door klein te beginnen wilde de cliënt toch één persoon uitnodigen.", "De vraag 'wie zou je willen bellen?' opende het gesprek."},
		"netwerk":          {"De buurvrouw bleek bereid om wekelijks boodschappen te doen.", "In het netwerkberaad kwam de oom met een eigen plan voor de zondagen.", "Een oud-collega van de cliënt wil maatje worden."},
		"samenwerking":     {"Korte lijntjes met de huisarts maakten het plan haalbaar.", "De kerkgemeenschap bood vervoer naar de dagbesteding."},
		"kennis":           {"De training hielp om door te vragen in plaats van zelf op te lossen.", "Door de netwerkkaart samen te tekenen zag de cliënt zelf wie er nog was."},
		"overig":           {"Het gesprek bij de cliënt thuis gaf meer dan op kantoor."},
	}
	bottleneckTexts = map[string][]string{
		"tijd":             {"Geen tijd om een netwerkberaad voor te bereiden naast de caseload.", "Planning zit vol, het netwerkgesprek wordt steeds verschoven."},
		"collegas":         {"Collega's zien SNV als iets extra's in plaats van de werkwijze.", "Nieuwe collega's zijn niet getraind en weten niet wat een netwerkkaart is."},
		"organisatie":      {"Registratiesysteem heeft geen plek voor het netwerk.", "Indicatie loopt af voordat het netwerk op gang is."},
		"client-weerstand": {"Cliënt wil familie er niet bij betrekken uit schaamte.", "Cliënt zegt dat hij niemand tot last wil zijn."},
		"netwerk":          {"Netwerk is klein en zelf overbelast.", "Familie woont ver weg en reageert niet."},
		"samenwerking":     {"Onduidelijk wie de regie heeft als meerdere organisaties betrokken zijn.", "De school en het wijkteam werken langs elkaar heen."},
		"kennis":           {"Niet zeker hoe je een netwerkberaad leidt als er conflicten zijn.", "Privacyregels maken het lastig om informatie te delen met het netwerk."},
		"overig":           {"Tolk niet beschikbaar voor het netwerkgesprek."},
	}
	caseTexts = []string{
		"Alleenstaande vader met drie kinderen, weinig contacten sinds de verhuizing.",
		"Oudere vrouw die na een val niet meer buiten komt en hulp afwijst.",
		"Jongvolwassene die uit een instelling komt en zelfstandig gaat wonen.",
		"Gezin met schulden waarbij de familie op afstand is geraakt.",
		"Man met beginnende dementie, zijn partner raakt overbelast.",
	}
	agreementTexts = []string{
		"Volgende keer de netwerkkaart van één casus meenemen.",
		"Met de teamleider bespreken hoe tijd voor netwerkberaden vrijkomt.",
		"Een collega van een andere organisatie uitnodigen voor de volgende bijeenkomst.",
		"De vraag 'wie kent u al lang?' uitproberen in drie gesprekken.",
	}
)
