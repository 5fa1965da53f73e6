-- The state of the KPIs that need history (docs/kpi-definitions.md). Only kpi-calculator writes it.

-- Every account event the rules read, once per CloudEvents identity (event_key = source#id): an account is
-- folded again from these rows when an event arrives that belongs before what was already applied.
CREATE TABLE account_event (
    tenant     text        NOT NULL,
    account_id text        NOT NULL,
    event_key  text        NOT NULL,
    type       text        NOT NULL,
    at         timestamptz NOT NULL,
    team_id    text        NOT NULL,
    ref        text,
    kind       text,
    flag       boolean     NOT NULL,
    amount     numeric,
    mrr        numeric,
    score      integer     NOT NULL,
    PRIMARY KEY (tenant, account_id, event_key)
);

-- Team-only events (appointments set, feedback, knowledge, ...) counted, once per identity.
CREATE TABLE team_event (
    tenant    text NOT NULL,
    event_key text NOT NULL,
    PRIMARY KEY (tenant, event_key)
);

-- Each account that became a customer: who won it, when, at what MRR, and when it churned.
CREATE TABLE customer (
    tenant     text        NOT NULL,
    account_id text        NOT NULL,
    team_id    text        NOT NULL,
    won_at     timestamptz NOT NULL,
    mrr        numeric,
    churned_at timestamptz,
    PRIMARY KEY (tenant, account_id)
);

-- What new_customer_avg_ltv holds of each customer now (written by the tenant refresh only).
CREATE TABLE customer_ltv (
    tenant     text        NOT NULL,
    account_id text        NOT NULL,
    team_id    text        NOT NULL,
    won_at     timestamptz NOT NULL,
    ltv        numeric     NOT NULL,
    PRIMARY KEY (tenant, account_id)
);

-- The intervals in which an account is a customer of a team: the base of expansion_rate.
CREATE TABLE customer_span (
    tenant     text        NOT NULL,
    account_id text        NOT NULL,
    team_id    text        NOT NULL,
    valid_from timestamptz NOT NULL,
    valid_to   timestamptz
);
CREATE INDEX customer_span_account ON customer_span (tenant, account_id);

-- What the tenant refresh has to look at again: 'ltv' (customers changed), 'base' (spans changed from
-- "at" on), 'horizon' (the latest event time seen). Appended by batches, deleted by the refresh that
-- handled them.
CREATE TABLE refresh_mark (
    id     bigserial   PRIMARY KEY,
    tenant text        NOT NULL,
    kind   text        NOT NULL,
    at     timestamptz NOT NULL
);

-- How far the tenant refresh has computed the customer base.
CREATE TABLE tenant_progress (
    tenant       text        PRIMARY KEY,
    horizon      timestamptz NOT NULL,
    base_done_to timestamptz
);
