-- Network maps (netwerkkaarten): a person's own network, maps made in a practice exercise and
-- (anonymised) maps of clients. Every map belongs to one person and only its owner reads it,
-- like a reflection. A map is kept as versioned JSON (kring/server/netmap); every save adds a
-- dated version, so nothing saved is ever overwritten. A copy remembers its origin, so then
-- and now can be compared. Times are INTEGER Unix milliseconds (UTC).

-- +goose Up
CREATE TABLE network_maps (
    id           INTEGER PRIMARY KEY,
    owner_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('own', 'practice', 'client')),
    title        TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 400),
    copied_from  INTEGER REFERENCES network_maps (id) ON DELETE SET NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX network_maps_owner ON network_maps (owner_id, updated_at);

CREATE TABLE network_map_versions (
    map_id    INTEGER NOT NULL REFERENCES network_maps (id) ON DELETE CASCADE,
    n         INTEGER NOT NULL CHECK (n >= 1),
    map_date  TEXT NOT NULL CHECK (length(map_date) = 10),
    body      TEXT NOT NULL CHECK (length(body) <= 200000),
    saved_at  INTEGER NOT NULL,
    PRIMARY KEY (map_id, n)
) WITHOUT ROWID;

-- +goose Down
DROP TABLE network_map_versions;
DROP TABLE network_maps;
