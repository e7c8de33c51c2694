package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Stay is one period of a person's membership of a group; Left is zero while it lasts. The
// report of a meeting belongs to whoever had a stay while it was held.
type Stay struct {
	Joined time.Time
	Left   time.Time
}

// Stays lists a person's stays in a group, oldest first.
func (s *Store) Stays(ctx context.Context, groupID, userID int64) ([]Stay, error) {
	rows, err := s.hot().QueryContext(ctx, `SELECT joined_at, left_at FROM group_memberships
		WHERE group_id = ? AND user_id = ? ORDER BY joined_at, id`, groupID, userID)
	if err != nil {
		return nil, fmt.Errorf("store: stays: %w", err)
	}
	defer rows.Close()
	var out []Stay
	for rows.Next() {
		var joined int64
		var left sql.NullInt64
		if err := rows.Scan(&joined, &left); err != nil {
			return nil, fmt.Errorf("store: stays: %w", err)
		}
		out = append(out, Stay{Joined: fromMS(joined), Left: nullMS(left)})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: read rows: %w", err)
	}
	return out, nil
}

// GroupOrganisations lists the ids of the organisations a group is open to, in id order.
func (s *Store) GroupOrganisations(ctx context.Context, groupID int64) ([]int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT org_id FROM group_organisations WHERE group_id = ? ORDER BY org_id`, groupID)
	if err != nil {
		return nil, fmt.Errorf("store: group organisations: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: group organisations: %w", err)
		}
		out = append(out, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: read rows: %w", err)
	}
	return out, nil
}

// SetGroupOrganisations replaces the organisations a group is open to, all or nothing: an id
// that is not an organisation gives ErrNotFound and changes nothing. Current members stay.
func (s *Store) SetGroupOrganisations(ctx context.Context, groupID int64, orgIDs []int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM group_organisations WHERE group_id = ?`, groupID); err != nil {
			return fmt.Errorf("store: set group organisations: %w", err)
		}
		return setGroupOrganisations(ctx, tx, groupID, orgIDs)
	})
}

func setGroupOrganisations(ctx context.Context, tx *sql.Tx, groupID int64, orgIDs []int64) error {
	for _, id := range orgIDs {
		var exists int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM organisations WHERE id = ?`, id).Scan(&exists); err != nil {
			return fmt.Errorf("store: set group organisations: %w", err)
		}
		if exists == 0 {
			return fmt.Errorf("store: organisation %d: %w", id, ErrNotFound)
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO group_organisations (group_id, org_id) VALUES (?, ?)`, groupID, id); err != nil {
			return fmt.Errorf("store: set group organisations: %w", err)
		}
	}
	return nil
}

// OrgMembership is one stay of a person of an organisation in an intervision group, for the
// organisation's coordinator: who is (or was) in which group, under which coach.
type OrgMembership struct {
	UserID    int64
	UserName  string
	GroupID   int64
	GroupName string
	CoachName string
	Joined    time.Time
	Left      time.Time // zero: still a member
}

// OrgMemberships lists the group stays of an organisation's people, current ones first, so a
// coordinator sees where their staff take part, also in groups of other organisations.
func (s *Store) OrgMemberships(ctx context.Context, orgID int64) ([]OrgMembership, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT u.id, u.name, g.id, g.name, c.name, m.joined_at, m.left_at
		FROM group_memberships m JOIN users u ON u.id = m.user_id JOIN groups g ON g.id = m.group_id JOIN users c ON c.id = g.coach_id
		WHERE u.org_id = ? ORDER BY m.left_at IS NOT NULL, u.name COLLATE NOCASE, g.name COLLATE NOCASE, m.joined_at`, orgID)
	if err != nil {
		return nil, fmt.Errorf("store: org memberships: %w", err)
	}
	defer rows.Close()
	var out []OrgMembership
	for rows.Next() {
		var m OrgMembership
		var joined int64
		var left sql.NullInt64
		if err := rows.Scan(&m.UserID, &m.UserName, &m.GroupID, &m.GroupName, &m.CoachName, &joined, &left); err != nil {
			return nil, fmt.Errorf("store: org memberships: %w", err)
		}
		m.Joined, m.Left = fromMS(joined), nullMS(left)
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: read rows: %w", err)
	}
	return out, nil
}
