// Package demo fills an empty database with the demo data set of design.md, so a new user can
// try every role after `make run`. It only ever writes into an empty database: a restart keeps
// whatever the demo users did.
package demo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"kring/server/auth"
	"kring/server/store"
)

// Password is the password of every demo account.
const Password = "kring-demo"

// Account is one demo login, printed at start-up.
type Account struct {
	Email, Name string
	Role        auth.Role
	Org         string
}

// Accounts lists the demo logins in the order they are printed.
func Accounts() []Account {
	const org1, org2 = "Sociaal Team Noorderkwartier", "Zorggroep De Linde"
	return []Account{
		{"gemeente@kring.example", "Marieke Verhoeven", auth.MuniAdmin, ""},
		{"coordinator@kring.example", "Jeroen Bakker", auth.OrgAdmin, org1},
		{"coach@kring.example", "Hanneke de Wit", auth.Coach, org1},
		{"deelnemer1@kring.example", "Sanne Visser", auth.Trainee, org1},
		{"deelnemer2@kring.example", "Youssef El Idrissi", auth.Trainee, org1},
		{"deelnemer3@kring.example", "Linda Mulder", auth.Trainee, org1},
		{"deelnemer4@kring.example", "Koen Smits", auth.Trainee, org2},
		{"deelnemer5@kring.example", "Ayşe Kaya", auth.Trainee, org2},
		{"deelnemer6@kring.example", "Pieter Hoekstra", auth.Trainee, org2},
	}
}

// Method is the intervision method of the demo meeting (a slug in content/methods).
const Method = "successen-en-knelpunten"

// Seed writes the demo data set when the database has nobody in it yet and reports whether it
// did. All demo accounts share one password hash: hashing nine times would only slow the first
// start down.
func Seed(ctx context.Context, st *store.Store, h *auth.Hasher, loc *time.Location) (bool, error) {
	n, err := st.CountUsers(ctx)
	if err != nil {
		return false, err
	}
	if n > 0 {
		if _, done, err := st.Setting(ctx, seededKey); err != nil || done {
			return false, err
		}
		if _, err := st.UserByEmail(ctx, Accounts()[0].Email); err == nil {
			// Demo accounts but no marker: the first start was interrupted while seeding.
			return false, ErrIncomplete
		}
		return false, nil // a real database: demo mode adds nothing to it
	}
	hash, err := h.Hash(Password)
	if err != nil {
		return false, err
	}
	orgs := map[string]int64{}
	ids := map[string]int64{}
	for _, a := range Accounts() {
		var orgID int64
		if a.Org != "" {
			if orgs[a.Org] == 0 {
				if orgs[a.Org], err = st.CreateOrganisation(ctx, a.Org); err != nil {
					return false, fmt.Errorf("demo: %w", err)
				}
			}
			orgID = orgs[a.Org]
		}
		id, err := st.CreateUser(ctx, store.NewUser{Email: a.Email, Name: a.Name, PasswordHash: hash, Role: string(a.Role), OrgID: orgID})
		if err != nil {
			return false, fmt.Errorf("demo: %w", err)
		}
		ids[a.Email] = id
	}
	coach := ids["coach@kring.example"]
	g, err := st.CreateGroup(ctx, "Intervisiegroep SNV Noord",
		"Professionals van het sociaal team en de zorggroep die elkaar om de acht weken treffen om ervaringen met Sociale Netwerkversterking te delen.", coach)
	if err != nil {
		return false, fmt.Errorf("demo: %w", err)
	}
	// The group is open to both organisations: its members come from both.
	var open []int64
	for _, id := range orgs {
		open = append(open, id)
	}
	if err := st.SetGroupOrganisations(ctx, g, open); err != nil {
		return false, fmt.Errorf("demo: %w", err)
	}
	for i := 1; i <= 6; i++ {
		if err := st.AddMember(ctx, g, ids[fmt.Sprintf("deelnemer%d@kring.example", i)]); err != nil {
			return false, fmt.Errorf("demo: %w", err)
		}
	}
	next := st.Now().In(loc).AddDate(0, 0, 1)
	starts := time.Date(next.Year(), next.Month(), next.Day(), 14, 0, 0, 0, loc)
	if _, err := st.CreateMeeting(ctx, store.NewMeeting{GroupID: g, Title: "Successen en knelpunten", Method: Method,
		StartsAt: starts, Minutes: 90, Location: "Wijkcentrum De Schakel, zaal 2", By: coach}); err != nil {
		return false, fmt.Errorf("demo: %w", err)
	}
	if err := seedHistory(ctx, st, loc, g, coach, ids); err != nil {
		return false, fmt.Errorf("demo: %w", err)
	}
	if err := st.SetSetting(ctx, seededKey, []byte("1")); err != nil {
		return false, fmt.Errorf("demo: %w", err)
	}
	return true, nil
}

// seededKey marks a demo data set that was written completely.
const seededKey = "demo-seeded"

// ErrIncomplete stops a start on a demo database whose seeding was interrupted (a crash during
// the very first start): its data set would be missing people or the meeting.
var ErrIncomplete = errors.New("the demo data set in this folder is incomplete (the first start was interrupted); run `make reset-demo` to start over")

// seedHistory gives the training dashboards something real to show: three closed meetings of
// the demo group in the past year with who was there, certificates earned on dates spread over
// the last year, and two modules in progress. Linda Mulder (Noorderkwartier) and Koen Smits (De
// Linde) are trained under the default definition; the others each miss something different.
// Sanne Visser and Youssef El Idrissi (deelnemer1 and 2) have not started a module, so the demo
// still shows a learner's first steps. No cards or reports are invented: the past meetings have
// attendance only.
func seedHistory(ctx context.Context, st *store.Store, loc *time.Location, group, coach int64, ids map[string]int64) error {
	now := st.Now().In(loc)
	person := func(n int) int64 { return ids[fmt.Sprintf("deelnemer%d@kring.example", n)] }
	// Everyone has been with their organisation for a while (so coverage over time has a
	// history); Linda Mulder and Pieter Hoekstra joined later.
	for email, id := range ids {
		months := 15
		switch email {
		case "deelnemer3@kring.example":
			months = 10
		case "deelnemer6@kring.example":
			months = 8
		}
		if err := st.SetJoined(ctx, id, now.AddDate(0, -months, 0)); err != nil {
			return err
		}
	}
	meetings := []struct {
		monthsAgo, daysAgo int
		title              string
		present            []int
	}{
		{7, 0, "Eerste ervaringen met de netwerkkaart", []int{1, 3, 4, 5, 6}},
		{4, 0, "Het netwerkberaad voorbereiden", []int{2, 3, 4, 5}},
		{0, 42, "Successen en knelpunten", []int{1, 3, 4}},
	}
	for _, m := range meetings {
		d := now.AddDate(0, -m.monthsAgo, -m.daysAgo)
		starts := time.Date(d.Year(), d.Month(), d.Day(), 14, 0, 0, 0, loc)
		id, err := st.CreateMeeting(ctx, store.NewMeeting{GroupID: group, Title: m.title, Method: Method, StartsAt: starts,
			Minutes: 90, Location: "Wijkcentrum De Schakel, zaal 2", By: coach})
		if err != nil {
			return err
		}
		if err := st.SetMeetingStatus(ctx, id, "live", starts); err != nil {
			return err
		}
		for i, p := range m.present {
			// Arrivals a few minutes apart; everyone stays until the close.
			from := starts.Add(time.Duration(i%3) * 4 * time.Minute)
			if err := st.RecordAttendance(ctx, id, person(p), from, starts.Add(90*time.Minute)); err != nil {
				return err
			}
		}
		if err := st.SetMeetingStatus(ctx, id, "closed", starts.Add(90*time.Minute)); err != nil {
			return err
		}
	}
	type cert struct {
		who       int
		module    string
		title     string
		hours     float64
		monthsAgo int
	}
	for _, c := range []cert{
		{3, "snv-visie", "De visie achter SNV", 2.5, 9},
		{3, "netwerk-in-kaart", "Het netwerk in kaart brengen", 3, 3},
		{4, "snv-visie", "De visie achter SNV", 2.5, 9},
		{4, "netwerk-in-kaart", "Het netwerk in kaart brengen", 3, 2},
		{4, "eerste-contact", "Het eerste contact", 2, 1},
		{5, "snv-visie", "De visie achter SNV", 2.5, 1},
	} {
		if _, err := st.IssueCertificate(ctx, store.NewCertificate{UserID: person(c.who), Module: c.module, ModuleTitle: c.title,
			ModuleVersion: 1, Hours: c.hours, IssuedAt: now.AddDate(0, -c.monthsAgo, 0)}); err != nil {
			return err
		}
	}
	// Ayşe Kaya has started the module she still misses; Linda Mulder goes on with a next one.
	if _, err := st.OpenLesson(ctx, person(5), "netwerk-in-kaart", "de-groslijst", nil); err != nil {
		return err
	}
	if _, err := st.OpenLesson(ctx, person(3), "oplossingsgericht-vragen", "de-basis", nil); err != nil {
		return err
	}
	return nil
}
