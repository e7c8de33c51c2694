package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// Saving a report writes its agreements once per card (saved again: still once) and applies
// what it says about earlier ones: done with the meeting, time and person, carried over still
// open; a meeting lists the group's open agreements of earlier closed meetings, and those it
// resolved itself; a person's list holds only their own open ones.
func TestAgreementsFollowTheReports(t *testing.T) {
	s := openTemp(t, filepath.Join(t.TempDir(), "k.db"))
	ctx := context.Background()
	ids := seedMeetings(t, s, 4)
	m1, m2, m3, m4 := ids[0], ids[1], ids[2], ids[3]
	base := time.Now().Add(-30 * 24 * time.Hour)
	for i, id := range ids {
		if _, err := s.db.ExecContext(ctx, `UPDATE meetings SET starts_at = ? WHERE id = ?`, ms(base.Add(time.Duration(i)*7*24*time.Hour)), id); err != nil {
			t.Fatal(err)
		}
	}
	// Meeting 4 belongs to another group: it never sees group 1's agreements.
	res, err := s.db.ExecContext(ctx, `INSERT INTO groups (name, coach_id, created_at) VALUES ('Ander', 1, 0)`)
	if err != nil {
		t.Fatal(err)
	}
	other, _ := res.LastInsertId()
	if _, err := s.db.ExecContext(ctx, `UPDATE meetings SET group_id = ? WHERE id = ?`, other, m4); err != nil {
		t.Fatal(err)
	}
	res, err = s.db.ExecContext(ctx, `INSERT INTO users (email, name, password_hash, role, created_at) VALUES ('a@x.example', 'Anna', 'x', 'trainee', 0)`)
	if err != nil {
		t.Fatal(err)
	}
	anna, _ := res.LastInsertId()

	closeWith := func(id int64, data string) {
		t.Helper()
		if err := s.SetMeetingStatus(ctx, id, "closed", time.Now()); err != nil {
			t.Fatal(err)
		}
		for range 2 { // saved twice, as after a crash between the report and the broadcast
			if err := s.SaveReport(ctx, id, "verslag", []byte(data)); err != nil {
				t.Fatal(err)
			}
		}
	}
	closeWith(m1, fmt.Sprintf(`{"agreements": [
		{"id": 4, "text": "Kaart maken", "owner": "Anna", "ownerId": %d, "due": "2020-01-31"},
		{"id": 7, "text": "Zaal regelen", "owner": "iemand"},
		{"id": 9, "text": "Rare datum", "ownerId": 999, "due": "morgen"}]}`, anna))

	list := func(meeting int64) map[string]Agreement {
		t.Helper()
		as, err := s.AgreementsForMeeting(ctx, meeting)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]Agreement{}
		for _, a := range as {
			out[a.Text] = a
		}
		if len(out) != len(as) {
			t.Fatalf("meeting %d lists an agreement twice: %+v", meeting, as)
		}
		return out
	}
	got := list(m2)
	kaart, zaal, raar := got["Kaart maken"], got["Zaal regelen"], got["Rare datum"]
	if len(got) != 3 || kaart.OwnerID != anna || kaart.Due != "2020-01-31" || kaart.Status != AgreementOpen || kaart.MeetingID != m1 ||
		zaal.OwnerID != 0 || zaal.OwnerName != "iemand" || raar.OwnerID != 0 || raar.Due != "" {
		t.Fatalf("meeting 2 lists %+v", got)
	}
	if !kaart.Overdue("2026-01-01") || kaart.Overdue("2020-01-31") || zaal.Overdue("2026-01-01") {
		t.Error("Overdue is wrong")
	}
	if n := len(list(m1)); n != 0 {
		t.Errorf("a meeting lists %d of its own agreements", n)
	}
	if n := len(list(m4)); n != 0 {
		t.Errorf("another group's meeting lists %d agreements", n)
	}
	mine, err := s.OpenAgreementsOf(ctx, anna)
	if err != nil || len(mine) != 1 || mine[0].Text != "Kaart maken" || mine[0].GroupName != "G" {
		t.Fatalf("Anna's agreements: %+v (%v)", mine, err)
	}

	// Meeting 2 marks Anna's done and carries the other over; a forged id of another group's
	// agreement changes nothing.
	doneAt := time.Now().Add(-time.Hour).Truncate(time.Millisecond)
	closeWith(m2, fmt.Sprintf(`{"agreements": [], "prior": [
		{"id": %d, "outcome": "done", "by": %d, "at": %d},
		{"id": %d, "outcome": "carried", "by": 1},
		{"id": %d}]}`, kaart.ID, anna, ms(doneAt), zaal.ID, raar.ID))
	got = list(m2)
	if a := got["Kaart maken"]; a.Status != AgreementDone || a.ResolvedMeetingID != m2 || a.ResolvedBy != anna || !a.ResolvedAt.Equal(doneAt) {
		t.Errorf("the agreement marked done: %+v", a)
	}
	if a := got["Zaal regelen"]; a.Status != AgreementCarried || a.CarriedMeetingID != m2 {
		t.Errorf("the agreement carried over: %+v", a)
	}
	if a := got["Rare datum"]; a.Status != AgreementOpen {
		t.Errorf("the agreement nobody looked at: %+v", a)
	}
	if mine, _ := s.OpenAgreementsOf(ctx, anna); len(mine) != 0 {
		t.Errorf("Anna still has %+v", mine)
	}
	got = list(m3)
	if _, ok := got["Kaart maken"]; ok || len(got) != 2 {
		t.Errorf("meeting 3 lists %+v", got)
	}
	// A later meeting that says "carried" about an agreement already done leaves it done.
	closeWith(m3, fmt.Sprintf(`{"prior": [{"id": %d, "outcome": "carried"}]}`, kaart.ID))
	var status string
	if err := s.db.QueryRowContext(ctx, `SELECT status FROM agreements WHERE id = ?`, kaart.ID).Scan(&status); err != nil || status != AgreementDone {
		t.Errorf("a done agreement became %q (%v)", status, err)
	}
	// Another group's report cannot mark group 1's agreements.
	closeWith(m4, fmt.Sprintf(`{"prior": [{"id": %d, "outcome": "done"}]}`, raar.ID))
	if err := s.db.QueryRowContext(ctx, `SELECT status FROM agreements WHERE id = ?`, raar.ID).Scan(&status); err != nil || status != AgreementOpen {
		t.Errorf("another group's report marked an agreement %q (%v)", status, err)
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM agreements`).Scan(&n); err != nil || n != 3 {
		t.Errorf("%d agreement rows (%v), want 3", n, err)
	}
}

// The coach's owner and date for an agreement stay when the report is saved again (after a
// crash) with what the card said; an agreement of another meeting is not found through this
// one and stays as it was.
func TestEditAgreementSurvivesTheReport(t *testing.T) {
	s := openTemp(t, filepath.Join(t.TempDir(), "k.db"))
	ctx := context.Background()
	ids := seedMeetings(t, s, 2)
	res, err := s.db.ExecContext(ctx, `INSERT INTO users (email, name, password_hash, role, created_at) VALUES ('b@x.example', 'Bram', 'x', 'trainee', 0)`)
	if err != nil {
		t.Fatal(err)
	}
	bram, _ := res.LastInsertId()
	report := []byte(`{"agreements": [{"id": 3, "text": "Buurtcentrum bellen", "owner": "iemand", "due": "2026-12-01"}]}`)
	for _, id := range ids {
		if err := s.SetMeetingStatus(ctx, id, "closed", time.Now()); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveReport(ctx, id, "verslag", report); err != nil {
			t.Fatal(err)
		}
	}
	made := func(meeting int64) Agreement {
		t.Helper()
		as, err := s.AgreementsMadeIn(ctx, meeting)
		if err != nil || len(as) != 1 {
			t.Fatalf("meeting %d made %d agreements (%v), want 1", meeting, len(as), err)
		}
		return as[0]
	}
	a, other := made(ids[0]), made(ids[1])
	if a.OwnerID != 0 || a.OwnerName != "iemand" || a.Due != "2026-12-01" {
		t.Fatalf("before the edit: %+v", a)
	}
	if err := s.EditAgreement(ctx, ids[0], other.ID, bram, "", 1); !errors.Is(err, ErrNotFound) {
		t.Fatalf("editing another meeting's agreement through this one: %v, want ErrNotFound", err)
	}
	if err := s.EditAgreement(ctx, ids[0], a.ID, bram, "2027-01-15", 1); err != nil {
		t.Fatal(err)
	}
	for round := range 2 {
		got := made(ids[0])
		if got.OwnerID != bram || got.OwnerName != "Bram" || got.Due != "2027-01-15" || got.Text != "Buurtcentrum bellen" {
			t.Fatalf("round %d after the edit: %+v", round, got)
		}
		if err := s.SaveReport(ctx, ids[0], "verslag", report); err != nil { // the report saved again
			t.Fatal(err)
		}
	}
	if got := made(ids[1]); got != other {
		t.Errorf("the other meeting's agreement changed: %+v", got)
	}
	if mine, err := s.OpenAgreementsOf(ctx, bram); err != nil || len(mine) != 1 || mine[0].ID != a.ID {
		t.Errorf("Bram's open agreements: %+v (%v)", mine, err)
	}
	// Nobody: the owner and the date cleared.
	if err := s.EditAgreement(ctx, ids[0], a.ID, 0, "", 1); err != nil {
		t.Fatal(err)
	}
	if got := made(ids[0]); got.OwnerID != 0 || got.OwnerName != "" || got.Due != "" {
		t.Errorf("after clearing: %+v", got)
	}
}
