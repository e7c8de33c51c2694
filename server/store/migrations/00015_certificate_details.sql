-- What a register asks to see on a certificate: the module's learning goals and its
-- accreditation number, kept as they were when the certificate was earned (one goal per line).

-- +goose Up
ALTER TABLE certificates ADD COLUMN goals TEXT NOT NULL DEFAULT '';
ALTER TABLE certificates ADD COLUMN accreditation TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE certificates DROP COLUMN accreditation;
ALTER TABLE certificates DROP COLUMN goals;
