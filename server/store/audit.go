package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// AuditEntry is one line of the audit log: who looked at or changed personal records, when,
// and in which organisation. The AVG asks the controller to be able to show this.
type AuditEntry struct {
	ID        int64
	At        time.Time
	ActorID   int64
	ActorName string
	Action    string
	Subject   string
	Detail    map[string]string
	OrgID     int64
}

// AddAudit appends an entry; the time is the store's clock, so retention tests can step it.
func (s *Store) AddAudit(ctx context.Context, e AuditEntry) error {
	detail := []byte("{}")
	if len(e.Detail) > 0 {
		var err error
		if detail, err = json.Marshal(e.Detail); err != nil {
			return fmt.Errorf("store: audit detail: %w", err)
		}
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO audit_log (at, actor_id, actor_name, action, subject, detail, org_id)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, ms(s.now()), nullID(e.ActorID), e.ActorName, e.Action, e.Subject, string(detail), nullID(e.OrgID))
	if err != nil {
		return fmt.Errorf("store: add audit entry: %w", err)
	}
	return nil
}

// AuditPage lists entries newest first, limit per page after offset. orgID 0 lists every
// organisation's entries (the municipality admin); another value only that organisation's.
// It fetches one more than limit to tell whether a next page exists.
func (s *Store) AuditPage(ctx context.Context, orgID int64, offset, limit int) (entries []AuditEntry, more bool, err error) {
	q := `SELECT id, at, COALESCE(actor_id, 0), actor_name, action, subject, detail, COALESCE(org_id, 0) FROM audit_log`
	args := []any{}
	if orgID != 0 {
		q += ` WHERE org_id = ?`
		args = append(args, orgID)
	}
	q += ` ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`
	args = append(args, limit+1, offset)
	err = s.eachRow(ctx, q, args, func(rows *sql.Rows) error {
		var e AuditEntry
		var at int64
		var detail string
		if err := rows.Scan(&e.ID, &at, &e.ActorID, &e.ActorName, &e.Action, &e.Subject, &detail, &e.OrgID); err != nil {
			return err
		}
		e.At = fromMS(at)
		_ = json.Unmarshal([]byte(detail), &e.Detail)
		entries = append(entries, e)
		return nil
	})
	if err != nil {
		return nil, false, fmt.Errorf("store: audit page: %w", err)
	}
	if len(entries) > limit {
		return entries[:limit], true, nil
	}
	return entries, false, nil
}
