package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Session is a signed-in browser. Only the hash of its id is stored.
type Session struct {
	IDHash    []byte
	UserID    int64
	CreatedAt time.Time
	ExpiresAt time.Time
	LastSeen  time.Time
}

// CreateSession stores a new session for the user, valid for ttl.
func (s *Store) CreateSession(ctx context.Context, idHash []byte, userID int64, ttl time.Duration) error {
	defer s.authChanged() // session_cache.go
	now := s.now()
	if _, err := s.db.ExecContext(ctx,
		`INSERT INTO sessions (id_hash, user_id, created_at, expires_at, last_seen_at) VALUES (?, ?, ?, ?, ?)`,
		idHash, userID, ms(now), ms(now.Add(ttl)), ms(now)); err != nil {
		return fmt.Errorf("store: create session: %w", err)
	}
	return nil
}

// SessionUser returns the session and its person when the session exists, has not expired and
// the person is not disabled; otherwise ErrNotFound. Answers are kept in memory until the next
// write to sessions, users or organisations (session_cache.go).
func (s *Store) SessionUser(ctx context.Context, idHash []byte) (*Session, *User, error) {
	now := s.now()
	if sess, u, ok := s.sessions.get(idHash, now); ok {
		return sess, u, nil
	}
	gen := s.sessions.gen.Load() // before the read: see sessionCache
	s.sessions.reads.Add(1)
	var sess Session
	var created, expires, seen int64
	row := s.hot().QueryRowContext(ctx, `SELECT s.created_at, s.expires_at, s.last_seen_at, `+userCols+`
		FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN organisations o ON o.id = u.org_id
		WHERE s.id_hash = ? AND s.expires_at > ? AND u.disabled_at IS NULL`, idHash, ms(now))
	var u User
	var ucreated int64
	err := row.Scan(&created, &expires, &seen, &u.ID, &u.Email, &u.Name, &u.PasswordHash, &u.Role, &u.OrgID, &u.OrgName, &u.Lang, &ucreated, &u.Disabled)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, fmt.Errorf("store: session: %w", ErrNotFound)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("store: session: %w", err)
	}
	u.CreatedAt = fromMS(ucreated)
	sess = Session{IDHash: idHash, UserID: u.ID, CreatedAt: fromMS(created), ExpiresAt: fromMS(expires), LastSeen: fromMS(seen)}
	s.sessions.put(idHash, gen, expires, &sess, &u)
	return &sess, &u, nil
}

// TouchSession extends a session that is in use (sliding expiry by ttl), but never past
// maxAge after it was created: a session in constant use still ends.
func (s *Store) TouchSession(ctx context.Context, idHash []byte, ttl, maxAge time.Duration) error {
	defer s.authChanged() // session_cache.go
	now := s.now()
	if _, err := s.db.ExecContext(ctx, `UPDATE sessions SET last_seen_at = ?, expires_at = MIN(?, created_at + ?) WHERE id_hash = ?`,
		ms(now), ms(now.Add(ttl)), maxAge.Milliseconds(), idHash); err != nil {
		return fmt.Errorf("store: touch session: %w", err)
	}
	return nil
}

// DeleteSession ends one session (logout).
func (s *Store) DeleteSession(ctx context.Context, idHash []byte) error {
	defer s.authChanged() // session_cache.go
	if _, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE id_hash = ?`, idHash); err != nil {
		return fmt.Errorf("store: delete session: %w", err)
	}
	return nil
}

// DeleteExpiredSessions removes sessions past their expiry; run periodically.
func (s *Store) DeleteExpiredSessions(ctx context.Context) (int64, error) {
	defer s.authChanged() // session_cache.go
	res, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, ms(s.now()))
	if err != nil {
		return 0, fmt.Errorf("store: delete expired sessions: %w", err)
	}
	return res.RowsAffected()
}
