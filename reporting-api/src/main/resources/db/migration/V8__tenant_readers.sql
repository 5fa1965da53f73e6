-- Readers outside the service (Grafana's KPI dashboards) connect as a database role of their own that sees one
-- tenant's rows only. reader_tenant maps such a role to its tenant; deploy/grafana/reader.sql creates a role, grants it
-- SELECT on what the dashboards read and adds its row here (role creation needs rights the service's user may not
-- have, so it is not done by a migration).
--
-- Row-level security is enabled on every table that carries a tenant, not only on those the dashboards read today, so
-- that a later GRANT cannot show a reader another tenant's rows. The policies apply to every role but the tables'
-- owner: reporting-api's own user, which runs these migrations and owns the tables, is not subject to them (no FORCE),
-- so the service keeps seeing every tenant. A role without a row here sees nothing.
CREATE TABLE reader_tenant (
    role_name text PRIMARY KEY,
    tenant    text NOT NULL
);

-- a reader may see its own mapping (the dashboards' tenant variable reads it) and nobody else's
ALTER TABLE reader_tenant ENABLE ROW LEVEL SECURITY;
CREATE POLICY reader_own_row ON reader_tenant FOR SELECT TO PUBLIC USING (role_name = current_user);

-- the sub-select is evaluated once per query (an init plan), so the tenant indexes still serve the filter
ALTER TABLE kpi_value ENABLE ROW LEVEL SECURITY;
CREATE POLICY reader_tenant_rows ON kpi_value FOR SELECT TO PUBLIC
    USING (tenant = (SELECT r.tenant FROM reader_tenant r WHERE r.role_name = current_user));

ALTER TABLE team ENABLE ROW LEVEL SECURITY;
CREATE POLICY reader_tenant_rows ON team FOR SELECT TO PUBLIC
    USING (tenant = (SELECT r.tenant FROM reader_tenant r WHERE r.role_name = current_user));

ALTER TABLE insight ENABLE ROW LEVEL SECURITY;
CREATE POLICY reader_tenant_rows ON insight FOR SELECT TO PUBLIC
    USING (tenant = (SELECT r.tenant FROM reader_tenant r WHERE r.role_name = current_user));

ALTER TABLE kpi_target ENABLE ROW LEVEL SECURITY;
CREATE POLICY reader_tenant_rows ON kpi_target FOR SELECT TO PUBLIC
    USING (tenant = (SELECT r.tenant FROM reader_tenant r WHERE r.role_name = current_user));

ALTER TABLE self_assessment ENABLE ROW LEVEL SECURITY;
CREATE POLICY reader_tenant_rows ON self_assessment FOR SELECT TO PUBLIC
    USING (tenant = (SELECT r.tenant FROM reader_tenant r WHERE r.role_name = current_user));

ALTER TABLE quarantined_record ENABLE ROW LEVEL SECURITY;
CREATE POLICY reader_tenant_rows ON quarantined_record FOR SELECT TO PUBLIC
    USING (tenant = (SELECT r.tenant FROM reader_tenant r WHERE r.role_name = current_user));
