-- Custos schema 1: vault metadata, field catalogue, users, customers, search index, audit log.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- The field catalogue. Built-in fields map to columns of `customers`; custom fields live in
-- customers.extra (JSON). Classification follows PIPL: sensitivity is one of public,
-- internal, personal, sensitive (Art. 28 sensitive personal information).
CREATE TABLE fields (
    key         TEXT PRIMARY KEY,
    label_zh    TEXT NOT NULL,
    label_en    TEXT NOT NULL,
    type        TEXT NOT NULL,          -- text, longtext, phone, email, tags, cn_id, number, date, choice
    builtin     INTEGER NOT NULL DEFAULT 0,
    required    INTEGER NOT NULL DEFAULT 0,
    searchable  INTEGER NOT NULL DEFAULT 0,
    sensitivity TEXT NOT NULL CHECK (sensitivity IN ('public', 'internal', 'personal', 'sensitive')),
    purposes    TEXT NOT NULL DEFAULT '[]',   -- JSON array: sales, service, marketing, billing, …
    rules       TEXT NOT NULL DEFAULT '{}',   -- JSON: choices, min, max, max_length
    position    INTEGER NOT NULL,
    retired_at  TEXT,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

INSERT INTO fields (key, label_zh, label_en, type, builtin, required, searchable, sensitivity, purposes, rules, position) VALUES
    ('name',      '姓名',       'Name',                 'text',     1, 1, 1, 'personal',  '["sales","service","billing","marketing"]', '{"max_length":100}', 10),
    ('phone',     '电话',       'Phone',                'phone',    1, 0, 1, 'personal',  '["sales","service","billing"]',             '{}', 20),
    ('email',     '电子邮箱',   'Email',                'email',    1, 0, 1, 'personal',  '["sales","service","billing","marketing"]', '{}', 30),
    ('company',   '公司',       'Company',              'text',     1, 0, 1, 'internal',  '["sales","billing"]',                       '{"max_length":200}', 40),
    ('address',   '地址',       'Address',              'text',     1, 0, 0, 'personal',  '["service","billing"]',                     '{"max_length":300}', 50),
    ('tags',      '标签',       'Tags',                 'tags',     1, 0, 1, 'internal',  '["sales","service","marketing"]',           '{}', 60),
    ('notes',     '备注',       'Notes',                'longtext', 1, 0, 0, 'internal',  '["service"]',                               '{"max_length":5000}', 70),
    ('source',    '收集来源',   'Source of collection', 'text',     1, 0, 0, 'internal',  '[]',                                        '{"max_length":200}', 80),
    ('id_number', '居民身份证号', 'Resident ID number', 'cn_id',    1, 0, 0, 'sensitive', '["billing"]',                               '{}', 90);

CREATE TABLE users (
    name                 TEXT PRIMARY KEY COLLATE NOCASE,
    role                 TEXT NOT NULL,
    status               TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    must_change_password INTEGER NOT NULL DEFAULT 0,
    created_at           TEXT NOT NULL,
    created_by           TEXT
);

CREATE TABLE customers (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    phone      TEXT,
    email      TEXT,
    company    TEXT,
    address    TEXT,
    tags       TEXT,             -- comma-separated, normalised
    notes      TEXT,
    source     TEXT,
    id_number  TEXT,
    extra      TEXT NOT NULL DEFAULT '{}',   -- custom fields, JSON keyed by field key
    sort_name  TEXT NOT NULL,                -- casefolded name: the default sort and exact/prefix matches
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    deleted_at TEXT,
    deleted_by TEXT
);

-- Partial indexes over live rows: the default sort, and exact/prefix name matches.
CREATE INDEX customers_by_name ON customers (sort_name, id) WHERE deleted_at IS NULL;

-- Search: two contentless FTS5 indexes, one column per searchable field so a search can be
-- limited to the fields the actor may read. No text is stored in them, only tokens.
--   search_trigram: substring match for queries of 3+ characters (any script).
--   search_short:   Chinese characters and character pairs, so 1-2 character Chinese
--                   queries (王, 王芳) use an index too; trigram cannot match them.
CREATE VIRTUAL TABLE search_trigram USING fts5 (
    name, phone, email, company, tags,
    tokenize = 'trigram', content = '', contentless_delete = 1
);
CREATE VIRTUAL TABLE search_short USING fts5 (
    name, phone, email, company, tags,
    tokenize = 'unicode61', content = '', contentless_delete = 1
);

-- Append-only, hash-chained audit log. `hash` = HMAC(audit key, prev_hash || row content).
CREATE TABLE audit (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    object    TEXT NOT NULL DEFAULT '',
    details   TEXT NOT NULL DEFAULT '{}',
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
-- The newest row's seq and hash, written in the same transaction as each append, so that
-- cutting rows off the end of the log is detected as well.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);
