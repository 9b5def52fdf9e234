-- Custos schema 11: the record of every export, and the partner register (合作伙伴).
--
-- Every copy of customer data that leaves the vault as a file is one `exports` row: who, when,
-- why, to whom, which customers (the selection), which fields with which treatment, the format,
-- how many rows and the file's SHA-256 (app/exporting/record.py). `export_customers` says
-- exactly which customers each export held, as runs of consecutive ids (an export of everyone
-- is a handful of rows, not a million), so "where did this customer's data go?" is one query.
-- Both tables are append-only. Whether export E held customer C is one seek on the primary
-- key (the last run of E starting at or before C), so the question costs a seek per export.
CREATE TABLE partners (
    id                INTEGER PRIMARY KEY,
    name              TEXT NOT NULL UNIQUE COLLATE NOCASE,
    contact           TEXT NOT NULL DEFAULT '',
    -- The agreement (PIPL Art. 21): purposes, period, the data categories (field keys),
    -- security measures, and what happens to the data at the end.
    purposes          TEXT NOT NULL,               -- JSON array of purposes
    fields            TEXT NOT NULL DEFAULT '[]',  -- JSON array of field keys the agreement covers
    starts_on         TEXT NOT NULL,               -- YYYY-MM-DD
    expires_on        TEXT NOT NULL,               -- YYYY-MM-DD, last day the agreement covers
    review_on         TEXT,                        -- YYYY-MM-DD, next review of the partner
    security_measures TEXT NOT NULL,
    end_of_agreement  TEXT NOT NULL CHECK (end_of_agreement IN ('delete', 'return')),
    assessment        TEXT NOT NULL DEFAULT '',    -- security assessment note
    status            TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'ended')),
    ended_on          TEXT,
    -- After the end: '' (not ended), 'pending' (deletion or return not yet confirmed), 'confirmed'.
    deletion          TEXT NOT NULL DEFAULT '' CHECK (deletion IN ('', 'pending', 'confirmed')),
    deletion_note     TEXT NOT NULL DEFAULT '',
    deletion_confirmed_at TEXT,
    deletion_confirmed_by TEXT,
    created_at        TEXT NOT NULL,
    created_by        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    updated_by        TEXT NOT NULL
);

-- The signed agreement, inside the encrypted database like consent evidence. Versions are kept:
-- attaching a new document adds a row.
CREATE TABLE partner_documents (
    id         INTEGER PRIMARY KEY,
    partner_id INTEGER NOT NULL REFERENCES partners (id),
    filename   TEXT NOT NULL,
    mime       TEXT NOT NULL,
    size       INTEGER NOT NULL,
    sha256     TEXT NOT NULL,
    data       BLOB NOT NULL,
    added_at   TEXT NOT NULL,
    added_by   TEXT NOT NULL
);
CREATE INDEX partner_documents_by_partner ON partner_documents (partner_id, id);
CREATE TRIGGER partner_documents_no_update BEFORE UPDATE ON partner_documents BEGIN
    SELECT RAISE(ABORT, 'an attached agreement is never changed: attach a new one');
END;

CREATE TABLE exports (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    role        TEXT NOT NULL,
    purpose     TEXT NOT NULL,
    legal_basis TEXT NOT NULL,
    basis_note  TEXT NOT NULL DEFAULT '',
    partner_id  INTEGER REFERENCES partners (id),  -- NULL: internal use
    selection   TEXT NOT NULL,                     -- JSON: how the customers were chosen
    fields      TEXT NOT NULL,                     -- JSON [[key, treatment], ...] in column order
    format      TEXT NOT NULL,
    encoding    TEXT NOT NULL DEFAULT '',
    protection  TEXT NOT NULL CHECK (protection IN ('aes-256-zip', 'plain')),
    file_name   TEXT NOT NULL,
    rows        INTEGER NOT NULL,
    left_out    TEXT NOT NULL DEFAULT '{}',        -- JSON {reason: count}
    sha256      TEXT NOT NULL
);
CREATE INDEX exports_by_partner ON exports (partner_id, id) WHERE partner_id IS NOT NULL;

CREATE TABLE export_customers (
    export_id INTEGER NOT NULL REFERENCES exports (id),
    first_id  INTEGER NOT NULL,
    last_id   INTEGER NOT NULL,
    PRIMARY KEY (export_id, first_id)
) WITHOUT ROWID;

CREATE TRIGGER exports_no_update BEFORE UPDATE ON exports BEGIN
    SELECT RAISE(ABORT, 'the export record is append-only');
END;
CREATE TRIGGER exports_no_delete BEFORE DELETE ON exports BEGIN
    SELECT RAISE(ABORT, 'the export record is append-only');
END;
CREATE TRIGGER export_customers_no_update BEFORE UPDATE ON export_customers BEGIN
    SELECT RAISE(ABORT, 'the export record is append-only');
END;
CREATE TRIGGER export_customers_no_delete BEFORE DELETE ON export_customers BEGIN
    SELECT RAISE(ABORT, 'the export record is append-only');
END;

-- Owners and managers may manage the partner register (app/access.py PERMISSIONS); other roles
-- get it from the owner in the role editor.
UPDATE roles SET permissions = json_insert(permissions, '$[#]', 'manage_partners')
 WHERE builtin = 1 AND name IN ('owner', 'manager')
   AND NOT EXISTS (SELECT 1 FROM json_each(roles.permissions) WHERE value = 'manage_partners');
