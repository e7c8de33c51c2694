package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// The agreements of closed meetings (table agreements): cards of the agreement board with an
// owner and an optional date, that come back at the group's next meeting. They are written out
// of a meeting's report when the report is saved, in the same transaction, like the card
// themes: the report's "agreements" become rows (once per meeting and card, however often the
// report is saved), and its "prior" list, the earlier agreements this meeting looked at again,
// marks rows done or carried over.

// Agreement statuses, as stored.
const (
	AgreementOpen    = "open"
	AgreementDone    = "done"
	AgreementCarried = "carried"
)

// Agreement is one agreement made in a closed meeting.
type Agreement struct {
	ID        int64
	GroupID   int64
	GroupName string
	MeetingID int64
	// MeetingAt is when the meeting it was made in was planned to start.
	MeetingAt time.Time
	CardID    int64
	Text      string
	OwnerName string // as written on the card
	OwnerID   int64  // the member it names; 0 when that was not clear
	Due       string // YYYY-MM-DD, or ""
	Status    string // AgreementOpen, AgreementCarried or AgreementDone
	// CarriedMeetingID is the meeting that last carried it over (0: none).
	CarriedMeetingID int64
	// ResolvedMeetingID, ResolvedAt and ResolvedBy say where, when and by whom it was marked done.
	ResolvedMeetingID int64
	ResolvedAt        time.Time
	ResolvedBy        int64
}

// Overdue tells whether its date has passed on the given day (YYYY-MM-DD, in the reader's
// time zone) while it is still open.
func (a Agreement) Overdue(today string) bool {
	return a.Due != "" && a.Status != AgreementDone && a.Due < today
}

// agreementsFromReport adds the agreement cards of one meeting's report, once per card: a
// report saved again (after a crash) updates the text, owner and date and nothing else, and
// the owner and date only while the coach has not set them by hand (EditAgreement).
const agreementsFromReport = `INSERT INTO agreements (group_id, meeting_id, card_id, text, owner_name, owner_id, due, created_at)
SELECT m.group_id, r.meeting_id, json_extract(j.value, '$.id'), COALESCE(json_extract(j.value, '$.text'), ''),
       COALESCE(json_extract(j.value, '$.owner'), ''),
       (SELECT u.id FROM users u WHERE u.id = json_extract(j.value, '$.ownerId')),
       CASE WHEN COALESCE(json_extract(j.value, '$.due'), '') GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
            THEN json_extract(j.value, '$.due') END,
       COALESCE(m.closed_at, r.created_at)
FROM meeting_reports r
JOIN meetings m ON m.id = r.meeting_id,
     json_each(CASE WHEN json_valid(r.data) THEN r.data ELSE '{}' END, '$.agreements') j
WHERE r.meeting_id = ? AND json_extract(j.value, '$.id') IS NOT NULL
ON CONFLICT (meeting_id, card_id) DO UPDATE SET text = excluded.text,
    owner_name = CASE WHEN agreements.edited_at IS NULL THEN excluded.owner_name ELSE agreements.owner_name END,
    owner_id = CASE WHEN agreements.edited_at IS NULL THEN excluded.owner_id ELSE agreements.owner_id END,
    due = CASE WHEN agreements.edited_at IS NULL THEN excluded.due ELSE agreements.due END`

// priorDoneFromReport marks done the earlier agreements of the same group that the report
// says were done in this meeting. One already done in another meeting keeps that resolution.
const priorDoneFromReport = `UPDATE agreements SET status = 'done', resolved_meeting_id = p.meeting_id,
    resolved_at = p.at, resolved_by = (SELECT u.id FROM users u WHERE u.id = p.by)
FROM (SELECT r.meeting_id, m.group_id, json_extract(j.value, '$.id') AS id,
             COALESCE(json_extract(j.value, '$.at'), m.closed_at, r.created_at) AS at, json_extract(j.value, '$.by') AS by
      FROM meeting_reports r
      JOIN meetings m ON m.id = r.meeting_id,
           json_each(CASE WHEN json_valid(r.data) THEN r.data ELSE '{}' END, '$.prior') j
      WHERE r.meeting_id = ? AND json_extract(j.value, '$.outcome') = 'done') p
WHERE agreements.id = p.id AND agreements.group_id = p.group_id AND agreements.meeting_id <> p.meeting_id
  AND (agreements.status <> 'done' OR agreements.resolved_meeting_id = p.meeting_id)`

// priorCarriedFromReport marks carried over the earlier agreements the report says were
// carried over; they stay open and come back at the next meeting.
const priorCarriedFromReport = `UPDATE agreements SET status = 'carried', carried_meeting_id = p.meeting_id
FROM (SELECT r.meeting_id, m.group_id, json_extract(j.value, '$.id') AS id
      FROM meeting_reports r
      JOIN meetings m ON m.id = r.meeting_id,
           json_each(CASE WHEN json_valid(r.data) THEN r.data ELSE '{}' END, '$.prior') j
      WHERE r.meeting_id = ? AND json_extract(j.value, '$.outcome') = 'carried') p
WHERE agreements.id = p.id AND agreements.group_id = p.group_id AND agreements.meeting_id <> p.meeting_id
  AND agreements.status <> 'done'`

// writeAgreements brings the agreements table in line with one meeting's stored report: its
// new agreements, and what it decided about earlier ones.
func writeAgreements(ctx context.Context, tx *sql.Tx, meetingID int64) error {
	for _, q := range []string{agreementsFromReport, priorDoneFromReport, priorCarriedFromReport} {
		if _, err := tx.ExecContext(ctx, q, meetingID); err != nil {
			return fmt.Errorf("store: agreements of meeting %d: %w", meetingID, err)
		}
	}
	return nil
}

const agreementCols = `a.id, a.group_id, g.name, a.meeting_id, sm.starts_at, a.card_id, a.text, a.owner_name,
	COALESCE(a.owner_id, 0), COALESCE(a.due, ''), a.status, COALESCE(a.carried_meeting_id, 0), COALESCE(a.resolved_meeting_id, 0), a.resolved_at,
	COALESCE(a.resolved_by, 0)`

const agreementFrom = ` FROM agreements a JOIN meetings sm ON sm.id = a.meeting_id JOIN groups g ON g.id = a.group_id `

// AgreementsForMeeting lists the agreements a meeting looks at again in its opening phase: the
// group's agreements from its closed meetings planned before this one that are still open, and
// those this meeting itself resolved (so its room shows the same list after the close). Oldest
// first.
func (s *Store) AgreementsForMeeting(ctx context.Context, meetingID int64) ([]Agreement, error) {
	return s.listAgreements(ctx, agreementFrom+`JOIN meetings m ON m.id = ?
		WHERE a.group_id = m.group_id AND a.meeting_id <> m.id AND sm.status = 'closed' AND sm.starts_at < m.starts_at
		  AND (a.status <> 'done' OR a.resolved_meeting_id = m.id)
		ORDER BY sm.starts_at, a.card_id`, meetingID)
}

// AgreementsMadeIn lists the agreements made in one meeting, in card order: the coach sets
// their owner and date on the meeting's report page.
func (s *Store) AgreementsMadeIn(ctx context.Context, meetingID int64) ([]Agreement, error) {
	return s.listAgreements(ctx, agreementFrom+`WHERE a.meeting_id = ? ORDER BY a.card_id`, meetingID)
}

// EditAgreement sets who owns an agreement made in the meeting (ownerID 0: nobody) and its
// date (YYYY-MM-DD, or "" for none), by the coach after the meeting; the owner's name is
// taken from their account. The caller checks that the owner is the group's coach or a
// member. ErrNotFound when the meeting made no such agreement.
func (s *Store) EditAgreement(ctx context.Context, meetingID, agreementID, ownerID int64, due string, by int64) error {
	res, err := s.db.ExecContext(ctx, `UPDATE agreements SET owner_id = u.id, owner_name = COALESCE(u.name, ''), due = NULLIF(?, ''),
		edited_at = ?, edited_by = ?
		FROM (SELECT (SELECT id FROM users WHERE id = ?) AS id, (SELECT name FROM users WHERE id = ?) AS name) u
		WHERE agreements.id = ? AND agreements.meeting_id = ?`,
		due, ms(s.now()), by, ownerID, ownerID, agreementID, meetingID)
	if err != nil {
		return fmt.Errorf("store: edit agreement %d: %w", agreementID, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("store: edit agreement %d: %w", agreementID, err)
	} else if n == 0 {
		return fmt.Errorf("store: edit agreement %d of meeting %d: %w", agreementID, meetingID, ErrNotFound)
	}
	return nil
}

// OpenAgreementsOf lists a person's own open agreements (done ones left out), for "Mijn
// afspraken": those with a date first, soonest first, then the rest, oldest meeting first.
func (s *Store) OpenAgreementsOf(ctx context.Context, userID int64) ([]Agreement, error) {
	return s.listAgreements(ctx, agreementFrom+`WHERE a.owner_id = ? AND a.status <> 'done'
		ORDER BY a.due IS NULL, a.due, sm.starts_at, a.card_id`, userID)
}

func (s *Store) listAgreements(ctx context.Context, query string, args ...any) ([]Agreement, error) {
	var out []Agreement
	err := s.eachRow(ctx, `SELECT `+agreementCols+query, args, func(rows *sql.Rows) error {
		var a Agreement
		var at int64
		var resolved sql.NullInt64
		if err := rows.Scan(&a.ID, &a.GroupID, &a.GroupName, &a.MeetingID, &at, &a.CardID, &a.Text, &a.OwnerName,
			&a.OwnerID, &a.Due, &a.Status, &a.CarriedMeetingID, &a.ResolvedMeetingID, &resolved, &a.ResolvedBy); err != nil {
			return err
		}
		a.MeetingAt, a.ResolvedAt = fromMS(at), nullMS(resolved)
		out = append(out, a)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: list agreements: %w", err)
	}
	return out, nil
}
