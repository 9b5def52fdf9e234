-- Custos schema 3: the live-customer count and a change counter, kept by triggers.
-- count(*) over a million encrypted rows costs ~100 ms; reading one row costs nothing.
-- `generation` changes with every insert, deletion and edit, so cached list positions
-- (CustomerView's sort anchors) know when they are stale.
CREATE TABLE customer_stats (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    live       INTEGER NOT NULL,
    generation INTEGER NOT NULL
);
INSERT INTO customer_stats (id, live, generation)
    VALUES (1, (SELECT count(*) FROM customers WHERE deleted_at IS NULL), 0);

CREATE TRIGGER customers_stats_insert AFTER INSERT ON customers BEGIN
    UPDATE customer_stats SET live = live + (NEW.deleted_at IS NULL), generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER customers_stats_delete AFTER DELETE ON customers BEGIN
    UPDATE customer_stats SET live = live - (OLD.deleted_at IS NULL), generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER customers_stats_update AFTER UPDATE ON customers BEGIN
    UPDATE customer_stats
       SET live = live + (NEW.deleted_at IS NULL) - (OLD.deleted_at IS NULL), generation = generation + 1
     WHERE id = 1;
END;
