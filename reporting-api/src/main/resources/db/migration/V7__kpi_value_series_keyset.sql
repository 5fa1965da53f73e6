-- A KPI's series across teams, in the order /v1/kpi-values pages and exports walk it (team, then period; the KPI and
-- grain are fixed): a page continues here from its cursor and stops at its limit. Without it a page of one KPI walked
-- the primary key past every other KPI of the tenant, or sorted the whole remaining series for each page.
-- kpi_value_series (V1) stays for a narrow range of periods over a long history, which it finds without a walk.
CREATE INDEX kpi_value_kpi_team ON kpi_value (tenant, kpi, grain, team_id, period);
