-- When the oldest not-yet-published change of a value was accepted by kpi-ingest (its crm.events timestamp), so
-- that the publisher can measure freshness (accepted → published) and pass it on to reporting-api (→ visible).
-- NULL for changes no event caused directly (tenant-wide LTV and base refreshes).
ALTER TABLE kpi_outbox ADD COLUMN accepted_at timestamptz;
