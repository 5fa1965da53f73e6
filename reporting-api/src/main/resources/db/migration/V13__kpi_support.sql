-- Support figures (issue 23): what kpi-calculator publishes on kpi.values for reporting-api's own KPIs and never
-- served as a KPI (dev.northstar.events.KpiCatalog#isSupport: new_customer_mrr, for payback_months). Kept apart from
-- kpi_value so that no feed, scorecard or comparison reads them; the highest version wins, as in kpi_value.
CREATE TABLE kpi_support (
    tenant      text        NOT NULL,
    team_id     text        NOT NULL,
    kpi         text        NOT NULL,
    grain       text        NOT NULL,
    period      text        NOT NULL,
    numerator   numeric,
    denominator numeric,
    version     bigint      NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant, team_id, kpi, grain, period)
);

ALTER TABLE kpi_support ENABLE ROW LEVEL SECURITY;
CREATE POLICY reader_tenant_rows ON kpi_support FOR SELECT TO PUBLIC
    USING (tenant = (SELECT r.tenant FROM reader_tenant r WHERE r.role_name = current_user));
