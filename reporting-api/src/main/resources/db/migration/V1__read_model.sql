-- The read model of kpi.values: one row per tenant x team x KPI x grain x period, the highest version wins.
-- change_seq orders every accepted change for the incremental BI feed.
CREATE SEQUENCE kpi_change_seq;

CREATE TABLE kpi_value (
    tenant      text        NOT NULL,
    team_id     text        NOT NULL,
    kpi         text        NOT NULL,
    grain       text        NOT NULL,
    period      text        NOT NULL,
    value       numeric,
    numerator   numeric,
    denominator numeric,
    unit        text        NOT NULL,
    version     bigint      NOT NULL,
    updated_at  timestamptz NOT NULL,
    change_seq  bigint      NOT NULL DEFAULT nextval('kpi_change_seq'),
    PRIMARY KEY (tenant, team_id, kpi, grain, period)
);

CREATE INDEX kpi_value_series ON kpi_value (tenant, kpi, grain, period);
CREATE INDEX kpi_value_changes ON kpi_value (tenant, change_seq);
