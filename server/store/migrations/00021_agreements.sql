-- Agreements that come back: every card on the agreement board of a closed meeting becomes a
-- row here, written from the meeting's report in the same transaction that stores the report
-- (so a crash never loses or doubles one). The next meeting of the group lists the open ones
-- in its opening phase, where the owner or the coach marks each done or carried over; that
-- meeting's report, when it is stored, updates the rows. A person's own open agreements are
-- "Mijn afspraken" on their home page.
-- status: open (not yet looked at again), carried (carried over at least once, still open) or
-- done (resolved_* say in which meeting, when and by whom). owner_name is the owner as written
-- on the card; owner_id the member it named, when that was clear.
-- Times are INTEGER Unix milliseconds; due is a date, YYYY-MM-DD.

-- +goose Up
CREATE TABLE agreements (
    id                   INTEGER PRIMARY KEY,
    group_id             INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    meeting_id           INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    card_id              INTEGER NOT NULL,
    text                 TEXT NOT NULL,
    owner_name           TEXT NOT NULL DEFAULT '',
    owner_id             INTEGER REFERENCES users (id) ON DELETE SET NULL,
    due                  TEXT CHECK (due IS NULL OR due GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    status               TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'carried')),
    carried_meeting_id   INTEGER REFERENCES meetings (id) ON DELETE SET NULL,
    resolved_meeting_id  INTEGER REFERENCES meetings (id) ON DELETE SET NULL,
    resolved_at          INTEGER,
    resolved_by          INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at           INTEGER NOT NULL,
    UNIQUE (meeting_id, card_id)
);
CREATE INDEX agreements_group ON agreements (group_id, status);
CREATE INDEX agreements_owner ON agreements (owner_id, status);
CREATE INDEX agreements_resolved ON agreements (resolved_meeting_id);

-- Backfill from the reports of meetings closed before this migration. Those reports name the
-- owner only as text: it becomes owner_id when exactly one member (or the coach) of the group
-- has that name.
INSERT INTO agreements (group_id, meeting_id, card_id, text, owner_name, owner_id, due, created_at)
SELECT m.group_id, r.meeting_id, json_extract(j.value, '$.id'), COALESCE(json_extract(j.value, '$.text'), ''),
       COALESCE(json_extract(j.value, '$.owner'), ''),
       (SELECT CASE WHEN COUNT(*) = 1 THEN MIN(u.id) END FROM users u
         WHERE lower(u.name) = lower(trim(COALESCE(json_extract(j.value, '$.owner'), '')))
           AND (u.id = g.coach_id OR u.id IN (SELECT gm.user_id FROM group_members gm WHERE gm.group_id = m.group_id))),
       CASE WHEN COALESCE(json_extract(j.value, '$.due'), '') GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
            THEN json_extract(j.value, '$.due') END,
       COALESCE(m.closed_at, r.created_at)
FROM meeting_reports r
JOIN meetings m ON m.id = r.meeting_id
JOIN groups g ON g.id = m.group_id,
     json_each(CASE WHEN json_valid(r.data) THEN r.data ELSE '{}' END, '$.agreements') j
WHERE m.status = 'closed' AND json_extract(j.value, '$.id') IS NOT NULL
ON CONFLICT (meeting_id, card_id) DO NOTHING;

-- +goose Down
DROP TABLE agreements;
