-- KPI targets per team and period, set by an admin; every scorecard shows them with the attainment.
CREATE TABLE kpi_target (
    tenant     text        NOT NULL,
    team_id    text        NOT NULL,
    kpi        text        NOT NULL,
    grain      text        NOT NULL,
    period     text        NOT NULL,
    target     numeric     NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, team_id, kpi, grain, period)
);
