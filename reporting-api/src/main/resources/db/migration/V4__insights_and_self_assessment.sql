-- The read model of knowledge.insights: one row per insight, the highest version wins (a retag republishes it).
CREATE TABLE insight (
    tenant      text        NOT NULL,
    insight_id  text        NOT NULL,
    team_id     text,
    account_id  text,
    deal_id     text,
    text        text        NOT NULL,
    tags        text[]      NOT NULL,
    kpis        text[]      NOT NULL,
    origin      text,
    occurred_at timestamptz NOT NULL,
    version     bigint      NOT NULL,
    PRIMARY KEY (tenant, insight_id)
);

-- a team's insights in a period, newest first: what reports, briefs and the integration level read
CREATE INDEX insight_team_time ON insight (tenant, team_id, occurred_at DESC);

-- A team's answers to the four self-check questions of the integration level; the latest answers count.
CREATE TABLE self_assessment (
    tenant                     text        NOT NULL,
    team_id                    text        NOT NULL,
    meeting_beyond_numbers     boolean     NOT NULL,
    explains_vision            boolean     NOT NULL,
    analyses_failures_together boolean     NOT NULL,
    proposes_improvements      boolean     NOT NULL,
    note                       text,
    answered_at                timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, team_id)
);
