-- Themes: every themed card (bottleneck or success) of every closed meeting, copied out of the
-- meeting's report when it is saved, so the municipality's theme pages count with an index
-- instead of reading every report's JSON. The table holds no author and no names: only the
-- organisation of the card's author (for the organisation filter), the group's id (to count in
-- how many groups a theme recurs) and the quarter the meeting closed in (UTC).
-- Times are INTEGER Unix milliseconds.

-- +goose Up
CREATE TABLE card_themes (
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    card_id     INTEGER NOT NULL,
    board       TEXT NOT NULL CHECK (board IN ('success', 'bottleneck')),
    theme       TEXT NOT NULL,
    text        TEXT NOT NULL,
    group_id    INTEGER NOT NULL,
    org_id      INTEGER,
    held_at     INTEGER NOT NULL,
    quarter     TEXT NOT NULL,
    PRIMARY KEY (meeting_id, card_id)
) WITHOUT ROWID;
-- The counts read only these indexes (each also holds the key meeting_id, card_id): per quarter,
-- per theme (which also orders a theme's cards for the drill-down), and per organisation.
CREATE INDEX card_themes_quarter ON card_themes (quarter, theme, board, group_id, org_id);
CREATE INDEX card_themes_theme ON card_themes (theme, held_at, board, group_id, quarter, org_id);
CREATE INDEX card_themes_org ON card_themes (org_id, quarter, theme, board, group_id);

-- Backfill from the reports of meetings closed before this migration: the same statement as
-- cardThemesFromReports in server/store/card_theme.go, without its filter on one meeting.
WITH cards AS (
    SELECT r.meeting_id, r.created_at, 'bottleneck' AS board, j.value AS card
    FROM meeting_reports r, json_each(CASE WHEN json_valid(r.data) THEN r.data ELSE '{}' END, '$.bottlenecks') j
    UNION ALL
    SELECT r.meeting_id, r.created_at, 'success' AS board, j.value AS card
    FROM meeting_reports r, json_each(CASE WHEN json_valid(r.data) THEN r.data ELSE '{}' END, '$.successes') j
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
WHERE COALESCE(json_extract(c.card, '$.theme'), '') <> '' AND json_extract(c.card, '$.id') IS NOT NULL;

-- +goose Down
DROP TABLE card_themes;
