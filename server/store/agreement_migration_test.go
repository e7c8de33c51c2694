package store_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/pressly/goose/v3"

	"kring/server/store/migrations"
)

// Migration 00021 takes the agreements out of the reports of meetings closed before it: open,
// with the owner a member when exactly one member of the group has the name written; a
// meeting not closed, or a report without agreements, adds nothing.
func TestAgreementsMigrationBackfills(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kring.db")
	db := rawDB(t, path)
	p, err := goose.NewProvider(goose.DialectSQLite3, db, migrations.FS)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 20); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO users (id, email, name, password_hash, role, created_at) VALUES
			(1, 'c@x', 'Coach Cor', 'x', 'coach', 0), (2, 'a@x', 'Anna Smit', 'x', 'trainee', 0),
			(3, 'b@x', 'Bram', 'x', 'trainee', 0), (4, 'b2@x', 'Bram', 'x', 'trainee', 0), (5, 'o@x', 'Olga', 'x', 'trainee', 0)`,
		`INSERT INTO groups (id, name, coach_id, created_at) VALUES (1, 'Groep', 1, 0)`,
		`INSERT INTO group_members (group_id, user_id, added_at) VALUES (1, 2, 0), (1, 3, 0), (1, 4, 0)`,
		`INSERT INTO meetings (id, group_id, method, starts_at, minutes, status, closed_at, created_at) VALUES
			(1, 1, 'incident', 1000, 90, 'closed', 2000, 0), (2, 1, 'incident', 5000, 90, 'live', NULL, 0),
			(3, 1, 'incident', 9000, 90, 'planned', NULL, 0)`,
		`INSERT INTO meeting_reports (meeting_id, markdown, data, created_at) VALUES
			(1, 'v', '{"agreements":[{"id":4,"text":"Kaart maken","owner":"anna smit","due":"2026-02-01"},
				{"id":5,"text":"Bellen","owner":"Bram"},{"id":6,"text":"Olga vragen","owner":"Olga","due":"morgen"}]}', 0),
			(2, 'v', '{"agreements":[{"id":1,"text":"Nog niet gesloten","owner":"Anna Smit"}]}', 0)`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	st := foundationOpen(t, path)
	as, err := st.AgreementsForMeeting(ctx, 3)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][2]any{}
	for _, a := range as {
		got[a.Text] = [2]any{a.OwnerID, a.Due}
	}
	want := map[string][2]any{
		"Kaart maken": {int64(2), "2026-02-01"}, // the name, in other capitals
		"Bellen":      {int64(0), ""},           // two members called Bram: nobody
		"Olga vragen": {int64(0), ""},           // not in the group; not a date
	}
	if len(got) != len(want) {
		t.Fatalf("backfilled %v, want %v", got, want)
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: owner and date %v, want %v", k, got[k], w)
		}
	}
	var n int
	if err := rawDB(t, path).QueryRow(`SELECT COUNT(*) FROM agreements`).Scan(&n); err != nil || n != 3 {
		t.Errorf("%d agreements (%v), want 3: none from the meeting not closed", n, err)
	}
}
