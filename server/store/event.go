package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// NewEvent is one change in a live room, as the room hands it to AppendEvents. The store gives
// it its sequence number, so the number is dense and decided inside the committing transaction.
type NewEvent struct {
	MeetingID int64
	UserID    int64
	// ClientID is the id the browser gave the action; "" for events the server makes itself.
	// A second event with the same (meeting, user, client id) is not stored again.
	ClientID string
	Op       string
	Data     []byte // JSON object
	At       time.Time
	// Seq, when positive, is the sequence number the caller expects this event to get (the
	// live room knows each meeting's next one), so the store need not look up the meeting's
	// highest: it is a hint only for the meeting's first event in a batch. Should another
	// writer have taken it meanwhile, the store falls back to the highest plus one and the
	// caller sees the difference in Appended.Seq.
	Seq int64
}

// Appended tells the room what became of one NewEvent, in the same order as the input.
type Appended struct {
	MeetingID int64
	Seq       int64
	// Duplicate is true when the client id was already stored: Seq is then the first event's
	// sequence number and nothing new was written, so the room can repeat the first ack.
	Duplicate bool
}

// Event is a stored room event, read back for replay and to rebuild a room's state.
type Event struct {
	MeetingID int64
	Seq       int64
	UserID    int64
	ClientID  string
	Op        string
	Data      []byte
	At        time.Time
}

// AttendanceInterval is one connection of one person to a meeting's live room. To is moved
// forward while the person stays, so after a crash it is at most one heartbeat behind.
type AttendanceInterval struct {
	ID        int64
	MeetingID int64
	UserID    int64
	From, To  time.Time
}

// appendEvent inserts one room event; a client id already used by that person in that
// meeting inserts nothing (a retried frame).
const appendEvent = `INSERT INTO room_events (meeting_id, seq, user_id, client_id, op, data, at)
	VALUES (?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (meeting_id, user_id, client_id) DO NOTHING`

// AppendEvents stores a batch of events, possibly of many meetings, in ONE transaction: the
// room's group-commit writer calls it so a single fsync covers every room's changes. Within the
// transaction each meeting's next sequence number is its current maximum plus one (or the
// caller's NewEvent.Seq, checked by the primary key, which makes the look-up needless). An event
// whose client id is already stored is reported as a duplicate with the stored sequence number.
// Either the whole batch is committed or nothing is.
func (s *Store) AppendEvents(ctx context.Context, evs []NewEvent) ([]Appended, error) {
	out := make([]Appended, len(evs))
	if len(evs) == 0 {
		return out, nil
	}
	kept, err := s.kept(ctx, appendEvent)
	if err != nil {
		return nil, fmt.Errorf("store: prepare append event: %w", err)
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		next := map[int64]int64{}
		ins := tx.StmtContext(ctx, kept)
		defer ins.Close()
		for i, e := range evs {
			maxSeq := func() (int64, error) {
				var seq int64
				if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) FROM room_events WHERE meeting_id = ?`,
					e.MeetingID).Scan(&seq); err != nil {
					return 0, fmt.Errorf("store: next event seq of meeting %d: %w", e.MeetingID, err)
				}
				return seq + 1, nil
			}
			seq, ok := next[e.MeetingID]
			hinted := !ok && e.Seq > 0
			switch {
			case hinted:
				seq = e.Seq
			case !ok:
				if seq, err = maxSeq(); err != nil {
					return err
				}
			}
			var cid any
			if e.ClientID != "" {
				cid = e.ClientID
			}
			data := e.Data
			if len(data) == 0 {
				data = []byte("{}")
			}
			res, err := ins.ExecContext(ctx, e.MeetingID, seq, e.UserID, cid, e.Op, string(data), ms(e.At))
			if err != nil && hinted && isPrimaryKey(err) {
				// The hint was taken (another writer): only this statement failed; go on from
				// the stored maximum.
				if seq, err = maxSeq(); err != nil {
					return err
				}
				res, err = ins.ExecContext(ctx, e.MeetingID, seq, e.UserID, cid, e.Op, string(data), ms(e.At))
			}
			if err != nil {
				return fmt.Errorf("store: append event of meeting %d: %w", e.MeetingID, err)
			}
			n, err := res.RowsAffected()
			if err != nil {
				return fmt.Errorf("store: append event of meeting %d: %w", e.MeetingID, err)
			}
			if n == 0 {
				var first int64
				if err := tx.QueryRowContext(ctx, `SELECT seq FROM room_events WHERE meeting_id = ? AND user_id = ? AND client_id = ?`,
					e.MeetingID, e.UserID, e.ClientID).Scan(&first); err != nil {
					return fmt.Errorf("store: look up duplicate event of meeting %d: %w", e.MeetingID, err)
				}
				out[i] = Appended{MeetingID: e.MeetingID, Seq: first, Duplicate: true}
				next[e.MeetingID] = seq
				continue
			}
			out[i] = Appended{MeetingID: e.MeetingID, Seq: seq}
			next[e.MeetingID] = seq + 1
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// EventsSince returns a meeting's events with a sequence number above after, in order, for
// replay to a reconnecting client and for rebuilding a room (through a kept statement: every
// room load reads it).
func (s *Store) EventsSince(ctx context.Context, meetingID, after int64) ([]Event, error) {
	rows, err := s.hot().QueryContext(ctx, `SELECT seq, user_id, COALESCE(client_id, ''), op, data, at
		FROM room_events WHERE meeting_id = ? AND seq > ? ORDER BY seq`, meetingID, after)
	if err != nil {
		return nil, fmt.Errorf("store: events of meeting %d: %w", meetingID, err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		e := Event{MeetingID: meetingID}
		var data string
		var at int64
		if err := rows.Scan(&e.Seq, &e.UserID, &e.ClientID, &e.Op, &data, &at); err != nil {
			return nil, fmt.Errorf("store: scan event of meeting %d: %w", meetingID, err)
		}
		e.Data = []byte(data)
		e.At = fromMS(at)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: events of meeting %d: %w", meetingID, err)
	}
	return out, nil
}

// MeetingEvents returns every event of a meeting in order: the whole history a report or a
// rebuilt room folds.
func (s *Store) MeetingEvents(ctx context.Context, meetingID int64) ([]Event, error) {
	return s.EventsSince(ctx, meetingID, 0)
}

// AttendanceStart is the start of one person's stay in a meeting's live room.
type AttendanceStart struct {
	MeetingID, UserID int64
	At                time.Time
}

// StartAttendances opens many attendance intervals in ONE transaction (one fsync), returning
// their ids in order: the room gathers the joins that arrive together. All or nothing.
func (s *Store) StartAttendances(ctx context.Context, starts []AttendanceStart) ([]int64, error) {
	ids := make([]int64, len(starts))
	if len(starts) == 0 {
		return ids, nil
	}
	kept, err := s.kept(ctx, `INSERT INTO attendance (meeting_id, user_id, joined_at, left_at) VALUES (?, ?, ?, ?)`)
	if err != nil {
		return nil, fmt.Errorf("store: prepare start attendance: %w", err)
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		ins := tx.StmtContext(ctx, kept)
		defer ins.Close()
		for i, a := range starts {
			res, err := ins.ExecContext(ctx, a.MeetingID, a.UserID, ms(a.At), ms(a.At))
			if err != nil {
				return fmt.Errorf("store: start attendance of user %d in meeting %d: %w", a.UserID, a.MeetingID, err)
			}
			if ids[i], err = res.LastInsertId(); err != nil {
				return fmt.Errorf("store: start attendance: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
}

// ExtendAttendance moves the end of open intervals to at (never backwards), in one transaction:
// the room calls it on a heartbeat for everyone present and once when a person leaves.
func (s *Store) ExtendAttendance(ctx context.Context, ids []int64, at time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	kept, err := s.kept(ctx, `UPDATE attendance SET left_at = MAX(left_at, ?) WHERE id = ?`)
	if err != nil {
		return fmt.Errorf("store: prepare extend attendance: %w", err)
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		st := tx.StmtContext(ctx, kept)
		defer st.Close()
		for _, id := range ids {
			if _, err := st.ExecContext(ctx, ms(at), id); err != nil {
				return fmt.Errorf("store: extend attendance %d: %w", id, err)
			}
		}
		return nil
	})
}

// RecordAttendance stores a whole, already finished interval, for imports and tests.
func (s *Store) RecordAttendance(ctx context.Context, meetingID, userID int64, from, to time.Time) error {
	if to.Before(from) {
		return fmt.Errorf("store: record attendance: end %v before start %v", to, from)
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO attendance (meeting_id, user_id, joined_at, left_at) VALUES (?, ?, ?, ?)`,
		meetingID, userID, ms(from), ms(to)); err != nil {
		return fmt.Errorf("store: record attendance of user %d in meeting %d: %w", userID, meetingID, err)
	}
	return nil
}

// Attendance returns a meeting's raw intervals ordered by person and start; the room merges
// them across reconnects for the report and training records.
func (s *Store) Attendance(ctx context.Context, meetingID int64) ([]AttendanceInterval, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, user_id, joined_at, left_at FROM attendance
		WHERE meeting_id = ? ORDER BY user_id, joined_at, id`, meetingID)
	if err != nil {
		return nil, fmt.Errorf("store: attendance of meeting %d: %w", meetingID, err)
	}
	defer rows.Close()
	var out []AttendanceInterval
	for rows.Next() {
		a := AttendanceInterval{MeetingID: meetingID}
		var from, to int64
		if err := rows.Scan(&a.ID, &a.UserID, &from, &to); err != nil {
			return nil, fmt.Errorf("store: scan attendance of meeting %d: %w", meetingID, err)
		}
		a.From, a.To = fromMS(from), fromMS(to)
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: attendance of meeting %d: %w", meetingID, err)
	}
	return out, nil
}

// SetMeetingStatus moves a meeting to live (setting opened_at the first time) or closed
// (setting closed_at the first time) when the coach starts or closes the live room. Other
// statuses are set as given. ErrNotFound when the meeting does not exist.
func (s *Store) SetMeetingStatus(ctx context.Context, meetingID int64, status string, at time.Time) error {
	var res sql.Result
	var err error
	switch status {
	case "live":
		res, err = s.db.ExecContext(ctx, `UPDATE meetings SET status = ?, opened_at = COALESCE(opened_at, ?) WHERE id = ?`,
			status, ms(at), meetingID)
	case "closed":
		res, err = s.db.ExecContext(ctx, `UPDATE meetings SET status = ?, closed_at = COALESCE(closed_at, ?),
			opened_at = COALESCE(opened_at, ?) WHERE id = ?`, status, ms(at), ms(at), meetingID)
	case "planned", "cancelled":
		res, err = s.db.ExecContext(ctx, `UPDATE meetings SET status = ? WHERE id = ?`, status, meetingID)
	default:
		return fmt.Errorf("store: set meeting status: unknown status %q", status)
	}
	if err != nil {
		return fmt.Errorf("store: set status of meeting %d: %w", meetingID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("store: set status of meeting %d: %w", meetingID, err)
	}
	if n == 0 {
		return fmt.Errorf("store: set status of meeting %d: %w", meetingID, ErrNotFound)
	}
	return nil
}

// SaveReport stores (or replaces) the report of a closed meeting: the markdown shown on the
// report page and the structured data (JSON) behind it. Replacing keeps a report regenerated
// after a crash idempotent. The report's themed cards are copied into card_themes, and its
// agreements into agreements (see agreement.go), in the same transaction, so the
// municipality's theme figures never miss or double a closed meeting and no agreement is lost
// or doubled.
func (s *Store) SaveReport(ctx context.Context, meetingID int64, markdown string, data []byte) error {
	if len(data) == 0 {
		data = []byte("{}")
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO meeting_reports (meeting_id, markdown, data, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (meeting_id) DO UPDATE SET markdown = excluded.markdown, data = excluded.data`,
			meetingID, markdown, string(data), ms(s.now())); err != nil {
			return fmt.Errorf("store: save report of meeting %d: %w", meetingID, err)
		}
		if err := writeAgreements(ctx, tx, meetingID); err != nil {
			return err
		}
		return writeCardThemes(ctx, tx, meetingID)
	})
}

// Report returns a meeting's stored report; ErrNotFound when the meeting has none (yet).
func (s *Store) Report(ctx context.Context, meetingID int64) (markdown string, data []byte, created time.Time, err error) {
	var d string
	var at int64
	err = s.db.QueryRowContext(ctx, `SELECT markdown, data, created_at FROM meeting_reports WHERE meeting_id = ?`, meetingID).
		Scan(&markdown, &d, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil, time.Time{}, fmt.Errorf("store: report of meeting %d: %w", meetingID, ErrNotFound)
	}
	if err != nil {
		return "", nil, time.Time{}, fmt.Errorf("store: report of meeting %d: %w", meetingID, err)
	}
	return markdown, []byte(d), fromMS(at), nil
}
