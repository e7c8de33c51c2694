-- An agreement's owner and date can be set by the group's coach after the meeting (a card
-- written as "wie: iemand" names nobody, or the wrong person). edited_at and edited_by say
-- when and by whom; once set, a report saved again (after a crash) no longer overwrites the
-- owner and date with what was written on the card.
-- Times are INTEGER Unix milliseconds.

-- +goose Up
ALTER TABLE agreements ADD COLUMN edited_at INTEGER;
ALTER TABLE agreements ADD COLUMN edited_by INTEGER REFERENCES users (id) ON DELETE SET NULL;

-- +goose Down
ALTER TABLE agreements DROP COLUMN edited_by;
ALTER TABLE agreements DROP COLUMN edited_at;
