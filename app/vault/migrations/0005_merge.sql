-- Custos schema 5: merging duplicate customers.
--
-- A customer merged into another is soft-deleted with `merged_into` naming the one kept, so
-- its id still leads somewhere (app/duplicates.py) and its audit history stays reachable.
ALTER TABLE customers ADD COLUMN merged_into INTEGER;
CREATE INDEX customers_merged_into ON customers (merged_into) WHERE merged_into IS NOT NULL;

-- "Same name and company" among the likely duplicates: one ordered pass over this index
-- finds the groups; without it every row (and its company) would have to be read.
CREATE INDEX customers_by_name_company ON customers (name COLLATE NOCASE, company COLLATE NOCASE)
    WHERE deleted_at IS NULL AND company IS NOT NULL;

-- Owners and managers may merge customers (app/access.py PERMISSIONS); other roles get it
-- from the owner in the role editor.
UPDATE roles SET permissions = json_insert(permissions, '$[#]', 'merge_customers')
 WHERE builtin = 1 AND name IN ('owner', 'manager')
   AND NOT EXISTS (SELECT 1 FROM json_each(roles.permissions) WHERE value = 'merge_customers');
