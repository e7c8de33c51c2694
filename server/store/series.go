package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrNotPlanned is returned when a change is asked of a meeting that is live, closed or
// cancelled: only a planned meeting can be moved, edited or cancelled.
var ErrNotPlanned = errors.New("meeting is no longer planned")

// Series is a run of meetings of one group, every so many weeks; each meeting of it can still
// be changed on its own.
type Series struct {
	ID         int64
	GroupID    int64
	EveryWeeks int
	CreatedAt  time.Time
}

// CreateSeries plans one meeting per start time, all in one new series, in one transaction.
// It returns the series id and the meeting ids in the order of starts.
func (s *Store) CreateSeries(ctx context.Context, nm NewMeeting, everyWeeks int, starts []time.Time) (int64, []int64, error) {
	var seriesID int64
	var ids []int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO meeting_series (group_id, every_weeks, created_by, created_at) VALUES (?, ?, ?, ?)`,
			nm.GroupID, everyWeeks, nullID(nm.By), ms(s.now()))
		if err != nil {
			return fmt.Errorf("store: create series: %w", err)
		}
		if seriesID, err = res.LastInsertId(); err != nil {
			return fmt.Errorf("store: new id: %w", err)
		}
		for _, t := range starts {
			one := nm
			one.StartsAt = t
			id, err := s.insertMeeting(ctx, tx, one, seriesID)
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return seriesID, ids, nil
}

// Series finds one by id.
func (s *Store) Series(ctx context.Context, id int64) (*Series, error) {
	var sr Series
	var created int64
	err := s.db.QueryRowContext(ctx, `SELECT id, group_id, every_weeks, created_at FROM meeting_series WHERE id = ?`, id).
		Scan(&sr.ID, &sr.GroupID, &sr.EveryWeeks, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: series %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: series: %w", err)
	}
	sr.CreatedAt = fromMS(created)
	return &sr, nil
}

// MeetingsOfSeries lists a series' meetings, soonest first.
func (s *Store) MeetingsOfSeries(ctx context.Context, seriesID int64) ([]*Meeting, error) {
	return s.listMeetings(ctx, `WHERE m.series_id = ? ORDER BY m.starts_at`, seriesID)
}

// FuturePlannedMeetings lists a group's planned meetings that have not started yet, soonest
// first: the ones a member who joins is invited to, or a member who leaves is taken out of.
func (s *Store) FuturePlannedMeetings(ctx context.Context, groupID int64) ([]*Meeting, error) {
	return s.listMeetings(ctx, `WHERE m.group_id = ? AND m.status = 'planned' AND m.starts_at > ? ORDER BY m.starts_at`, groupID, ms(s.now()))
}

// MeetingUpdate is the new state of one planned meeting.
type MeetingUpdate struct {
	ID       int64
	Title    string
	Method   string
	StartsAt time.Time
	Minutes  int
	Location string
	Online   bool
	NoVideo  bool
	VideoURL string
}

// UpdateMeetings changes planned meetings in one transaction and raises each one's SEQUENCE.
// When any of them is no longer planned (it went live, closed or was cancelled meanwhile),
// nothing changes and ErrNotPlanned is returned.
func (s *Store) UpdateMeetings(ctx context.Context, ups []MeetingUpdate) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, u := range ups {
			video := !u.Online || !u.NoVideo
			res, err := tx.ExecContext(ctx, `UPDATE meetings SET title = ?, method = ?, starts_at = ?, minutes = ?, location = ?, online = ?,
				video = ?, video_url = ?, sequence = sequence + 1, updated_at = ? WHERE id = ? AND status = 'planned'`,
				strings.TrimSpace(u.Title), u.Method, ms(u.StartsAt), u.Minutes, strings.TrimSpace(u.Location), u.Online, video,
				strings.TrimSpace(u.VideoURL), ms(s.now()), u.ID)
			if err != nil {
				return fmt.Errorf("store: update meeting %d: %w", u.ID, err)
			}
			if err := oneRow(res, u.ID); err != nil {
				return err
			}
		}
		return nil
	})
}

// CancelMeetings cancels planned meetings in one transaction and raises each one's SEQUENCE;
// as UpdateMeetings, all or nothing.
func (s *Store) CancelMeetings(ctx context.Context, ids []int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			res, err := tx.ExecContext(ctx, `UPDATE meetings SET status = 'cancelled', sequence = sequence + 1, updated_at = ?
				WHERE id = ? AND status = 'planned'`, ms(s.now()), id)
			if err != nil {
				return fmt.Errorf("store: cancel meeting %d: %w", id, err)
			}
			if err := oneRow(res, id); err != nil {
				return err
			}
		}
		return nil
	})
}

func oneRow(res sql.Result, id int64) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("store: rows affected: %w", err)
	}
	if n != 1 {
		return fmt.Errorf("store: meeting %d: %w", id, ErrNotPlanned)
	}
	return nil
}
