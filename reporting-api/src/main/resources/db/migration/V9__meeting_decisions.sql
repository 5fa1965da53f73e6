-- What a strategy meeting decided for a team (issue 22): what, who owns it (a person), by when, the KPI it should
-- move, and how it stands. The meeting is the brief's grain and period; the next period's brief opens with these.
CREATE TABLE meeting_decision (
    tenant      text        NOT NULL,
    decision_id uuid        NOT NULL,
    team_id     text        NOT NULL,
    grain       text        NOT NULL,
    period      text        NOT NULL,
    what        text        NOT NULL,
    owner       text        NOT NULL,
    owner_side  text,
    due         date        NOT NULL,
    kpi         text,
    status      text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),
    note        text,
    decided_by  text,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant, decision_id)
);

CREATE INDEX meeting_decision_team_period ON meeting_decision (tenant, team_id, grain, period);

-- a tenant's read-only Grafana role reads its own tenant's decisions only (V8)
ALTER TABLE meeting_decision ENABLE ROW LEVEL SECURITY;
CREATE POLICY reader_tenant_rows ON meeting_decision FOR SELECT TO PUBLIC
    USING (tenant = (SELECT r.tenant FROM reader_tenant r WHERE r.role_name = current_user));
