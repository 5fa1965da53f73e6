-- The state of the KPIs that need history (docs/kpi-definitions.md). Only kpi-calculator writes it.
-- Keys compare bytewise (COLLATE "C"): they are identifiers, and locale-aware comparison would slow every
-- index lookup of a batch.

-- Every account event the rules read, once per CloudEvents identity (event_key = source#id): an account is
-- folded again from these rows when an event arrives that belongs before what was already applied.
CREATE TABLE account_event (
    account_ref uuid        NOT NULL, -- md5 of tenant/account: a short, fixed-width index key
    event_ref   uuid        NOT NULL, -- md5 of source#id
    tenant      text        NOT NULL,
    account_id  text        NOT NULL,
    event_key   text        NOT NULL,
    type        text        NOT NULL,
    at          timestamptz NOT NULL,
    team_id     text        NOT NULL,
    ref         text,
    kind        text,
    flag        boolean     NOT NULL,
    amount      numeric,
    mrr         numeric,
    score       integer     NOT NULL,
    PRIMARY KEY (account_ref, event_ref)
);

-- Team-only events (appointments set, feedback, knowledge, ...) counted, once per identity.
CREATE TABLE team_event (
    tenant    text COLLATE "C" NOT NULL,
    event_key text COLLATE "C" NOT NULL,
    PRIMARY KEY (tenant, event_key)
);

-- Each account that became a customer: who won it, when, at what MRR, and when it churned.
CREATE TABLE customer (
    tenant     text COLLATE "C"        NOT NULL,
    account_id text COLLATE "C"        NOT NULL,
    team_id    text COLLATE "C"        NOT NULL,
    won_at     timestamptz NOT NULL,
    mrr        numeric,
    churned_at timestamptz,
    PRIMARY KEY (tenant, account_id)
);

-- What new_customer_avg_ltv holds of each customer now (written by the tenant refresh only).
CREATE TABLE customer_ltv (
    tenant     text COLLATE "C"        NOT NULL,
    account_id text COLLATE "C"        NOT NULL,
    team_id    text COLLATE "C"        NOT NULL,
    won_at     timestamptz NOT NULL,
    ltv        numeric     NOT NULL,
    PRIMARY KEY (tenant, account_id)
);

-- The intervals in which an account is a customer of a team: the base of expansion_rate.
CREATE TABLE customer_span (
    tenant     text COLLATE "C"        NOT NULL,
    account_id text COLLATE "C"        NOT NULL,
    team_id    text COLLATE "C"        NOT NULL,
    valid_from timestamptz NOT NULL,
    valid_to   timestamptz
);
CREATE INDEX customer_span_account ON customer_span (tenant, account_id);

-- What the tenant refresh has to look at again: 'ltv' (customers changed), 'base' (spans changed from
-- "at" on), 'horizon' (the latest event time seen). Appended by batches, deleted by the refresh that
-- handled them.
CREATE TABLE refresh_mark (
    id     bigserial   PRIMARY KEY,
    tenant text COLLATE "C"        NOT NULL,
    kind   text        NOT NULL,
    at     timestamptz NOT NULL
);

-- How far the tenant refresh has computed the customer base.
CREATE TABLE tenant_progress (
    tenant       text        PRIMARY KEY,
    horizon      timestamptz NOT NULL,
    base_done_to timestamptz
);

-- The outbox of kpi.values: the cells changed since they were last sent. A batch adds to it in the statement
-- that changes the cells, and touches (updates, so locks) a key already there: the publisher, which skips
-- locked keys, then cannot take that key and send the value from before the batch's commit. The publisher
-- deletes what it sent in the transaction that sends it. (Replaces V1's published_version and its index, so
-- that updating a cell touches no index and can stay on its page.)
CREATE TABLE kpi_outbox (
    tenant  text COLLATE "C" NOT NULL,
    team_id text COLLATE "C" NOT NULL,
    kpi     text COLLATE "C" NOT NULL,
    grain   text COLLATE "C" NOT NULL,
    period  text COLLATE "C" NOT NULL,
    changes bigint NOT NULL DEFAULT 1,
    PRIMARY KEY (tenant, team_id, kpi, grain, period)
);
INSERT INTO kpi_outbox (tenant, team_id, kpi, grain, period)
    SELECT tenant, team_id, kpi, grain, period FROM kpi_component WHERE version > published_version;
DROP INDEX kpi_component_unpublished;
ALTER TABLE kpi_component DROP COLUMN published_version;
ALTER TABLE kpi_component SET (fillfactor = 80);
ALTER TABLE kpi_component
    ALTER COLUMN tenant TYPE text COLLATE "C",
    ALTER COLUMN team_id TYPE text COLLATE "C",
    ALTER COLUMN kpi TYPE text COLLATE "C",
    ALTER COLUMN grain TYPE text COLLATE "C",
    ALTER COLUMN period TYPE text COLLATE "C";
ALTER TABLE consumer_offset ALTER COLUMN topic TYPE text COLLATE "C";
