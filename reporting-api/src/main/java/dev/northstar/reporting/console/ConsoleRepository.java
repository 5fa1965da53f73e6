package dev.northstar.reporting.console;

import dev.northstar.events.KpiCatalog;
import dev.northstar.reporting.repository.ScorecardRepository.Cell;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the console reads beyond the API's repositories: series of many periods at once, target grids, insight search. */
@ApplicationScoped
public class ConsoleRepository {

    // the newest period with any value, one index probe per KPI (kpi_value_series)
    private static final String LATEST = """
            SELECT max(p) FROM unnest($4::text[]) AS k,
                   LATERAL (SELECT max(period) AS p FROM kpi_value
                            WHERE tenant = $1 AND kpi = k AND grain = $2 AND period <= $3) x""";
    private static final String VALUES = """
            SELECT team_id, kpi, period, value, numerator, denominator FROM kpi_value
            WHERE tenant = $1 AND grain = $2 AND period = ANY($3::text[]) AND team_id = ANY($4::text[])""";
    private static final String TARGETS = """
            SELECT team_id, kpi, period, target FROM kpi_target
            WHERE tenant = $1 AND grain = $2 AND period = ANY($3::text[]) AND team_id = ANY($4::text[])""";
    // newest first, keyset-paged; the text is matched as a substring (the pattern's wildcards escaped)
    private static final String SEARCH = """
            SELECT insight_id, team_id, account_id, deal_id, text, tags, kpis, origin, occurred_at FROM insight
            WHERE tenant = $1 AND team_id = ANY($2::text[]) AND occurred_at >= $3 AND occurred_at < $4
              AND ($5::text IS NULL OR text ILIKE $5 ESCAPE '\\')
              AND ($6::text IS NULL OR $6 = ANY(tags))
              AND (occurred_at, insight_id) < ($7, $8)
            ORDER BY occurred_at DESC, insight_id DESC
            LIMIT $9""";
    private static final String TAG_MONTHS = """
            SELECT to_char(occurred_at AT TIME ZONE $7, 'YYYY-MM') AS month, tag, count(*) AS n
            FROM insight, unnest(tags) AS tag
            WHERE tenant = $1 AND team_id = ANY($2::text[]) AND occurred_at >= $3 AND occurred_at < $4
              AND ($5::text IS NULL OR text ILIKE $5 ESCAPE '\\')
              AND ($6::text IS NULL OR $6 = ANY(tags))
            GROUP BY 1, 2""";

    private static final String DEALS_WITH_LOSS_REASON = """
            SELECT team_id, count(DISTINCT deal_id) AS n FROM insight
            WHERE tenant = $1 AND team_id = ANY($2::text[]) AND occurred_at >= $3 AND occurred_at < $4
              AND 'loss_reason' = ANY(tags) AND deal_id IS NOT NULL
            GROUP BY team_id""";

    private final Pool pool;

    public ConsoleRepository(Pool pool) {
        this.pool = pool;
    }

    /** The newest period of the grain, not after {@code upTo}, in which the tenant has a value; null when none. */
    public Uni<String> latestPeriod(String tenant, String grain, String upTo) {
        String[] kpis = KpiCatalog.all().stream().map(KpiCatalog.Kpi::id).toArray(String[]::new);
        return pool.preparedQuery(LATEST).execute(Tuple.of(tenant, grain, upTo, kpis))
                .map(rows -> rows.iterator().next().getString(0));
    }

    /** The teams' cells in these periods: team → period → KPI → cell. */
    public Uni<Map<String, Map<String, Map<String, Cell>>>> values(String tenant, String grain, List<String> periods,
            List<String> teams) {
        return pool.preparedQuery(VALUES).execute(Tuple.of(tenant, grain, periods.toArray(String[]::new),
                teams.toArray(String[]::new))).map(rows -> {
                    Map<String, Map<String, Map<String, Cell>>> out = new HashMap<>();
                    for (Row r : rows) {
                        out.computeIfAbsent(r.getString("team_id"), t -> new HashMap<>())
                                .computeIfAbsent(r.getString("period"), p -> new HashMap<>())
                                .put(r.getString("kpi"), new Cell(r.getBigDecimal("value"), r.getBigDecimal("numerator"),
                                        r.getBigDecimal("denominator")));
                    }
                    return out;
                });
    }

    /** The teams' targets in these periods: team → period → KPI → target. */
    public Uni<Map<String, Map<String, Map<String, BigDecimal>>>> targets(String tenant, String grain,
            List<String> periods, List<String> teams) {
        return pool.preparedQuery(TARGETS).execute(Tuple.of(tenant, grain, periods.toArray(String[]::new),
                teams.toArray(String[]::new))).map(rows -> {
                    Map<String, Map<String, Map<String, BigDecimal>>> out = new HashMap<>();
                    for (Row r : rows) {
                        out.computeIfAbsent(r.getString("team_id"), t -> new HashMap<>())
                                .computeIfAbsent(r.getString("period"), p -> new HashMap<>())
                                .put(r.getString("kpi"), r.getBigDecimal("target"));
                    }
                    return out;
                });
    }

    /** Per team, how many deals have a recorded loss reason in [from, to) (what the integration level counts). */
    public Uni<Map<String, Long>> dealsWithLossReason(String tenant, List<String> teams, Instant from, Instant to) {
        return pool.preparedQuery(DEALS_WITH_LOSS_REASON).execute(Tuple.of(tenant, teams.toArray(String[]::new),
                utc(from), utc(to))).map(rows -> {
                    Map<String, Long> out = new HashMap<>();
                    for (Row r : rows) {
                        out.put(r.getString("team_id"), r.getLong("n"));
                    }
                    return out;
                });
    }

    /** An insight as the search lists it. */
    public record Found(String id, String teamId, String accountId, String dealId, String text, List<String> tags,
            List<String> kpis, String origin, Instant occurredAt) {
    }

    /** What to search: teams, a time range, a substring (or null), a tag (or null). */
    public record Search(String tenant, List<String> teams, Instant from, Instant to, String text, String tag) {

        String pattern() {
            return text == null ? null : "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        }
    }

    /** A page of matches older than {@code (beforeTime, beforeId)}, newest first. */
    public Uni<List<Found>> search(Search s, Instant beforeTime, String beforeId, int limit) {
        Tuple args = Tuple.tuple(Arrays.asList(s.tenant(), s.teams().toArray(String[]::new),
                s.from().atOffset(ZoneOffset.UTC), s.to().atOffset(ZoneOffset.UTC), s.pattern(), s.tag(),
                beforeTime.atOffset(ZoneOffset.UTC), beforeId, limit));
        return pool.preparedQuery(SEARCH).execute(args).map(rows -> {
            List<Found> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(new Found(r.getString("insight_id"), r.getString("team_id"), r.getString("account_id"),
                        r.getString("deal_id"), r.getString("text"), strings(r, "tags"), strings(r, "kpis"),
                        r.getString("origin"), r.getOffsetDateTime("occurred_at").toInstant()));
            }
            return out;
        });
    }

    /** The matches' tag counts per month (in the zone): month → tag → count. */
    public Uni<Map<String, Map<String, Long>>> tagMonths(Search s, String zone) {
        Tuple args = Tuple.tuple(Arrays.asList(s.tenant(), s.teams().toArray(String[]::new),
                s.from().atOffset(ZoneOffset.UTC), s.to().atOffset(ZoneOffset.UTC), s.pattern(), s.tag(), zone));
        return pool.preparedQuery(TAG_MONTHS).execute(args).map(rows -> {
            Map<String, Map<String, Long>> out = new LinkedHashMap<>();
            for (Row r : rows) {
                out.computeIfAbsent(r.getString("month"), m -> new HashMap<>()).put(r.getString("tag"), r.getLong("n"));
            }
            return out;
        });
    }

    private static List<String> strings(Row r, String column) {
        String[] values = r.getArrayOfStrings(column);
        return values == null ? List.of() : List.of(values);
    }

    static OffsetDateTime utc(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }
}
