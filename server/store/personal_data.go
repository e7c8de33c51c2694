package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// FormerParticipant is the name that replaces a deleted person's name everywhere it was kept
// for others (events, reports, signatures, the audit log).
const FormerParticipant = "oud-deelnemer"

// PersonalSection is one part of what Kring holds about a person: a named table of rows, each
// row a column → value map (times as time.Time, numbers as int64 or float64, text as string).
type PersonalSection struct {
	Key     string
	Columns []string
	Rows    []map[string]any
}

// personalQueries are the questions asked for the export, one per section, each taking the
// person's id as its only parameter (repeated where the query names it more than once). A
// column ending in _at or named since is a Unix millisecond time. One query per section keeps
// the export set-based: a person with a thousand cards costs one query, not a thousand.
func personalQueries() []struct{ key, query string } {
	return []struct{ key, query string }{
		{"profile", `SELECT u.email, u.name, u.role, COALESCE(o.name, '') AS organisation, u.lang AS language,
		u.created_at, u.disabled_at FROM users u LEFT JOIN organisations o ON o.id = u.org_id WHERE u.id = ?`},
		{"sessions", `SELECT created_at, last_seen_at, expires_at FROM sessions WHERE user_id = ? ORDER BY created_at`},
		{"sso", `SELECT issuer, created_at FROM sso_identities WHERE user_id = ?`},
		{"groups_coached", `SELECT name AS group_name, created_at, archived_at FROM groups WHERE coach_id = ? ORDER BY created_at`},
		{"memberships", `SELECT g.name AS group_name, m.joined_at, m.left_at FROM group_memberships m
		JOIN groups g ON g.id = m.group_id WHERE m.user_id = ? ORDER BY m.joined_at`},
		{"meetings", `SELECT g.name AS group_name, m.title, m.method, m.starts_at, MIN(a.joined_at) AS joined_at,
		MAX(a.left_at) AS left_at FROM attendance a JOIN meetings m ON m.id = a.meeting_id
		JOIN groups g ON g.id = m.group_id WHERE a.user_id = ? GROUP BY m.id ORDER BY m.starts_at`},
		{"cards", `SELECT e.meeting_id AS meeting, e.op AS action, COALESCE(json_extract(e.data, '$.board'), '') AS board,
		json_extract(e.data, '$.text') AS text, e.at AS written_at FROM room_events e
		WHERE e.user_id = ? AND json_extract(e.data, '$.text') IS NOT NULL AND e.op LIKE 'card.%' ORDER BY e.at`},
		{"answers", `SELECT module, prompt_id AS question, text, choice, correct, created_at, updated_at
		FROM prompt_answers WHERE user_id = ? ORDER BY module, created_at`},
		{"lessons", `SELECT o.module, o.lesson, o.first_opened_at, o.last_opened_at, c.completed_at FROM lesson_opens o
		LEFT JOIN lesson_completions c ON c.user_id = o.user_id AND c.module = o.module AND c.lesson = o.lesson
		WHERE o.user_id = ? ORDER BY o.first_opened_at`},
		{"favourites", `SELECT question_id AS question, created_at FROM question_favourites WHERE user_id = ? ORDER BY created_at`},
		{"certificates", `SELECT code, module_title AS module, hours, name, issued_at, revoked_at, revoked_reason
		FROM certificates WHERE user_id = ? ORDER BY issued_at`},
		{"registration", `SELECT register, number, since, updated_at FROM registrations WHERE user_id = ?`},
		{"series_reflections", `SELECT g.name AS group_name, r.technical, r.normative, r.personal, r.meetings, r.minutes,
		r.created_at, r.signed_name, r.signed_at FROM series_reflections r JOIN groups g ON g.id = r.group_id
		WHERE r.user_id = ? ORDER BY r.created_at`},
		{"portfolio_exports", `SELECT code, created_at FROM portfolio_exports WHERE user_id = ? ORDER BY created_at`},
		{"agreements", `SELECT g.name AS group_name, a.text, COALESCE(a.due, '') AS due, a.status, a.created_at, a.resolved_at
		FROM agreements a JOIN groups g ON g.id = a.group_id WHERE a.owner_id = ? ORDER BY a.created_at, a.id`},
		{"network_maps", `SELECT m.title, m.kind, v.n AS version, v.map_date, v.body, v.saved_at FROM network_maps m
		JOIN network_map_versions v ON v.map_id = m.id WHERE m.owner_id = ? ORDER BY m.id, v.n`},
		{"invites", `SELECT role, email, created_at, expires_at, used_at FROM invites WHERE created_by = ? ORDER BY created_at`},
		{"audit", `SELECT at, action, subject FROM audit_log WHERE actor_id = ? ORDER BY at`},
	}
}

// PersonalData gathers everything Kring holds about one person (the AVG's right of access,
// article 15), section by section in a fixed order. Data about other people is not in it: a
// card's text is the person's own, a group shows only its name.
func (s *Store) PersonalData(ctx context.Context, userID int64) ([]PersonalSection, error) {
	queries := personalQueries()
	out := make([]PersonalSection, 0, len(queries))
	for _, pq := range queries {
		sec := PersonalSection{Key: pq.key, Rows: []map[string]any{}}
		rows, err := s.db.QueryContext(ctx, pq.query, userID)
		if err != nil {
			return nil, fmt.Errorf("store: personal data %s: %w", pq.key, err)
		}
		cols, err := rows.Columns()
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: personal data %s: %w", pq.key, err)
		}
		sec.Columns = cols
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: personal data %s: %w", pq.key, err)
			}
			row := make(map[string]any, len(cols))
			for i, c := range cols {
				row[c] = personalValue(c, vals[i])
			}
			sec.Rows = append(sec.Rows, row)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("store: personal data %s: %w", pq.key, err)
		}
		out = append(out, sec)
	}
	return out, nil
}

// personalValue turns a stored value into what the export shows: times as times, bytes as text.
func personalValue(col string, v any) any {
	switch x := v.(type) {
	case []byte:
		return string(x)
	case int64:
		if strings.HasSuffix(col, "_at") || col == "since" || col == "at" {
			return time.UnixMilli(x).UTC()
		}
	}
	return v
}

// DeleteAccount carries out a person's request to erase their account (the AVG's article 17),
// in one transaction so a failure leaves everything as it was:
//
//   - deleted: their reflections, check answers, lesson progress, favourites, network maps,
//     portfolio (registration, series reflections, exports), sessions, work-account identity,
//     the invites they made or that were addressed to them, their current group places;
//   - rewritten to FormerParticipant: every occurrence of one of names (the person's name in
//     the forms it is stored in) in the events and reports of the meetings they were part of, in
//     signatures on others' reflections and exports, in definition changes and the audit log;
//   - certificates kept for their public check, revoked with reason "account verwijderd" and
//     the name removed, so a register that checks one learns it is no longer valid;
//   - the users row kept (attendance and group history refer to it, so the group's counts stay
//     right) with a tombstone address, the name FormerParticipant, no password, disabled.
//
// names are the exact strings to remove (the caller adds escaped forms); empty ones are skipped.
func (s *Store) DeleteAccount(ctx context.Context, userID int64, names []string) error {
	defer s.authChanged() // session_cache.go
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var email string
		if err := tx.QueryRowContext(ctx, `SELECT email FROM users WHERE id = ?`, userID).Scan(&email); err != nil {
			if err == sql.ErrNoRows {
				return fmt.Errorf("store: delete account %d: %w", userID, ErrNotFound)
			}
			return fmt.Errorf("store: delete account: %w", err)
		}
		now := ms(s.now())
		id := strconv.FormatInt(userID, 10)
		steps := []struct {
			what, query string
			args        []any
		}{
			{"answers", `DELETE FROM prompt_answers WHERE user_id = ?`, []any{userID}},
			{"lesson opens", `DELETE FROM lesson_opens WHERE user_id = ?`, []any{userID}},
			{"lesson completions", `DELETE FROM lesson_completions WHERE user_id = ?`, []any{userID}},
			{"favourites", `DELETE FROM question_favourites WHERE user_id = ?`, []any{userID}},
			{"network maps", `DELETE FROM network_maps WHERE owner_id = ?`, []any{userID}},
			{"registration", `DELETE FROM registrations WHERE user_id = ?`, []any{userID}},
			{"series reflections", `DELETE FROM series_reflections WHERE user_id = ?`, []any{userID}},
			{"portfolio exports", `DELETE FROM portfolio_exports WHERE user_id = ?`, []any{userID}},
			{"sessions", `DELETE FROM sessions WHERE user_id = ?`, []any{userID}},
			{"sso identity", `DELETE FROM sso_identities WHERE user_id = ?`, []any{userID}},
			{"invites", `DELETE FROM invites WHERE created_by = ? OR used_by = ? OR (email <> '' AND email = ? COLLATE NOCASE)`, []any{userID, userID, email}},
			{"group places", `DELETE FROM group_members WHERE user_id = ?`, []any{userID}},
			{"memberships", `UPDATE group_memberships SET left_at = ? WHERE user_id = ? AND left_at IS NULL`, []any{now, userID}},
			{"certificates", `UPDATE certificates SET name = ?, revoked_at = COALESCE(revoked_at, ?),
				revoked_reason = 'account verwijderd' WHERE user_id = ?`, []any{FormerParticipant, now, userID}},
			{"event authors", `UPDATE room_events SET data = json_set(data, '$.name', ?)
				WHERE user_id = ? AND json_extract(data, '$.name') IS NOT NULL`, []any{FormerParticipant, userID}},
			{"agreement owner", `UPDATE agreements SET owner_name = ?, owner_id = NULL WHERE owner_id = ?`, []any{FormerParticipant, userID}},
			{"signatures", `UPDATE series_reflections SET signed_name = ? WHERE signed_by = ?`, []any{FormerParticipant, userID}},
			{"definition changes", `UPDATE training_definition_changes SET changed_by_name = ? WHERE changed_by = ?`, []any{FormerParticipant, userID}},
			{"audit actor", `UPDATE audit_log SET actor_name = ? WHERE actor_id = ?`, []any{FormerParticipant, userID}},
			{"user", `UPDATE users SET email = ?, name = ?, password_hash = '', lang = '',
				disabled_at = COALESCE(disabled_at, ?) WHERE id = ?`, []any{"verwijderd-" + id + "@kring.invalid", FormerParticipant, now, userID}},
		}
		for _, st := range steps {
			if _, err := tx.ExecContext(ctx, st.query, st.args...); err != nil {
				return fmt.Errorf("store: delete account, %s: %w", st.what, err)
			}
		}
		// The person's meetings: those of groups they were ever in or coached, and any with
		// their events or attendance. Their name can stand in others' cards and in reports there.
		meetings := `SELECT m.id FROM meetings m WHERE m.group_id IN (
				SELECT group_id FROM group_memberships WHERE user_id = ?1 UNION SELECT id FROM groups WHERE coach_id = ?1)
			UNION SELECT meeting_id FROM room_events WHERE user_id = ?1
			UNION SELECT meeting_id FROM attendance WHERE user_id = ?1`
		for _, n := range append(names, email) {
			if strings.TrimSpace(n) == "" {
				continue
			}
			rewrites := []struct{ what, query string }{
				{"events", `UPDATE room_events SET data = replace(data, ?2, ?3)
					WHERE meeting_id IN (` + meetings + `) AND instr(data, ?2) > 0`},
				{"report text", `UPDATE meeting_reports SET markdown = replace(markdown, ?2, ?3)
					WHERE meeting_id IN (` + meetings + `) AND instr(markdown, ?2) > 0`},
				{"report data", `UPDATE meeting_reports SET data = replace(data, ?2, ?3)
					WHERE meeting_id IN (` + meetings + `) AND instr(data, ?2) > 0`},
				{"agreements", `UPDATE agreements SET text = replace(text, ?2, ?3), owner_name = replace(owner_name, ?2, ?3)
					WHERE meeting_id IN (` + meetings + `) AND (instr(text, ?2) > 0 OR instr(owner_name, ?2) > 0)`},
				{"exports", `UPDATE portfolio_exports SET data = replace(data, ?2, ?3) WHERE ?1 = ?1 AND instr(data, ?2) > 0`},
				{"audit detail", `UPDATE audit_log SET detail = replace(detail, ?2, ?3), subject = replace(subject, ?2, ?3)
					WHERE ?1 = ?1 AND (instr(detail, ?2) > 0 OR instr(subject, ?2) > 0)`},
			}
			for _, rw := range rewrites {
				if _, err := tx.ExecContext(ctx, rw.query, userID, n, FormerParticipant); err != nil {
					return fmt.Errorf("store: delete account, %s: %w", rw.what, err)
				}
			}
		}
		return nil
	})
}
