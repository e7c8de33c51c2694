package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Meeting is a planned, live or closed intervision meeting of a group.
type Meeting struct {
	ID        int64
	GroupID   int64
	GroupName string
	CoachID   int64
	Title     string
	Method    string // slug of a method in content/methods
	StartsAt  time.Time
	Minutes   int
	Location  string
	Online    bool
	Video     bool   // face to face, or online with live image and sound for everyone (registers count only these as contact)
	Status    string // planned, live, closed, cancelled
	SeriesID  int64  // the series it belongs to; 0 for a single meeting
	Sequence  int    // iCalendar SEQUENCE: rises on every change, so calendars update the entry
	VideoURL  string // the https link of an online meeting
	OpenedAt  time.Time
	ClosedAt  time.Time
	CreatedAt time.Time
}

// NewMeeting is what a coach fills in to plan a meeting.
type NewMeeting struct {
	GroupID  int64
	Title    string
	Method   string
	StartsAt time.Time
	Minutes  int
	Location string
	Online   bool
	NoVideo  bool // an online meeting without live image and sound for everyone (by phone, say)
	VideoURL string
	By       int64
}

const meetingCols = `m.id, m.group_id, g.name, g.coach_id, m.title, m.method, m.starts_at, m.minutes, m.location, m.online,
	m.video, m.status, m.opened_at, m.closed_at, m.created_at, COALESCE(m.series_id, 0), m.sequence, m.video_url`

func scanMeeting(row interface{ Scan(...any) error }) (*Meeting, error) {
	var m Meeting
	var starts, created int64
	var opened, closed sql.NullInt64
	if err := row.Scan(&m.ID, &m.GroupID, &m.GroupName, &m.CoachID, &m.Title, &m.Method, &starts, &m.Minutes, &m.Location, &m.Online,
		&m.Video, &m.Status, &opened, &closed, &created, &m.SeriesID, &m.Sequence, &m.VideoURL); err != nil {
		return nil, err
	}
	m.StartsAt, m.CreatedAt, m.OpenedAt, m.ClosedAt = fromMS(starts), fromMS(created), nullMS(opened), nullMS(closed)
	return &m, nil
}

// CreateMeeting plans a meeting.
func (s *Store) CreateMeeting(ctx context.Context, nm NewMeeting) (int64, error) {
	return s.insertMeeting(ctx, s.db, nm, 0)
}

func (s *Store) insertMeeting(ctx context.Context, db execer, nm NewMeeting, seriesID int64) (int64, error) {
	video := !nm.Online || !nm.NoVideo
	res, err := db.ExecContext(ctx, `INSERT INTO meetings (group_id, title, method, starts_at, minutes, location, online, video, video_url, series_id, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, nm.GroupID, strings.TrimSpace(nm.Title), nm.Method, ms(nm.StartsAt), nm.Minutes,
		strings.TrimSpace(nm.Location), nm.Online, video, strings.TrimSpace(nm.VideoURL), nullID(seriesID), nullID(nm.By), ms(s.now()))
	if err != nil {
		return 0, fmt.Errorf("store: create meeting: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("store: new id: %w", err)
	}
	return id, nil
}

// Meeting finds one by id.
func (s *Store) Meeting(ctx context.Context, id int64) (*Meeting, error) {
	m, err := scanMeeting(s.hot().QueryRowContext(ctx, `SELECT `+meetingCols+` FROM meetings m JOIN groups g ON g.id = m.group_id WHERE m.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: meeting %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: meeting: %w", err)
	}
	return m, nil
}

// MeetingsOfGroup lists a group's meetings, newest first.
func (s *Store) MeetingsOfGroup(ctx context.Context, groupID int64) ([]*Meeting, error) {
	return s.listMeetings(ctx, `WHERE m.group_id = ? ORDER BY m.starts_at DESC`, groupID)
}

// UpcomingMeetings lists meetings not yet closed of the groups a person coaches or belongs to,
// soonest first, for the home page.
func (s *Store) UpcomingMeetings(ctx context.Context, userID int64, limit int) ([]*Meeting, error) {
	return s.listMeetings(ctx, `WHERE m.status IN ('planned', 'live') AND m.starts_at > ?
		AND (g.coach_id = ? OR EXISTS (SELECT 1 FROM group_members gm WHERE gm.group_id = g.id AND gm.user_id = ?))
		ORDER BY m.starts_at LIMIT ?`, ms(s.now().Add(-12*time.Hour)), userID, userID, limit)
}

func (s *Store) listMeetings(ctx context.Context, where string, args ...any) ([]*Meeting, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+meetingCols+` FROM meetings m JOIN groups g ON g.id = m.group_id `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list meetings: %w", err)
	}
	defer rows.Close()
	var out []*Meeting
	for rows.Next() {
		m, err := scanMeeting(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list meetings: %w", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: read rows: %w", err)
	}
	return out, nil
}
