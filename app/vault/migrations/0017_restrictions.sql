-- Custos schema 17: restrictions of processing (PIPL Art. 44, GDPR Art. 18).
--
-- A row is one restriction placed for a customer, normally because a 'restrict' request was
-- accepted; while lifted_at is NULL the customer is left out of exports, consent-based
-- marketing lists, import updates and merges (app/restrictions.py). Storage and the handling
-- of the customer's requests go on. Rows hold ids and the handler's words, never personal
-- data of the customer; they stay after an erasure (customer ids are never reused).
CREATE TABLE restrictions (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL,
    request_id  INTEGER REFERENCES requests (id),
    since       TEXT NOT NULL,
    placed_by   TEXT NOT NULL,
    lifted_at   TEXT,
    lifted_by   TEXT,
    lift_reason TEXT
);
CREATE INDEX restrictions_in_force ON restrictions (customer_id) WHERE lifted_at IS NULL;
