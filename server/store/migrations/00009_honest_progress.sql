-- Honest progress: a lesson is done when the person presses "Les afronden" after answering its
-- required prompts (not when the page was opened), and a check question scores on the first
-- attempt (later attempts still get feedback but change no score).

-- +goose Up
CREATE TABLE lesson_completions (
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    module        TEXT NOT NULL,
    lesson        TEXT NOT NULL,
    completed_at  INTEGER NOT NULL,
    PRIMARY KEY (user_id, module, lesson)
) WITHOUT ROWID;

-- The first choice of a check question and whether it was right; NULL for text answers.
ALTER TABLE prompt_answers ADD COLUMN first_choice INTEGER CHECK (first_choice IS NULL OR first_choice >= 0);
ALTER TABLE prompt_answers ADD COLUMN first_correct INTEGER NOT NULL DEFAULT 0 CHECK (first_correct IN (0, 1));
-- Before this migration only the latest answer was kept: it is the best record of a first one.
UPDATE prompt_answers SET first_choice = choice, first_correct = correct WHERE choice IS NOT NULL;

-- +goose Down
ALTER TABLE prompt_answers DROP COLUMN first_correct;
ALTER TABLE prompt_answers DROP COLUMN first_choice;
DROP TABLE lesson_completions;
