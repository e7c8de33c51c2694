package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// privacyWorld is two people in one group with one closed meeting, its events and report, and
// something of everything Kring keeps about a person; the clock is the test's.
type privacyWorld struct {
	s                   *Store
	now                 *time.Time
	anne, bert, coach   int64
	group, meeting, org int64
}

const (
	anneName  = "Annemarie Verwijder"
	anneEmail = "annemarie@voorbeeld.example"
	bertName  = "Bert Blijft"
)

func newPrivacyWorld(t *testing.T) *privacyWorld {
	t.Helper()
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	w := &privacyWorld{now: &now}
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "kring.db"), WithClock(func() time.Time { return *w.now }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	w.s = s
	ctx := context.Background()
	exec := func(q string, args ...any) int64 {
		t.Helper()
		res, err := s.db.ExecContext(ctx, q, args...)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		id, _ := res.LastInsertId()
		return id
	}
	at := ms(now.Add(-time.Hour))
	w.org = exec(`INSERT INTO organisations (name, created_at) VALUES ('Wijkteam', ?)`, at)
	user := func(email, name, role string) int64 {
		return exec(`INSERT INTO users (email, name, password_hash, role, org_id, created_at) VALUES (?, ?, 'h', ?, ?, ?)`, email, name, role, w.org, at)
	}
	w.anne = user(anneEmail, anneName, "trainee")
	w.bert = user("bert@voorbeeld.example", bertName, "trainee")
	w.coach = user("coach@voorbeeld.example", "Coach Cora", "coach")
	w.group = exec(`INSERT INTO groups (name, coach_id, created_at) VALUES ('Intervisie', ?, ?)`, w.coach, at)
	for _, u := range []int64{w.anne, w.bert} {
		exec(`INSERT INTO group_members (group_id, user_id, added_at) VALUES (?, ?, ?)`, w.group, u, at)
		exec(`INSERT INTO group_memberships (group_id, user_id, joined_at) VALUES (?, ?, ?)`, w.group, u, at)
	}
	w.meeting = exec(`INSERT INTO meetings (group_id, method, starts_at, minutes, status, opened_at, closed_at, created_at)
		VALUES (?, 'incident', ?, 90, 'closed', ?, ?, ?)`, w.group, at, at, at+3600_000, at)
	if _, err := s.AppendEvents(ctx, []NewEvent{
		{MeetingID: w.meeting, UserID: w.anne, ClientID: "a1", Op: "card.add", Data: []byte(`{"op":"card.add","name":"` + anneName + `","board":"case","text":"Anne's eigen casus"}`), At: now},
		{MeetingID: w.meeting, UserID: w.bert, ClientID: "b1", Op: "card.add", Data: []byte(`{"op":"card.add","name":"` + bertName + `","board":"case","text":"Vraag van ` + anneName + `"}`), At: now},
	}); err != nil {
		t.Fatal(err)
	}
	exec(`INSERT INTO attendance (meeting_id, user_id, joined_at, left_at) VALUES (?, ?, ?, ?)`, w.meeting, w.anne, at, at+3000_000)
	agreements := fmt.Sprintf(`[{"id":5,"text":"Anne's eigen afspraak","owner":%q,"ownerId":%d},{"id":6,"text":"Bert belt %s","owner":%q,"ownerId":%d}]`,
		anneName, w.anne, anneName, bertName, w.bert)
	if err := s.SaveReport(ctx, w.meeting, "- "+anneName+": 10:00–11:00\n- "+bertName, []byte(`{"attendees":[{"name":"`+anneName+`"},{"name":"`+bertName+`"}],"agreements":`+agreements+`}`)); err != nil {
		t.Fatal(err)
	}
	for _, u := range []int64{w.anne, w.bert} {
		exec(`INSERT INTO prompt_answers (user_id, module, prompt_id, text, created_at, updated_at) VALUES (?, 'basis', 'p1', ?, ?, ?)`, u, "reflectie van "+strings.Repeat("x", int(u)), at, at)
		exec(`INSERT INTO certificates (code, user_id, module, module_title, module_version, hours, name, issued_at) VALUES (?, ?, 'basis', 'Basis', 1, 2, ?, ?)`,
			"CODE"+string(rune('A'+u)), u, map[int64]string{w.anne: anneName, w.bert: bertName}[u], at)
	}
	exec(`INSERT INTO lesson_opens (user_id, module, lesson, first_opened_at, last_opened_at) VALUES (?, 'basis', 'l1', ?, ?)`, w.anne, at, at)
	exec(`INSERT INTO lesson_completions (user_id, module, lesson, completed_at) VALUES (?, 'basis', 'l1', ?)`, w.anne, at)
	mp := exec(`INSERT INTO network_maps (owner_id, kind, title, created_at, updated_at) VALUES (?, 'own', 'Mijn netwerk', ?, ?)`, w.anne, at, at)
	exec(`INSERT INTO network_map_versions (map_id, n, map_date, body, saved_at) VALUES (?, 1, '2026-03-01', '{"people":["Oma Jo"]}', ?)`, mp, at)
	exec(`INSERT INTO registrations (user_id, register, number, updated_at) VALUES (?, 'skj', '123', ?)`, w.anne, at)
	exec(`INSERT INTO series_reflections (user_id, group_id, technical, normative, personal, meetings, minutes, created_at, updated_at)
		VALUES (?, ?, 'vak', 'norm', 'persoonlijk', 1, 50, ?, ?)`, w.anne, w.group, at, at)
	exec(`INSERT INTO series_reflections (user_id, group_id, technical, normative, personal, meetings, minutes, created_at, updated_at, signed_by, signed_name, signed_at)
		VALUES (?, ?, 't', 'n', 'p', 1, 50, ?, ?, ?, ?, ?)`, w.bert, w.group, at, at, w.anne, anneName, at)
	exec(`INSERT INTO portfolio_exports (code, user_id, data, created_at) VALUES ('EXP1', ?, ?, ?)`, w.bert, `{"signed":"`+anneName+`"}`, at)
	exec(`INSERT INTO invites (token_hash, org_id, role, email, created_by, created_at, expires_at) VALUES (x'01', ?, 'trainee', 'nieuw@voorbeeld.example', ?, ?, ?)`, w.org, w.anne, at, at+86400_000)
	exec(`INSERT INTO invites (token_hash, org_id, role, email, created_by, created_at, expires_at, used_by) VALUES (x'02', ?, 'trainee', ?, ?, ?, ?, ?)`, w.org, anneEmail, w.coach, at, at, w.anne)
	exec(`INSERT INTO sessions (id_hash, user_id, created_at, expires_at, last_seen_at) VALUES (x'aa', ?, ?, ?, ?)`, w.anne, at, at+86400_000, at)
	exec(`INSERT INTO training_definitions (org_id, modules, min_meetings, window_months, set_by, set_at) VALUES (?, '', 1, 12, ?, ?)`, w.org, w.anne, at)
	exec(`INSERT INTO training_definition_changes (org_id, changed_by, changed_by_name, changed_at, old_modules, old_min_meetings, old_window_months, new_modules, new_min_meetings, new_window_months)
		VALUES (?, ?, ?, ?, '', 0, 12, '', 1, 12)`, w.org, w.anne, anneName, at)
	if err := s.AddAudit(ctx, AuditEntry{ActorID: w.coach, ActorName: "Coach Cora", Action: "record.view", Subject: "user:1", Detail: map[string]string{"name": anneName}, OrgID: w.org}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddAudit(ctx, AuditEntry{ActorID: w.anne, ActorName: anneName, Action: "report.view", Subject: "meeting:1", OrgID: w.org}); err != nil {
		t.Fatal(err)
	}
	return w
}

// textHits scans every text column of every table for needle (case-insensitive) and names the
// places it was found, so a new table that keeps a name cannot escape the test.
func textHits(t *testing.T, db *sql.DB, needle string) []string {
	t.Helper()
	ctx := context.Background()
	rows, err := db.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, n)
	}
	rows.Close()
	var hits []string
	scanned := 0
	for _, tb := range tables {
		cols, err := db.QueryContext(ctx, `SELECT name FROM pragma_table_info(?)`, tb)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for cols.Next() {
			var c string
			if err := cols.Scan(&c); err != nil {
				t.Fatal(err)
			}
			names = append(names, c)
		}
		cols.Close()
		for _, c := range names {
			scanned++
			var n int
			q := `SELECT count(*) FROM "` + tb + `" WHERE typeof("` + c + `") = 'text' AND instr(lower("` + c + `"), lower(?)) > 0`
			if err := db.QueryRowContext(ctx, q, needle).Scan(&n); err != nil {
				t.Fatalf("%s.%s: %v", tb, c, err)
			}
			if n > 0 {
				hits = append(hits, tb+"."+c)
			}
		}
	}
	if scanned < 50 {
		t.Fatalf("only %d columns scanned: is the schema there?", scanned)
	}
	return hits
}

func TestDeleteAccountRemovesNameEverywhere(t *testing.T) {
	w := newPrivacyWorld(t)
	ctx := context.Background()
	for _, needle := range []string{anneName, anneEmail} {
		if hits := textHits(t, w.s.db, needle); len(hits) < 2 {
			t.Fatalf("before deletion %q is in only %v: the fixture does not test much", needle, hits)
		}
	}
	if err := w.s.DeleteAccount(ctx, w.anne, []string{anneName}); err != nil {
		t.Fatal(err)
	}
	for _, needle := range []string{anneName, anneEmail} {
		if hits := textHits(t, w.s.db, needle); len(hits) > 0 {
			t.Errorf("after deletion %q is still in %v", needle, hits)
		}
	}
	// Bert's things stay, Anne's are gone or anonymised.
	counts := []struct {
		query string
		want  int
	}{
		{`SELECT count(*) FROM prompt_answers WHERE user_id = ` + itoa(w.anne), 0},
		{`SELECT count(*) FROM prompt_answers WHERE user_id = ` + itoa(w.bert), 1},
		{`SELECT count(*) FROM sessions WHERE user_id = ` + itoa(w.anne), 0},
		{`SELECT count(*) FROM invites`, 0},
		{`SELECT count(*) FROM network_maps`, 0},
		{`SELECT count(*) FROM series_reflections`, 1},
		{`SELECT count(*) FROM certificates WHERE revoked_reason = 'account verwijderd' AND name = 'oud-deelnemer'`, 1},
		{`SELECT count(*) FROM certificates WHERE revoked_at IS NULL AND name = '` + bertName + `'`, 1},
		{`SELECT count(*) FROM room_events WHERE json_extract(data, '$.name') = 'oud-deelnemer'`, 1},
		{`SELECT count(*) FROM room_events WHERE json_extract(data, '$.text') = 'Vraag van oud-deelnemer'`, 1},
		{`SELECT count(*) FROM meeting_reports WHERE instr(markdown, 'oud-deelnemer') > 0 AND instr(markdown, '` + bertName + `') > 0`, 1},
		{`SELECT count(*) FROM attendance`, 1},
		{`SELECT count(*) FROM agreements WHERE owner_id IS NULL AND owner_name = 'oud-deelnemer'`, 1},
		{`SELECT count(*) FROM agreements WHERE owner_id = ` + itoa(w.bert) + ` AND text = 'Bert belt oud-deelnemer'`, 1},
		{`SELECT count(*) FROM users WHERE id = ` + itoa(w.anne) + ` AND disabled_at IS NOT NULL AND password_hash = ''`, 1},
	}
	for _, c := range counts {
		var n int
		if err := w.s.db.QueryRowContext(ctx, c.query).Scan(&n); err != nil {
			t.Fatalf("%s: %v", c.query, err)
		}
		if n != c.want {
			t.Errorf("%s = %d, want %d", c.query, n, c.want)
		}
	}
	if _, err := w.s.UserByEmail(ctx, anneEmail); !errors.Is(err, ErrNotFound) {
		t.Errorf("the old address still finds an account: %v", err)
	}
	if err := w.s.DeleteAccount(ctx, 9999, nil); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleting an unknown account: %v, want ErrNotFound", err)
	}
}

func itoa(v int64) string { b, _ := json.Marshal(v); return string(b) }

func TestPersonalDataHoldsOnlyThePerson(t *testing.T) {
	w := newPrivacyWorld(t)
	secs, err := w.s.PersonalData(context.Background(), w.anne)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, sec := range secs {
		got[sec.Key] = len(sec.Rows)
	}
	want := map[string]int{"profile": 1, "sessions": 1, "memberships": 1, "meetings": 1, "cards": 1, "answers": 1,
		"lessons": 1, "certificates": 1, "registration": 1, "series_reflections": 1, "network_maps": 1, "invites": 1,
		"audit": 1, "agreements": 1, "portfolio_exports": 0, "groups_coached": 0, "sso": 0, "favourites": 0}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("section %s has %d rows, want %d", k, got[k], n)
		}
	}
	b, err := json.Marshal(secs)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{anneEmail, "Anne's eigen casus", "Oma Jo", "persoonlijk", "Anne's eigen afspraak"} {
		if !strings.Contains(string(b), s) {
			t.Errorf("export lacks %q", s)
		}
	}
	for _, s := range []string{"bert@voorbeeld.example", "Vraag van", "reflectie van xx", "coach@voorbeeld.example", "Bert belt"} {
		if strings.Contains(string(b), s) {
			t.Errorf("export holds another person's %q", s)
		}
	}
}

func TestRetentionOnTheClock(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		after time.Duration
		purge func(*Store) (int64, error)
		want  int64
	}{
		{"boards kept within the period", 23 * 30 * 24 * time.Hour, func(s *Store) (int64, error) { return s.PurgeBoards(ctx, 24*30*24*time.Hour) }, 0},
		{"boards reduced after the period", 25 * 30 * 24 * time.Hour, func(s *Store) (int64, error) { return s.PurgeBoards(ctx, 24*30*24*time.Hour) }, 2},
		{"invites kept within the period", 20 * 24 * time.Hour, func(s *Store) (int64, error) { return s.PurgeInvites(ctx, 30*24*time.Hour) }, 0},
		{"expired invites purged", 40 * 24 * time.Hour, func(s *Store) (int64, error) { return s.PurgeInvites(ctx, 30*24*time.Hour) }, 2},
		{"audit kept within the period", 100 * 24 * time.Hour, func(s *Store) (int64, error) { return s.PurgeAudit(ctx, 365*24*time.Hour) }, 0},
		{"audit purged after the period", 400 * 24 * time.Hour, func(s *Store) (int64, error) { return s.PurgeAudit(ctx, 365*24*time.Hour) }, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := newPrivacyWorld(t)
			*w.now = w.now.Add(tc.after)
			n, err := tc.purge(w.s)
			if err != nil {
				t.Fatal(err)
			}
			if n != tc.want {
				t.Errorf("purged %d, want %d", n, tc.want)
			}
			// The report and attendance always stay.
			if _, _, _, err := w.s.Report(ctx, w.meeting); err != nil {
				t.Errorf("report gone: %v", err)
			}
			var att int
			_ = w.s.db.QueryRowContext(ctx, `SELECT count(*) FROM attendance`).Scan(&att)
			if att != 1 {
				t.Errorf("attendance rows %d, want 1", att)
			}
		})
	}
}

func TestPurgeBoardsKeepsMeetingsWithoutReport(t *testing.T) {
	w := newPrivacyWorld(t)
	ctx := context.Background()
	if _, err := w.s.db.ExecContext(ctx, `DELETE FROM meeting_reports`); err != nil {
		t.Fatal(err)
	}
	*w.now = w.now.Add(3 * 365 * 24 * time.Hour)
	if n, err := w.s.PurgeBoards(ctx, 24*time.Hour); err != nil || n != 0 {
		t.Errorf("purged %d (%v) of a meeting without report, want 0", n, err)
	}
}

func TestAuditPageScopedAndPaged(t *testing.T) {
	w := newPrivacyWorld(t)
	ctx := context.Background()
	other, err := w.s.db.ExecContext(ctx, `INSERT INTO organisations (name, created_at) VALUES ('Ander', 0)`)
	if err != nil {
		t.Fatal(err)
	}
	otherOrg, _ := other.LastInsertId()
	for i := range 3 {
		*w.now = w.now.Add(time.Minute)
		if err := w.s.AddAudit(ctx, AuditEntry{ActorName: "x", Action: "a" + itoa(int64(i)), OrgID: otherOrg}); err != nil {
			t.Fatal(err)
		}
	}
	own, more, err := w.s.AuditPage(ctx, w.org, 0, 10)
	if err != nil || len(own) != 2 || more {
		t.Fatalf("own organisation: %d entries, more %v, %v; want 2", len(own), more, err)
	}
	all, more, err := w.s.AuditPage(ctx, 0, 0, 4)
	if err != nil || len(all) != 4 || !more {
		t.Fatalf("all: %d entries, more %v, %v; want 4 and more", len(all), more, err)
	}
	if all[0].Action != "a2" {
		t.Errorf("newest first: got %q first", all[0].Action)
	}
}
