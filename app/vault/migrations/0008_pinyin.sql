-- Custos schema 8: pinyin. The name column sorts by the pinyin of each name (王芳 among the
-- W names, Latin names letter by letter), and a search finds customers by the full pinyin
-- or the initials of their name or company (app/pinyin.py computes them; SQL cannot).
--   name_pinyin:   the sort key (pinyin letters, U+0001, the casefolded name); a typed full
--                  pinyin is a prefix search on its index.
--   name_initials: the first letter of each word of the name (王芳 → wf).
--   search_pinyin: each Chinese company's pinyin and initials from every character on.
-- Rows that exist when this runs get their keys at the next sign-in (meta pinyin_state,
-- app/vault/vault.py), in one transaction with the state change.
ALTER TABLE customers ADD COLUMN name_pinyin TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN name_initials TEXT NOT NULL DEFAULT '';
CREATE INDEX customers_by_pinyin ON customers (name_pinyin, id) WHERE deleted_at IS NULL;
CREATE INDEX customers_by_initials ON customers (name_initials, id) WHERE deleted_at IS NULL;
CREATE VIRTUAL TABLE search_pinyin USING fts5 (
    company,
    tokenize = 'unicode61', content = '', contentless_delete = 1
);
INSERT INTO meta (key, value)
    SELECT 'pinyin_state', CASE WHEN EXISTS (SELECT 1 FROM customers) THEN 'pending' ELSE 'ready' END;
