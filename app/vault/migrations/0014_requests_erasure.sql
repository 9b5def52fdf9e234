-- Custos schema 14: customers' requests, real erasure, legal holds and retention.
--
-- Customer ids are never handed out twice: the highest id ever given is kept here, and
-- customers.create_many starts after it (an erased customer's id stays in old audit entries
-- and in the erasure ledger, and must keep meaning that one person).
CREATE TABLE customer_id_high (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    high INTEGER NOT NULL
);
INSERT INTO customer_id_high (id, high) VALUES (1, (SELECT ifnull(max(id), 0) FROM customers));

-- The erasure ledger: one row per erased customer, holding only salted hashes of their
-- identifiers (salt: meta erasure_salt). A restored backup or a merged field pack replays it
-- (app/erasure.py reapply_erasures), so nobody erased comes back.
CREATE TABLE erasure_ledger (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    uid          TEXT NOT NULL UNIQUE,          -- random; identifies the entry across copies of the vault
    customer_id  INTEGER NOT NULL,
    merged_ids   TEXT NOT NULL DEFAULT '[]',    -- ids merged into the customer, erased with them
    erased_at    TEXT NOT NULL,
    erased_by    TEXT NOT NULL,
    reason       TEXT NOT NULL,                 -- request, retention, purge, reapplied
    request_id   INTEGER,
    hashes       TEXT NOT NULL DEFAULT '{}',    -- JSON {name|phone|email|id_number: salted SHA-256}
    held_fields  TEXT NOT NULL DEFAULT '[]',    -- fields kept under a legal hold
    held_until   TEXT,
    held_reason  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX erasure_ledger_by_customer ON erasure_ledger (customer_id);
INSERT INTO meta (key, value) VALUES ('erasure_salt', lower(hex(randomblob(16))));

-- Set only inside an erasure's transaction: the consent history's triggers refuse every
-- DELETE except of the customers listed here (consent history stays append-only otherwise).
CREATE TABLE erasing (
    customer_id INTEGER PRIMARY KEY
);

DROP TRIGGER consents_no_delete;
CREATE TRIGGER consents_no_delete BEFORE DELETE ON consents
    WHEN NOT EXISTS (SELECT 1 FROM erasing WHERE customer_id = OLD.customer_id) BEGIN
    SELECT RAISE(ABORT, 'consent history is append-only');
END;
DROP TRIGGER consent_evidence_no_delete;
CREATE TRIGGER consent_evidence_no_delete BEFORE DELETE ON consent_evidence
    WHEN NOT EXISTS (SELECT 1 FROM erasing) BEGIN
    SELECT RAISE(ABORT, 'consent evidence is never deleted');
END;

-- Deleting consent records checks the foreign keys that point at them (a withdrawal names
-- the record it withdraws, a record its evidence): without these, every deleted row would
-- scan the whole consent history.
CREATE INDEX consents_by_withdraws ON consents (withdraws) WHERE withdraws IS NOT NULL;
CREATE INDEX consents_by_evidence ON consents (evidence_id) WHERE evidence_id IS NOT NULL;

-- Erasures whose freed index pages and WAL are still to be scrubbed (app/erasure.py scrub).
INSERT INTO meta (key, value) VALUES ('scrub_pending', '0');
-- Soft-deleted customers are erased for good once this many days have passed.
INSERT INTO meta (key, value) VALUES ('purge_grace_days', '30');

-- Legal holds (PIPL Art. 47 para. 2): fields of a customer kept for a stated period, with
-- the reason, when the customer is erased. Their values then live only in held_values.
CREATE TABLE legal_holds (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id INTEGER NOT NULL,
    fields      TEXT NOT NULL,                  -- JSON array of field keys
    reason      TEXT NOT NULL,
    until       TEXT NOT NULL,                  -- YYYY-MM-DD: kept up to and including this day
    request_id  INTEGER,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    released_at TEXT,
    released_by TEXT
);
CREATE INDEX legal_holds_by_customer ON legal_holds (customer_id);

CREATE TABLE held_values (
    hold_id     INTEGER NOT NULL REFERENCES legal_holds (id),
    customer_id INTEGER NOT NULL,
    field       TEXT NOT NULL,
    value       TEXT NOT NULL,                  -- as stored (sensitive values stay encrypted)
    PRIMARY KEY (hold_id, field)
);

-- The requests register (app/requests.py).
CREATE TABLE requests (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    type               TEXT NOT NULL CHECK (type IN ('know', 'correct', 'delete', 'withdraw', 'restrict',
                                                     'portability', 'explain')),
    customer_id        INTEGER,
    received_at        TEXT NOT NULL,           -- YYYY-MM-DD
    received_via       TEXT NOT NULL,
    requester          TEXT NOT NULL DEFAULT '',
    requester_relation TEXT NOT NULL DEFAULT 'self',
    requester_contact  TEXT NOT NULL DEFAULT '',
    identity_method    TEXT NOT NULL DEFAULT '',
    identity_status    TEXT NOT NULL DEFAULT 'pending'
                       CHECK (identity_status IN ('pending', 'verified', 'failed')),
    details            TEXT NOT NULL DEFAULT '',
    handler            TEXT NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('open', 'awaiting_identity', 'closed')),
    regime             TEXT NOT NULL,
    pauses             TEXT NOT NULL DEFAULT '[]',   -- JSON [[from, to or null], ...] (dates)
    extended           INTEGER NOT NULL DEFAULT 0,
    extension_reason   TEXT NOT NULL DEFAULT '',
    outcome            TEXT CHECK (outcome IN ('done', 'partly_done', 'refused')),
    reasons            TEXT NOT NULL DEFAULT '[]',   -- JSON [{"code": ..., "text": ...}]
    reply              TEXT NOT NULL DEFAULT '',
    personal_erased    INTEGER NOT NULL DEFAULT 0,   -- requester details removed with the customer
    created_at         TEXT NOT NULL,
    created_by         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    closed_at          TEXT,
    closed_by          TEXT
);
CREATE INDEX requests_open ON requests (status) WHERE status <> 'closed';
CREATE INDEX requests_by_customer ON requests (customer_id);

CREATE TABLE request_events (
    id         INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES requests (id),
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    kind       TEXT NOT NULL,
    details    TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX request_events_by_request ON request_events (request_id, id);

-- Retention rules (app/retention.py) and the reviews an owner approves.
CREATE TABLE retention_rules (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    scope      TEXT NOT NULL CHECK (scope IN ('purpose', 'field')),
    target     TEXT NOT NULL,                   -- a purpose, or a field key
    months     INTEGER NOT NULL CHECK (months >= 0),
    basis      TEXT NOT NULL CHECK (basis IN ('last_activity', 'consent_withdrawn')),
    action     TEXT NOT NULL CHECK (action IN ('erase', 'anonymise')),
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    removed_at TEXT
);

CREATE TABLE retention_reviews (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT NOT NULL,
    by          TEXT NOT NULL,
    on_day      TEXT NOT NULL,
    due         TEXT NOT NULL,                  -- JSON, see app/retention.py Review
    applied_at  TEXT,
    applied_by  TEXT
);

-- Erasing customers and applying retention are permissions (app/access.py); the built-in
-- owner and manager start with both, like deleting.
UPDATE roles SET permissions = json_insert(permissions, '$[#]', 'erase_customers')
 WHERE builtin = 1 AND name IN ('owner', 'manager')
   AND NOT EXISTS (SELECT 1 FROM json_each(roles.permissions) WHERE value = 'erase_customers');
UPDATE roles SET permissions = json_insert(permissions, '$[#]', 'apply_retention')
 WHERE builtin = 1 AND name IN ('owner', 'manager')
   AND NOT EXISTS (SELECT 1 FROM json_each(roles.permissions) WHERE value = 'apply_retention');
