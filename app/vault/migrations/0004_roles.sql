-- Custos schema 4: roles, the per-field policy, and the blind index of sensitive values.
--
-- A role's field levels are derived from each field's classification (app/access.py
-- default_level, from the role's `base`); `role_field_policy` holds only the owner's
-- overrides, so a field added later gets every role's default without a row here.
CREATE TABLE roles (
    name        TEXT PRIMARY KEY COLLATE NOCASE,
    base        TEXT NOT NULL,              -- built-in role whose defaults it starts from
    builtin     INTEGER NOT NULL DEFAULT 0,
    permissions TEXT NOT NULL DEFAULT '[]', -- JSON array of permission names
    description TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

INSERT INTO roles (name, base, builtin, permissions, description) VALUES
    ('owner',   'owner',   1, '["manage_users","edit_policy","edit_fields","export","backup","restore","view_audit","handle_requests","delete_customers","reveal"]', 'Everything'),
    ('manager', 'manager', 1, '["manage_users","edit_fields","export","backup","restore","view_audit","handle_requests","delete_customers","reveal"]', 'Everything except the policy and owners'' accounts'),
    ('sales',   'sales',   1, '[]', 'Contact and sales fields'),
    ('service', 'service', 1, '["handle_requests"]', 'Contact and service fields'),
    ('field',   'field',   1, '[]', 'Contact fields, offline collection'),
    ('auditor', 'auditor', 1, '["view_audit"]', 'No customer data: counts and the audit log');

CREATE TABLE role_field_policy (
    role  TEXT NOT NULL REFERENCES roles (name) ON DELETE CASCADE,
    field TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('hidden', 'masked', 'read', 'write')),
    PRIMARY KEY (role, field)
);

-- Exact lookups of sensitive values (e.g. an ID number) without the plaintext: token =
-- HMAC-SHA256 under a key derived from the sensitive-field key (app/sensitive.py).
CREATE TABLE sensitive_index (
    field       TEXT NOT NULL,
    token       BLOB NOT NULL,
    customer_id INTEGER NOT NULL,
    PRIMARY KEY (field, token, customer_id)
) WITHOUT ROWID;
CREATE INDEX sensitive_index_by_customer ON sensitive_index (customer_id);

-- 'pending' until a user who may hold the sensitive-field key signs in: then existing
-- plaintext sensitive values are encrypted and indexed in one step (app/vault/vault.py).
INSERT INTO meta (key, value) VALUES ('sensitive_state', 'pending');
