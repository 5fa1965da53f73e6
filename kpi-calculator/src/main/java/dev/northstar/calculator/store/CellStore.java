package dev.northstar.calculator.store;

import dev.northstar.calculator.kpi.Contribution;
import dev.northstar.calculator.kpi.Contributions;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code kpi_component}, the additive components (numerator, denominator) of every KPI per tenant × team × grain ×
 * period, and {@code kpi_outbox}: every statement that changes cells appends their keys to the outbox in the same
 * statement, for the publisher.
 */
@ApplicationScoped
public class CellStore {

    static final String ADD = """
            WITH changed AS (
            INSERT INTO kpi_component AS c (tenant, team_id, kpi, grain, period, numerator, denominator, version,
                                            updated_at)
            SELECT t, tm, k, g, p, n, d, $9::bigint, now()
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]::numeric[], $7::text[]::numeric[])
                 AS u(t, tm, k, g, p, n, d)
            ON CONFLICT (tenant, team_id, kpi, grain, period) DO UPDATE
            SET numerator = c.numerator + EXCLUDED.numerator,
                denominator = c.denominator + EXCLUDED.denominator,
                version = greatest(c.version + 1, EXCLUDED.version),
                updated_at = EXCLUDED.updated_at)
            INSERT INTO kpi_outbox (tenants, team_ids, kpis, grains, periods, accepted_at)
            SELECT $1[i:i + 999], $2[i:i + 999], $3[i:i + 999], $4[i:i + 999], $5[i:i + 999], $8
            FROM generate_series(1, cardinality($1::text[]), 1000) AS i""";

    /**
     * The version a change starts from: the time in microseconds, so that versions keep growing across replays
     * and instances; a key changed again within the same microsecond still gets its version plus one.
     */
    public static long versionNow() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /**
     * Adds cells' changes in one statement, rows in {@link Contributions#KEY_ORDER} (so that two transactions never
     * wait for each other in a cycle), and notes their keys in the outbox.
     *
     * @param acceptedAt when kpi-ingest accepted the oldest event behind the changes (freshness), or null
     */
    public Uni<Void> add(SqlConnection conn, Map<Contribution.Key, BigDecimal[]> cells, Instant acceptedAt) {
        if (cells.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Object[]> rows = new ArrayList<>(cells.size());
        for (Map.Entry<Contribution.Key, BigDecimal[]> e : cells.entrySet()) {
            Contribution.Key k = e.getKey();
            rows.add(new Object[] {k.tenant(), k.teamId(), k.kpi(), k.grain(), k.period(), e.getValue()[0],
                e.getValue()[1]});
        }
        List<Object> args = new ArrayList<>(Columns.of(rows, 7));
        args.add(acceptedAt == null ? null : acceptedAt.atOffset(ZoneOffset.UTC));
        args.add(versionNow());
        return conn.preparedQuery(ADD).execute(Tuple.tuple(args)).replaceWithVoid();
    }
}
