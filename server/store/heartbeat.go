package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/mattn/go-sqlite3"
)

// Readiness reasons: why the database refuses writes, in words an operator's dashboard can show.
const (
	ReasonLocked   = "database locked"
	ReasonReadOnly = "database read-only"
	ReasonFull     = "disk full"
	ReasonFailed   = "database write failed"
)

// WriteError is why Heartbeat failed, with a short reason for the readiness answer.
type WriteError struct {
	Reason string
	Err    error
}

func (e *WriteError) Error() string { return "store: heartbeat: " + e.Reason + ": " + e.Err.Error() }
func (e *WriteError) Unwrap() error { return e.Err }

// Heartbeat proves the database accepts a write: it rewrites the one heartbeat row in a
// transaction and commits. A lock held elsewhere is waited for at most `wait` (not the 10 s
// busy timeout of ordinary writes), so a readiness probe answers in time. The error is a
// *WriteError.
func (s *Store) Heartbeat(ctx context.Context, wait time.Duration) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return &WriteError{Reason: ReasonFailed, Err: err}
	}
	defer conn.Close()
	// busy_timeout belongs to the connection: set it for this write and put it back before
	// the connection returns to the pool.
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA busy_timeout = %d", wait.Milliseconds())); err != nil {
		return &WriteError{Reason: ReasonFailed, Err: err}
	}
	defer func() { _, _ = conn.ExecContext(context.Background(), "PRAGMA busy_timeout = 10000") }()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return writeError(err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE heartbeat SET written_at = ? WHERE id = 1`, ms(s.now())); err != nil {
		_ = tx.Rollback()
		return writeError(err)
	}
	if err := tx.Commit(); err != nil {
		return writeError(err)
	}
	return nil
}

// writeError names the reason of a failed write from SQLite's error code.
func writeError(err error) error {
	reason := ReasonFailed
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code {
		case sqlite3.ErrBusy, sqlite3.ErrLocked:
			reason = ReasonLocked
		case sqlite3.ErrReadonly:
			reason = ReasonReadOnly
		case sqlite3.ErrFull:
			reason = ReasonFull
		}
	}
	return &WriteError{Reason: reason, Err: err}
}
