package dev.northstar.reporting.repository;

import dev.northstar.events.KpiValue;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    private static final String LOCK_CHANGES = "SELECT pg_advisory_xact_lock(hashtext('kpi_change_seq'))";
    private static final String CHANGES = """
            SELECT change_seq, team_id, kpi, grain, period, value, numerator, denominator, unit, updated_at
            FROM kpi_value WHERE tenant = $1 AND change_seq > $2 ORDER BY change_seq LIMIT $3""";
    // the filters present become conditions of their own (no "$n IS NULL OR …"), so that every shape of the
    // query keeps a plan on the index that fits it: the primary key with a team, kpi_value_series without
    private static final String SERIES = """
            SELECT team_id, kpi, grain, period, value, numerator, denominator, unit, updated_at
            FROM kpi_value
            WHERE tenant = $1 AND grain = $2%s
            ORDER BY team_id, kpi, period
            LIMIT $3""";

    private final Pool pool;

    public KpiValueRepository(Pool pool) {
        this.pool = pool;
    }

    /** Stores the values that are newer than what the read model has. */
    public Uni<Void> upsert(List<KpiValue> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // within a batch keep the newest per key, in key order (no deadlock between concurrent batches)
        Map<String, KpiValue> newest = new LinkedHashMap<>();
        batch.stream().sorted(Comparator.comparing(KpiValue::key))
                .forEach(v -> newest.merge(v.key(), v, (a, b) -> a.version() >= b.version() ? a : b));
        int n = newest.size();
        String[][] text = new String[9][n];
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
            versions[i] = v.version();
            times[i] = v.updatedAt().atOffset(ZoneOffset.UTC);
            i++;
        }
        Tuple args = Tuple.tuple(List.of(text[0], text[1], text[2], text[3], text[4], text[5], text[6], text[7],
                text[8], versions, times));
        // one writer at a time assigns change numbers, so they are handed out in commit order: a feed reader
        // that has seen number n has seen every change below it, and will see every change above it
        return pool.withTransaction(conn -> conn.query(LOCK_CHANGES).execute()
                .chain(() -> conn.preparedQuery(UPSERT).execute(args))).replaceWithVoid();
    }

    /** One change of the feed: the value as it is now, and its change number. */
    public record Change(long seq, SeriesRow value) {
    }

    /** The tenant's changes after {@code since}, oldest first, at most {@code limit}. */
    public Uni<List<Change>> changes(String tenant, long since, int limit) {
        return pool.preparedQuery(CHANGES).execute(Tuple.of(tenant, since, limit)).map(rows -> {
            List<Change> out = new ArrayList<>(rows.size());
            for (Row r : rows) {
                out.add(new Change(r.getLong("change_seq"), new SeriesRow(r.getString("team_id"), r.getString("kpi"),
                        r.getString("grain"), r.getString("period"), r.getBigDecimal("value"),
                        r.getBigDecimal("numerator"), r.getBigDecimal("denominator"), r.getString("unit"),
                        r.getOffsetDateTime("updated_at").toInstant())));
            }
            return out;
        });
    }

    /** One row of a series. */
    public record SeriesRow(String teamId, String kpi, String grain, String period, java.math.BigDecimal value,
            java.math.BigDecimal numerator, java.math.BigDecimal denominator, String unit, java.time.Instant updatedAt) {
    }

    /** The values of a tenant in one grain, filtered; {@code null} filters match everything. */
    public Uni<List<SeriesRow>> series(String tenant, String grain, String kpi, String teamId, String from, String to,
            int limit) {
        StringBuilder where = new StringBuilder();
        List<Object> args = new ArrayList<>(java.util.Arrays.asList(tenant, grain, limit));
        String[] conditions = {" AND kpi = $", " AND team_id = $", " AND period >= $", " AND period <= $"};
        Object[] values = {opt(kpi), opt(teamId), opt(from), opt(to)};
        for (int i = 0; i < conditions.length; i++) {
            if (values[i] != null) {
                args.add(values[i]);
                where.append(conditions[i]).append(args.size());
            }
        }
        return pool.preparedQuery(SERIES.formatted(where)).execute(Tuple.tuple(args))
                .map(rows -> {
                    List<SeriesRow> out = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        out.add(new SeriesRow(r.getString("team_id"), r.getString("kpi"), r.getString("grain"),
                                r.getString("period"), r.getBigDecimal("value"), r.getBigDecimal("numerator"),
                                r.getBigDecimal("denominator"), r.getString("unit"),
                                r.getOffsetDateTime("updated_at").toInstant()));
                    }
                    return out;
                });
    }

    private static Object opt(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
