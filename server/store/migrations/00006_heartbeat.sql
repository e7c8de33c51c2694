-- Readiness: one row the /readyz check rewrites in a transaction, proving the database
-- accepts writes (not locked, not read-only, disk not full).

-- +goose Up
CREATE TABLE heartbeat (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    written_at  INTEGER NOT NULL
);
INSERT INTO heartbeat (id, written_at) VALUES (1, 0);

-- +goose Down
DROP TABLE heartbeat;
