-- Learning: which lessons a person opened, their answers to prompts, certificates issued when a
-- module is complete, and favourite questions of the bank. Modules, lessons, prompts and
-- questions live in content files, so they are referred to by slug/id (TEXT), never by a
-- foreign key: a content change can add or remove them without touching stored progress.
-- Times are INTEGER Unix milliseconds (UTC).

-- +goose Up
CREATE TABLE lesson_opens (
    user_id          INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    module           TEXT NOT NULL,
    lesson           TEXT NOT NULL,
    first_opened_at  INTEGER NOT NULL,
    last_opened_at   INTEGER NOT NULL,
    PRIMARY KEY (user_id, module, lesson)
) WITHOUT ROWID;
CREATE INDEX lesson_opens_recent ON lesson_opens (user_id, last_opened_at);

-- The latest answer per person, module and prompt: private free text (reflection, case) or the
-- chosen option of a check question with whether it was right. Only its author ever reads it.
CREATE TABLE prompt_answers (
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    module      TEXT NOT NULL,
    prompt_id   TEXT NOT NULL,
    text        TEXT NOT NULL DEFAULT '' CHECK (length(text) <= 20000),
    choice      INTEGER CHECK (choice IS NULL OR choice >= 0),
    correct     INTEGER NOT NULL DEFAULT 0 CHECK (correct IN (0, 1)),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (user_id, module, prompt_id)
) WITHOUT ROWID;

-- One certificate per person and module, keeping what it was earned under (title, version,
-- hours, the person's name then), so later content changes never change or revoke it.
CREATE TABLE certificates (
    id              INTEGER PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE,
    user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    module          TEXT NOT NULL,
    module_title    TEXT NOT NULL,
    module_version  INTEGER NOT NULL,
    hours           REAL NOT NULL,
    name            TEXT NOT NULL,
    issued_at       INTEGER NOT NULL,
    revoked_at      INTEGER,
    revoked_reason  TEXT NOT NULL DEFAULT '',
    UNIQUE (user_id, module)
);

CREATE TABLE question_favourites (
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    question_id  TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (user_id, question_id)
) WITHOUT ROWID;

-- +goose Down
DROP TABLE question_favourites;
DROP TABLE certificates;
DROP TABLE prompt_answers;
DROP TABLE lesson_opens;
