package demo

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"kring/server/auth"
	"kring/server/store"
)

func openStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "kring.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// The demo data set is what design.md promises, written once: a restart keeps everything.
func TestSeedOnceWithTheDesignedDataSet(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	seeded, err := Seed(ctx, st, auth.NewTestHasher(), ams)
	if err != nil || !seeded {
		t.Fatalf("first seed: %v, %v", seeded, err)
	}
	for _, a := range Accounts() {
		u, err := st.UserByEmail(ctx, a.Email)
		if err != nil || u.Role != string(a.Role) || u.OrgName != a.Org {
			t.Errorf("%s: %+v, %v", a.Email, u, err)
		}
	}
	orgs, _ := st.ListOrganisations(ctx)
	groups, _ := st.GroupsFor(ctx, 0, true)
	if len(orgs) != 2 || len(groups) != 1 || groups[0].Members != 6 {
		t.Fatalf("%d organisations, %d groups (%+v), want 2 and 1 with 6 members", len(orgs), len(groups), groups)
	}
	ms, _ := st.MeetingsOfGroup(ctx, groups[0].ID)
	var planned, closed []*store.Meeting
	for _, m := range ms {
		switch m.Status {
		case "planned":
			planned = append(planned, m)
		case "closed":
			closed = append(closed, m)
		}
	}
	if len(planned) != 1 || planned[0].StartsAt.In(ams).Hour() != 14 || !planned[0].StartsAt.After(time.Now()) {
		t.Fatalf("meetings %+v, want one planned tomorrow at 14:00", ms)
	}
	if len(closed) != 3 || len(ms) != 4 {
		t.Fatalf("meetings %+v, want three closed ones in the past", ms)
	}
	for _, m := range closed {
		if !m.ClosedAt.Before(time.Now()) || m.ClosedAt.Sub(m.OpenedAt) != 90*time.Minute {
			t.Errorf("closed meeting %+v: want 90 minutes in the past", m)
		}
	}
	// The training records behind the dashboards: Linda Mulder has both default modules and
	// three meetings; Youssef El Idrissi nothing but one meeting.
	recs, err := st.StaffTraining(ctx, 0, time.Now().AddDate(-3, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]*store.StaffRecord{}
	for _, r := range recs {
		byName[r.Name] = r
	}
	if r := byName["Linda Mulder"]; r == nil || len(r.Certificates) != 2 || len(r.Meetings) != 3 || r.Meetings[0].Minutes < 80 {
		t.Errorf("Linda Mulder's record %+v", r)
	}
	if r := byName["Youssef El Idrissi"]; r == nil || len(r.Certificates) != 0 || len(r.Meetings) != 1 || len(r.Progress) != 0 {
		t.Errorf("Youssef El Idrissi's record %+v", r)
	}
	// deelnemer1 and 2 are fresh learners: the learning journey starts from nothing.
	for _, n := range []string{"Sanne Visser", "Youssef El Idrissi"} {
		if r := byName[n]; len(r.Certificates) != 0 || len(r.Progress) != 0 {
			t.Errorf("%s has learning history: %+v", n, r)
		}
	}
	if again, err := Seed(ctx, st, auth.NewTestHasher(), ams); err != nil || again {
		t.Fatalf("second seed: %v, %v; want nothing written", again, err)
	}
}

// A first start interrupted while seeding leaves demo accounts without the marker: the next
// start says so instead of running with half a data set. A real database is left alone.
func TestSeedRefusesAnInterruptedDataSet(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	if _, err := st.CreateUser(ctx, store.NewUser{Email: Accounts()[0].Email, Name: "x", PasswordHash: "x", Role: string(auth.MuniAdmin)}); err != nil {
		t.Fatal(err)
	}
	if _, err := Seed(ctx, st, auth.NewTestHasher(), time.UTC); !errors.Is(err, ErrIncomplete) {
		t.Fatalf("interrupted data set: %v, want ErrIncomplete", err)
	}
	real := openStore(t)
	if _, err := real.CreateUser(ctx, store.NewUser{Email: "beheer@gemeente.example", Name: "Beheer", PasswordHash: "x", Role: string(auth.MuniAdmin)}); err != nil {
		t.Fatal(err)
	}
	if seeded, err := Seed(ctx, real, auth.NewTestHasher(), time.UTC); err != nil || seeded {
		t.Fatalf("real database: %v, %v; want left alone", seeded, err)
	}
}
