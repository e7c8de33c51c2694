-- Live rooms: the event log of every meeting, attendance intervals taken from presence, and
-- the report written when the coach closes the meeting. Times are INTEGER Unix milliseconds.

-- +goose Up
-- One row per change in a room. seq is dense per meeting (1, 2, 3 ...). client_id is the id the
-- browser gave the action (NULL for server-made events); the UNIQUE key makes a resend after a
-- lost ack, even across restarts, find the first row instead of adding a second one.
CREATE TABLE room_events (
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL CHECK (seq > 0),
    user_id     INTEGER NOT NULL,
    client_id   TEXT,
    op          TEXT NOT NULL,
    data        TEXT NOT NULL DEFAULT '{}',
    at          INTEGER NOT NULL,
    PRIMARY KEY (meeting_id, seq),
    UNIQUE (meeting_id, user_id, client_id)
) WITHOUT ROWID;

-- One row per websocket connection. left_at is written at join (= joined_at) and moved forward
-- while the person stays and on leave, so a crash loses at most the last heartbeat interval.
CREATE TABLE attendance (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL,
    joined_at   INTEGER NOT NULL,
    left_at     INTEGER NOT NULL,
    CHECK (left_at >= joined_at)
);
CREATE INDEX attendance_meeting ON attendance (meeting_id, user_id, joined_at);
CREATE INDEX attendance_user ON attendance (user_id, joined_at);

CREATE TABLE meeting_reports (
    meeting_id  INTEGER PRIMARY KEY REFERENCES meetings (id) ON DELETE CASCADE,
    markdown    TEXT NOT NULL,
    data        TEXT NOT NULL DEFAULT '{}',
    created_at  INTEGER NOT NULL
);

-- +goose Down
DROP TABLE meeting_reports;
DROP TABLE attendance;
DROP TABLE room_events;
