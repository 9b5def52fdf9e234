-- Custos schema 13: imports — where customers came from, and undoing an import as one step.
--
-- One row per committed import: who imported which file (its SHA-256), when, the source and
-- legal basis the person stated (PIPL: where personal information was collected and on what
-- basis), the mapping used and the counts. Customers an import created carry its id.
CREATE TABLE imports (
    id           INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    user         TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    file_sha256  TEXT NOT NULL,
    file_size    INTEGER NOT NULL,
    format       TEXT NOT NULL,          -- csv, xlsx, vcard
    encoding     TEXT NOT NULL DEFAULT '',
    source       TEXT NOT NULL,          -- where the data came from and the legal basis
    on_duplicate TEXT NOT NULL CHECK (on_duplicate IN ('skip', 'fill', 'overwrite', 'create')),
    mapping      TEXT NOT NULL,          -- JSON, as app/importing/mapping.py writes it
    counts       TEXT NOT NULL,          -- JSON: rows, created, updated, skipped, invalid, …
    undone_at    TEXT,
    undone_by    TEXT
);

-- The values an import replaced in existing customers ("fill" and "overwrite"), so that undo
-- can put them back: old and new as stored (sensitive values still encrypted).
CREATE TABLE import_changes (
    import_id   INTEGER NOT NULL REFERENCES imports (id),
    customer_id INTEGER NOT NULL,
    field       TEXT NOT NULL,
    old_value   TEXT,
    new_value   TEXT,
    PRIMARY KEY (import_id, customer_id, field)
) WITHOUT ROWID;

-- Mappings a person chose, offered again for a file with the same columns.
CREATE TABLE import_mappings (
    signature TEXT PRIMARY KEY,             -- SHA-256 of the normalised header names in order
    headers   TEXT NOT NULL,                -- JSON array, as shown
    mapping   TEXT NOT NULL,                -- JSON
    saved_at  TEXT NOT NULL,
    saved_by  TEXT NOT NULL
);

ALTER TABLE customers ADD COLUMN import_id INTEGER;
CREATE INDEX customers_by_import ON customers (import_id) WHERE import_id IS NOT NULL;

-- Owners and managers may import (app/access.py PERMISSIONS); other roles get it from the
-- owner in the role editor.
UPDATE roles SET permissions = json_insert(permissions, '$[#]', 'import_customers')
 WHERE builtin = 1 AND name IN ('owner', 'manager')
   AND NOT EXISTS (SELECT 1 FROM json_each(roles.permissions) WHERE value = 'import_customers');
