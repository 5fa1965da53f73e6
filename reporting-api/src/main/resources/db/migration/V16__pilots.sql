-- Pilots (issue 23, docs/kpi-definitions.md "Pilots"): a small proof of the partner model before the whole company
-- adopts it — some teams, one product line and/or one market segment, a range of months and the KPIs it is judged
-- on. Recorded by an admin; its report reads kpi_value and kpi_scoped_value (V15). Team and KPI ids are stored as
-- comma-separated lists: an id never holds a comma (the identifier rule, the catalogue's ids).
CREATE TABLE pilot (
    tenant      text        NOT NULL,
    pilot_id    uuid        NOT NULL,
    name        text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 120),
    teams       text        NOT NULL CHECK (teams <> ''),
    product     text        CHECK (char_length(product) BETWEEN 1 AND 64),
    segment     text        CHECK (char_length(segment) BETWEEN 1 AND 64),
    start_month text        NOT NULL CHECK (start_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
    end_month   text        NOT NULL CHECK (end_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
    kpis        text        NOT NULL CHECK (kpis <> ''),
    created_by  text,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant, pilot_id),
    CHECK (product IS NOT NULL OR segment IS NOT NULL),
    CHECK (start_month <= end_month)
);

-- one name per tenant: recording the same pilot again is a 409, not a second pilot
CREATE UNIQUE INDEX pilot_name ON pilot (tenant, name);

-- a tenant's read-only Grafana role reads its own tenant's pilots only (V8)
ALTER TABLE pilot ENABLE ROW LEVEL SECURITY;
CREATE POLICY reader_tenant_rows ON pilot FOR SELECT TO PUBLIC
    USING (tenant = (SELECT r.tenant FROM reader_tenant r WHERE r.role_name = current_user));
