-- Custos schema 16: the incident register (应急响应, PIPL Art. 57).
--
-- One row per incident: what happened and when, when it was discovered, its severity, the
-- fields affected, the decision to notify the customers and the regulator with its reasons,
-- the actions taken and the status. incident_customers names the affected customers by id
-- only (pre-filled from the audit log, app/incidents.py); the register itself holds no
-- customer's personal data, so an auditor may read it.
CREATE TABLE incidents (
    id                      INTEGER PRIMARY KEY,
    title                   TEXT NOT NULL,
    what_happened           TEXT NOT NULL,
    occurred_from           TEXT NOT NULL DEFAULT '',
    occurred_to             TEXT NOT NULL DEFAULT '',
    discovered_at           TEXT NOT NULL,
    severity                TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    fields                  TEXT NOT NULL DEFAULT '[]',   -- JSON array of field keys affected
    found_by                TEXT NOT NULL DEFAULT '',     -- how the affected customers were found
    notify_customers        INTEGER NOT NULL CHECK (notify_customers IN (0, 1)),
    notify_customers_reason TEXT NOT NULL,
    notify_regulator        INTEGER NOT NULL CHECK (notify_regulator IN (0, 1)),
    notify_regulator_reason TEXT NOT NULL,
    actions                 TEXT NOT NULL DEFAULT '',   -- what the business did
    advice                  TEXT NOT NULL DEFAULT '',   -- what customers can do themselves
    contact                 TEXT NOT NULL DEFAULT '',   -- whom customers ask
    status                  TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'contained', 'closed')),
    created_at              TEXT NOT NULL,
    created_by              TEXT NOT NULL,
    updated_at              TEXT NOT NULL,
    updated_by              TEXT NOT NULL
);

CREATE TABLE incident_customers (
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    customer_id INTEGER NOT NULL,
    PRIMARY KEY (incident_id, customer_id)
) WITHOUT ROWID;

-- Owners and managers keep the register; auditors read it (app/access.py).
UPDATE roles SET permissions = json_insert(permissions, '$[#]', 'manage_incidents')
 WHERE builtin = 1 AND name IN ('owner', 'manager')
   AND NOT EXISTS (SELECT 1 FROM json_each(roles.permissions) WHERE value = 'manage_incidents');
UPDATE roles SET permissions = json_insert(permissions, '$[#]', 'view_incidents')
 WHERE builtin = 1 AND name IN ('owner', 'manager', 'auditor')
   AND NOT EXISTS (SELECT 1 FROM json_each(roles.permissions) WHERE value = 'view_incidents');
