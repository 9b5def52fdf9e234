-- Custos schema 15: unusual-access alerts (安全监控).
--
-- alert_rules holds the owner's thresholds (absent row: the built-in default, app/alerts.py).
-- alerts holds every alert raised, one row per rule, user and time window, kept after it is
-- acknowledged. Alerts name users and counts, never a customer. alert_state remembers the last
-- audit entry evaluated, so each evaluation reads only the entries written since; it starts at
-- the log's current end, so upgrading a vault does not replay its whole history at sign-in.
CREATE TABLE alert_rules (
    rule       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);

CREATE TABLE alerts (
    id              INTEGER PRIMARY KEY,
    rule            TEXT NOT NULL,
    subject         TEXT NOT NULL,   -- the user the alert is about ('' for the vault itself)
    window_start    TEXT NOT NULL,   -- UTC start of the hour or day counted, or what it is about
    count           INTEGER NOT NULL,
    threshold       INTEGER NOT NULL,
    raised_at       TEXT NOT NULL,
    first_seq       INTEGER,         -- the audit entries that led to it
    last_seq        INTEGER,
    acknowledged_at TEXT,
    acknowledged_by TEXT,
    note            TEXT NOT NULL DEFAULT '',
    UNIQUE (rule, subject, window_start)
);
CREATE INDEX alerts_open ON alerts (acknowledged_at, id);

CREATE TABLE alert_state (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    last_seq INTEGER NOT NULL
);
INSERT INTO alert_state (id, last_seq) VALUES (1, (SELECT coalesce(max(seq), 0) FROM audit));

-- Owners, managers and auditors see alerts (app/access.py 'view_alerts'); only an owner
-- acknowledges them or changes the rules (app/alerts.py): the people watched cannot silence it.
UPDATE roles SET permissions = json_insert(permissions, '$[#]', 'view_alerts')
 WHERE builtin = 1 AND name IN ('owner', 'manager', 'auditor')
   AND NOT EXISTS (SELECT 1 FROM json_each(roles.permissions) WHERE value = 'view_alerts');
