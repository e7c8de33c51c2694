package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/pressly/goose/v3"

	"kring/server/store"
	"kring/server/store/migrations"
)

// Membership keeps its history: each stay with its start and end, a second stay after leaving,
// and adding someone who is a member already opens no second stay.
func TestMembershipHistory(t *testing.T) {
	ctx := context.Background()
	clk := &foundationClock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	st := foundationOpen(t, filepath.Join(t.TempDir(), "kring.db"), store.WithClock(clk.Now))
	org, _ := st.CreateOrganisation(ctx, "Org")
	coach, _ := st.CreateUser(ctx, store.NewUser{Email: "c@kring.example", Name: "Coach", PasswordHash: "x", Role: "coach", OrgID: org})
	a, _ := st.CreateUser(ctx, store.NewUser{Email: "a@kring.example", Name: "Anna", PasswordHash: "x", Role: "trainee", OrgID: org})
	g, err := st.CreateGroup(ctx, "Groep", "", coach)
	if err != nil {
		t.Fatal(err)
	}
	if open, _ := st.GroupOrganisations(ctx, g); len(open) != 1 || open[0] != org {
		t.Errorf("a new group is open to %v, want the coach's organisation %d", open, org)
	}
	t0 := clk.Now()
	_ = st.AddMember(ctx, g, a)
	clk.advance(time.Hour)
	_ = st.AddMember(ctx, g, a) // already a member: no second stay
	clk.advance(time.Hour)
	t1 := clk.Now()
	if err := st.RemoveMember(ctx, g, a); err != nil {
		t.Fatal(err)
	}
	clk.advance(time.Hour)
	t2 := clk.Now()
	_ = st.AddMember(ctx, g, a)
	stays, err := st.Stays(ctx, g, a)
	if err != nil {
		t.Fatal(err)
	}
	if len(stays) != 2 || !stays[0].Joined.Equal(t0) || !stays[0].Left.Equal(t1) || !stays[1].Joined.Equal(t2) || !stays[1].Left.IsZero() {
		t.Errorf("stays %+v, want [%v–%v, %v–]", stays, t0, t1, t2)
	}
	ms, err := st.OrgMemberships(ctx, org)
	if err != nil || len(ms) != 2 || !ms[0].Left.IsZero() || ms[1].Left.IsZero() || ms[0].GroupName != "Groep" || ms[0].CoachName != "Coach" {
		t.Errorf("org memberships %+v %v, want the current stay first", ms, err)
	}
	// Organisations: all or nothing.
	if err := st.SetGroupOrganisations(ctx, g, []int64{org, 999}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown organisation: %v", err)
	}
	if open, _ := st.GroupOrganisations(ctx, g); len(open) != 1 {
		t.Errorf("a failed change left %v", open)
	}
}

// Disabling ends every session at once; enabling does not bring them back.
func TestSetDisabledEndsSessions(t *testing.T) {
	ctx := context.Background()
	st := foundationOpen(t, filepath.Join(t.TempDir(), "kring.db"))
	a, _ := st.CreateUser(ctx, store.NewUser{Email: "a@kring.example", Name: "Anna", PasswordHash: "x", Role: "trainee"})
	_ = st.CreateSession(ctx, []byte("s1"), a, time.Hour)
	if err := st.SetDisabled(ctx, a, true); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.SessionUser(ctx, []byte("s1")); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("session after disabling: %v", err)
	}
	if u, _ := st.UserByID(ctx, a); !u.Disabled {
		t.Error("not disabled")
	}
	if all, _ := st.ListUsers(ctx, store.UsersFilter{}); len(all) != 0 {
		t.Error("a disabled person is listed for pickers")
	}
	if all, _ := st.ListUsers(ctx, store.UsersFilter{WithDisabled: true}); len(all) != 1 {
		t.Error("a disabled person is missing from the staff list")
	}
	if err := st.SetDisabled(ctx, a, false); err != nil {
		t.Fatal(err)
	}
	if u, _ := st.UserByID(ctx, a); u.Disabled {
		t.Error("still disabled")
	}
	if err := st.SetDisabled(ctx, 999, true); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown person: %v", err)
	}
}

// Migration 00007 keeps what was there: current members get an open stay from the day they
// were added, and each group stays open to the organisations of its coach and members.
func TestScopeMigrationBackfills(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kring.db")
	db := rawDB(t, path)
	p, err := goose.NewProvider(goose.DialectSQLite3, db, migrations.FS)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 3); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO organisations (id, name, created_at) VALUES (1, 'Een', 0), (2, 'Twee', 0), (3, 'Drie', 0)`,
		`INSERT INTO users (id, email, name, password_hash, role, org_id, created_at) VALUES
			(1, 'c@x', 'Coach', 'x', 'coach', 1, 0), (2, 'a@x', 'Anna', 'x', 'trainee', 2, 0), (3, 'b@x', 'Bram', 'x', 'trainee', 3, 0)`,
		`INSERT INTO groups (id, name, coach_id, created_at) VALUES (1, 'Groep', 1, 0)`,
		`INSERT INTO group_members (group_id, user_id, added_at) VALUES (1, 2, 1767261600000)`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	st := foundationOpen(t, path)
	stays, err := st.Stays(ctx, 1, 2)
	if err != nil || len(stays) != 1 || stays[0].Joined.UnixMilli() != 1767261600000 || !stays[0].Left.IsZero() {
		t.Errorf("stays after migrating: %+v %v", stays, err)
	}
	if open, err := st.GroupOrganisations(ctx, 1); err != nil || len(open) != 2 || open[0] != 1 || open[1] != 2 {
		t.Errorf("group open to %v %v, want [1 2] (the coach's and the member's)", open, err)
	}
}
