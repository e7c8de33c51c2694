package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Registers a professional can be in; the portfolio and its export name them.
const (
	RegisterSKJ           = "skj"
	RegisterRegisterplein = "registerplein"
	RegisterOther         = "other"
)

// Registration is the register a person is in, their number there, and when their current
// five-year registration period began (zero: unknown, and the portfolio counts the last five
// years instead).
type Registration struct {
	Register string
	Number   string
	Since    time.Time
}

// Registration is the person's register entry; the zero value when they entered none.
func (s *Store) Registration(ctx context.Context, userID int64) (Registration, error) {
	var r Registration
	var since sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT register, number, since FROM registrations WHERE user_id = ?`, userID).Scan(&r.Register, &r.Number, &since)
	if errors.Is(err, sql.ErrNoRows) {
		return Registration{}, nil
	}
	if err != nil {
		return Registration{}, fmt.Errorf("store: registration: %w", err)
	}
	r.Since = nullMS(since)
	return r, nil
}

// SetRegistration keeps the person's register entry; an empty register removes it.
func (s *Store) SetRegistration(ctx context.Context, userID int64, r Registration) error {
	if r.Register == "" {
		if _, err := s.db.ExecContext(ctx, `DELETE FROM registrations WHERE user_id = ?`, userID); err != nil {
			return fmt.Errorf("store: clear registration: %w", err)
		}
		return nil
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO registrations (user_id, register, number, since, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET register = excluded.register, number = excluded.number, since = excluded.since, updated_at = excluded.updated_at`,
		userID, r.Register, strings.TrimSpace(r.Number), nullTime(r.Since), ms(s.now())); err != nil {
		return fmt.Errorf("store: set registration: %w", err)
	}
	return nil
}

// MeetingAttended is one closed intervision meeting a person was present at, as a register
// reads it: when, which group, which method, who facilitated, how long the person was there
// (only between the meeting's start and close, overlapping connections counted once), and
// whether it was face to face, online with image and sound for everyone, or online without.
type MeetingAttended struct {
	MeetingID   int64
	GroupID     int64
	GroupName   string
	Method      string
	Facilitator string
	StartedAt   time.Time
	ClosedAt    time.Time
	Minutes     int
	Online      bool
	Video       bool
}

// Contact reports whether the meeting counts as contact for the registers: face to face, or
// online with live image and sound for everyone.
func (m *MeetingAttended) Contact() bool { return !m.Online || m.Video }

// MeetingsAttended lists the closed meetings the person attended, oldest first, in one query.
func (s *Store) MeetingsAttended(ctx context.Context, userID int64) ([]*MeetingAttended, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT m.id, g.id, g.name, m.method, COALESCE(c.name, ''), m.opened_at, m.closed_at, m.online, m.video,
			a.joined_at, a.left_at
		FROM attendance a
		JOIN meetings m ON m.id = a.meeting_id
		JOIN groups g ON g.id = m.group_id
		LEFT JOIN users c ON c.id = g.coach_id
		WHERE a.user_id = ? AND m.status = 'closed' AND m.opened_at IS NOT NULL AND m.closed_at IS NOT NULL
		  AND a.left_at > m.opened_at AND a.joined_at < m.closed_at
		ORDER BY m.opened_at, m.id, a.joined_at`, userID)
	if err != nil {
		return nil, fmt.Errorf("store: meetings attended: %w", err)
	}
	defer rows.Close()
	var out []*MeetingAttended
	var spans [][2]int64
	flush := func() {
		if len(out) > 0 && len(spans) > 0 {
			out[len(out)-1].Minutes = int(presentMS(spans) / 60000)
		}
		spans = spans[:0]
	}
	for rows.Next() {
		var m MeetingAttended
		var opened, closed, joined, left int64
		if err := rows.Scan(&m.MeetingID, &m.GroupID, &m.GroupName, &m.Method, &m.Facilitator, &opened, &closed, &m.Online, &m.Video, &joined, &left); err != nil {
			return nil, fmt.Errorf("store: meetings attended: %w", err)
		}
		if len(out) == 0 || out[len(out)-1].MeetingID != m.MeetingID {
			flush()
			m.StartedAt, m.ClosedAt = fromMS(opened), fromMS(closed)
			out = append(out, &m)
		}
		spans = append(spans, [2]int64{max(joined, opened), min(left, closed)})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: meetings attended: %w", err)
	}
	flush()
	return out, nil
}

// presentMS is the length of the union of the spans: two tabs open at once count once.
func presentMS(spans [][2]int64) int64 {
	sort.Slice(spans, func(i, j int) bool { return spans[i][0] < spans[j][0] })
	var total, end int64
	started := false
	var start int64
	for _, sp := range spans {
		if sp[1] <= sp[0] {
			continue
		}
		switch {
		case !started:
			start, end, started = sp[0], sp[1], true
		case sp[0] > end:
			total += end - start
			start, end = sp[0], sp[1]
		case sp[1] > end:
			end = sp[1]
		}
	}
	if started {
		total += end - start
	}
	return total
}

// SeriesReflection is a person's reflection after a series of meetings of one group, on the
// three dimensions registers ask for: technical-instrumental, normative and personal. It is
// private to its author; a coach reads it only when the author asks them to countersign.
type SeriesReflection struct {
	ID              int64
	UserID          int64
	AuthorName      string
	GroupID         int64
	GroupName       string
	CoachID         int64
	Technical       string
	Normative       string
	Personal        string
	Meetings        int // meetings of the group attended when the reflection was written
	Minutes         int
	CreatedAt       time.Time
	UpdatedAt       time.Time
	SignRequestedAt time.Time
	SignedBy        int64
	SignedName      string
	SignedRegister  string
	SignedNumber    string
	SignedAt        time.Time
}

// Signed reports whether a coach countersigned the reflection.
func (r *SeriesReflection) Signed() bool { return !r.SignedAt.IsZero() }

const reflectionCols = `r.id, r.user_id, u.name, r.group_id, g.name, g.coach_id, r.technical, r.normative, r.personal, r.meetings, r.minutes,
	r.created_at, r.updated_at, r.sign_requested_at, COALESCE(r.signed_by, 0), r.signed_name, r.signed_register, r.signed_number, r.signed_at`

func scanReflection(row interface{ Scan(...any) error }) (*SeriesReflection, error) {
	var r SeriesReflection
	var created, updated int64
	var requested, signed sql.NullInt64
	if err := row.Scan(&r.ID, &r.UserID, &r.AuthorName, &r.GroupID, &r.GroupName, &r.CoachID, &r.Technical, &r.Normative, &r.Personal,
		&r.Meetings, &r.Minutes, &created, &updated, &requested, &r.SignedBy, &r.SignedName, &r.SignedRegister, &r.SignedNumber, &signed); err != nil {
		return nil, err
	}
	r.CreatedAt, r.UpdatedAt, r.SignRequestedAt, r.SignedAt = fromMS(created), fromMS(updated), nullMS(requested), nullMS(signed)
	return &r, nil
}

const reflectionFrom = ` FROM series_reflections r JOIN users u ON u.id = r.user_id JOIN groups g ON g.id = r.group_id `

// NewSeriesReflection is what a person writes.
type NewSeriesReflection struct {
	UserID                         int64
	GroupID                        int64
	Technical, Normative, Personal string
	Meetings, Minutes              int
}

// AddSeriesReflection keeps a new reflection.
func (s *Store) AddSeriesReflection(ctx context.Context, n NewSeriesReflection) (int64, error) {
	now := ms(s.now())
	res, err := s.db.ExecContext(ctx, `INSERT INTO series_reflections (user_id, group_id, technical, normative, personal, meetings, minutes, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, n.UserID, n.GroupID, n.Technical, n.Normative, n.Personal, n.Meetings, n.Minutes, now, now)
	if err != nil {
		return 0, fmt.Errorf("store: add reflection: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("store: new id: %w", err)
	}
	return id, nil
}

// SeriesReflection is one reflection, or ErrNotFound.
func (s *Store) SeriesReflection(ctx context.Context, id int64) (*SeriesReflection, error) {
	r, err := scanReflection(s.db.QueryRowContext(ctx, `SELECT `+reflectionCols+reflectionFrom+`WHERE r.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: reflection %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: reflection: %w", err)
	}
	return r, nil
}

// SeriesReflectionsOf lists a person's own reflections, newest first.
func (s *Store) SeriesReflectionsOf(ctx context.Context, userID int64) ([]*SeriesReflection, error) {
	return s.listReflections(ctx, `WHERE r.user_id = ? ORDER BY r.created_at DESC, r.id DESC`, userID)
}

// ReflectionsToSign lists the reflections whose authors asked this coach to countersign, in
// groups the coach leads, oldest request first.
func (s *Store) ReflectionsToSign(ctx context.Context, coachID int64) ([]*SeriesReflection, error) {
	return s.listReflections(ctx, `WHERE g.coach_id = ? AND r.sign_requested_at IS NOT NULL AND r.signed_at IS NULL ORDER BY r.sign_requested_at`, coachID)
}

func (s *Store) listReflections(ctx context.Context, where string, args ...any) ([]*SeriesReflection, error) {
	var out []*SeriesReflection
	err := s.eachRow(ctx, `SELECT `+reflectionCols+reflectionFrom+where, args, func(rows *sql.Rows) error {
		r, err := scanReflection(rows)
		out = append(out, r)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: reflections: %w", err)
	}
	return out, nil
}

// ErrReflectionSigned is returned when a countersigned reflection would change: the signature
// covers the text as it was.
var ErrReflectionSigned = errors.New("store: the reflection is countersigned")

// RequestSignature records that the author asks the group's coach to countersign.
func (s *Store) RequestSignature(ctx context.Context, id, userID int64) error {
	res, err := s.db.ExecContext(ctx, `UPDATE series_reflections SET sign_requested_at = ? WHERE id = ? AND user_id = ? AND signed_at IS NULL`, ms(s.now()), id, userID)
	if err != nil {
		return fmt.Errorf("store: request signature: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: request signature: %w", ErrReflectionSigned)
	}
	return nil
}

// Signature is a coach's countersignature with their own register entry.
type Signature struct {
	By       int64
	Name     string
	Register string
	Number   string
}

// SignReflection countersigns a reflection whose author asked for it; once.
func (s *Store) SignReflection(ctx context.Context, id int64, sig Signature) error {
	res, err := s.db.ExecContext(ctx, `UPDATE series_reflections SET signed_by = ?, signed_name = ?, signed_register = ?, signed_number = ?, signed_at = ?
		WHERE id = ? AND sign_requested_at IS NOT NULL AND signed_at IS NULL`, sig.By, sig.Name, sig.Register, sig.Number, ms(s.now()), id)
	if err != nil {
		return fmt.Errorf("store: sign reflection: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: sign reflection: %w", ErrReflectionSigned)
	}
	return nil
}

// PortfolioExport is a portfolio as it was exported, kept so that anyone holding the code can
// check that a printed or PDF portfolio is genuine.
type PortfolioExport struct {
	Code      string
	UserID    int64
	Data      string // JSON of what the export showed
	CreatedAt time.Time
}

// SavePortfolioExport keeps an export under a new verification code and returns the code.
func (s *Store) SavePortfolioExport(ctx context.Context, userID int64, data string) (string, error) {
	for attempt := 0; ; attempt++ {
		code, err := newCode()
		if err != nil {
			return "", err
		}
		_, err = s.db.ExecContext(ctx, `INSERT INTO portfolio_exports (code, user_id, data, created_at) VALUES (?, ?, ?, ?)`, code, userID, data, ms(s.now()))
		if err == nil {
			return code, nil
		}
		if !isUnique(err) || attempt >= 5 {
			return "", fmt.Errorf("store: save portfolio export: %w", err)
		}
	}
}

// PortfolioExportByCode finds an export, or ErrNotFound.
func (s *Store) PortfolioExportByCode(ctx context.Context, code string) (*PortfolioExport, error) {
	var e PortfolioExport
	var created int64
	err := s.db.QueryRowContext(ctx, `SELECT code, user_id, data, created_at FROM portfolio_exports WHERE code = ?`, code).Scan(&e.Code, &e.UserID, &e.Data, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: portfolio export: %w", ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: portfolio export: %w", err)
	}
	e.CreatedAt = fromMS(created)
	return &e, nil
}
