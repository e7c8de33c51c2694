-- The municipality's overview takes each person's last activity as the latest lesson opened,
-- lesson completed and answer saved (store.StaffOverview). lesson_opens_recent already makes
-- the first a single index seek per person; these make the other two seeks as well, instead of
-- reading every completion and every answer row (with its text) of every person on each request.

-- +goose Up
CREATE INDEX lesson_completions_recent ON lesson_completions (user_id, completed_at);
CREATE INDEX prompt_answers_recent ON prompt_answers (user_id, updated_at);

-- +goose Down
DROP INDEX prompt_answers_recent;
DROP INDEX lesson_completions_recent;
