-- Sign-in with the employer's account (OpenID Connect): one provider per organisation, the
-- e-mail domains that belong to it, the identities (issuer + subject) linked to people, and the
-- sign-ins on their way through the provider. Times are INTEGER Unix milliseconds (UTC).

-- +goose Up
CREATE TABLE sso_providers (
    id                 INTEGER PRIMARY KEY,
    org_id             INTEGER NOT NULL UNIQUE REFERENCES organisations (id) ON DELETE CASCADE,
    issuer             TEXT NOT NULL,
    client_id          TEXT NOT NULL,
    client_secret      TEXT NOT NULL,
    new_user_role      TEXT NOT NULL CHECK (new_user_role IN ('trainee', 'coach', 'org_admin')),
    required           INTEGER NOT NULL DEFAULT 0,
    secret_expires_at  INTEGER,
    updated_by         INTEGER REFERENCES users (id) ON DELETE SET NULL,
    updated_at         INTEGER NOT NULL
);

-- A domain belongs to at most one provider, so an address never has two ways in.
CREATE TABLE sso_domains (
    domain       TEXT PRIMARY KEY COLLATE NOCASE,
    provider_id  INTEGER NOT NULL REFERENCES sso_providers (id) ON DELETE CASCADE
);
CREATE INDEX sso_domains_provider ON sso_domains (provider_id);

-- A person is linked once: one identity per account, and an identity names one account.
CREATE TABLE sso_identities (
    issuer       TEXT NOT NULL,
    subject      TEXT NOT NULL,
    user_id      INTEGER NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
    provider_id  INTEGER REFERENCES sso_providers (id) ON DELETE SET NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (issuer, subject)
);

-- A sign-in between leaving for the provider and coming back; used once, then deleted.
CREATE TABLE sso_logins (
    state_hash   BLOB PRIMARY KEY,
    provider_id  INTEGER NOT NULL REFERENCES sso_providers (id) ON DELETE CASCADE,
    nonce        TEXT NOT NULL,
    verifier     TEXT NOT NULL,
    next         TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
);
CREATE INDEX sso_logins_expiry ON sso_logins (expires_at);

-- Which provider a session came through, so sign-out can offer the provider's sign-out too.
CREATE TABLE sso_sessions (
    id_hash      BLOB PRIMARY KEY REFERENCES sessions (id_hash) ON DELETE CASCADE,
    provider_id  INTEGER NOT NULL REFERENCES sso_providers (id) ON DELETE CASCADE
);

-- +goose Down
DROP TABLE sso_sessions;
DROP TABLE sso_logins;
DROP TABLE sso_identities;
DROP TABLE sso_domains;
DROP TABLE sso_providers;
