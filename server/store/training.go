package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// TrainingDefinition is an organisation's own definition of "trained" as stored: required
// module slugs, and at least MinMeetings meetings attended in the last WindowMonths months.
// Package training gives it meaning; the store only keeps it.
type TrainingDefinition struct {
	Modules      []string
	MinMeetings  int
	WindowMonths int
}

// DefinitionChange is one recorded change of a definition: who made it, when, and what applied
// before and after.
type DefinitionChange struct {
	By       string // the name of the person then
	At       time.Time
	Old, New TrainingDefinition
}

// TrainingDefinition returns the organisation's definition and whether one was ever set (false:
// the caller applies its default).
func (s *Store) TrainingDefinition(ctx context.Context, orgID int64) (TrainingDefinition, bool, error) {
	var d TrainingDefinition
	var mods string
	err := s.db.QueryRowContext(ctx, `SELECT modules, min_meetings, window_months FROM training_definitions WHERE org_id = ?`, orgID).
		Scan(&mods, &d.MinMeetings, &d.WindowMonths)
	if errors.Is(err, sql.ErrNoRows) {
		return TrainingDefinition{}, false, nil
	}
	if err != nil {
		return TrainingDefinition{}, false, fmt.Errorf("store: training definition of organisation %d: %w", orgID, err)
	}
	d.Modules = strings.Fields(mods)
	return d, true, nil
}

// TrainingDefinitions returns every definition that was set, by organisation id, for the
// municipality's overview (one query for all organisations).
func (s *Store) TrainingDefinitions(ctx context.Context) (map[int64]TrainingDefinition, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT org_id, modules, min_meetings, window_months FROM training_definitions`)
	if err != nil {
		return nil, fmt.Errorf("store: training definitions: %w", err)
	}
	defer rows.Close()
	out := map[int64]TrainingDefinition{}
	for rows.Next() {
		var id int64
		var mods string
		var d TrainingDefinition
		if err := rows.Scan(&id, &mods, &d.MinMeetings, &d.WindowMonths); err != nil {
			return nil, fmt.Errorf("store: training definitions: %w", err)
		}
		d.Modules = strings.Fields(mods)
		out[id] = d
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: training definitions: %w", err)
	}
	return out, nil
}

// SetTrainingDefinition replaces the organisation's definition and records the change (by whom,
// old and new) in one transaction. fallback is what applied while none was set, so the first
// change records the default as its old value. A definition equal to the current one records
// nothing.
func (s *Store) SetTrainingDefinition(ctx context.Context, orgID, by int64, d, fallback TrainingDefinition) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		old := fallback
		var mods string
		err := tx.QueryRowContext(ctx, `SELECT modules, min_meetings, window_months FROM training_definitions WHERE org_id = ?`, orgID).
			Scan(&mods, &old.MinMeetings, &old.WindowMonths)
		switch {
		case err == nil:
			old.Modules = strings.Fields(mods)
		case !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("store: read training definition: %w", err)
		}
		if strings.Join(old.Modules, " ") == strings.Join(d.Modules, " ") && old.MinMeetings == d.MinMeetings && old.WindowMonths == d.WindowMonths {
			return nil
		}
		var name string
		if err := tx.QueryRowContext(ctx, `SELECT name FROM users WHERE id = ?`, by).Scan(&name); err != nil {
			return fmt.Errorf("store: training definition: who is user %d: %w", by, err)
		}
		now := ms(s.now())
		if _, err := tx.ExecContext(ctx, `INSERT INTO training_definitions (org_id, modules, min_meetings, window_months, set_by, set_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (org_id) DO UPDATE SET modules = excluded.modules,
			min_meetings = excluded.min_meetings, window_months = excluded.window_months, set_by = excluded.set_by, set_at = excluded.set_at`,
			orgID, strings.Join(d.Modules, " "), d.MinMeetings, d.WindowMonths, by, now); err != nil {
			return fmt.Errorf("store: set training definition of organisation %d: %w", orgID, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO training_definition_changes (org_id, changed_by, changed_by_name, changed_at,
			old_modules, old_min_meetings, old_window_months, new_modules, new_min_meetings, new_window_months)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, orgID, by, name, now,
			strings.Join(old.Modules, " "), old.MinMeetings, old.WindowMonths,
			strings.Join(d.Modules, " "), d.MinMeetings, d.WindowMonths); err != nil {
			return fmt.Errorf("store: record training definition change: %w", err)
		}
		return nil
	})
}

// DefinitionChanges lists the changes of an organisation's definition, newest first.
func (s *Store) DefinitionChanges(ctx context.Context, orgID int64) ([]DefinitionChange, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT changed_by_name, changed_at, old_modules, old_min_meetings, old_window_months,
		new_modules, new_min_meetings, new_window_months FROM training_definition_changes WHERE org_id = ?
		ORDER BY changed_at DESC, id DESC`, orgID)
	if err != nil {
		return nil, fmt.Errorf("store: definition changes: %w", err)
	}
	defer rows.Close()
	var out []DefinitionChange
	for rows.Next() {
		var c DefinitionChange
		var at int64
		var oldMods, newMods string
		if err := rows.Scan(&c.By, &at, &oldMods, &c.Old.MinMeetings, &c.Old.WindowMonths, &newMods, &c.New.MinMeetings, &c.New.WindowMonths); err != nil {
			return nil, fmt.Errorf("store: definition changes: %w", err)
		}
		c.At, c.Old.Modules, c.New.Modules = fromMS(at), strings.Fields(oldMods), strings.Fields(newMods)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: definition changes: %w", err)
	}
	return out, nil
}

// StaffRecord is everything the training dashboards show of one person, read without any of
// their reflection answers: Progress holds, per module in progress (one without a valid
// certificate: the dashboards show how far those are), the lessons opened and completed and
// which prompts have an answer, where an answer's Text is only a marker ("1" when it has text), never what
// was written.
type StaffRecord struct {
	UserID       int64
	Name, Email  string
	Role         string
	OrgID        int64
	OrgName      string
	Joined       time.Time
	Left         time.Time // when the account was disabled; zero while active
	Certificates []*Certificate
	Meetings     []AttendedMeeting // closed meetings attended, oldest first
	Groups       []GroupRef        // groups the person is a member of now (not archived)
	Progress     map[string]*Progress
	LastActivity time.Time
}

// Active reports whether the account is not disabled.
func (r *StaffRecord) Active() bool { return r.Left.IsZero() }

// AttendedMeeting is one closed meeting a person attended: Minutes is the time they were in the
// room between the meeting's opening and its close (overlapping connections counted once).
type AttendedMeeting struct {
	MeetingID int64
	GroupID   int64
	GroupName string
	HeldAt    time.Time
	Minutes   int
}

// GroupRef names a group.
type GroupRef struct {
	ID   int64
	Name string
}

// StaffTraining reads the training records of every person of one organisation (orgID 0: of
// every organisation), attendance of meetings held since since, in a fixed number of queries
// whatever the number of people: the dashboards and exports never loop over people in SQL.
// People are ordered by organisation and name.
func (s *Store) StaffTraining(ctx context.Context, orgID int64, since time.Time) ([]*StaffRecord, error) {
	scope, args := "u.org_id IS NOT NULL", []any{}
	if orgID != 0 {
		scope, args = "u.org_id = ?", []any{orgID}
	}
	byID := map[int64]*StaffRecord{}
	var out []*StaffRecord
	touch := func(r *StaffRecord, t time.Time) {
		if t.After(r.LastActivity) {
			r.LastActivity = t
		}
	}
	// 1. people
	// 1. people, with their latest lesson opened, lesson completed and answer saved (one index
	// seek each: lesson_opens_recent, lesson_completions_recent, prompt_answers_recent), so the
	// lesson and answer rows below are only those of modules still in progress.
	err := s.eachRow(ctx, `SELECT u.id, u.name, u.email, u.role, u.org_id, o.name, u.created_at, u.disabled_at,
		COALESCE((SELECT MAX(l.last_opened_at) FROM lesson_opens l WHERE l.user_id = u.id), 0),
		COALESCE((SELECT MAX(c.completed_at) FROM lesson_completions c WHERE c.user_id = u.id), 0),
		COALESCE((SELECT MAX(p.updated_at) FROM prompt_answers p WHERE p.user_id = u.id), 0)
		FROM users u JOIN organisations o ON o.id = u.org_id WHERE `+scope+` ORDER BY o.name COLLATE NOCASE, u.name COLLATE NOCASE, u.id`, args,
		func(rows *sql.Rows) error {
			r := &StaffRecord{Progress: map[string]*Progress{}}
			var joined, opened, completed, answered int64
			var left sql.NullInt64
			if err := rows.Scan(&r.UserID, &r.Name, &r.Email, &r.Role, &r.OrgID, &r.OrgName, &joined, &left, &opened, &completed, &answered); err != nil {
				return err
			}
			r.Joined, r.Left = fromMS(joined), nullMS(left)
			for _, v := range []int64{opened, completed, answered} {
				touch(r, fromMS(v))
			}
			byID[r.UserID] = r
			out = append(out, r)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("store: staff: %w", err)
	}
	// 2. certificates
	err = s.eachRow(ctx, `SELECT `+prefixed("c", certCols)+` FROM certificates c JOIN users u ON u.id = c.user_id WHERE `+scope+` ORDER BY c.issued_at, c.id`, args,
		func(rows *sql.Rows) error {
			c, err := scanCertificate(rows)
			if err != nil {
				return err
			}
			if r := byID[c.UserID]; r != nil {
				r.Certificates = append(r.Certificates, c)
				touch(r, c.IssuedAt)
			}
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("store: staff certificates: %w", err)
	}
	// 3. attendance of closed meetings, clipped to the time between opening and close
	var cur *AttendedMeeting
	var curUser int64
	var spans []msSpan
	flush := func() {
		if cur == nil {
			return
		}
		cur.Minutes = int(unionMS(spans) / 60000)
		r := byID[curUser]
		r.Meetings = append(r.Meetings, *cur)
		cur, spans = nil, spans[:0]
	}
	err = s.eachRow(ctx, `SELECT a.user_id, m.id, m.group_id, g.name, m.opened_at,
		MAX(a.joined_at, m.opened_at), MIN(a.left_at, m.closed_at), a.left_at
		FROM attendance a JOIN users u ON u.id = a.user_id JOIN meetings m ON m.id = a.meeting_id JOIN groups g ON g.id = m.group_id
		WHERE `+scope+` AND m.status = 'closed' AND m.opened_at >= ? AND MIN(a.left_at, m.closed_at) > MAX(a.joined_at, m.opened_at)
		ORDER BY a.user_id, m.opened_at, m.id, a.joined_at`, append(args, ms(since)),
		func(rows *sql.Rows) error {
			var uid, mid, gid, held, from, to, left int64
			var gname string
			if err := rows.Scan(&uid, &mid, &gid, &gname, &held, &from, &to, &left); err != nil {
				return err
			}
			if byID[uid] == nil {
				return nil
			}
			if cur == nil || cur.MeetingID != mid || curUser != uid {
				flush()
				cur, curUser = &AttendedMeeting{MeetingID: mid, GroupID: gid, GroupName: gname, HeldAt: fromMS(held)}, uid
			}
			spans = append(spans, msSpan{from, to})
			touch(byID[uid], fromMS(to))
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("store: staff attendance: %w", err)
	}
	flush()
	// 4. lessons opened, of modules in progress
	err = s.eachRow(ctx, `SELECT l.user_id, l.module, l.lesson, l.last_opened_at FROM lesson_opens l JOIN users u ON u.id = l.user_id WHERE `+scope+` AND NOT EXISTS (SELECT 1 FROM certificates cert WHERE cert.user_id = u.id AND cert.module = l.module AND cert.revoked_at IS NULL)`, args,
		func(rows *sql.Rows) error {
			var uid, at int64
			var mod, lesson string
			if err := rows.Scan(&uid, &mod, &lesson, &at); err != nil {
				return err
			}
			if r := byID[uid]; r != nil {
				progressFor(r, mod).Opened[lesson] = fromMS(at)
			}
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("store: staff lessons: %w", err)
	}
	// 4b. lessons completed with "Les afronden"
	err = s.eachRow(ctx, `SELECT c.user_id, c.module, c.lesson, c.completed_at FROM lesson_completions c JOIN users u ON u.id = c.user_id WHERE `+scope+` AND NOT EXISTS (SELECT 1 FROM certificates cert WHERE cert.user_id = u.id AND cert.module = c.module AND cert.revoked_at IS NULL)`, args,
		func(rows *sql.Rows) error {
			var uid, at int64
			var mod, lesson string
			if err := rows.Scan(&uid, &mod, &lesson, &at); err != nil {
				return err
			}
			if r := byID[uid]; r != nil {
				progressFor(r, mod).Completed[lesson] = fromMS(at)
			}
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("store: staff completions: %w", err)
	}
	// 5. which prompts have an answer: a marker for text, never the text itself
	err = s.eachRow(ctx, `SELECT p.user_id, p.module, p.prompt_id,
		CASE WHEN trim(p.text, ' '||char(9, 10, 13)) <> '' THEN '1' ELSE '' END, p.choice, p.correct, p.first_choice, p.first_correct, p.updated_at
		FROM prompt_answers p JOIN users u ON u.id = p.user_id WHERE `+scope+` AND NOT EXISTS (SELECT 1 FROM certificates cert WHERE cert.user_id = u.id AND cert.module = p.module AND cert.revoked_at IS NULL)`, args,
		func(rows *sql.Rows) error {
			a := &Answer{}
			var choice, first sql.NullInt64
			var at int64
			if err := rows.Scan(&a.UserID, &a.Module, &a.PromptID, &a.Text, &choice, &a.Correct, &first, &a.FirstCorrect, &at); err != nil {
				return err
			}
			a.Option, a.FirstOption = -1, -1
			if choice.Valid {
				a.Option = int(choice.Int64)
			}
			if first.Valid {
				a.FirstOption = int(first.Int64)
			}
			a.UpdatedAt = fromMS(at)
			if r := byID[a.UserID]; r != nil {
				progressFor(r, a.Module).Answers[a.PromptID] = a
			}
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("store: staff answers: %w", err)
	}
	// 6. current group memberships
	err = s.eachRow(ctx, `SELECT gm.user_id, g.id, g.name FROM group_members gm JOIN users u ON u.id = gm.user_id
		JOIN groups g ON g.id = gm.group_id WHERE `+scope+` AND g.archived_at IS NULL ORDER BY g.name COLLATE NOCASE, g.id`, args,
		func(rows *sql.Rows) error {
			var uid int64
			var g GroupRef
			if err := rows.Scan(&uid, &g.ID, &g.Name); err != nil {
				return err
			}
			if r := byID[uid]; r != nil {
				r.Groups = append(r.Groups, g)
			}
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("store: staff groups: %w", err)
	}
	return out, nil
}

func progressFor(r *StaffRecord, module string) *Progress {
	p := r.Progress[module]
	if p == nil {
		p = newProgress(module)
		r.Progress[module] = p
	}
	return p
}

// msSpan is an interval [from, to) in Unix milliseconds.
type msSpan struct{ from, to int64 }

// unionMS is the total length of possibly overlapping intervals, in milliseconds.
func unionMS(spans []msSpan) int64 {
	s := append([]msSpan(nil), spans...)
	sort.Slice(s, func(i, j int) bool { return s[i].from < s[j].from })
	var total, end int64
	start := int64(-1)
	for _, sp := range s {
		switch {
		case start < 0:
			start, end = sp.from, sp.to
		case sp.from <= end:
			end = max(end, sp.to)
		default:
			total += end - start
			start, end = sp.from, sp.to
		}
	}
	if start >= 0 {
		total += end - start
	}
	return total
}

// eachRow runs a query and calls fn for every row, closing the rows and returning the first
// error.
func (s *Store) eachRow(ctx context.Context, query string, args []any, fn func(*sql.Rows) error) error {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
