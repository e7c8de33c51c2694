package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// CreateSetupToken stores the one-time link for the first administrator, printed in the log
// on the first start without demo data.
func (s *Store) CreateSetupToken(ctx context.Context, tokenHash []byte, ttl time.Duration) error {
	now := s.now()
	if _, err := s.db.ExecContext(ctx, `INSERT INTO setup_tokens (token_hash, created_at, expires_at) VALUES (?, ?, ?)`,
		tokenHash, ms(now), ms(now.Add(ttl))); err != nil {
		return fmt.Errorf("store: create setup token: %w", err)
	}
	return nil
}

// SetupTokenValid reports whether the token may still create the first administrator: it is
// unused, unexpired and nobody exists yet.
func (s *Store) SetupTokenValid(ctx context.Context, tokenHash []byte) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM setup_tokens WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?
		AND NOT EXISTS (SELECT 1 FROM users)`, tokenHash, ms(s.now())).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: setup token: %w", err)
	}
	return n == 1, nil
}

// ErrSetupDone is returned when the first administrator already exists or the link is spent.
var ErrSetupDone = errors.New("setup already done or link expired")

// CompleteSetup creates the first administrator and spends the token, atomically.
func (s *Store) CompleteSetup(ctx context.Context, tokenHash []byte, nu NewUser) (int64, error) {
	defer s.authChanged() // session_cache.go
	var id int64
	now := s.now()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM setup_tokens WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?
			AND NOT EXISTS (SELECT 1 FROM users)`, tokenHash, ms(now)).Scan(&n); err != nil {
			return fmt.Errorf("store: complete setup: %w", err)
		}
		if n != 1 {
			return fmt.Errorf("store: complete setup: %w", ErrSetupDone)
		}
		var err error
		if id, err = createUser(ctx, tx, nu, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE setup_tokens SET used_at = ? WHERE token_hash = ?`, ms(now), tokenHash); err != nil {
			return fmt.Errorf("store: spend setup token: %w", err)
		}
		return nil
	})
	return id, err
}

// Secret returns the named server secret, creating it with gen on first use; secrets survive
// restarts so CSRF tokens in open forms stay valid.
func (s *Store) Secret(ctx context.Context, key string, gen func() []byte) ([]byte, error) {
	var v []byte
	err := s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if err == nil {
		return v, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: secret %s: %w", key, err)
	}
	v = gen()
	if _, err := s.db.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`, key, v); err != nil {
		return nil, fmt.Errorf("store: save secret %s: %w", key, err)
	}
	// Another process may have won the race; read back what is stored.
	if err := s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v); err != nil {
		return nil, fmt.Errorf("store: secret %s: %w", key, err)
	}
	return v, nil
}

// Setting reads a small named value (a marker, a flag); ok is false when it was never set.
func (s *Store) Setting(ctx context.Context, key string) (value []byte, ok bool, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&value)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("store: setting %s: %w", key, err)
	}
	return value, true, nil
}

// SetSetting stores a small named value, replacing what was there.
func (s *Store) SetSetting(ctx context.Context, key string, value []byte) error {
	if _, err := s.db.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value); err != nil {
		return fmt.Errorf("store: set %s: %w", key, err)
	}
	return nil
}
