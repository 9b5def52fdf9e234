-- Custos schema 7: consent — versioned notice texts, per-purpose consent records, evidence.
--
-- Notice text versions, consent records and their evidence are append-only: the triggers
-- below refuse UPDATE and DELETE, so a text in use cannot change under the records that cite
-- it and a withdrawal is a new record, never an edit (app/consent.py).
CREATE TABLE consent_texts (
    key        TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);

CREATE TABLE consent_text_versions (
    id         INTEGER PRIMARY KEY,
    text_key   TEXT NOT NULL REFERENCES consent_texts (key),
    version    INTEGER NOT NULL,
    title_zh   TEXT NOT NULL DEFAULT '',
    title_en   TEXT NOT NULL DEFAULT '',
    purposes   TEXT NOT NULL,               -- JSON array of consent purposes
    partner    TEXT NOT NULL DEFAULT '',    -- the named recipient when 'sharing' is a purpose
    minors     INTEGER NOT NULL DEFAULT 0,  -- written for a guardian consenting for a child under 14
    sections   TEXT NOT NULL,               -- JSON {"zh": {section: text}, "en": {...}}
    sha256     TEXT NOT NULL,               -- of the canonical content (app/consent.py text_digest)
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    UNIQUE (text_key, version)
);

CREATE TRIGGER consent_text_versions_no_update BEFORE UPDATE ON consent_text_versions BEGIN
    SELECT RAISE(ABORT, 'notice text versions are never changed: add a new version');
END;
CREATE TRIGGER consent_text_versions_no_delete BEFORE DELETE ON consent_text_versions BEGIN
    SELECT RAISE(ABORT, 'notice text versions are never deleted');
END;

-- A drawn signature (PNG) or an attached scan or photo (PNG, JPEG or PDF), inside the
-- encrypted database like everything else; sha256 is repeated in the record's audit entry.
CREATE TABLE consent_evidence (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('signature', 'attachment')),
    mime       TEXT NOT NULL,
    size       INTEGER NOT NULL,
    sha256     TEXT NOT NULL,
    data       BLOB NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TRIGGER consent_evidence_no_update BEFORE UPDATE ON consent_evidence BEGIN
    SELECT RAISE(ABORT, 'consent evidence is never changed');
END;
CREATE TRIGGER consent_evidence_no_delete BEFORE DELETE ON consent_evidence BEGIN
    SELECT RAISE(ABORT, 'consent evidence is never deleted');
END;

CREATE TABLE consents (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER NOT NULL,
    purpose         TEXT NOT NULL,
    partner         TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL CHECK (status IN ('given', 'refused', 'withdrawn')),
    text_version_id INTEGER NOT NULL REFERENCES consent_text_versions (id),
    text_sha256     TEXT NOT NULL,
    channel         TEXT NOT NULL,
    collected_at    TEXT NOT NULL,
    collected_by    TEXT NOT NULL,
    recorded_at     TEXT NOT NULL,
    expires_on      TEXT,                   -- YYYY-MM-DD; NULL: no expiry
    separate        INTEGER NOT NULL DEFAULT 0,
    minor           INTEGER NOT NULL DEFAULT 0,
    guardian        TEXT,                   -- JSON {name, relation, consent} for a child under 14
    witness         TEXT,
    evidence_id     INTEGER REFERENCES consent_evidence (id),
    withdraws       INTEGER REFERENCES consents (id),
    note            TEXT NOT NULL DEFAULT ''
);
CREATE INDEX consents_by_customer ON consents (customer_id, id);

CREATE TRIGGER consents_no_update BEFORE UPDATE ON consents BEGIN
    SELECT RAISE(ABORT, 'consent history is append-only: record a new decision instead');
END;
CREATE TRIGGER consents_no_delete BEFORE DELETE ON consents BEGIN
    SELECT RAISE(ABORT, 'consent history is append-only');
END;

-- The latest decision per customer, purpose and partner, kept by the trigger below: the
-- filter "current consent for P" is one index probe per listed customer, and the count of
-- those who may be included is one range of consent_current_given. Never-expiring consent
-- is stored as 9999-12-31 so "not expired" is a single range.
CREATE TABLE consent_current (
    purpose     TEXT NOT NULL,
    partner     TEXT NOT NULL,
    customer_id INTEGER NOT NULL,
    status      TEXT NOT NULL,
    expires_on  TEXT NOT NULL,
    record_id   INTEGER NOT NULL,
    PRIMARY KEY (purpose, partner, customer_id)
) WITHOUT ROWID;
CREATE INDEX consent_current_given ON consent_current (purpose, partner, status, expires_on);
CREATE INDEX consent_current_by_customer ON consent_current (customer_id);

CREATE TRIGGER consents_current AFTER INSERT ON consents BEGIN
    INSERT INTO consent_current (purpose, partner, customer_id, status, expires_on, record_id)
        VALUES (NEW.purpose, NEW.partner, NEW.customer_id, NEW.status,
                ifnull(NEW.expires_on, '9999-12-31'), NEW.id)
        ON CONFLICT (purpose, partner, customer_id) DO UPDATE
           SET status = excluded.status, expires_on = excluded.expires_on, record_id = excluded.record_id;
END;

-- A deleted (or merged-away) customer leaves every consent list at once; their history stays.
CREATE TRIGGER customers_consent_delete AFTER UPDATE OF deleted_at ON customers
    WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL BEGIN
    DELETE FROM consent_current WHERE customer_id = NEW.id;
END;

-- Customers under 14 and the day they turn 14, from the ID number's or the birth-date field's
-- date of birth, written when those values are (their plaintext is at hand then). Kept apart
-- from the encrypted ID so that every role's consent check can demand a guardian.
CREATE TABLE consent_minors (
    customer_id INTEGER PRIMARY KEY,
    adult_on    TEXT NOT NULL
);
INSERT INTO consent_minors (customer_id, adult_on)
    SELECT id, date(substr(id_number, 7, 4) || '-' || substr(id_number, 11, 2) || '-' || substr(id_number, 13, 2), '+14 years')
      FROM customers
     WHERE id_number IS NOT NULL AND id_number NOT LIKE 'enc1:%' AND length(id_number) = 18
       AND date(substr(id_number, 7, 4) || '-' || substr(id_number, 11, 2) || '-' || substr(id_number, 13, 2), '+14 years') > date('now');

-- Seeing consent and recording or withdrawing it are permissions (app/access.py); every
-- customer-facing built-in role starts with both, the auditor with neither.
UPDATE roles SET permissions = json_insert(permissions, '$[#]', 'view_consent')
 WHERE builtin = 1 AND name IN ('owner', 'manager', 'sales', 'service', 'field')
   AND NOT EXISTS (SELECT 1 FROM json_each(roles.permissions) WHERE value = 'view_consent');
UPDATE roles SET permissions = json_insert(permissions, '$[#]', 'record_consent')
 WHERE builtin = 1 AND name IN ('owner', 'manager', 'sales', 'service', 'field')
   AND NOT EXISTS (SELECT 1 FROM json_each(roles.permissions) WHERE value = 'record_consent');
