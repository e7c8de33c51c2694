package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// The themed cards of closed meetings (table card_themes) are what the municipality's theme
// pages count. They are copied out of a meeting's report when the report is saved, in the same
// transaction, so the pages read one indexed table instead of every report's JSON. No author
// and no names are kept: only the author's organisation (for the organisation filter), the
// group's id (to count in how many groups a theme recurs) and the quarter.

// cardThemesFromReports copies the themed bottleneck and success cards of one meeting's report
// into card_themes. The migration 00005 runs the same statement over every report. The card's
// id is the seq of the event that added it, which gives the author and so the organisation.
const cardThemesFromReports = `WITH cards AS (
    SELECT r.meeting_id, r.created_at, 'bottleneck' AS board, j.value AS card
    FROM meeting_reports r, json_each(CASE WHEN json_valid(r.data) THEN r.data ELSE '{}' END, '$.bottlenecks') j
    WHERE r.meeting_id = ?
    UNION ALL
    SELECT r.meeting_id, r.created_at, 'success' AS board, j.value AS card
    FROM meeting_reports r, json_each(CASE WHEN json_valid(r.data) THEN r.data ELSE '{}' END, '$.successes') j
    WHERE r.meeting_id = ?
)
INSERT INTO card_themes (meeting_id, card_id, board, theme, text, group_id, org_id, held_at, quarter)
SELECT c.meeting_id, json_extract(c.card, '$.id'), c.board, json_extract(c.card, '$.theme'),
       COALESCE(json_extract(c.card, '$.text'), ''), m.group_id, u.org_id, COALESCE(m.closed_at, c.created_at),
       strftime('%Y', COALESCE(m.closed_at, c.created_at) / 1000, 'unixepoch') || '-Q' ||
       ((CAST(strftime('%m', COALESCE(m.closed_at, c.created_at) / 1000, 'unixepoch') AS INTEGER) + 2) / 3)
FROM cards c
JOIN meetings m ON m.id = c.meeting_id
LEFT JOIN room_events e ON e.meeting_id = c.meeting_id AND e.seq = json_extract(c.card, '$.id')
LEFT JOIN users u ON u.id = e.user_id
WHERE COALESCE(json_extract(c.card, '$.theme'), '') <> '' AND json_extract(c.card, '$.id') IS NOT NULL`

// writeCardThemes replaces a meeting's rows in card_themes by those of its stored report.
func writeCardThemes(ctx context.Context, tx *sql.Tx, meetingID int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM card_themes WHERE meeting_id = ?`, meetingID); err != nil {
		return fmt.Errorf("store: clear themes of meeting %d: %w", meetingID, err)
	}
	if _, err := tx.ExecContext(ctx, cardThemesFromReports, meetingID, meetingID); err != nil {
		return fmt.Errorf("store: themes of meeting %d: %w", meetingID, err)
	}
	return nil
}

// Boards of themed cards, as stored.
const (
	ThemeBoardBottleneck = "bottleneck"
	ThemeBoardSuccess    = "success"
)

// ThemeFilter narrows the theme figures. Zero values mean "all".
type ThemeFilter struct {
	OrgID int64  // organisation of the card's author
	Board string // ThemeBoardBottleneck, ThemeBoardSuccess or "" for both
	From  string // first quarter, "2025-Q1", inclusive
	To    string // last quarter, inclusive
}

// where is the filter as SQL over card_themes t joined to meetings m; only closed meetings
// count, even if a report was somehow saved for another.
func (f ThemeFilter) where() (string, []any) {
	conds := []string{"m.status = 'closed'"}
	var args []any
	if f.OrgID != 0 {
		conds = append(conds, "t.org_id = ?")
		args = append(args, f.OrgID)
	}
	if f.Board != "" {
		conds = append(conds, "t.board = ?")
		args = append(args, f.Board)
	}
	if f.From != "" {
		conds = append(conds, "t.quarter >= ?")
		args = append(args, f.From)
	}
	if f.To != "" {
		conds = append(conds, "t.quarter <= ?")
		args = append(args, f.To)
	}
	return "FROM card_themes t JOIN meetings m ON m.id = t.meeting_id WHERE " + strings.Join(conds, " AND "), args
}

// ThemeCount is the number of cards with one theme on one board in one quarter, and in how
// many groups they were written.
type ThemeCount struct {
	Theme, Board, Quarter string
	Cards, Groups         int
}

// ThemeCounts counts themed cards per theme, board and quarter, ordered by quarter, theme and
// board: the quarter table and the CSV export.
func (s *Store) ThemeCounts(ctx context.Context, f ThemeFilter) ([]ThemeCount, error) {
	from, args := f.where()
	var out []ThemeCount
	err := s.eachRow(ctx, `SELECT t.theme, t.board, t.quarter, COUNT(*), COUNT(DISTINCT t.group_id) `+
		from+` GROUP BY t.quarter, t.theme, t.board ORDER BY t.quarter, t.theme, t.board`, args, func(r *sql.Rows) error {
		var c ThemeCount
		err := r.Scan(&c.Theme, &c.Board, &c.Quarter, &c.Cards, &c.Groups)
		out = append(out, c)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: theme counts: %w", err)
	}
	return out, nil
}

// ThemeTotal is one theme over the whole filtered period: its cards per board and the number of
// distinct groups it came up in (which cannot be added up from the quarters).
type ThemeTotal struct {
	Theme                   string
	Bottlenecks, Successes  int
	Groups, Meetings, Cards int
}

// ThemeTotals counts per theme over the filtered period, and overall (Theme "") as the last
// element when there are any cards.
func (s *Store) ThemeTotals(ctx context.Context, f ThemeFilter) ([]ThemeTotal, error) {
	from, args := f.where()
	q := `SELECT t.theme, SUM(t.board = 'bottleneck'), SUM(t.board = 'success'), COUNT(DISTINCT t.group_id),
		COUNT(DISTINCT t.meeting_id), COUNT(*) ` + from + ` GROUP BY t.theme
		UNION ALL
		SELECT '', SUM(t.board = 'bottleneck'), SUM(t.board = 'success'), COUNT(DISTINCT t.group_id),
		COUNT(DISTINCT t.meeting_id), COUNT(*) ` + from + ` HAVING COUNT(*) > 0`
	var out []ThemeTotal
	err := s.eachRow(ctx, q, append(args, args...), func(r *sql.Rows) error {
		var t ThemeTotal
		err := r.Scan(&t.Theme, &t.Bottlenecks, &t.Successes, &t.Groups, &t.Meetings, &t.Cards)
		out = append(out, t)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: theme totals: %w", err)
	}
	return out, nil
}

// ThemeQuarters lists the quarters that have themed cards of closed meetings, oldest first,
// for the period choice.
func (s *Store) ThemeQuarters(ctx context.Context) ([]string, error) {
	var out []string
	err := s.eachRow(ctx, `SELECT DISTINCT quarter FROM card_themes ORDER BY quarter`, nil, func(r *sql.Rows) error {
		var q string
		err := r.Scan(&q)
		out = append(out, q)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: theme quarters: %w", err)
	}
	return out, nil
}

// ThemeCard is one card behind a theme, as the municipality may read it: the text, its board
// and its quarter, never who wrote it or in which group.
type ThemeCard struct {
	Board, Quarter, Text string
}

// ThemeCards lists the cards of one theme under the filter, newest first, one page at a time
// (limit -1: all), with the total number of cards.
func (s *Store) ThemeCards(ctx context.Context, theme string, f ThemeFilter, limit, offset int) ([]ThemeCard, int, error) {
	from, args := f.where()
	from += " AND t.theme = ?"
	args = append(args, theme)
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) `+from, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: theme %q cards: %w", theme, err)
	}
	var out []ThemeCard
	err := s.eachRow(ctx, `SELECT t.board, t.quarter, t.text `+from+
		` ORDER BY t.held_at DESC, t.meeting_id DESC, t.card_id LIMIT ? OFFSET ?`, append(args, limit, offset), func(r *sql.Rows) error {
		var c ThemeCard
		err := r.Scan(&c.Board, &c.Quarter, &c.Text)
		out = append(out, c)
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("store: theme %q cards: %w", theme, err)
	}
	return out, total, nil
}
