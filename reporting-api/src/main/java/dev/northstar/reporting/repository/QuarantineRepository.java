package dev.northstar.reporting.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The quarantined records of every consumer, as reporting-api materialises them from {@code northstar.quarantine}. */
@ApplicationScoped
public class QuarantineRepository {

    private static final String INSERT = """
            INSERT INTO quarantined_record (consumer_group, topic, partition, record_offset, tenant, reason,
                                            quarantined_at, record_key, event_type, event_id, value_text)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            ON CONFLICT DO NOTHING""";
    private static final String COLUMNS = "consumer_group, topic, partition, record_offset, reason, quarantined_at, "
            + "record_key, event_type, event_id, value_text";

    private final Pool pool;

    public QuarantineRepository(Pool pool) {
        this.pool = pool;
    }

    /** A quarantined record: where it was, why it was put aside, and what it held. */
    public record Quarantined(String group, String topic, int partition, long offset, String tenant, String reason,
            Instant quarantinedAt, String key, String eventType, String eventId, String value) {
    }

    /** The position of a row in the list order (newest first), for a cursor. */
    public record Position(Instant quarantinedAt, String group, String topic, int partition, long offset) {
    }

    /** Stores records; one stored before (the same group and offset) is left alone. */
    public Uni<Void> insert(List<Quarantined> records) {
        if (records.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>(records.size());
        for (Quarantined q : records) {
            rows.add(Tuple.tuple(Arrays.asList(q.group(), q.topic(), q.partition(), q.offset(), q.tenant(), q.reason(),
                    q.quarantinedAt().atOffset(ZoneOffset.UTC), q.key(), q.eventType(), q.eventId(), q.value())));
        }
        return pool.withTransaction(conn -> conn.preparedQuery(INSERT).executeBatch(rows)).replaceWithVoid();
    }

    /** Up to {@code limit + 1} records of the tenant, newest first, after {@code after} when given. */
    public Uni<List<Quarantined>> list(String tenant, Position after, int limit) {
        String where = after == null ? "" : " AND (quarantined_at, consumer_group, topic, partition, record_offset) < "
                + "($3, $4, $5, $6, $7)";
        String sql = "SELECT " + COLUMNS + " FROM quarantined_record WHERE tenant = $1" + where
                + " ORDER BY quarantined_at DESC, consumer_group DESC, topic DESC, partition DESC, record_offset DESC"
                + " LIMIT $2";
        List<Object> params = new ArrayList<>(List.of(tenant, limit + 1));
        if (after != null) {
            params.addAll(List.of(after.quarantinedAt().atOffset(ZoneOffset.UTC), after.group(), after.topic(),
                    after.partition(), after.offset()));
        }
        return pool.preparedQuery(sql).execute(Tuple.tuple(params)).map(rows -> {
            List<Quarantined> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(new Quarantined(r.getString("consumer_group"), r.getString("topic"), r.getInteger("partition"),
                        r.getLong("record_offset"), tenant, r.getString("reason"),
                        r.getOffsetDateTime("quarantined_at").toInstant(), r.getString("record_key"),
                        r.getString("event_type"), r.getString("event_id"), r.getString("value_text")));
            }
            return out;
        });
    }
}
