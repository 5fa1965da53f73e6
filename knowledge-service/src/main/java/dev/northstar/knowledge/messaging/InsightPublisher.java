package dev.northstar.knowledge.messaging;

import dev.northstar.common.JsonTopicProducer;
import dev.northstar.common.kafka.KafkaClients;
import dev.northstar.common.RepeatingRun;
import dev.northstar.events.InsightValue;
import dev.northstar.events.Topics;
import dev.northstar.knowledge.KnowledgeConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.Config;

/**
 * Publishes every insight, and every change of one, to {@code knowledge.insights}: the insight table is its own
 * outbox (rows whose {@code version} is past {@code published_version}), so an insight stored but not yet sent
 * when the process dies is sent by the next run, of this instance or another.
 */
@ApplicationScoped
public class InsightPublisher {

    private static final String CLAIM = """
            SELECT id, tenant, team_id, account_id, deal_id, text, tags, kpis, origin_type, occurred_at, version
            FROM insight WHERE version > published_version
            ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED""";
    private static final String MARK = """
            UPDATE insight i SET published_version = u.v FROM unnest($1::uuid[], $2::bigint[]) AS u(id, v)
            WHERE i.id = u.id""";

    private final Pool pool;
    private final JsonTopicProducer producer;
    private final int batchSize;
    private final RepeatingRun run = new RepeatingRun("Publishing insights", this::publishOnce);

    public InsightPublisher(Pool pool, KnowledgeConfig config, Config kafkaConfig) {
        this.pool = pool;
        this.batchSize = config.publishBatchSize();
        this.producer = new JsonTopicProducer(KafkaClients.common(kafkaConfig), Topics.KNOWLEDGE_INSIGHTS,
                "knowledge-service-insights");
    }

    /** Asks for a publishing run now (coalesced with one in progress). */
    public void requestRun() {
        run.request();
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        run.request();
    }

    Uni<Integer> publishOnce() {
        return pool.withTransaction(conn -> conn.preparedQuery(CLAIM).execute(Tuple.of(batchSize))
                .chain(rows -> rows.size() == 0 ? Uni.createFrom().item(0) : send(rows)
                        .chain(() -> {
                            List<UUID> ids = new ArrayList<>();
                            List<Long> versions = new ArrayList<>();
                            rows.forEach(r -> {
                                ids.add(r.getUUID("id"));
                                versions.add(r.getLong("version"));
                            });
                            return conn.preparedQuery(MARK).execute(Tuple.of(ids.toArray(UUID[]::new),
                                    versions.toArray(Long[]::new)));
                        }).replaceWith(rows.size())));
    }

    private Uni<Void> send(RowSet<Row> rows) {
        List<JsonTopicProducer.Keyed> documents = new ArrayList<>(rows.size());
        for (Row r : rows) {
            InsightValue value = new InsightValue(r.getString("tenant"), r.getUUID("id").toString(),
                    r.getString("team_id"), r.getString("account_id"), r.getString("deal_id"), r.getString("text"),
                    List.of(r.getArrayOfStrings("tags")), List.of(r.getArrayOfStrings("kpis")),
                    r.getString("origin_type"), r.getOffsetDateTime("occurred_at").toInstant(), r.getLong("version"));
            documents.add(new JsonTopicProducer.Keyed(value.key(), value));
        }
        return producer.sendAll(documents);
    }

    void onStop(@Observes ShutdownEvent event) {
        run.close();
    }

    @PreDestroy
    void close() {
        run.close();
        producer.close();
    }
}
