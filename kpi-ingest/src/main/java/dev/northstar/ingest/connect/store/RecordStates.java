package dev.northstar.ingest.connect.store;

import io.quarkus.scheduler.Scheduled;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The last known fields of the CRM records a tenant's mappings need ({@code connector_record}): what a source that
 * sends only what changed leaves out is filled in from here. Merged field by field in one statement (a field a
 * change clears, sent as a JSON null, removes the stored value; a new row keeps its nulls, which read as absent), so
 * that two requests about one record at once lose neither's fields. Blocking: called
 * from the connectors' request threads.
 */
@ApplicationScoped
public class RecordStates {

    private static final Logger LOG = Logger.getLogger(RecordStates.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String LOAD = """
            SELECT object, record_id, fields FROM connector_record
            WHERE tenant = $1 AND source = $2 AND (object, record_id) IN (SELECT * FROM unnest($3::text[], $4::text[]))""";
    private static final String MERGE = """
            INSERT INTO connector_record AS c (tenant, source, object, record_id, fields, updated_at)
            SELECT $1, $2, o, r, f, now() FROM unnest($3::text[], $4::text[], $5::jsonb[]) AS u(o, r, f)
            ON CONFLICT (tenant, source, object, record_id)
            DO UPDATE SET fields = jsonb_strip_nulls(c.fields || EXCLUDED.fields), updated_at = now()""";
    private static final String DELETE = """
            DELETE FROM connector_record
            WHERE tenant = $1 AND source = $2 AND (object, record_id) IN (SELECT * FROM unnest($3::text[], $4::text[]))""";
    private static final String PRUNE_FAILURES = """
            DELETE FROM connector_failure f USING (
                SELECT t.tenant, (SELECT g.id FROM connector_failure g WHERE g.tenant = t.tenant
                                  ORDER BY g.id DESC OFFSET $1 LIMIT 1) AS floor
                FROM (SELECT DISTINCT tenant FROM connector_failure) t) k
            WHERE f.tenant = k.tenant AND k.floor IS NOT NULL AND f.id <= k.floor""";

    private final Pool pool;

    public RecordStates(Pool pool) {
        this.pool = pool;
    }

    /** A record of an object. */
    public record Key(String object, String recordId) {
    }

    /** The stored fields of the records (a record never seen is absent). */
    public Map<Key, Map<String, String>> load(String tenant, String source, List<Key> keys) {
        Map<Key, Map<String, String>> out = new HashMap<>();
        if (keys.isEmpty()) {
            return out;
        }
        String[] objects = keys.stream().map(Key::object).toArray(String[]::new);
        String[] ids = keys.stream().map(Key::recordId).toArray(String[]::new);
        for (Row row : pool.preparedQuery(LOAD).execute(Tuple.of(tenant, source, objects, ids)).await()
                .atMost(TIMEOUT)) {
            JsonObject fields = row.getJsonObject("fields");
            Map<String, String> state = new HashMap<>();
            fields.forEach(e -> {
                if (e.getValue() != null) {
                    state.put(e.getKey(), e.getValue().toString());
                }
            });
            out.put(new Key(row.getString("object"), row.getString("record_id")), state);
        }
        return out;
    }

    /**
     * Merges what changes said into the records' state: {@code changes} maps a record to its fields, a null value
     * clearing the field; {@code deleted} records are forgotten.
     */
    public void merge(String tenant, String source, Map<Key, Map<String, String>> changes, List<Key> deleted) {
        if (!changes.isEmpty()) {
            String[] objects = new String[changes.size()];
            String[] ids = new String[changes.size()];
            JsonObject[] fields = new JsonObject[changes.size()];
            int i = 0;
            for (Map.Entry<Key, Map<String, String>> e : changes.entrySet()) {
                objects[i] = e.getKey().object();
                ids[i] = e.getKey().recordId();
                JsonObject json = new JsonObject();
                e.getValue().forEach(json::put);
                fields[i++] = json;
            }
            pool.preparedQuery(MERGE).execute(Tuple.of(tenant, source, objects, ids, fields)).await().atMost(TIMEOUT);
        }
        if (!deleted.isEmpty()) {
            pool.preparedQuery(DELETE).execute(Tuple.of(tenant, source,
                    deleted.stream().map(Key::object).toArray(String[]::new),
                    deleted.stream().map(Key::recordId).toArray(String[]::new))).await().atMost(TIMEOUT);
        }
    }

    /** Keeps each tenant's newest {@link FailureRepository#KEPT} failures. */
    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void prune() {
        try {
            int n = pool.preparedQuery(PRUNE_FAILURES).execute(Tuple.of(FailureRepository.KEPT)).await().atMost(TIMEOUT)
                    .rowCount();
            if (n > 0) {
                LOG.infof("Dropped %d connector failures beyond each tenant's newest %d", n, FailureRepository.KEPT);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Pruning connector failures failed (tried again in 10 minutes): %s", e.getMessage());
        }
    }
}
