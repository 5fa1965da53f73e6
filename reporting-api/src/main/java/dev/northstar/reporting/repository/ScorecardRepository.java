package dev.northstar.reporting.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/** What a scorecard reads: a team's values in two periods, its targets, and whether the team exists. */
@ApplicationScoped
public class ScorecardRepository {

    private static final String VALUES = """
            SELECT kpi, period, value, numerator, denominator FROM kpi_value
            WHERE tenant = $1 AND team_id = $2 AND grain = $3 AND period = ANY($4::text[])""";
    private static final String PERIOD_VALUES = """
            SELECT team_id, kpi, value, numerator, denominator FROM kpi_value
            WHERE tenant = $1 AND grain = $2 AND period = $3""";
    private static final String TARGETS = """
            SELECT kpi, target FROM kpi_target WHERE tenant = $1 AND team_id = $2 AND grain = $3 AND period = $4""";
    private static final String EXISTS = """
            SELECT EXISTS (SELECT 1 FROM team WHERE tenant = $1 AND team_id = $2)
                OR EXISTS (SELECT 1 FROM kpi_value WHERE tenant = $1 AND team_id = $2)
                OR EXISTS (SELECT 1 FROM kpi_target WHERE tenant = $1 AND team_id = $2)
                OR EXISTS (SELECT 1 FROM insight WHERE tenant = $1 AND team_id = $2)""";
    private static final String SET_TARGET = """
            INSERT INTO kpi_target (tenant, team_id, kpi, grain, period, target) VALUES ($1, $2, $3, $4, $5, $6::text::numeric)
            ON CONFLICT (tenant, team_id, kpi, grain, period) DO UPDATE SET target = EXCLUDED.target, updated_at = now()""";

    private final Pool pool;

    public ScorecardRepository(Pool pool) {
        this.pool = pool;
    }

    /** A KPI's value in one period. */
    public record Cell(BigDecimal value, BigDecimal numerator, BigDecimal denominator) {
    }

    /** Whether the tenant has this team (registered, with values, targets or insights). */
    public Uni<Boolean> exists(String tenant, String teamId) {
        return pool.preparedQuery(EXISTS).execute(Tuple.of(tenant, teamId)).map(r -> r.iterator().next().getBoolean(0));
    }

    /** The team's values in the periods, by period and KPI. */
    public Uni<Map<String, Map<String, Cell>>> values(String tenant, String teamId, String grain, String... periods) {
        return pool.preparedQuery(VALUES).execute(Tuple.of(tenant, teamId, grain, periods)).map(rows -> {
            Map<String, Map<String, Cell>> out = new HashMap<>();
            for (Row r : rows) {
                out.computeIfAbsent(r.getString("period"), p -> new HashMap<>()).put(r.getString("kpi"),
                        new Cell(r.getBigDecimal("value"), r.getBigDecimal("numerator"), r.getBigDecimal("denominator")));
            }
            return out;
        });
    }

    /** Every team's values in one period: team → KPI → cell. */
    public Uni<Map<String, Map<String, Cell>>> period(String tenant, String grain, String period) {
        return pool.preparedQuery(PERIOD_VALUES).execute(Tuple.of(tenant, grain, period)).map(rows -> {
            Map<String, Map<String, Cell>> out = new HashMap<>();
            for (Row r : rows) {
                out.computeIfAbsent(r.getString("team_id"), t -> new HashMap<>()).put(r.getString("kpi"),
                        new Cell(r.getBigDecimal("value"), r.getBigDecimal("numerator"), r.getBigDecimal("denominator")));
            }
            return out;
        });
    }

    /** The team's targets in one period, by KPI. */
    public Uni<Map<String, BigDecimal>> targets(String tenant, String teamId, String grain, String period) {
        return pool.preparedQuery(TARGETS).execute(Tuple.of(tenant, teamId, grain, period)).map(rows -> {
            Map<String, BigDecimal> out = new HashMap<>();
            rows.forEach(r -> out.put(r.getString("kpi"), r.getBigDecimal("target")));
            return out;
        });
    }

    /** Sets one target. */
    public Uni<Void> setTarget(String tenant, String teamId, String kpi, String grain, String period,
            BigDecimal target) {
        return pool.preparedQuery(SET_TARGET).execute(Tuple.of(tenant, teamId, kpi, grain, period,
                target.toPlainString())).replaceWithVoid();
    }
}
