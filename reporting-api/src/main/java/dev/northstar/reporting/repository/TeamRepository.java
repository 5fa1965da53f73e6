package dev.northstar.reporting.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The teams of each tenant. */
@ApplicationScoped
public class TeamRepository {

    // registered teams, and teams that have KPI values without a registration
    // the teams with values are found by skipping through the primary key team by team (one index probe per
    // team instead of reading every value)
    private static final String LIST = """
            WITH RECURSIVE valued AS (
                SELECT min(team_id) AS team_id FROM kpi_value WHERE tenant = $1
                UNION ALL
                SELECT (SELECT min(v.team_id) FROM kpi_value v WHERE v.tenant = $1 AND v.team_id > valued.team_id)
                FROM valued WHERE valued.team_id IS NOT NULL)
            SELECT team_id, name, kind FROM team WHERE tenant = $1
            UNION
            SELECT valued.team_id, NULL, NULL FROM valued
            WHERE valued.team_id IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM team t WHERE t.tenant = $1 AND t.team_id = valued.team_id)
            ORDER BY team_id""";
    private static final String FIND = "SELECT name, kind FROM team WHERE tenant = $1 AND team_id = $2";

    private final Pool pool;

    public TeamRepository(Pool pool) {
        this.pool = pool;
    }

    /** A team: {@code kind} is {@code partner} or {@code in_house}; name and kind are null for unregistered ones. */
    public record Team(String tenant, String teamId, String name, String kind, Instant registeredAt) {
    }

    /** The tenant's teams, by id. */
    public Uni<List<Team>> list(String tenant) {
        return pool.preparedQuery(LIST).execute(Tuple.of(tenant)).map(rows -> {
            List<Team> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(new Team(tenant, r.getString("team_id"), r.getString("name"), r.getString("kind"), null));
            }
            return out;
        });
    }

    /** The registered team, or a team without name and kind when it is not registered. */
    public Uni<Team> find(String tenant, String teamId) {
        return pool.preparedQuery(FIND).execute(Tuple.of(tenant, teamId)).map(rows -> {
            Row r = rows.iterator().hasNext() ? rows.iterator().next() : null;
            return new Team(tenant, teamId, r == null ? null : r.getString("name"), r == null ? null : r.getString("kind"),
                    null);
        });
    }
}
