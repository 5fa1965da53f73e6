-- Consumption progress of crm.events, committed in the same transaction as the KPI state it produced:
-- a redelivered record (offset below next_offset) changes nothing.
CREATE TABLE consumer_offset (
    topic       text    NOT NULL,
    partition   integer NOT NULL,
    next_offset bigint  NOT NULL,
    PRIMARY KEY (topic, partition)
);

-- Additive components of every KPI per tenant x team x grain x period. A ratio keeps numerator and
-- denominator; counts and sums use the numerator only. version grows with every change (and across
-- replays: it is at least the change's time in microseconds); published_version is what kpi.values has.
CREATE TABLE kpi_component (
    tenant            text        NOT NULL,
    team_id           text        NOT NULL,
    kpi               text        NOT NULL,
    grain             text        NOT NULL,
    period            text        NOT NULL,
    numerator         numeric     NOT NULL DEFAULT 0,
    denominator       numeric     NOT NULL DEFAULT 0,
    version           bigint      NOT NULL,
    published_version bigint      NOT NULL DEFAULT 0,
    updated_at        timestamptz NOT NULL,
    PRIMARY KEY (tenant, team_id, kpi, grain, period)
);

-- the outbox of kpi.values: rows whose latest version is not yet on the topic
CREATE INDEX kpi_component_unpublished ON kpi_component (updated_at) WHERE version > published_version;
