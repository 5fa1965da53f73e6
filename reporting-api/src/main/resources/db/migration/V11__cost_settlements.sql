-- A team's month settled (issue 23, docs/kpi-definitions.md "Settlement"): its cost lines as computed at the close,
-- fixed; what moves afterwards is carried as an adjustment into the first month not settled. Settled once, kept.
CREATE TABLE cost_settlement (
    tenant      text        NOT NULL,
    team_id     text        NOT NULL,
    month       text        NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
    contract_id uuid        NOT NULL,
    total       numeric     NOT NULL,
    -- the lines as settled, a JSON array of {kind, amount, explanation[, adjusts]}
    lines       text        NOT NULL,
    settled_by  text,
    settled_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant, team_id, month)
);

CREATE FUNCTION cost_settlement_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'a settled month is never changed or deleted';
END $$;
CREATE TRIGGER cost_settlement_append_only BEFORE UPDATE OR DELETE ON cost_settlement
    FOR EACH ROW EXECUTE FUNCTION cost_settlement_is_append_only();

ALTER TABLE cost_settlement ENABLE ROW LEVEL SECURITY;
CREATE POLICY reader_tenant_rows ON cost_settlement FOR SELECT TO PUBLIC
    USING (tenant = (SELECT r.tenant FROM reader_tenant r WHERE r.role_name = current_user));
