-- Foundation: organisations, people, sessions, invitations, first-run setup, groups and meetings.
-- Times are INTEGER Unix milliseconds (UTC).

-- +goose Up
CREATE TABLE organisations (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    created_at  INTEGER NOT NULL
);

CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    email          TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name           TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('trainee', 'coach', 'org_admin', 'muni_admin')),
    org_id         INTEGER REFERENCES organisations (id) ON DELETE RESTRICT,
    lang           TEXT NOT NULL DEFAULT '' CHECK (lang IN ('', 'nl', 'en')),
    created_at     INTEGER NOT NULL,
    disabled_at    INTEGER
);
CREATE INDEX users_org ON users (org_id);

CREATE TABLE sessions (
    id_hash       BLOB PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE invites (
    id          INTEGER PRIMARY KEY,
    token_hash  BLOB NOT NULL UNIQUE,
    org_id      INTEGER REFERENCES organisations (id) ON DELETE CASCADE,
    role        TEXT NOT NULL CHECK (role IN ('trainee', 'coach', 'org_admin', 'muni_admin')),
    email       TEXT NOT NULL DEFAULT '',
    created_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER,
    used_by     INTEGER REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX invites_org ON invites (org_id);

CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  BLOB NOT NULL
);

CREATE TABLE setup_tokens (
    token_hash  BLOB PRIMARY KEY,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER
);

CREATE TABLE groups (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    coach_id     INTEGER NOT NULL REFERENCES users (id),
    created_at   INTEGER NOT NULL,
    archived_at  INTEGER
);
CREATE INDEX groups_coach ON groups (coach_id);

CREATE TABLE group_members (
    group_id  INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    added_at  INTEGER NOT NULL,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user ON group_members (user_id);

CREATE TABLE meetings (
    id          INTEGER PRIMARY KEY,
    group_id    INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    title       TEXT NOT NULL DEFAULT '',
    method      TEXT NOT NULL,
    starts_at   INTEGER NOT NULL,
    minutes     INTEGER NOT NULL CHECK (minutes BETWEEN 15 AND 480),
    location    TEXT NOT NULL DEFAULT '',
    online      INTEGER NOT NULL DEFAULT 0,
    status      TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'live', 'closed', 'cancelled')),
    opened_at   INTEGER,
    closed_at   INTEGER,
    created_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX meetings_group ON meetings (group_id, starts_at);

-- +goose Down
DROP TABLE meetings;
DROP TABLE group_members;
DROP TABLE groups;
DROP TABLE setup_tokens;
DROP TABLE settings;
DROP TABLE invites;
DROP TABLE sessions;
DROP TABLE users;
DROP TABLE organisations;
