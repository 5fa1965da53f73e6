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

    // a scorecard's values and targets in one round trip: kind 'v' rows are values, kind 't' rows targets
    private static final String CARD = """
            SELECT 'v' AS kind, kpi, period, value, numerator, denominator FROM kpi_value
            WHERE tenant = $1 AND team_id = $2 AND grain = $3 AND period = ANY($4::text[])
            UNION ALL
            SELECT 't', kpi, period, target, NULL, NULL FROM kpi_target
            WHERE tenant = $1 AND team_id = $2 AND grain = $3 AND period = $5""";
    private static final String PERIOD_VALUES = """
            SELECT team_id, kpi, value, numerator, denominator FROM kpi_value
            WHERE tenant = $1 AND grain = $2 AND period = $3""";
    private static final String TEAM_CELLS = """
            SELECT kpi, grain, period, value, numerator, denominator FROM kpi_value
            WHERE tenant = $1 AND team_id = $2 AND kpi = ANY($3::text[]) AND period = ANY($4::text[])
            UNION ALL
            SELECT kpi, grain, period, NULL, numerator, denominator FROM kpi_support
            WHERE tenant = $1 AND team_id = $2 AND kpi = ANY($3::text[]) AND period = ANY($4::text[])""";
    private static final String EXISTS = """
            SELECT EXISTS (SELECT 1 FROM team WHERE tenant = $1 AND team_id = $2)
                OR EXISTS (SELECT 1 FROM kpi_value WHERE tenant = $1 AND team_id = $2)
                OR EXISTS (SELECT 1 FROM kpi_target WHERE tenant = $1 AND team_id = $2)
                OR EXISTS (SELECT 1 FROM insight WHERE tenant = $1 AND team_id = $2)""";
    private final Pool pool;

    public ScorecardRepository(Pool pool) {
        this.pool = pool;
    }

    /** A KPI's value in one period. */
    public record Cell(BigDecimal value, BigDecimal numerator, BigDecimal denominator) {
    }

    /** A scorecard's cells by period and KPI, and its targets by KPI. */
    public record Card(Map<String, Map<String, Cell>> values, Map<String, BigDecimal> targets) {

        public boolean isEmpty() {
            return values.isEmpty() && targets.isEmpty();
        }
    }

    /** The team's values in the period and the one before, and its targets in the period. */
    public Uni<Card> card(String tenant, String teamId, String grain, String period, String previous) {
        return pool.preparedQuery(CARD).execute(Tuple.of(tenant, teamId, grain, new String[] {period, previous}, period))
                .map(rows -> {
                    Map<String, Map<String, Cell>> values = new HashMap<>();
                    Map<String, BigDecimal> targets = new HashMap<>();
                    for (Row r : rows) {
                        if ("t".equals(r.getString("kind"))) {
                            targets.put(r.getString("kpi"), r.getBigDecimal("value"));
                        } else {
                            values.computeIfAbsent(r.getString("period"), p -> new HashMap<>()).put(r.getString("kpi"),
                                    new Cell(r.getBigDecimal("value"), r.getBigDecimal("numerator"),
                                            r.getBigDecimal("denominator")));
                        }
                    }
                    return new Card(values, targets);
                });
    }

    /** A team's cells of some KPIs in some periods (of any grain: a label names its grain), by "kpi grain period". */
    public Uni<Map<String, Cell>> cells(String tenant, String teamId, java.util.Collection<String> kpis,
            java.util.Collection<String> periods) {
        return pool.preparedQuery(TEAM_CELLS).execute(Tuple.of(tenant, teamId, kpis.toArray(String[]::new),
                periods.toArray(String[]::new))).map(rows -> {
                    Map<String, Cell> out = new HashMap<>();
                    for (Row r : rows) {
                        out.put(r.getString("kpi") + " " + r.getString("grain") + " " + r.getString("period"),
                                new Cell(r.getBigDecimal("value"), r.getBigDecimal("numerator"),
                                        r.getBigDecimal("denominator")));
                    }
                    return out;
                });
    }

    /** Whether the tenant has this team (registered, with values, targets or insights). */
    public Uni<Boolean> exists(String tenant, String teamId) {
        return pool.preparedQuery(EXISTS).execute(Tuple.of(tenant, teamId)).map(r -> r.iterator().next().getBoolean(0));
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
}
