-- Custos schema 12: backups, restore drills and their schedule.
--
-- One row per backup made or failed, restore drill, restore and pruning (app/backup_log.py):
-- the status bar's "Last backup: 2 hours ago, verified", the date of the last successful drill
-- for the compliance report, and why the last scheduled backup failed. Files are named by path
-- only; no customer data is kept here.
CREATE TABLE backup_log (
    id      INTEGER PRIMARY KEY,
    kind    TEXT NOT NULL CHECK (kind IN ('backup', 'drill', 'restore', 'prune')),
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    ok      INTEGER NOT NULL,
    file    TEXT NOT NULL DEFAULT '',
    details TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX backup_log_by_kind ON backup_log (kind, ok, at);

-- Owners and managers change where and when backups go and prune old ones (app/access.py
-- PERMISSIONS 'manage_backups'); other roles get it from the owner in the role editor.
UPDATE roles SET permissions = json_insert(permissions, '$[#]', 'manage_backups')
 WHERE builtin = 1 AND name IN ('owner', 'manager')
   AND NOT EXISTS (SELECT 1 FROM json_each(roles.permissions) WHERE value = 'manage_backups');
