package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Mail is one e-mail in the outbox: an invitation, a cancellation or a reminder, rendered when
// it was queued so that sending it later needs nothing else.
type Mail struct {
	ID        int64
	Kind      string // invite, cancel, reminder
	MeetingID int64
	UserID    int64
	Dedupe    string // when set, a second mail with the same key is not queued
	To        string
	Subject   string
	Body      string
	ICS       string // an iCalendar attachment, or empty
	Attempts  int
}

// mailMaxAttempts bounds the retries of one mail: an address the server keeps refusing is
// given up after this many tries.
const mailMaxAttempts = 5

// EnqueueMail queues mails in one transaction; a mail whose dedupe key is already queued is
// skipped. It returns how many were queued.
func (s *Store) EnqueueMail(ctx context.Context, mails []Mail) (int, error) {
	n := 0
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for _, m := range mails {
			var dedupe sql.NullString
			if m.Dedupe != "" {
				dedupe = sql.NullString{String: m.Dedupe, Valid: true}
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO mail_outbox (kind, meeting_id, user_id, dedupe, to_addr, subject, body, ics, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe) DO NOTHING`,
				m.Kind, nullID(m.MeetingID), nullID(m.UserID), dedupe, m.To, m.Subject, m.Body, m.ICS, ms(s.now()))
			if err != nil {
				return fmt.Errorf("store: enqueue mail: %w", err)
			}
			k, err := res.RowsAffected()
			if err != nil {
				return fmt.Errorf("store: rows affected: %w", err)
			}
			n += int(k)
		}
		return nil
	})
	return n, err
}

// DueMail lists unsent mails that nobody holds a live claim on, oldest first.
func (s *Store) DueMail(ctx context.Context, lease time.Duration, limit int) ([]*Mail, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, kind, COALESCE(meeting_id, 0), COALESCE(user_id, 0), COALESCE(dedupe, ''), to_addr,
		subject, body, ics, attempts FROM mail_outbox
		WHERE sent_at IS NULL AND attempts < ? AND (claimed_at IS NULL OR claimed_at < ?) ORDER BY id LIMIT ?`,
		mailMaxAttempts, ms(s.now().Add(-lease)), limit)
	if err != nil {
		return nil, fmt.Errorf("store: due mail: %w", err)
	}
	defer rows.Close()
	var out []*Mail
	for rows.Next() {
		var m Mail
		if err := rows.Scan(&m.ID, &m.Kind, &m.MeetingID, &m.UserID, &m.Dedupe, &m.To, &m.Subject, &m.Body, &m.ICS, &m.Attempts); err != nil {
			return nil, fmt.Errorf("store: due mail: %w", err)
		}
		out = append(out, &m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: read rows: %w", err)
	}
	return out, nil
}

// ClaimMail marks a mail as being sent, before the SMTP exchange; false when another sender
// holds a live claim or it was sent already. A claim older than lease (the sender crashed)
// may be taken over.
func (s *Store) ClaimMail(ctx context.Context, id int64, lease time.Duration) (bool, error) {
	now := s.now()
	res, err := s.db.ExecContext(ctx, `UPDATE mail_outbox SET claimed_at = ?, attempts = attempts + 1
		WHERE id = ? AND sent_at IS NULL AND (claimed_at IS NULL OR claimed_at < ?)`, ms(now), id, ms(now.Add(-lease)))
	if err != nil {
		return false, fmt.Errorf("store: claim mail: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: rows affected: %w", err)
	}
	return n == 1, nil
}

// MailSent records that the SMTP server accepted the mail.
func (s *Store) MailSent(ctx context.Context, id int64) error {
	if _, err := s.db.ExecContext(ctx, `UPDATE mail_outbox SET sent_at = ?, last_error = '' WHERE id = ?`, ms(s.now()), id); err != nil {
		return fmt.Errorf("store: mail sent: %w", err)
	}
	return nil
}

// MailFailed records why a send failed; the claim stays, so the next try waits one lease.
func (s *Store) MailFailed(ctx context.Context, id int64, reason string) error {
	if _, err := s.db.ExecContext(ctx, `UPDATE mail_outbox SET last_error = ? WHERE id = ?`, reason, id); err != nil {
		return fmt.Errorf("store: mail failed: %w", err)
	}
	return nil
}

// Invitee is a person who gets a meeting's invitations and reminders.
type Invitee struct {
	UserID       int64
	Name         string
	Email        string
	Lang         string
	RemindersOff bool
}

// Invitees lists a group's members who can still sign in, by name.
func (s *Store) Invitees(ctx context.Context, groupID int64) ([]*Invitee, error) {
	return s.listInvitees(ctx, `JOIN group_members gm ON gm.user_id = u.id WHERE gm.group_id = ? AND u.disabled_at IS NULL ORDER BY u.name COLLATE NOCASE`, groupID)
}

// Invitee finds one person as an invitee (for a member who was just added or removed).
func (s *Store) Invitee(ctx context.Context, userID int64) (*Invitee, error) {
	list, err := s.listInvitees(ctx, `WHERE u.id = ?`, userID)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, fmt.Errorf("store: invitee %d: %w", userID, ErrNotFound)
	}
	return list[0], nil
}

func (s *Store) listInvitees(ctx context.Context, where string, args ...any) ([]*Invitee, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT u.id, u.name, u.email, u.lang, u.reminders_off FROM users u `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: invitees: %w", err)
	}
	defer rows.Close()
	var out []*Invitee
	for rows.Next() {
		var i Invitee
		if err := rows.Scan(&i.UserID, &i.Name, &i.Email, &i.Lang, &i.RemindersOff); err != nil {
			return nil, fmt.Errorf("store: invitees: %w", err)
		}
		out = append(out, &i)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: read rows: %w", err)
	}
	return out, nil
}

// MeetingsStartingBetween lists planned meetings that start in (from, to], soonest first: the
// ones whose reminders are due.
func (s *Store) MeetingsStartingBetween(ctx context.Context, from, to time.Time) ([]*Meeting, error) {
	return s.listMeetings(ctx, `WHERE m.status = 'planned' AND m.starts_at > ? AND m.starts_at <= ? ORDER BY m.starts_at`, ms(from), ms(to))
}

// SetRemindersOff records whether a person wants reminder e-mails the day before a meeting.
func (s *Store) SetRemindersOff(ctx context.Context, userID int64, off bool) error {
	defer s.authChanged() // session_cache.go
	if _, err := s.db.ExecContext(ctx, `UPDATE users SET reminders_off = ? WHERE id = ?`, off, userID); err != nil {
		return fmt.Errorf("store: reminders off: %w", err)
	}
	return nil
}

// RemindersOff says whether a person opted out of reminder e-mails.
func (s *Store) RemindersOff(ctx context.Context, userID int64) (bool, error) {
	var off bool
	if err := s.db.QueryRowContext(ctx, `SELECT reminders_off FROM users WHERE id = ?`, userID).Scan(&off); err != nil {
		return false, fmt.Errorf("store: reminders off: %w", err)
	}
	return off, nil
}
