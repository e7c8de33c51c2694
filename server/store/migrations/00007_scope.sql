-- Data scope: the history of group membership (who was a member when a meeting was held, for
-- reading its report), the organisations a group is open to (the coach's member picker), and
-- revocable invites. Times are INTEGER Unix milliseconds (UTC).

-- +goose Up
-- One row per stay in a group: group_members stays the list of current members; this table
-- also keeps the stays that ended.
CREATE TABLE group_memberships (
    id         INTEGER PRIMARY KEY,
    group_id   INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    joined_at  INTEGER NOT NULL,
    left_at    INTEGER,
    CHECK (left_at IS NULL OR left_at >= joined_at)
);
CREATE INDEX group_memberships_member ON group_memberships (group_id, user_id);
CREATE INDEX group_memberships_user ON group_memberships (user_id);
-- At most one open stay per person and group.
CREATE UNIQUE INDEX group_memberships_open ON group_memberships (group_id, user_id) WHERE left_at IS NULL;
INSERT INTO group_memberships (group_id, user_id, joined_at) SELECT group_id, user_id, added_at FROM group_members;

-- The organisations whose trainees a group's coach may pick as members.
CREATE TABLE group_organisations (
    group_id  INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    org_id    INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, org_id)
);
-- Existing groups stay open to the organisations of their coach and their current members.
INSERT OR IGNORE INTO group_organisations (group_id, org_id)
    SELECT g.id, u.org_id FROM groups g JOIN users u ON u.id = g.coach_id WHERE u.org_id IS NOT NULL;
INSERT OR IGNORE INTO group_organisations (group_id, org_id)
    SELECT m.group_id, u.org_id FROM group_members m JOIN users u ON u.id = m.user_id WHERE u.org_id IS NOT NULL;

ALTER TABLE invites ADD COLUMN revoked_at INTEGER;

-- +goose Down
ALTER TABLE invites DROP COLUMN revoked_at;
DROP TABLE group_organisations;
DROP TABLE group_memberships;
