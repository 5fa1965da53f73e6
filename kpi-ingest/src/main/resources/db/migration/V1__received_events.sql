-- The duplicate register: every (tenant, source, id) that kpi-ingest was asked to accept within the
-- retention window. State 'P' (pending) while its send to Kafka is in flight, 'A' once Kafka acknowledged.
-- A pending row older than the takeover time belongs to a request that died; a retry may take it over.
CREATE TABLE received_event (
    tenant     text        NOT NULL,
    source     text        NOT NULL,
    event_id   text        NOT NULL,
    state      char(1)     NOT NULL,
    claimed_at timestamptz NOT NULL,
    PRIMARY KEY (tenant, source, event_id)
);

CREATE INDEX received_event_age ON received_event (claimed_at);
