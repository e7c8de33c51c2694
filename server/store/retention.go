package store

import (
	"context"
	"fmt"
	"time"
)

// PurgeBoards reduces the boards of meetings closed more than keep ago to their report: the
// room events (every card, vote and name as typed live) are deleted for meetings whose report
// exists, so nothing is lost that the report does not keep. The report (with the cards' themes)
// and the attendance rows stay: attendance is the training record that registers and the
// organisation's dashboard count. It returns the number of events deleted.
func (s *Store) PurgeBoards(ctx context.Context, keep time.Duration) (int64, error) {
	cutoff := ms(s.now().Add(-keep))
	res, err := s.db.ExecContext(ctx, `DELETE FROM room_events WHERE meeting_id IN (
			SELECT m.id FROM meetings m JOIN meeting_reports r ON r.meeting_id = m.id
			WHERE m.status = 'closed' AND m.closed_at IS NOT NULL AND m.closed_at < ?)`, cutoff)
	if err != nil {
		return 0, fmt.Errorf("store: purge boards: %w", err)
	}
	return res.RowsAffected()
}

// PurgeInvites deletes invites that expired more than keep ago, used or not: the address an
// invite was sent to is personal data with no use once the invite is over. It returns the
// number deleted.
func (s *Store) PurgeInvites(ctx context.Context, keep time.Duration) (int64, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM invites WHERE expires_at < ?`, ms(s.now().Add(-keep)))
	if err != nil {
		return 0, fmt.Errorf("store: purge invites: %w", err)
	}
	return res.RowsAffected()
}

// PurgeAudit deletes audit entries older than keep: the log is itself personal data and is
// kept only as long as the municipality set. It returns the number deleted.
func (s *Store) PurgeAudit(ctx context.Context, keep time.Duration) (int64, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM audit_log WHERE at < ?`, ms(s.now().Add(-keep)))
	if err != nil {
		return 0, fmt.Errorf("store: purge audit log: %w", err)
	}
	return res.RowsAffected()
}
