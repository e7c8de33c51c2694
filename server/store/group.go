package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Group is an intervision group: a coach and members from one or more organisations.
type Group struct {
	ID          int64
	Name        string
	Description string
	CoachID     int64
	CoachName   string
	CreatedAt   time.Time
	Members     int // filled by lists
}

// Member is a person in a group, with the organisation they come from.
type Member struct {
	UserID  int64
	Name    string
	Email   string
	OrgName string
	AddedAt time.Time
}

const groupCols = `g.id, g.name, g.description, g.coach_id, c.name, g.created_at,
	(SELECT COUNT(*) FROM group_members m WHERE m.group_id = g.id)`

func scanGroup(row interface{ Scan(...any) error }) (*Group, error) {
	var g Group
	var created int64
	if err := row.Scan(&g.ID, &g.Name, &g.Description, &g.CoachID, &g.CoachName, &created, &g.Members); err != nil {
		return nil, err
	}
	g.CreatedAt = fromMS(created)
	return &g, nil
}

// CreateGroup adds a group led by coachID, open to the organisations openTo (none given: the
// coach's own). An id that is not an organisation gives ErrNotFound and creates nothing.
func (s *Store) CreateGroup(ctx context.Context, name, description string, coachID int64, openTo ...int64) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO groups (name, description, coach_id, created_at) VALUES (?, ?, ?, ?)`,
			strings.TrimSpace(name), strings.TrimSpace(description), coachID, ms(s.now()))
		if err != nil {
			return fmt.Errorf("store: create group: %w", err)
		}
		if id, err = res.LastInsertId(); err != nil {
			return fmt.Errorf("store: new id: %w", err)
		}
		if len(openTo) == 0 {
			// Open to the coach's own organisation until someone chooses otherwise.
			if _, err := tx.ExecContext(ctx, `INSERT INTO group_organisations (group_id, org_id)
				SELECT ?, org_id FROM users WHERE id = ? AND org_id IS NOT NULL`, id, coachID); err != nil {
				return fmt.Errorf("store: create group: organisations: %w", err)
			}
			return nil
		}
		return setGroupOrganisations(ctx, tx, id, openTo)
	})
	return id, err
}

// Group finds one by id.
func (s *Store) Group(ctx context.Context, id int64) (*Group, error) {
	g, err := scanGroup(s.db.QueryRowContext(ctx, `SELECT `+groupCols+` FROM groups g JOIN users c ON c.id = g.coach_id WHERE g.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: group %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: group: %w", err)
	}
	return g, nil
}

// GroupsFor lists the groups a person coaches or belongs to; all groups when all is true (a
// municipality admin's overview).
func (s *Store) GroupsFor(ctx context.Context, userID int64, all bool) ([]*Group, error) {
	q := `SELECT ` + groupCols + ` FROM groups g JOIN users c ON c.id = g.coach_id WHERE g.archived_at IS NULL`
	var args []any
	if !all {
		q += ` AND (g.coach_id = ? OR EXISTS (SELECT 1 FROM group_members m WHERE m.group_id = g.id AND m.user_id = ?))`
		args = append(args, userID, userID)
	}
	q += ` ORDER BY g.name COLLATE NOCASE, g.id`
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list groups: %w", err)
	}
	defer rows.Close()
	var out []*Group
	for rows.Next() {
		g, err := scanGroup(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list groups: %w", err)
		}
		out = append(out, g)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: read rows: %w", err)
	}
	return out, nil
}

// AddMember puts a person in a group and opens a stay in the membership history; adding
// someone twice is not an error.
func (s *Store) AddMember(ctx context.Context, groupID, userID int64) error {
	now := ms(s.now())
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO group_members (group_id, user_id, added_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
			groupID, userID, now)
		if err != nil {
			return fmt.Errorf("store: add member: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO group_memberships (group_id, user_id, joined_at) VALUES (?, ?, ?)`,
			groupID, userID, now); err != nil {
			return fmt.Errorf("store: add member: history: %w", err)
		}
		return nil
	})
}

// RemoveMember takes a person out of a group and closes their stay in the history, so they keep
// the reports of the meetings they were in.
func (s *Store) RemoveMember(ctx context.Context, groupID, userID int64) error {
	now := ms(s.now())
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM group_members WHERE group_id = ? AND user_id = ?`, groupID, userID); err != nil {
			return fmt.Errorf("store: remove member: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE group_memberships SET left_at = MAX(?, joined_at)
			WHERE group_id = ? AND user_id = ? AND left_at IS NULL`, now, groupID, userID); err != nil {
			return fmt.Errorf("store: remove member: history: %w", err)
		}
		return nil
	})
}

// Members lists a group's members by name.
func (s *Store) Members(ctx context.Context, groupID int64) ([]*Member, error) {
	rows, err := s.hot().QueryContext(ctx, `SELECT u.id, u.name, u.email, COALESCE(o.name, ''), m.added_at
		FROM group_members m JOIN users u ON u.id = m.user_id LEFT JOIN organisations o ON o.id = u.org_id
		WHERE m.group_id = ? ORDER BY u.name COLLATE NOCASE`, groupID)
	if err != nil {
		return nil, fmt.Errorf("store: members: %w", err)
	}
	defer rows.Close()
	var out []*Member
	for rows.Next() {
		var m Member
		var added int64
		if err := rows.Scan(&m.UserID, &m.Name, &m.Email, &m.OrgName, &added); err != nil {
			return nil, fmt.Errorf("store: members: %w", err)
		}
		m.AddedAt = fromMS(added)
		out = append(out, &m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: read rows: %w", err)
	}
	return out, nil
}

// IsMember reports whether a person is a member of the group (the coach is not a member).
func (s *Store) IsMember(ctx context.Context, groupID, userID int64) (bool, error) {
	var n int
	if err := s.hot().QueryRowContext(ctx, `SELECT COUNT(*) FROM group_members WHERE group_id = ? AND user_id = ?`, groupID, userID).Scan(&n); err != nil {
		return false, fmt.Errorf("store: is member: %w", err)
	}
	return n > 0, nil
}

// CountGroupsCoachedBy counts the active groups a person leads, so a coach who still leads a
// group is not demoted and the group left without its coach.
func (s *Store) CountGroupsCoachedBy(ctx context.Context, userID int64) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM groups WHERE coach_id = ? AND archived_at IS NULL`, userID).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count coached groups: %w", err)
	}
	return n, nil
}

// SetGroupCoach hands a group to another coach, for when its coach leaves or changes role.
func (s *Store) SetGroupCoach(ctx context.Context, groupID, coachID int64) error {
	res, err := s.db.ExecContext(ctx, `UPDATE groups SET coach_id = ? WHERE id = ?`, coachID, groupID)
	if err != nil {
		return fmt.Errorf("store: set group coach: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: group %d: %w", groupID, ErrNotFound)
	}
	return nil
}
