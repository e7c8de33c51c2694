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
	if len(ms) != 4 || ms[0].Status != "planned" || ms[0].StartsAt.In(ams).Hour() != 14 || !ms[0].StartsAt.After(time.Now()) {
		t.Fatalf("meetings %+v, want one planned tomorrow at 14:00 (newest first) and three closed before it", ms)
	}
	for _, m := range ms[1:] {
		if m.Status != "closed" || !m.ClosedAt.Before(time.Now()) {
			t.Errorf("history meeting %d: %s, closed %v; want closed in the past", m.ID, m.Status, m.ClosedAt)
		}
		if _, _, _, err := st.Report(ctx, m.ID); err != nil {
			t.Errorf("history meeting %d has no report: %v", m.ID, err)
		}
	}
	if totals, _ := st.ThemeTotals(ctx, store.ThemeFilter{}); len(totals) < 2 {
		t.Errorf("the demo history has no themed cards for the municipality's theme page: %+v", totals)
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
