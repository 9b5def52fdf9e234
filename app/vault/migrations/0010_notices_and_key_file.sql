-- Custos schema 10: notices for owners, and the database's copy of vault.keys.
--
-- A notice tells one user, at their next sign-in, about something done to the vault that
-- they must know of (a password reset with the recovery code). It stays until they have seen it.
CREATE TABLE notices (
    id        INTEGER PRIMARY KEY,
    recipient TEXT NOT NULL COLLATE NOCASE,
    at        TEXT NOT NULL,
    kind      TEXT NOT NULL,
    details   TEXT NOT NULL DEFAULT '{}',
    seen_at   TEXT
);
CREATE INDEX notices_unseen ON notices (recipient) WHERE seen_at IS NULL;

-- The key slots as last committed, with a generation number that vault.keys carries too.
-- A change of users, roles or the policy commits here (with its users row and audit entry)
-- before vault.keys is written; an unlock that finds this newer than vault.keys rewrites the
-- file from it (app/vault/vault.py). It holds only wrapped keys, as vault.keys does.
CREATE TABLE key_file (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL,
    content    TEXT NOT NULL
);
