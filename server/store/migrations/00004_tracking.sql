-- Tracking: each organisation's own definition of "trained" and every change to it (who, when,
-- old and new), plus the indexes the training dashboards and exports read through.
-- Module slugs are kept as one space-separated TEXT (slugs have no spaces): they name content
-- files, never rows. Times are INTEGER Unix milliseconds (UTC).

-- +goose Up
CREATE TABLE training_definitions (
    org_id         INTEGER PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
    modules        TEXT NOT NULL DEFAULT '',
    min_meetings   INTEGER NOT NULL CHECK (min_meetings >= 0),
    window_months  INTEGER NOT NULL CHECK (window_months BETWEEN 1 AND 36),
    set_by         INTEGER REFERENCES users (id) ON DELETE SET NULL,
    set_at         INTEGER NOT NULL
);

CREATE TABLE training_definition_changes (
    id                 INTEGER PRIMARY KEY,
    org_id             INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    changed_by         INTEGER REFERENCES users (id) ON DELETE SET NULL,
    changed_by_name    TEXT NOT NULL,
    changed_at         INTEGER NOT NULL,
    old_modules        TEXT NOT NULL,
    old_min_meetings   INTEGER NOT NULL,
    old_window_months  INTEGER NOT NULL,
    new_modules        TEXT NOT NULL,
    new_min_meetings   INTEGER NOT NULL,
    new_window_months  INTEGER NOT NULL
);
CREATE INDEX training_definition_changes_org ON training_definition_changes (org_id, changed_at);

-- Closed meetings by when they were held (attendance is only read for closed meetings).
CREATE INDEX meetings_status_opened ON meetings (status, opened_at);

-- +goose Down
DROP INDEX meetings_status_opened;
DROP TABLE training_definition_changes;
DROP TABLE training_definitions;
