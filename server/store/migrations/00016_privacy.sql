-- Privacy (AVG): the audit log of who looked at or changed personal records. actor_name is
-- kept beside actor_id so an entry stays readable after the actor's account is gone (account
-- deletion rewrites it to "oud-deelnemer"); detail is a small JSON object; org_id is the
-- organisation whose admin may read the entry (NULL: only the municipality admin).
-- Times are INTEGER Unix milliseconds (UTC).

-- +goose Up
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    actor_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    actor_name  TEXT NOT NULL,
    action      TEXT NOT NULL,
    subject     TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT '{}',
    org_id      INTEGER REFERENCES organisations (id) ON DELETE CASCADE
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_org ON audit_log (org_id, at);
CREATE INDEX audit_log_actor ON audit_log (actor_id);
CREATE INDEX room_events_user ON room_events (user_id);

-- +goose Down
DROP INDEX room_events_user;
DROP TABLE audit_log;
