package dev.northstar.calculator.repository;

import dev.northstar.calculator.kpi.Contribution;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The KPI state in PostgreSQL. One batch of records becomes one transaction that locks the batch's
 * partitions' progress rows, applies only the records past that progress, and moves it: a redelivered
 * record, a second instance working on the same partition after a rebalance, or a crash between commit and
 * Kafka offset commit all leave every value as it was.
 */
@ApplicationScoped
public class KpiStateRepository {

    private static final String ENSURE_OFFSETS = """
            INSERT INTO consumer_offset (topic, partition, next_offset)
            SELECT $1, p, 0 FROM unnest($2::int[]) AS p
            ON CONFLICT DO NOTHING""";
    private static final String LOCK_OFFSETS = """
            SELECT partition, next_offset FROM consumer_offset
            WHERE topic = $1 AND partition = ANY($2::int[]) ORDER BY partition FOR UPDATE""";
    private static final String ADD = """
            INSERT INTO kpi_component AS c (tenant, team_id, kpi, grain, period, numerator, denominator, version,
                                            updated_at)
            SELECT t, tm, k, g, p, n, d, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint, now()
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]::numeric[], $7::text[]::numeric[])
                 AS u(t, tm, k, g, p, n, d)
            ON CONFLICT (tenant, team_id, kpi, grain, period) DO UPDATE
            SET numerator = c.numerator + EXCLUDED.numerator,
                denominator = c.denominator + EXCLUDED.denominator,
                version = greatest(c.version + 1, EXCLUDED.version),
                updated_at = EXCLUDED.updated_at""";
    private static final String MOVE_OFFSETS = """
            UPDATE consumer_offset o SET next_offset = u.next
            FROM unnest($2::int[], $3::bigint[]) AS u(p, next)
            WHERE o.topic = $1 AND o.partition = u.p""";

    private final Pool pool;

    public KpiStateRepository(Pool pool) {
        this.pool = pool;
    }

    /** Records of one partition of a batch, in offset order. */
    public record PartitionRecords<R>(int partition, List<Long> offsets, List<R> records) {
    }

    /**
     * Applies a batch in one transaction.
     *
     * @param contributions what a record adds (called only for records past the stored progress)
     * @return how many records were applied (the rest had been before)
     */
    public <R> Uni<Integer> apply(String topic, List<PartitionRecords<R>> partitions,
            Function<R, List<Contribution>> contributions) {
        Integer[] ids = partitions.stream().map(PartitionRecords::partition).sorted().toArray(Integer[]::new);
        return pool.withTransaction(conn -> conn.preparedQuery(ENSURE_OFFSETS).execute(Tuple.of(topic, ids))
                .chain(() -> conn.preparedQuery(LOCK_OFFSETS).execute(Tuple.of(topic, ids)))
                .chain(rows -> {
                    Map<Integer, Long> next = new HashMap<>();
                    for (Row row : rows) {
                        next.put(row.getInteger("partition"), row.getLong("next_offset"));
                    }
                    Map<Contribution.Key, BigDecimal[]> sums = new TreeMap<>(KEY_ORDER);
                    List<Integer> moved = new ArrayList<>();
                    List<Long> moves = new ArrayList<>();
                    int applied = 0;
                    for (PartitionRecords<R> partition : partitions) {
                        long from = next.getOrDefault(partition.partition(), 0L);
                        long last = -1;
                        for (int i = 0; i < partition.records().size(); i++) {
                            long offset = partition.offsets().get(i);
                            if (offset < from) {
                                continue;
                            }
                            applied++;
                            last = Math.max(last, offset);
                            for (Contribution c : contributions.apply(partition.records().get(i))) {
                                BigDecimal[] sum = sums.computeIfAbsent(c.key(),
                                        k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
                                sum[0] = sum[0].add(c.numerator());
                                sum[1] = sum[1].add(c.denominator());
                            }
                        }
                        if (last >= 0) {
                            moved.add(partition.partition());
                            moves.add(last + 1);
                        }
                    }
                    int count = applied;
                    return add(conn, sums)
                            .chain(() -> moved.isEmpty() ? Uni.createFrom().voidItem()
                                    : conn.preparedQuery(MOVE_OFFSETS).execute(Tuple.of(topic,
                                            moved.toArray(Integer[]::new), moves.toArray(Long[]::new)))
                                            .replaceWithVoid())
                            .replaceWith(count);
                }));
    }

    // rows are always locked in key order, so that two instances never deadlock on the same cells
    private static final Comparator<Contribution.Key> KEY_ORDER = Comparator
            .comparing(Contribution.Key::tenant).thenComparing(Contribution.Key::teamId)
            .thenComparing(Contribution.Key::kpi).thenComparing(Contribution.Key::grain)
            .thenComparing(Contribution.Key::period);

    private static Uni<Void> add(SqlConnection conn, Map<Contribution.Key, BigDecimal[]> sums) {
        if (sums.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = sums.size();
        String[] tenants = new String[n];
        String[] teams = new String[n];
        String[] kpis = new String[n];
        String[] grains = new String[n];
        String[] periods = new String[n];
        String[] numerators = new String[n];
        String[] denominators = new String[n];
        int i = 0;
        for (Map.Entry<Contribution.Key, BigDecimal[]> e : sums.entrySet()) {
            Contribution.Key k = e.getKey();
            tenants[i] = k.tenant();
            teams[i] = k.teamId();
            kpis[i] = k.kpi();
            grains[i] = k.grain();
            periods[i] = k.period();
            numerators[i] = e.getValue()[0].toPlainString();
            denominators[i] = e.getValue()[1].toPlainString();
            i++;
        }
        return conn.preparedQuery(ADD).execute(Tuple.tuple(List.of(tenants, teams, kpis, grains, periods, numerators, denominators)))
                .replaceWithVoid();
    }
}
