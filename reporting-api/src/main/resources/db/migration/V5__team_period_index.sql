-- A team's values in one period (scorecards, reports, briefs, levels): the primary key leads with the KPI after the
-- team, so without this index a scorecard reads every value the team has.
CREATE INDEX kpi_value_team_period ON kpi_value (tenant, team_id, grain, period);
