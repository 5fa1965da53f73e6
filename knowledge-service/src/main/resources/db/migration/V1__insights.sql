-- Qualitative insight: loss reasons, customer voice, feature requests, knowledge articles, captured remarks.
-- An insight that came from an event is keyed by that event, so a redelivered event stores nothing twice.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE insight (
    id           uuid        PRIMARY KEY,
    tenant       text        NOT NULL,
    team_id      text        NOT NULL,
    account_id   text,
    deal_id      text,
    text         text        NOT NULL,
    tags         text[]      NOT NULL DEFAULT '{}',
    kpis         text[]      NOT NULL DEFAULT '{}',
    origin_type  text        NOT NULL,
    event_source text,
    event_id     text,
    occurred_at  timestamptz NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant, event_source, event_id)
);

CREATE INDEX insight_newest ON insight (tenant, occurred_at DESC, id DESC);
CREATE INDEX insight_text_trgm ON insight USING gin (text gin_trgm_ops);
CREATE INDEX insight_tags ON insight USING gin (tags);
