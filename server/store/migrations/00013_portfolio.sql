-- The professional's portfolio: the register a person is in (SKJ, Registerplein) with their
-- number, whether an online meeting had live image and sound for everyone (registers count
-- only those as contact), reflections on a series of meetings (three dimensions, private, which a
-- coach can countersign), and the exported portfolios that anyone can check by their code.
-- Times are INTEGER Unix milliseconds (UTC).

-- +goose Up
CREATE TABLE registrations (
    user_id     INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    register    TEXT NOT NULL CHECK (register IN ('skj', 'registerplein', 'other')),
    number      TEXT NOT NULL DEFAULT '',
    since       INTEGER,
    updated_at  INTEGER NOT NULL
);

ALTER TABLE meetings ADD COLUMN video INTEGER NOT NULL DEFAULT 1 CHECK (video IN (0, 1));

CREATE TABLE series_reflections (
    id                  INTEGER PRIMARY KEY,
    user_id             INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    group_id            INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    technical           TEXT NOT NULL CHECK (length(technical) <= 10000),
    normative           TEXT NOT NULL CHECK (length(normative) <= 10000),
    personal            TEXT NOT NULL CHECK (length(personal) <= 10000),
    meetings            INTEGER NOT NULL,
    minutes             INTEGER NOT NULL,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    sign_requested_at   INTEGER,
    signed_by           INTEGER REFERENCES users (id) ON DELETE SET NULL,
    signed_name         TEXT NOT NULL DEFAULT '',
    signed_register     TEXT NOT NULL DEFAULT '',
    signed_number       TEXT NOT NULL DEFAULT '',
    signed_at           INTEGER
);
CREATE INDEX series_reflections_user ON series_reflections (user_id, created_at);
CREATE INDEX series_reflections_group ON series_reflections (group_id, sign_requested_at);

CREATE TABLE portfolio_exports (
    code        TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    data        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX portfolio_exports_user ON portfolio_exports (user_id, created_at);

-- +goose Down
DROP TABLE portfolio_exports;
DROP TABLE series_reflections;
ALTER TABLE meetings DROP COLUMN video;
DROP TABLE registrations;
