package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// StaffFacts is the part of a person's training record that coverage and the municipality's
// overview need, and nothing more: no names, lessons or answers. StaffOverview reads it for
// every person of every organisation in a handful of queries, so the overview does not read
// each person's whole record (StaffTraining) on every request.
type StaffFacts struct {
	UserID       int64
	OrgID        int64
	Joined       time.Time
	Left         time.Time // when the account was disabled; zero while active
	Certificates []CertificateFact
	Meetings     []MeetingFact // closed meetings attended (a moment in the room between opening and close)
	Groups       []int64       // groups the person is a member of now (not archived)
	// LastActivity is the latest of the same moments StaffTraining takes: certificates issued,
	// the end of time in a meeting, lessons opened and completed, answers saved.
	LastActivity time.Time
}

// Active reports whether the account is not disabled.
func (f *StaffFacts) Active() bool { return f.Left.IsZero() }

// CertificateFact is a certificate as far as "trained" and the overview's counts are concerned.
type CertificateFact struct {
	Module    string
	IssuedAt  time.Time
	RevokedAt time.Time // zero: never
}

// MeetingFact is one closed meeting a person attended.
type MeetingFact struct {
	MeetingID int64
	HeldAt    time.Time
}

// StaffOverview reads the facts of every person of every organisation, with attendance of
// meetings held since since, in four queries whatever the number of people. It is the lean
// twin of StaffTraining(ctx, 0, since): the same people, certificates, meetings, groups and
// last activity (a test keeps the two in agreement). People are ordered by organisation id and
// user id.
func (s *Store) StaffOverview(ctx context.Context, since time.Time) ([]*StaffFacts, error) {
	byID := map[int64]*StaffFacts{}
	var out []*StaffFacts
	touch := func(f *StaffFacts, v int64) {
		if t := fromMS(v); t.After(f.LastActivity) {
			f.LastActivity = t
		}
	}
	// 1. people, with the latest lesson opened, lesson completed and answer saved: one index
	// seek per person and table (primary keys and lesson_opens_recent start with user_id).
	err := s.eachRow(ctx, `SELECT u.id, u.org_id, u.created_at, u.disabled_at,
		COALESCE((SELECT MAX(l.last_opened_at) FROM lesson_opens l WHERE l.user_id = u.id), 0),
		COALESCE((SELECT MAX(c.completed_at) FROM lesson_completions c WHERE c.user_id = u.id), 0),
		COALESCE((SELECT MAX(p.updated_at) FROM prompt_answers p WHERE p.user_id = u.id), 0)
		FROM users u JOIN organisations o ON o.id = u.org_id ORDER BY u.org_id, u.id`, nil,
		func(rows *sql.Rows) error {
			f := &StaffFacts{}
			var joined, opened, completed, answered int64
			var left sql.NullInt64
			if err := rows.Scan(&f.UserID, &f.OrgID, &joined, &left, &opened, &completed, &answered); err != nil {
				return err
			}
			f.Joined, f.Left = fromMS(joined), nullMS(left)
			for _, v := range []int64{opened, completed, answered} {
				touch(f, v)
			}
			byID[f.UserID] = f
			out = append(out, f)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("store: staff overview: %w", err)
	}
	// 2. certificates
	err = s.eachRow(ctx, `SELECT user_id, module, issued_at, revoked_at FROM certificates ORDER BY issued_at, id`, nil,
		func(rows *sql.Rows) error {
			var uid, issued int64
			var revoked sql.NullInt64
			var c CertificateFact
			if err := rows.Scan(&uid, &c.Module, &issued, &revoked); err != nil {
				return err
			}
			if f := byID[uid]; f != nil {
				c.IssuedAt, c.RevokedAt = fromMS(issued), nullMS(revoked)
				f.Certificates = append(f.Certificates, c)
				touch(f, issued)
			}
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("store: staff overview certificates: %w", err)
	}
	// 3. attendance aggregated per person and meeting in SQL: a meeting counts when some time in
	// the room falls between its opening and close; the latest end of that time is activity.
	err = s.eachRow(ctx, `SELECT a.user_id, m.id, m.opened_at, MAX(MIN(a.left_at, m.closed_at))
		FROM attendance a JOIN meetings m ON m.id = a.meeting_id
		WHERE m.status = 'closed' AND m.opened_at >= ? AND MIN(a.left_at, m.closed_at) > MAX(a.joined_at, m.opened_at)
		GROUP BY a.user_id, m.id ORDER BY a.user_id, m.opened_at, m.id`, []any{ms(since)},
		func(rows *sql.Rows) error {
			var uid, end, held int64
			var m MeetingFact
			if err := rows.Scan(&uid, &m.MeetingID, &held, &end); err != nil {
				return err
			}
			if f := byID[uid]; f != nil {
				m.HeldAt = fromMS(held)
				f.Meetings = append(f.Meetings, m)
				touch(f, end)
			}
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("store: staff overview attendance: %w", err)
	}
	// 4. current group memberships
	err = s.eachRow(ctx, `SELECT gm.user_id, g.id FROM group_members gm JOIN groups g ON g.id = gm.group_id
		WHERE g.archived_at IS NULL ORDER BY g.name COLLATE NOCASE, g.id`, nil,
		func(rows *sql.Rows) error {
			var uid, gid int64
			if err := rows.Scan(&uid, &gid); err != nil {
				return err
			}
			if f := byID[uid]; f != nil {
				f.Groups = append(f.Groups, gid)
			}
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("store: staff overview groups: %w", err)
	}
	return out, nil
}
