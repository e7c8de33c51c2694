-- Meetings around the room: a series of meetings (every N weeks), a video link, a SEQUENCE
-- per meeting that rises on every change so calendars update the entry instead of adding one,
-- an outbox of e-mails (invitations, cancellations, reminders) sent by the scheduler with a
-- claim before and a mark after each send, and an opt-out of reminders per person.
-- Times are INTEGER Unix milliseconds (UTC).

-- +goose Up
CREATE TABLE meeting_series (
    id           INTEGER PRIMARY KEY,
    group_id     INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    every_weeks  INTEGER NOT NULL CHECK (every_weeks BETWEEN 1 AND 12),
    created_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX meeting_series_group ON meeting_series (group_id);

ALTER TABLE meetings ADD COLUMN series_id INTEGER REFERENCES meeting_series (id) ON DELETE SET NULL;
ALTER TABLE meetings ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0;
ALTER TABLE meetings ADD COLUMN video_url TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN updated_at INTEGER;
CREATE INDEX meetings_series ON meetings (series_id, starts_at);
CREATE INDEX meetings_status_start ON meetings (status, starts_at);

ALTER TABLE users ADD COLUMN reminders_off INTEGER NOT NULL DEFAULT 0 CHECK (reminders_off IN (0, 1));

-- One row per e-mail to send. dedupe makes enqueueing idempotent (a reminder is due once per
-- person, meeting and start time). claimed_at is written before the SMTP exchange and sent_at
-- after it; a claim older than the lease (a crash mid-send) is tried again with the same
-- Message-ID, so a receiving server can drop the duplicate.
CREATE TABLE mail_outbox (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('invite', 'cancel', 'reminder')),
    meeting_id  INTEGER REFERENCES meetings (id) ON DELETE CASCADE,
    user_id     INTEGER REFERENCES users (id) ON DELETE CASCADE,
    dedupe      TEXT UNIQUE,
    to_addr     TEXT NOT NULL,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    ics         TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    claimed_at  INTEGER,
    sent_at     INTEGER,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX mail_outbox_due ON mail_outbox (sent_at, claimed_at);

-- +goose Down
DROP TABLE mail_outbox;
DROP INDEX meetings_status_start;
DROP INDEX meetings_series;
ALTER TABLE users DROP COLUMN reminders_off;
ALTER TABLE meetings DROP COLUMN updated_at;
ALTER TABLE meetings DROP COLUMN video_url;
ALTER TABLE meetings DROP COLUMN sequence;
ALTER TABLE meetings DROP COLUMN series_id;
DROP TABLE meeting_series;
