package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Organisation is a care provider, social team or MEE branch whose staff learn in Kring.
type Organisation struct {
	ID        int64
	Name      string
	CreatedAt time.Time
	People    int // number of active people, filled by ListOrganisations
}

// CreateOrganisation adds one; ErrConflict when the name is taken.
func (s *Store) CreateOrganisation(ctx context.Context, name string) (int64, error) {
	defer s.authChanged() // session_cache.go
	res, err := s.db.ExecContext(ctx, `INSERT INTO organisations (name, created_at) VALUES (?, ?)`, strings.TrimSpace(name), ms(s.now()))
	if err != nil {
		if isUnique(err) {
			return 0, fmt.Errorf("store: organisation %q: %w", name, ErrConflict)
		}
		return 0, fmt.Errorf("store: create organisation: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("store: new id: %w", err)
	}
	return id, nil
}

// Organisation finds one by id.
func (s *Store) Organisation(ctx context.Context, id int64) (*Organisation, error) {
	var o Organisation
	var created int64
	err := s.db.QueryRowContext(ctx, `SELECT id, name, created_at FROM organisations WHERE id = ?`, id).Scan(&o.ID, &o.Name, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: organisation %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: organisation: %w", err)
	}
	o.CreatedAt = fromMS(created)
	return &o, nil
}

// ListOrganisations lists every organisation by name with its head count.
func (s *Store) ListOrganisations(ctx context.Context) ([]*Organisation, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT o.id, o.name, o.created_at,
		(SELECT COUNT(*) FROM users u WHERE u.org_id = o.id AND u.disabled_at IS NULL)
		FROM organisations o ORDER BY o.name COLLATE NOCASE`)
	if err != nil {
		return nil, fmt.Errorf("store: list organisations: %w", err)
	}
	defer rows.Close()
	var out []*Organisation
	for rows.Next() {
		var o Organisation
		var created int64
		if err := rows.Scan(&o.ID, &o.Name, &created, &o.People); err != nil {
			return nil, fmt.Errorf("store: list organisations: %w", err)
		}
		o.CreatedAt = fromMS(created)
		out = append(out, &o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: read rows: %w", err)
	}
	return out, nil
}
