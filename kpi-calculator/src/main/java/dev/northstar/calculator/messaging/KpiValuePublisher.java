package dev.northstar.calculator.messaging;

import dev.northstar.calculator.CalculatorConfig;
import dev.northstar.calculator.kpi.ScopedKpi;
import dev.northstar.calculator.kpi.Values;
import dev.northstar.common.Freshness;
import dev.northstar.common.JsonTopicProducer;
import dev.northstar.common.kafka.KafkaClients;
import dev.northstar.events.Grain;
import dev.northstar.events.KpiCatalog;
import dev.northstar.events.KpiValue;
import dev.northstar.events.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.config.Config;

/**
 * Publishes changed KPI values to {@code kpi.values}: every statement that changes cells appends one row with
 * their keys to {@code kpi_outbox} in the same transaction, and a run deletes the rows it sends in the
 * transaction that sends them, so a value committed but not yet sent when the process dies is sent by the next
 * run, of this instance or another. Rows are claimed with {@code SKIP LOCKED} (at most {@code publish-batch-size} keys a
 * round); a key claimed several times is sent once, with the cell's latest value, read in the statement that
 * claims it (so it includes every change claimed). {@link PublishingRounds} decides when a round runs.
 */
@ApplicationScoped
public class KpiValuePublisher {

    /** The most keys one outbox row holds (the statements that write them cut their keys in rows of 1,000). */
    static final int OUTBOX_ROW_KEYS = 1000;
    private static final String CLAIM = """
            WITH claimed AS (
                DELETE FROM kpi_outbox
                WHERE ctid = ANY(ARRAY(SELECT ctid FROM kpi_outbox LIMIT $1 FOR UPDATE SKIP LOCKED))
                RETURNING tenants, team_ids, kpis, grains, periods, accepted_at),
            keys AS (
                SELECT u.t, u.tm, u.k, u.g, u.p, min(claimed.accepted_at) AS accepted_at
                FROM claimed, unnest(claimed.tenants, claimed.team_ids, claimed.kpis, claimed.grains, claimed.periods)
                     AS u(t, tm, k, g, p)
                GROUP BY u.t, u.tm, u.k, u.g, u.p)
            SELECT c.tenant, c.team_id, c.kpi, c.grain, c.period, c.numerator, c.denominator, c.version, c.updated_at,
                   keys.accepted_at, (SELECT count(*) FROM claimed) AS claimed_rows
            FROM keys JOIN kpi_component c
              ON c.tenant = keys.t AND c.team_id = keys.tm AND c.kpi = keys.k AND c.grain = keys.g
             AND c.period = keys.p""";


    private final Pool pool;
    private final JsonTopicProducer producer;
    private final int batchSize;
    private final Timer freshness;
    /** Whether the last claim took a full batch: more values wait for the next round. */
    private volatile boolean backlog;

    public KpiValuePublisher(Pool pool, CalculatorConfig config, MeterRegistry meters, Config kafkaConfig) {
        this.freshness = Freshness.timer(meters, "published");
        this.pool = pool;
        this.batchSize = Math.max(1, config.publishBatchSize() / OUTBOX_ROW_KEYS);
        this.producer = new JsonTopicProducer(KafkaClients.common(kafkaConfig), Topics.KPI_VALUES, "kpi-calculator-values");
    }

    /** Whether the last round claimed a full batch (more values wait: the next round follows at once). */
    boolean backlog() {
        return backlog;
    }

    /** Sends one batch of unpublished values and marks them published; returns how many were sent. */
    Uni<Integer> publishOnce() {
        return pool.withTransaction(conn -> conn.preparedQuery(CLAIM).execute(Tuple.of(batchSize))
                .chain(rows -> {
                    backlog = rows.size() > 0 && rows.iterator().next().getLong("claimed_rows") >= batchSize;
                    return rows.size() == 0 ? Uni.createFrom().item(0) : send(rows).replaceWith(rows.size());
                }));
    }

    private Uni<Void> send(RowSet<Row> rows) {
        List<JsonTopicProducer.Keyed> documents = new ArrayList<>(rows.size());
        List<Instant> accepted = new ArrayList<>();
        for (Row row : rows) {
            KpiValue value = toValue(row);
            documents.add(new JsonTopicProducer.Keyed(value.key(), value.toJson()));
            if (value.acceptedAt() != null) {
                accepted.add(value.acceptedAt());
            }
        }
        return producer.sendAll(documents).invoke(() -> {
            Instant now = Instant.now();
            accepted.forEach(at -> freshness.record(Duration.between(at, now)));
        });
    }

    /** The published form of a row. */
    static KpiValue toValue(Row row) {
        String cell = row.getString("kpi");
        String kpi = ScopedKpi.kpi(cell);
        KpiCatalog.Kpi definition = KpiCatalog.figure(kpi).orElseThrow();
        BigDecimal numerator = row.getBigDecimal("numerator");
        BigDecimal denominator = row.getBigDecimal("denominator");
        return new KpiValue(row.getString("tenant"), row.getString("team_id"), kpi,
                Grain.fromWireName(row.getString("grain")).orElseThrow().wireName(), row.getString("period"),
                Values.value(definition, numerator, denominator), numerator,
                definition.ratio() ? denominator : null, definition.unit().name().toLowerCase(Locale.ROOT),
                row.getLong("version"), row.getOffsetDateTime("updated_at").toInstant(),
                row.getOffsetDateTime("accepted_at") == null ? null : row.getOffsetDateTime("accepted_at").toInstant(),
                ScopedKpi.scope(cell));
    }

    @PreDestroy
    void close() {
        producer.close();
    }
}
