-- Custos schema 2: the customer table sorts by phone, e-mail, company and last change from an
-- index, so a sorted view of a million customers pages without a full-table sort (creation
-- order needs none: ids are assigned in creation order). The
-- expressions match app/customers.py SORT_KEYS exactly, or SQLite will not use them.
CREATE INDEX customers_by_phone ON customers (ifnull(phone, ''), id) WHERE deleted_at IS NULL;
CREATE INDEX customers_by_email ON customers (ifnull(email, ''), id) WHERE deleted_at IS NULL;
CREATE INDEX customers_by_company ON customers (ifnull(company, ''), id) WHERE deleted_at IS NULL;
CREATE INDEX customers_by_updated ON customers (updated_at, id) WHERE deleted_at IS NULL;
