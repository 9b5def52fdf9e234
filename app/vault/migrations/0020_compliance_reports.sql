-- Custos schema 20: the register of compliance reports (PIPL Art. 54) and who may make them.
--
-- One row per report the core produced (app/compliance_record.py): the SHA-256 of the PDF
-- exactly as written, the period it covers, its language, who made it and when, and the short
-- code printed on every page, so a file or a printed copy can be checked later. Rows are
-- written only by the producer, in the same transaction as their audit entry (whose seq is
-- kept here and checked on verification), and are never changed or deleted.
CREATE TABLE compliance_reports (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    sha256      TEXT NOT NULL,
    size        INTEGER NOT NULL,
    pages       INTEGER NOT NULL,
    period_from TEXT NOT NULL,   -- YYYY-MM-DD, first day covered
    period_to   TEXT NOT NULL,   -- YYYY-MM-DD, last day covered
    language    TEXT NOT NULL CHECK (language IN ('zh', 'en')),
    made_at     TEXT NOT NULL,
    made_by     TEXT NOT NULL,
    role        TEXT NOT NULL,
    audit_seq   INTEGER NOT NULL
);
CREATE INDEX compliance_reports_by_hash ON compliance_reports (sha256);

CREATE TRIGGER compliance_reports_no_update BEFORE UPDATE ON compliance_reports BEGIN
    SELECT RAISE(ABORT, 'a compliance report record is never changed');
END;
CREATE TRIGGER compliance_reports_no_delete BEFORE DELETE ON compliance_reports BEGIN
    SELECT RAISE(ABORT, 'a compliance report record is never deleted');
END;

-- The report counts consent decisions recorded in its period, and records per notice version,
-- from these indexes alone: without them each count reads the whole consents table.
CREATE INDEX consents_by_recorded ON consents (recorded_at, purpose, partner, status);
CREATE INDEX consents_by_text_version ON consents (text_version_id, recorded_at);

-- Owners, managers and auditors produce and verify compliance reports (app/access.py).
UPDATE roles SET permissions = json_insert(permissions, '$[#]', 'compliance_reports')
 WHERE builtin = 1 AND name IN ('owner', 'manager', 'auditor')
   AND NOT EXISTS (SELECT 1 FROM json_each(roles.permissions) WHERE value = 'compliance_reports');
