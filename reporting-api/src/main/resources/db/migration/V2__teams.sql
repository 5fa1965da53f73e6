-- The teams of each tenant as team.registered events name them; a later registration (by event time) renames.
CREATE TABLE team (
    tenant        text        NOT NULL,
    team_id       text        NOT NULL,
    name          text        NOT NULL,
    kind          text        NOT NULL,
    registered_at timestamptz NOT NULL,
    PRIMARY KEY (tenant, team_id)
);
