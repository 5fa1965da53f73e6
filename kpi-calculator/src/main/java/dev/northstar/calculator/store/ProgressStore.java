package dev.northstar.calculator.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code consumer_offset}: how far each partition of {@code crm.events} has been applied, committed in the same
 * transaction as the state it produced — the only record of progress (Kafka's commits only show the lag).
 */
@ApplicationScoped
public class ProgressStore {

    private static final String ENSURE = """
            INSERT INTO consumer_offset (topic, partition, next_offset)
            SELECT $1, p, 0 FROM unnest($2::int[]) AS p
            ON CONFLICT DO NOTHING""";
    private static final String LOCK = """
            SELECT partition, next_offset FROM consumer_offset
            WHERE topic = $1 AND partition = ANY($2::int[]) ORDER BY partition FOR UPDATE""";
    private static final String READ = """
            SELECT partition, next_offset FROM consumer_offset WHERE topic = $1 AND partition = ANY($2::int[])""";
    private static final String MOVE = """
            UPDATE consumer_offset o SET next_offset = u.next
            FROM unnest($2::int[], $3::bigint[]) AS u(p, next)
            WHERE o.topic = $1 AND o.partition = u.p""";

    private final Pool pool;

    public ProgressStore(Pool pool) {
        this.pool = pool;
    }

    /** The stored progress of the partitions: where consumption continues. */
    public Uni<Map<Integer, Long>> read(String topic, List<Integer> partitions) {
        return pool.preparedQuery(READ).execute(Tuple.of(topic, partitions.toArray(Integer[]::new)))
                .map(ProgressStore::byPartition);
    }

    /**
     * Locks the partitions' progress rows for the transaction (a partition seen for the first time gets its row
     * first) and returns where each stands.
     */
    public Uni<Map<Integer, Long>> lock(SqlConnection conn, String topic, Integer[] partitions) {
        return conn.preparedQuery(LOCK).execute(Tuple.of(topic, partitions)).chain(rows -> rows.size()
                == partitions.length ? Uni.createFrom().item(rows)
                : conn.preparedQuery(ENSURE).execute(Tuple.of(topic, partitions))
                        .chain(() -> conn.preparedQuery(LOCK).execute(Tuple.of(topic, partitions))))
                .map(ProgressStore::byPartition);
    }

    /** Moves the partitions' progress to the given next offsets. */
    public Uni<Void> move(SqlConnection conn, String topic, Map<Integer, Long> next) {
        if (next.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery(MOVE).execute(Tuple.of(topic, next.keySet().toArray(Integer[]::new),
                next.values().toArray(Long[]::new))).replaceWithVoid();
    }

    private static Map<Integer, Long> byPartition(RowSet<Row> rows) {
        Map<Integer, Long> out = new HashMap<>();
        for (Row row : rows) {
            out.put(row.getInteger("partition"), row.getLong("next_offset"));
        }
        return out;
    }
}
