package store

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// seedMeetings inserts a coach, a group and n planned meetings with plain SQL (the meeting
// methods belong to another file) and returns the meeting ids.
func seedMeetings(t *testing.T, s *Store, n int) []int64 {
	t.Helper()
	ctx := context.Background()
	now := ms(time.Now())
	res, err := s.db.ExecContext(ctx, `INSERT INTO users (email, name, password_hash, role, created_at) VALUES ('c@x.example', 'Coach', 'x', 'coach', ?)`, now)
	if err != nil {
		t.Fatal(err)
	}
	coach, _ := res.LastInsertId()
	res, err = s.db.ExecContext(ctx, `INSERT INTO groups (name, coach_id, created_at) VALUES ('G', ?, ?)`, coach, now)
	if err != nil {
		t.Fatal(err)
	}
	group, _ := res.LastInsertId()
	var ids []int64
	for range n {
		res, err := s.db.ExecContext(ctx, `INSERT INTO meetings (group_id, method, starts_at, minutes, created_at) VALUES (?, 'incident', ?, 90, ?)`, group, now, now)
		if err != nil {
			t.Fatal(err)
		}
		id, _ := res.LastInsertId()
		ids = append(ids, id)
	}
	return ids
}

func openTemp(t *testing.T, path string) *Store {
	t.Helper()
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestAppendEventsBatchAndDuplicates(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kring.db")
	s := openTemp(t, path)
	ids := seedMeetings(t, s, 2)
	m1, m2 := ids[0], ids[1]
	at := time.UnixMilli(1_700_000_000_000)

	got, err := s.AppendEvents(ctx, []NewEvent{
		{MeetingID: m1, UserID: 1, ClientID: "a", Op: "card.add", Data: []byte(`{"text":"één"}`), At: at},
		{MeetingID: m2, UserID: 1, ClientID: "a", Op: "card.add", At: at},
		{MeetingID: m1, UserID: 2, ClientID: "a", Op: "card.add", At: at},
		{MeetingID: m1, UserID: 1, ClientID: "a", Op: "card.add", At: at}, // duplicate inside the batch
		{MeetingID: m1, UserID: 0, Op: "meeting.start", At: at},
		{MeetingID: m1, UserID: 0, Op: "timer.start", At: at}, // no client id: never a duplicate
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []Appended{
		{MeetingID: m1, Seq: 1}, {MeetingID: m2, Seq: 1}, {MeetingID: m1, Seq: 2},
		{MeetingID: m1, Seq: 1, Duplicate: true}, {MeetingID: m1, Seq: 3}, {MeetingID: m1, Seq: 4},
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("result %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	// After a restart the unique key still finds the first event.
	s = openTemp(t, path)
	defer s.Close()
	got, err = s.AppendEvents(ctx, []NewEvent{
		{MeetingID: m1, UserID: 2, ClientID: "a", Op: "card.add", At: at},
		{MeetingID: m1, UserID: 2, ClientID: "b", Op: "card.add", At: at},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got[0] != (Appended{MeetingID: m1, Seq: 2, Duplicate: true}) || got[1] != (Appended{MeetingID: m1, Seq: 5}) {
		t.Fatalf("after restart: %+v", got)
	}

	evs, err := s.EventsSince(ctx, m1, 2)
	if err != nil {
		t.Fatal(err)
	}
	var seqs []int64
	for _, e := range evs {
		seqs = append(seqs, e.Seq)
	}
	if len(seqs) != 3 || seqs[0] != 3 || seqs[2] != 5 {
		t.Fatalf("EventsSince(2) seqs = %v", seqs)
	}
	all, err := s.MeetingEvents(ctx, m1)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 5 || string(all[0].Data) != `{"text":"één"}` || all[0].ClientID != "a" || !all[0].At.Equal(at) || all[2].ClientID != "" {
		t.Fatalf("MeetingEvents = %+v", all)
	}
}

func TestAppendEventsAllOrNothing(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t, filepath.Join(t.TempDir(), "kring.db"))
	defer s.Close()
	ids := seedMeetings(t, s, 1)
	_, err := s.AppendEvents(ctx, []NewEvent{
		{MeetingID: ids[0], UserID: 1, ClientID: "x", Op: "card.add", At: time.Now()},
		{MeetingID: 9999, UserID: 1, ClientID: "x", Op: "card.add", At: time.Now()}, // no such meeting
	})
	if err == nil {
		t.Fatal("batch with a missing meeting committed")
	}
	evs, err := s.MeetingEvents(ctx, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 0 {
		t.Fatalf("half a batch committed: %+v", evs)
	}
}

func TestAttendanceStatusAndReport(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t, filepath.Join(t.TempDir(), "kring.db"))
	defer s.Close()
	m := seedMeetings(t, s, 1)[0]
	t0 := time.UnixMilli(1_700_000_000_000)

	ids, err := s.StartAttendances(ctx, []AttendanceStart{{MeetingID: m, UserID: 7, At: t0}})
	if err != nil {
		t.Fatal(err)
	}
	id := ids[0]
	if err := s.ExtendAttendance(ctx, []int64{id}, t0.Add(5*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := s.ExtendAttendance(ctx, []int64{id}, t0.Add(time.Minute)); err != nil { // never backwards
		t.Fatal(err)
	}
	if err := s.RecordAttendance(ctx, m, 3, t0, t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	att, err := s.Attendance(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	if len(att) != 2 || att[0].UserID != 3 || att[1].UserID != 7 || !att[1].To.Equal(t0.Add(5*time.Minute)) {
		t.Fatalf("attendance = %+v", att)
	}

	for _, tc := range []struct {
		status string
		at     time.Time
	}{{"live", t0}, {"live", t0.Add(time.Hour)}, {"closed", t0.Add(2 * time.Hour)}} {
		if err := s.SetMeetingStatus(ctx, m, tc.status, tc.at); err != nil {
			t.Fatal(err)
		}
	}
	var status string
	var opened, closed int64
	if err := s.db.QueryRowContext(ctx, `SELECT status, opened_at, closed_at FROM meetings WHERE id = ?`, m).Scan(&status, &opened, &closed); err != nil {
		t.Fatal(err)
	}
	if status != "closed" || opened != ms(t0) || closed != ms(t0.Add(2*time.Hour)) {
		t.Fatalf("status %s opened %d closed %d", status, opened, closed)
	}
	if err := s.SetMeetingStatus(ctx, 4242, "live", t0); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing meeting: %v", err)
	}
	if err := s.SetMeetingStatus(ctx, m, "bogus", t0); err == nil {
		t.Fatal("bogus status accepted")
	}

	if _, _, _, err := s.Report(ctx, m); !errors.Is(err, ErrNotFound) {
		t.Fatalf("report before save: %v", err)
	}
	for _, md := range []string{"# eerst", "# Verslag"} {
		if err := s.SaveReport(ctx, m, md, []byte(`{"a":1}`)); err != nil {
			t.Fatal(err)
		}
	}
	md, data, created, err := s.Report(ctx, m)
	if err != nil || md != "# Verslag" || string(data) != `{"a":1}` || created.IsZero() {
		t.Fatalf("report = %q %s %v %v", md, data, created, err)
	}
}

// The room's seq hint is used as given when it is the next one, and a stale hint (another
// writer took the seq) falls back to the stored maximum plus one, never failing the batch.
func TestAppendEventsSeqHint(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t, filepath.Join(t.TempDir(), "kring.db"))
	m := seedMeetings(t, s, 1)[0]
	at := time.UnixMilli(1_700_000_000_000)
	seqs := func(evs ...NewEvent) []int64 {
		t.Helper()
		got, err := s.AppendEvents(ctx, evs)
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, a := range got {
			out = append(out, a.Seq)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		evs  []NewEvent
		want []int64
	}{
		{"right hint", []NewEvent{{MeetingID: m, UserID: 1, ClientID: "a", Op: "x", At: at, Seq: 1},
			{MeetingID: m, UserID: 1, ClientID: "b", Op: "x", At: at, Seq: 2}}, []int64{1, 2}},
		{"no hint", []NewEvent{{MeetingID: m, UserID: 1, ClientID: "c", Op: "x", At: at}}, []int64{3}},
		{"stale hint", []NewEvent{{MeetingID: m, UserID: 1, ClientID: "d", Op: "x", At: at, Seq: 2},
			{MeetingID: m, UserID: 1, ClientID: "e", Op: "x", At: at, Seq: 3}}, []int64{4, 5}},
		{"stale hint of a duplicate", []NewEvent{{MeetingID: m, UserID: 1, ClientID: "a", Op: "x", At: at, Seq: 5}}, []int64{1}},
		{"right hint after all that", []NewEvent{{MeetingID: m, UserID: 2, ClientID: "a", Op: "x", At: at, Seq: 6}}, []int64{6}},
	} {
		if got := seqs(tc.evs...); !slices.Equal(got, tc.want) {
			t.Errorf("%s: seqs %v, want %v", tc.name, got, tc.want)
		}
	}
	evs, err := s.EventsSince(ctx, m, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range evs {
		if e.Seq != int64(i+1) {
			t.Fatalf("stored seqs not dense: event %d has seq %d", i, e.Seq)
		}
	}
	if len(evs) != 6 {
		t.Fatalf("%d events stored, want 6", len(evs))
	}
}
