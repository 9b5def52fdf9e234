-- Custos schema 18: field packs — encrypted copies of some customers for a laptop offline.
--
-- field_packs records every pack the office prepared (app/fieldpack.py): for whom, which
-- customers (ids only) and fields, until when, and the keys that open it. The pack's data key
-- lets the office merge it back without the field user's password; the seal key signs the
-- pack's header and its base values so a pack changed outside Custos is refused. A pack is
-- 'out' until it is merged (once: merging again changes nothing) or declared 'lost'.
CREATE TABLE field_packs (
    id            TEXT PRIMARY KEY,
    user          TEXT NOT NULL COLLATE NOCASE,
    role          TEXT NOT NULL,
    prepared_at   TEXT NOT NULL,
    prepared_by   TEXT NOT NULL,
    expires_at    TEXT NOT NULL,
    selection     TEXT NOT NULL DEFAULT '{}',   -- JSON: how the customers were chosen
    customer_ids  TEXT NOT NULL DEFAULT '[]',   -- JSON array of the customers it carries
    fields        TEXT NOT NULL DEFAULT '[]',   -- JSON array of the field keys it carries
    sensitive     INTEGER NOT NULL DEFAULT 0,   -- whether any sensitive field went
    secrets       TEXT NOT NULL,                -- JSON {data, sensitive?, seal}: hex keys
    base_digest   TEXT NOT NULL,                -- HMAC of the base values under the seal key
    file_name     TEXT NOT NULL DEFAULT '',
    file_sha256   TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT 'out' CHECK (status IN ('out', 'merged', 'lost', 'void')),
    merged_at     TEXT,
    merged_by     TEXT,
    merge_report  TEXT,
    lost_at       TEXT,
    lost_by       TEXT,
    incident_id   INTEGER
);
CREATE INDEX field_packs_by_status ON field_packs (status, prepared_at);

-- The review queue of a merge: a field changed both in the office and in the field since the
-- pack was prepared ('edit': base, office and field values), or a new customer from the field
-- who matches office customers ('new': the field's values and consent records in payload).
-- Erasing a customer deletes their rows here (app/erasure.py).
CREATE TABLE field_conflicts (
    id           INTEGER PRIMARY KEY,
    pack_id      TEXT NOT NULL REFERENCES field_packs (id),
    kind         TEXT NOT NULL CHECK (kind IN ('edit', 'new')),
    customer_id  INTEGER,                       -- 'edit': the office customer
    field        TEXT NOT NULL DEFAULT '',      -- 'edit': the field key
    base_value   TEXT,
    office_value TEXT,                          -- the office value when the merge ran
    field_value  TEXT,
    payload      TEXT NOT NULL DEFAULT '{}',    -- 'new': values, matches, consents
    created_at   TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved', 'dropped')),
    resolved_at  TEXT,
    resolved_by  TEXT,
    resolution   TEXT
);
CREATE INDEX field_conflicts_open ON field_conflicts (status, id);
CREATE INDEX field_conflicts_by_customer ON field_conflicts (customer_id);

-- Owners and managers prepare and merge packs (app/access.py).
UPDATE roles SET permissions = json_insert(permissions, '$[#]', 'prepare_field_packs')
 WHERE builtin = 1 AND name IN ('owner', 'manager')
   AND NOT EXISTS (SELECT 1 FROM json_each(roles.permissions) WHERE value = 'prepare_field_packs');
UPDATE roles SET permissions = json_insert(permissions, '$[#]', 'merge_field_packs')
 WHERE builtin = 1 AND name IN ('owner', 'manager')
   AND NOT EXISTS (SELECT 1 FROM json_each(roles.permissions) WHERE value = 'merge_field_packs');
