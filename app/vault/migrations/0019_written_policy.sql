-- Custos schema 19: the written policy (客户信息管理制度) and staff acknowledgement (培训与宣传).
--
-- policy_texts holds the business's own words per section of the policy, in Chinese and
-- English; only an owner edits them (app/policy.py). policy_versions keeps every published
-- version whole: the document as generated from the vault's configuration at that moment
-- together with the owner's texts, frozen as JSON with its SHA-256, so an old version renders
-- later exactly as it was published, whatever changed since. Versions are never changed or
-- deleted. policy_acknowledgements records who acknowledged which version, when, and the hash
-- of the text they were shown. None of these tables holds a customer's personal data.
CREATE TABLE policy_texts (
    section    TEXT PRIMARY KEY,
    text_zh    TEXT NOT NULL DEFAULT '',
    text_en    TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);

CREATE TABLE policy_versions (
    number       INTEGER PRIMARY KEY,
    content      TEXT NOT NULL,   -- JSON document, as app/policy_document.py builds it
    sha256       TEXT NOT NULL,   -- of content, exactly as stored
    note         TEXT NOT NULL DEFAULT '',
    published_at TEXT NOT NULL,
    published_by TEXT NOT NULL
);

CREATE TRIGGER policy_versions_no_update BEFORE UPDATE ON policy_versions BEGIN
    SELECT RAISE(ABORT, 'a published policy version is never changed');
END;
CREATE TRIGGER policy_versions_no_delete BEFORE DELETE ON policy_versions BEGIN
    SELECT RAISE(ABORT, 'a published policy version is never deleted');
END;

CREATE TABLE policy_acknowledgements (
    user    TEXT NOT NULL COLLATE NOCASE,
    version INTEGER NOT NULL REFERENCES policy_versions (number),
    sha256  TEXT NOT NULL,
    at      TEXT NOT NULL,
    PRIMARY KEY (user, version)
) WITHOUT ROWID;
