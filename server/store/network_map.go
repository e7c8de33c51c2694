package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Kinds of network map: the owner's own network, a map made in a practice exercise, or an
// anonymised map of a client. All are private to their owner.
const (
	MapOwn      = "own"
	MapPractice = "practice"
	MapClient   = "client"
)

// MaxMapBody is the largest map JSON the store keeps, in bytes (the netmap package's limits
// keep a valid map far below it; this guard keeps a bug from writing more).
const MaxMapBody = 200000

// NetworkMap is a stored map with its latest version. Body is the map's JSON (kring/server/netmap
// reads it); Version counts the saves; CopiedFrom is the map it was copied from (0: none).
type NetworkMap struct {
	ID         int64
	OwnerID    int64
	Kind       string
	Title      string
	CopiedFrom int64
	Version    int
	Date       string
	Body       []byte
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// NewNetworkMap is what CreateNetworkMap stores as the first version of a map.
type NewNetworkMap struct {
	OwnerID    int64
	Kind       string
	Title      string
	Date       string
	Body       []byte
	CopiedFrom int64
}

// CreateNetworkMap stores a new map with its first version and returns its id. A copy must
// come from a map of the same owner.
func (s *Store) CreateNetworkMap(ctx context.Context, m NewNetworkMap) (int64, error) {
	if len(m.Body) > MaxMapBody {
		return 0, fmt.Errorf("store: create network map: body of %d bytes is too large", len(m.Body))
	}
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		now := ms(s.now())
		var from any
		if m.CopiedFrom != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM network_maps WHERE id = ? AND owner_id = ?`, m.CopiedFrom, m.OwnerID).Scan(&n); err != nil {
				return fmt.Errorf("store: create network map: %w", err)
			}
			if n == 0 {
				return ErrNotFound
			}
			from = m.CopiedFrom
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO network_maps (owner_id, kind, title, copied_from, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
			m.OwnerID, m.Kind, m.Title, from, now, now)
		if err != nil {
			return fmt.Errorf("store: create network map: %w", err)
		}
		if id, err = res.LastInsertId(); err != nil {
			return fmt.Errorf("store: create network map: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO network_map_versions (map_id, n, map_date, body, saved_at) VALUES (?, 1, ?, ?, ?)`,
			id, m.Date, string(m.Body), now); err != nil {
			return fmt.Errorf("store: create network map version: %w", err)
		}
		return nil
	})
	return id, err
}

// SaveNetworkMap adds a version to an owner's map and returns its number. Another person's map
// is ErrNotFound, exactly like a map that does not exist.
func (s *Store) SaveNetworkMap(ctx context.Context, ownerID, id int64, title, date string, body []byte) (int, error) {
	if len(body) > MaxMapBody {
		return 0, fmt.Errorf("store: save network map: body of %d bytes is too large", len(body))
	}
	var n int
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		now := ms(s.now())
		res, err := tx.ExecContext(ctx, `UPDATE network_maps SET title = ?, updated_at = ? WHERE id = ? AND owner_id = ?`, title, now, id, ownerID)
		if err != nil {
			return fmt.Errorf("store: save network map: %w", err)
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return ErrNotFound
		}
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(n), 0) + 1 FROM network_map_versions WHERE map_id = ?`, id).Scan(&n); err != nil {
			return fmt.Errorf("store: save network map: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO network_map_versions (map_id, n, map_date, body, saved_at) VALUES (?, ?, ?, ?, ?)`,
			id, n, date, string(body), now); err != nil {
			return fmt.Errorf("store: save network map version: %w", err)
		}
		return nil
	})
	return n, err
}

const mapColumns = `m.id, m.owner_id, m.kind, m.title, coalesce(m.copied_from, 0), v.n, v.map_date, v.body, m.created_at, m.updated_at
FROM network_maps m JOIN network_map_versions v ON v.map_id = m.id AND v.n = (SELECT max(n) FROM network_map_versions WHERE map_id = m.id)`

func scanMap(sc interface{ Scan(...any) error }) (*NetworkMap, error) {
	var m NetworkMap
	var body string
	var created, updated int64
	if err := sc.Scan(&m.ID, &m.OwnerID, &m.Kind, &m.Title, &m.CopiedFrom, &m.Version, &m.Date, &body, &created, &updated); err != nil {
		return nil, err
	}
	m.Body, m.CreatedAt, m.UpdatedAt = []byte(body), fromMS(created), fromMS(updated)
	return &m, nil
}

// NetworkMap returns an owner's map with its latest version; another person's map is
// ErrNotFound, so nobody learns that it exists.
func (s *Store) NetworkMap(ctx context.Context, ownerID, id int64) (*NetworkMap, error) {
	m, err := scanMap(s.db.QueryRowContext(ctx, `SELECT `+mapColumns+` WHERE m.id = ? AND m.owner_id = ?`, id, ownerID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: network map: %w", err)
	}
	return m, nil
}

// NetworkMaps lists an owner's maps with their latest versions, the most recently saved first.
func (s *Store) NetworkMaps(ctx context.Context, ownerID int64) ([]*NetworkMap, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+mapColumns+` WHERE m.owner_id = ? ORDER BY m.updated_at DESC, m.id DESC`, ownerID)
	if err != nil {
		return nil, fmt.Errorf("store: network maps: %w", err)
	}
	defer rows.Close()
	var out []*NetworkMap
	for rows.Next() {
		m, err := scanMap(rows)
		if err != nil {
			return nil, fmt.Errorf("store: network maps: %w", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: read rows: %w", err)
	}
	return out, nil
}
