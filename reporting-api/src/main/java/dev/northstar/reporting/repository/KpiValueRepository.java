package dev.northstar.reporting.repository;

import dev.northstar.events.KpiCatalog;
import dev.northstar.events.KpiValue;
import dev.northstar.events.Scopes;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The read model of KPI values. */
@ApplicationScoped
public class KpiValueRepository {

    private static final String UPSERT = """
            INSERT INTO kpi_value AS v (tenant, team_id, kpi, grain, period, value, numerator, denominator, unit,
                                        version, updated_at)
            SELECT t, tm, k, g, p, val::numeric, n::numeric, d::numeric, u, ver, at
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                        $8::text[], $9::text[], $10::bigint[], $11::timestamptz[])
                 AS x(t, tm, k, g, p, val, n, d, u, ver, at)
            ON CONFLICT (tenant, team_id, kpi, grain, period) DO UPDATE
            SET value = EXCLUDED.value, numerator = EXCLUDED.numerator, denominator = EXCLUDED.denominator,
                unit = EXCLUDED.unit, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at,
                change_seq = nextval('kpi_change_seq')
            WHERE v.version < EXCLUDED.version""";
    // a value reporting-api derives itself (the cost KPIs): written when it differs, so that recomputing an unchanged
    // cost adds nothing to the change feed, and only by a computation that started later than the stored one's (two
    // replicas, or two runs, refreshing one team at once: the one that read older data never wins)
    private static final String UPSERT_DERIVED = UPSERT.replace("WHERE v.version < EXCLUDED.version",
            "WHERE (v.value, v.numerator, v.denominator, v.unit) IS DISTINCT FROM"
            + " (EXCLUDED.value, EXCLUDED.numerator, EXCLUDED.denominator, EXCLUDED.unit)"
            + " AND v.version < EXCLUDED.version");
    private static final String UPSERT_SUPPORT = """
            INSERT INTO kpi_support AS v (tenant, team_id, kpi, grain, period, numerator, denominator, version,
                                          updated_at)
            SELECT t, tm, k, g, p, n::numeric, d::numeric, ver, at
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                        $8::text[], $9::text[], $10::bigint[], $11::timestamptz[])
                 AS x(t, tm, k, g, p, val, n, d, u, ver, at)
            ON CONFLICT (tenant, team_id, kpi, grain, period) DO UPDATE
            SET numerator = EXCLUDED.numerator, denominator = EXCLUDED.denominator, version = EXCLUDED.version,
                updated_at = EXCLUDED.updated_at
            WHERE v.version < EXCLUDED.version""";
    // a scoped value (kpi.values with a scope): its own table, the same rules
    private static final String UPSERT_SCOPED = """
            INSERT INTO kpi_scoped_value AS v (tenant, scope, team_id, kpi, grain, period, value, numerator, denominator,
                                               unit, version, updated_at)
            SELECT t, s, tm, k, g, p, val::numeric, n::numeric, d::numeric, u, ver, at
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                        $8::text[], $9::text[], $10::bigint[], $11::timestamptz[], $12::text[])
                 AS x(t, tm, k, g, p, val, n, d, u, ver, at, s)
            ON CONFLICT (tenant, scope, team_id, kpi, grain, period) DO UPDATE
            SET value = EXCLUDED.value, numerator = EXCLUDED.numerator, denominator = EXCLUDED.denominator,
                unit = EXCLUDED.unit, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at,
                change_seq = nextval('kpi_change_seq')
            WHERE v.version < EXCLUDED.version""";
    private static final String LOCK_CHANGES = "SELECT pg_advisory_xact_lock(hashtext('kpi_change_seq'))";
    // the filters present become conditions: a limited token's teams, so that no cursor reads past them, and a scope
    private static final String CHANGES = """
            SELECT change_seq, team_id, kpi, grain, period, value, numerator, denominator, unit, updated_at, %s AS scope
            FROM %s WHERE tenant = $1 AND change_seq > $2%s ORDER BY change_seq LIMIT $3""";
    // the filters present become conditions of their own (no "$n IS NULL OR …"), so that every shape of the
    // query keeps a plan on the index that fits it, walking in the order of the ORDER BY and stopping at the LIMIT:
    // the primary key with a team or without filters, kpi_value_kpi_team (V6) with a KPI alone (kpi_value_series
    // still finds a few periods of a long history faster, and the planner picks it then)
    private static final String SERIES = """
            SELECT team_id, kpi, grain, period, value, numerator, denominator, unit, updated_at, %s AS scope
            FROM %s
            WHERE tenant = $1 AND grain = $2%s
            ORDER BY team_id, kpi, period
            LIMIT $3""";

    // a scope's quarters or years: the KPIs counted per period as kept, every other KPI as the sum of its months
    // (Scopes.isKept); the filters and the keyset apply to the rows so made, in the order of SERIES
    private static final String SCOPED_ROLLUP = """
            SELECT team_id, kpi, grain, period, value, numerator, denominator, unit, updated_at, scope
            FROM (SELECT team_id, kpi, $2::text AS grain, %s AS period, NULL::numeric AS value,
                         sum(numerator) AS numerator, sum(denominator) AS denominator, min(unit) AS unit,
                         max(updated_at) AS updated_at, scope
                  FROM kpi_scoped_value
                  WHERE tenant = $1 AND scope = $4 AND grain = 'month' AND NOT (kpi = ANY($5::text[]))
                  GROUP BY team_id, kpi, scope, 4
                  UNION ALL
                  SELECT team_id, kpi, grain, period, value, numerator, denominator, unit, updated_at, scope
                  FROM kpi_scoped_value
                  WHERE tenant = $1 AND scope = $4 AND grain = $2 AND kpi = ANY($5::text[])) AS v
            WHERE true%s
            ORDER BY team_id, kpi, period
            LIMIT $3""";
    private static final String QUARTER_OF_MONTH = "left(period, 4) || '-Q' || ((substr(period, 6, 2)::int + 2) / 3)";
    private static final String YEAR_OF_MONTH = "left(period, 4)";

    // a pilot's report: some teams' month cells of some KPIs over a range of months, summed over the teams per KPI
    // and month (numerators and denominators apart), of the overall values or of one scope
    private static final String MONTH_SUMS = """
            SELECT kpi, period, coalesce(sum(numerator), 0) AS numerator, coalesce(sum(denominator), 0) AS denominator
            FROM %s
            WHERE tenant = $1 AND grain = 'month' AND kpi = ANY($2::text[]) AND period >= $3 AND period <= $4
              AND team_id = ANY($5::text[])%s
            GROUP BY kpi, period""";

    private final Pool pool;

    public KpiValueRepository(Pool pool) {
        this.pool = pool;
    }

    /** Stores the values that are newer than what the read model has. */
    public Uni<Void> upsert(List<KpiValue> batch) {
        return write(batch, UPSERT, false);
    }

    /**
     * Stores values that reporting-api derives (the cost KPIs): each replaces the stored one when it differs, and
     * only then takes a change number.
     */
    public Uni<Void> upsertDerived(List<KpiValue> batch) {
        return write(batch, UPSERT_DERIVED, false);
    }

    /** Stores scoped values ({@link KpiValue#scope()} not null), newer than what the read model has. */
    public Uni<Void> upsertScoped(List<KpiValue> batch) {
        return write(batch, UPSERT_SCOPED, true);
    }

    /** Stores support figures ({@code KpiCatalog.isSupport}): kept apart, never served as KPIs. */
    public Uni<Void> upsertSupport(List<KpiValue> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(UPSERT_SUPPORT).execute(columns(batch, false)).replaceWithVoid();
    }

    private Uni<Void> write(List<KpiValue> batch, String upsert, boolean scoped) {
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Tuple args = columns(batch, scoped);
        // one writer at a time assigns change numbers, so they are handed out in commit order: a feed reader
        // that has seen number n has seen every change below it, and will see every change above it
        return pool.withTransaction(conn -> conn.query(LOCK_CHANGES).execute()
                .chain(() -> conn.preparedQuery(upsert).execute(args))).replaceWithVoid();
    }

    /**
     * The newest value per key of a batch, in key order (no deadlock between concurrent batches), as the twelve
     * column arrays the upserts unnest: tenant, team, kpi, grain, period, value, numerator, denominator, unit,
     * version, updated at, scope (the overall upserts leave the last out: their values have none).
     */
    private static Tuple columns(List<KpiValue> batch, boolean scoped) {
        // each value's key made once (a comparator of keys made them at every comparison)
        Map<String, KpiValue> newest = new TreeMap<>();
        for (KpiValue v : batch) {
            newest.merge(v.key(), v, (a, b) -> a.version() >= b.version() ? a : b);
        }
        int n = newest.size();
        String[][] text = new String[10][n];
        Long[] versions = new Long[n];
        OffsetDateTime[] times = new OffsetDateTime[n];
        int i = 0;
        for (KpiValue v : newest.values()) {
            text[0][i] = v.tenant();
            text[1][i] = v.teamId();
            text[2][i] = v.kpi();
            text[3][i] = v.grain();
            text[4][i] = v.period();
            text[5][i] = v.value() == null ? null : v.value().toPlainString();
            text[6][i] = v.numerator() == null ? null : v.numerator().toPlainString();
            text[7][i] = v.denominator() == null ? null : v.denominator().toPlainString();
            text[8][i] = v.unit();
            text[9][i] = v.scope();
            versions[i] = v.version();
            times[i] = v.updatedAt().atOffset(ZoneOffset.UTC);
            i++;
        }
        List<Object> columns = new ArrayList<>(List.of(text[0], text[1], text[2], text[3], text[4], text[5], text[6],
                text[7], text[8], versions, times));
        if (scoped) {
            columns.add(text[9]);
        }
        return Tuple.tuple(columns);
    }

    /** One change of the feed: the value as it is now, and its change number. */
    public record Change(long seq, SeriesRow value) {
    }

    /** The tenant's changes after {@code since}, oldest first, at most {@code limit}. */
    public Uni<List<Change>> changes(String tenant, long since, int limit) {
        return changes(tenant, null, null, since, limit);
    }

    /**
     * The changes of the tenant's {@code teams} ({@code null}: of every team) after {@code since}, oldest first, at
     * most {@code limit}: of the overall values ({@code scope} null), of one scope, or of every scope
     * ({@link #EVERY_SCOPE}).
     */
    public Uni<List<Change>> changes(String tenant, List<String> teams, String scope, long since, int limit) {
        List<Object> args = new ArrayList<>(List.of(tenant, since, limit));
        StringBuilder where = new StringBuilder();
        if (teams != null) {
            args.add(teams.toArray(String[]::new));
            where.append(" AND team_id = ANY($").append(args.size()).append("::text[])");
        }
        if (scope != null && !scope.equals(EVERY_SCOPE)) {
            args.add(scope);
            where.append(" AND scope = $").append(args.size());
        }
        String sql = CHANGES.formatted(scope == null ? "NULL::text" : "scope", table(scope), where);
        Uni<RowSet<Row>> read = pool.preparedQuery(sql).execute(Tuple.tuple(args));
        return read.map(rows -> {
            List<Change> out = new ArrayList<>(rows.size());
            for (Row r : rows) {
                out.add(new Change(r.getLong("change_seq"), new SeriesRow(r.getString("team_id"), r.getString("kpi"),
                        r.getString("grain"), r.getString("period"), r.getBigDecimal("value"),
                        r.getBigDecimal("numerator"), r.getBigDecimal("denominator"), r.getString("unit"),
                        r.getOffsetDateTime("updated_at").toInstant(), r.getString("scope"))));
            }
            return out;
        });
    }

    /** The numerator and denominator of some teams pooled, for one KPI and month. */
    public record MonthSum(String kpi, String period, BigDecimal numerator, BigDecimal denominator) {
    }

    /**
     * The month cells of {@code teams} for {@code kpis} in [{@code from}, {@code to}] (months), summed over the teams
     * per KPI and month: of the overall values ({@code scope} null) or of one scope ({@code product:A}). A KPI and
     * month without any cell has no row.
     */
    public Uni<List<MonthSum>> monthSums(String tenant, String scope, List<String> teams, List<String> kpis,
            String from, String to) {
        List<Object> args = new ArrayList<>(List.of(tenant, kpis.toArray(String[]::new), from, to,
                teams.toArray(String[]::new)));
        String where = "";
        if (scope != null) {
            args.add(scope);
            where = " AND scope = $6";
        }
        return pool.preparedQuery(MONTH_SUMS.formatted(table(scope), where)).execute(Tuple.tuple(args)).map(rows -> {
            List<MonthSum> out = new ArrayList<>(rows.size());
            for (Row r : rows) {
                out.add(new MonthSum(r.getString("kpi"), r.getString("period"), r.getBigDecimal("numerator"),
                        r.getBigDecimal("denominator")));
            }
            return out;
        });
    }

    /** What {@code scope=*} asks for: the values of every scope (never the overall ones). */
    public static final String EVERY_SCOPE = "*";

    private static String table(String scope) {
        return scope == null ? "kpi_value" : "kpi_scoped_value";
    }

    /** One row of a series; {@code scope} null for an overall value. */
    public record SeriesRow(String teamId, String kpi, String grain, String period, BigDecimal value,
            BigDecimal numerator, BigDecimal denominator, String unit, Instant updatedAt, String scope) {

        /** Where this row stands in the order of a series. */
        public SeriesKey key() {
            return new SeriesKey(teamId, kpi, period);
        }
    }

    /**
     * What a series reads: a tenant's values in one grain, filtered by KPI, team and an inclusive range of periods;
     * a {@code null} or blank filter matches everything. {@code teams} are the teams a limited token may see
     * ({@code null}: every team of the tenant), a condition of every page's query. {@code scope}: the overall values
     * when {@code null}, else the values of that one scope ({@code product:A}).
     */
    public record SeriesQuery(String tenant, String grain, String kpi, String teamId, String from, String to,
            List<String> teams, String scope) {

        public SeriesQuery {
            if (EVERY_SCOPE.equals(scope)) {
                throw new IllegalArgumentException("a series is of one scope");
            }
            kpi = opt(kpi);
            teamId = opt(teamId);
            from = opt(from);
            to = opt(to);
            teams = teams == null ? null : teams.stream().sorted().distinct().toList();
        }

        /** A query of the overall values of every team the tenant has. */
        public SeriesQuery(String tenant, String grain, String kpi, String teamId, String from, String to) {
            this(tenant, grain, kpi, teamId, from, to, null, null);
        }
    }

    /** A position in a series: the ordering columns (team, KPI, period) of the last row read. */
    public record SeriesKey(String teamId, String kpi, String period) {
    }

    /**
     * The rows of the query in the order of team, KPI and period, after {@code after} (from the start when
     * {@code null}), at most {@code limit}. Keyset, not OFFSET: a page starts where the last one ended even when
     * rows are added or changed before it in the meantime, and reading page n does not read the n - 1 before it.
     */
    public Uni<List<SeriesRow>> series(SeriesQuery query, SeriesKey after, int limit) {
        StringBuilder where = new StringBuilder();
        List<Object> args = new ArrayList<>(Arrays.asList(query.tenant(), query.grain(), limit));
        boolean rollup = query.scope() != null && (query.grain().equals("quarter") || query.grain().equals("year"));
        if (rollup) {
            args.add(query.scope());
            args.add(Scopes.COUNTED_PER_PERIOD.toArray(String[]::new));
        }
        String[] conditions = {" AND kpi = $", " AND team_id = $", " AND period >= $", " AND period <= $"};
        Object[] values = {query.kpi(), query.teamId(), query.from(), query.to()};
        for (int i = 0; i < conditions.length; i++) {
            if (values[i] != null) {
                args.add(values[i]);
                where.append(conditions[i]).append(args.size());
            }
        }
        if (query.teams() != null) {
            args.add(query.teams().toArray(String[]::new));
            where.append(" AND team_id = ANY($").append(args.size()).append("::text[])");
        }
        if (query.scope() != null && !rollup) {
            args.add(query.scope());
            where.append(" AND scope = $").append(args.size());
        }
        if (after != null) {
            // grain ($2, fixed) stands in the row so that it matches the indexes' columns in order: the scan starts
            // at the key instead of filtering everything before it
            args.addAll(List.of(after.teamId(), after.kpi(), after.period()));
            int n = args.size();
            where.append(" AND (team_id, kpi, grain, period) > ($%d, $%d, $2, $%d)".formatted(n - 2, n - 1, n));
        }
        String sql = rollup ? SCOPED_ROLLUP.formatted(query.grain().equals("quarter") ? QUARTER_OF_MONTH
                : YEAR_OF_MONTH, where)
                : SERIES.formatted(query.scope() == null ? "NULL::text" : "scope", table(query.scope()), where);
        return pool.preparedQuery(sql).execute(Tuple.tuple(args))
                .map(rows -> {
                    List<SeriesRow> out = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        BigDecimal value = r.getBigDecimal("value");
                        BigDecimal numerator = r.getBigDecimal("numerator");
                        BigDecimal denominator = r.getBigDecimal("denominator");
                        if (rollup && !Scopes.COUNTED_PER_PERIOD.contains(r.getString("kpi"))) {
                            // a sum of months: its value by the KPI's rule, as kpi-calculator computes a kept cell's
                            value = KpiCatalog.byId(r.getString("kpi")).map(k -> k.value(numerator,
                                    denominator == null ? BigDecimal.ZERO : denominator)).orElse(null);
                        }
                        out.add(new SeriesRow(r.getString("team_id"), r.getString("kpi"), r.getString("grain"),
                                r.getString("period"), value, numerator, denominator, r.getString("unit"),
                                r.getOffsetDateTime("updated_at").toInstant(), r.getString("scope")));
                    }
                    return out;
                });
    }

    /**
     * Every row of the query after {@code after}, in order, read {@code chunk} rows at a time: a chunk is read when
     * the subscriber asks for it, so an export of any size holds one chunk in memory (and no connection between
     * chunks). Each chunk continues from the last key of the one before; empty chunks are not emitted.
     */
    public Multi<List<SeriesRow>> seriesInChunks(SeriesQuery query, SeriesKey after, int chunk) {
        return Multi.createBy().repeating().uni(() -> new Walk(after), (Walk walk) -> walk.done
                ? Uni.createFrom().item(List.<SeriesRow>of())
                : series(query, walk.after, chunk).invoke(rows -> {
                    walk.done = rows.size() < chunk;
                    if (!rows.isEmpty()) {
                        walk.after = rows.get(rows.size() - 1).key();
                    }
                }))
                .until(List::isEmpty);
    }

    /** Where one subscription to {@link #seriesInChunks} has got to. */
    private static final class Walk {
        private SeriesKey after;
        private boolean done;

        Walk(SeriesKey after) {
            this.after = after;
        }
    }

    private static String opt(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
