-- Custos schema 6: checking the vault becomes a permission, and the audit log gets the
-- indexes its paged, filtered view needs at a million entries.
--
-- 'check_vault' (custos check) goes to the built-in roles that see the audit log already:
-- owner, manager and auditor. `audit verify` needs 'view_audit', which they hold.
UPDATE roles SET permissions = json_insert(permissions, '$[#]', 'check_vault')
    WHERE builtin = 1 AND name IN ('owner', 'manager', 'auditor')
      AND NOT EXISTS (SELECT 1 FROM json_each(roles.permissions) WHERE value = 'check_vault');

-- Filters of the audit view (app/audit.py read): newest first within a user, an
-- action, or one object (a customer's own history). `at` is ISO text in UTC, so a date
-- range is a range of seq found through this index.
CREATE INDEX audit_by_actor ON audit (actor COLLATE NOCASE, seq);
CREATE INDEX audit_by_actor_action ON audit (actor COLLATE NOCASE, action, seq);
CREATE INDEX audit_by_action ON audit (action, seq);
CREATE INDEX audit_by_object ON audit (object, seq);
CREATE INDEX audit_by_at ON audit (at, seq);
