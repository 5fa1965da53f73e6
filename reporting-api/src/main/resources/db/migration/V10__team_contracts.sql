-- A team's contract terms over time (issue 23, docs/kpi-definitions.md "The business case"): versions in force from a
-- month until the next version's month. A version is never changed or deleted: a change of terms, or a correction,
-- is a new version (a later one for the same month replaces the earlier from that month on; both stay).
CREATE TABLE team_contract (
    tenant                 text        NOT NULL,
    contract_id            uuid        NOT NULL,
    team_id                text        NOT NULL,
    valid_from             text        NOT NULL CHECK (valid_from ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
    monthly_fee            numeric,
    share_won_rate         numeric,
    share_recognized_rate  numeric,
    share_months           integer,
    -- the incentives as a JSON array of {kpi, grain, atLeast|atMost, amount}
    incentives             text        NOT NULL DEFAULT '[]',
    headcount              integer,
    cost_per_head          numeric,
    hiring_cost_per_head   numeric,
    training_cost_per_head numeric,
    ramp_up_months         integer,
    note                   text,
    recorded_by            text,
    recorded_at            timestamptz NOT NULL,
    PRIMARY KEY (tenant, contract_id)
);

CREATE INDEX team_contract_team ON team_contract (tenant, team_id, valid_from, recorded_at);

-- never overwritten: the table takes inserts only
CREATE FUNCTION team_contract_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'team_contract versions are never changed or deleted: record a new version';
END $$;
CREATE TRIGGER team_contract_append_only BEFORE UPDATE OR DELETE ON team_contract
    FOR EACH ROW EXECUTE FUNCTION team_contract_is_append_only();

-- a tenant's read-only Grafana role reads its own tenant's contracts only (V8)
ALTER TABLE team_contract ENABLE ROW LEVEL SECURITY;
CREATE POLICY reader_tenant_rows ON team_contract FOR SELECT TO PUBLIC
    USING (tenant = (SELECT r.tenant FROM reader_tenant r WHERE r.role_name = current_user));
