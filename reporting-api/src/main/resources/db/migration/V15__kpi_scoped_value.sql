-- Scoped KPI values (issue 23): each KPI of a team for one product line (scope 'product:<p>') or one market segment
-- ('segment:<s>'), as kpi-calculator publishes them on kpi.values with a scope. Kept apart from kpi_value, so that
-- every overall feed, scorecard, comparison and console page reads exactly what it read before; served by
-- /v1/kpi-values and /v1/kpi-values/changes with ?scope= and read by the pilot reports. Change numbers come from the
-- same sequence (and the same writer lock) as kpi_value's, so a scoped change feed has the overall feed's guarantees.
CREATE TABLE kpi_scoped_value (
    tenant      text        NOT NULL,
    scope       text        NOT NULL,
    team_id     text        NOT NULL,
    kpi         text        NOT NULL,
    grain       text        NOT NULL,
    period      text        NOT NULL,
    value       numeric,
    numerator   numeric,
    denominator numeric,
    unit        text        NOT NULL,
    version     bigint      NOT NULL,
    updated_at  timestamptz NOT NULL,
    change_seq  bigint      NOT NULL DEFAULT nextval('kpi_change_seq'),
    PRIMARY KEY (tenant, scope, team_id, kpi, grain, period)
);

CREATE INDEX kpi_scoped_value_changes ON kpi_scoped_value (tenant, change_seq);
-- a pilot's report: one KPI of some teams over a range of periods, in one scope or every scope
CREATE INDEX kpi_scoped_value_kpi ON kpi_scoped_value (tenant, kpi, grain, period);

ALTER TABLE kpi_scoped_value ENABLE ROW LEVEL SECURITY;
CREATE POLICY reader_tenant_rows ON kpi_scoped_value FOR SELECT TO PUBLIC
    USING (tenant = (SELECT r.tenant FROM reader_tenant r WHERE r.role_name = current_user));
