-- Custos schema 9: when each field of a customer last changed, and by whom.
--
-- `changes` is a JSON object {field key: [at, by]} kept by customers.update. A reader's
-- "updated at / by" is the newest change among the fields their role can see, so a role is
-- not told that something it cannot see was edited (app/customers.py, _Reader).
-- NULL: no change recorded since this column exists (a new record, or an older vault's).
ALTER TABLE customers ADD COLUMN changes TEXT;
