-- The outbox of kpi.values becomes append-only: a statement that changes cells appends their keys, without a key
-- of its own, instead of looking up, locking and updating one outbox row per changed cell (a third of writing a
-- batch's cells). A key may now be there several times; the publisher claims rows and sends each key's latest
-- value once. What it sends stays right without the lock: it claims only rows committed before its statement
-- began, and reads the cells in that same statement, so each value it sends includes every change it claims.
ALTER TABLE kpi_outbox DROP CONSTRAINT kpi_outbox_pkey;
ALTER TABLE kpi_outbox DROP COLUMN changes;
