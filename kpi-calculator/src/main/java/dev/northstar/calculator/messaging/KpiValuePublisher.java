package dev.northstar.calculator.messaging;

import dev.northstar.calculator.CalculatorConfig;
import dev.northstar.calculator.kpi.Values;
import dev.northstar.calculator.repository.TenantRefresher;
import dev.northstar.events.EventJson;
import dev.northstar.events.Grain;
import dev.northstar.events.KpiCatalog;
import dev.northstar.events.KpiValue;
import dev.northstar.events.Topics;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes changed KPI values to {@code kpi.values}: the KPI table is its own outbox (rows whose
 * {@code version} is past {@code published_version}), so a value committed but not yet sent when the process
 * dies is sent by the next run, of this instance or another. Rows are claimed with {@code SKIP LOCKED}.
 */
@ApplicationScoped
public class KpiValuePublisher {

    private static final Logger LOG = Logger.getLogger(KpiValuePublisher.class);
    private static final String CLAIM = """
            SELECT tenant, team_id, kpi, grain, period, numerator, denominator, version, updated_at
            FROM kpi_component WHERE version > published_version
            ORDER BY updated_at LIMIT $1 FOR UPDATE SKIP LOCKED""";
    private static final String MARK = """
            UPDATE kpi_component c SET published_version = u.v
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[])
                 AS u(t, tm, k, g, p, v)
            WHERE c.tenant = u.t AND c.team_id = u.tm AND c.kpi = u.k AND c.grain = u.g AND c.period = u.p""";

    private final Pool pool;
    private final TenantRefresher refresher;
    private final KafkaProducer<String, String> producer;
    private final int batchSize;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    public KpiValuePublisher(Pool pool, TenantRefresher refresher, CalculatorConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.pool = pool;
        this.refresher = refresher;
        this.batchSize = config.publishBatchSize();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "kpi-calculator-values");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /** Asks for a publishing run now (coalesced with one in progress). */
    public void requestRun() {
        again.set(true);
        if (running.compareAndSet(false, true)) {
            loop();
        }
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        requestRun();
    }

    private void loop() {
        again.set(false);
        refresher.refreshAll().onFailure().recoverWithItem(e -> {
            LOG.warnf(e, "Refreshing tenant-wide KPIs failed, will retry: %s", e.getMessage());
            return 0;
        }).chain(this::publishOnce).subscribe().with(sent -> {
            if (sent > 0 || again.get()) {
                loop();
            } else {
                running.set(false);
                if (again.get() && running.compareAndSet(false, true)) {
                    loop();
                }
            }
        }, failure -> {
            LOG.warnf("Publishing KPI values failed, will retry: %s", failure.getMessage());
            running.set(false);
        });
    }

    /** Sends one batch of unpublished values and marks them published; returns how many were sent. */
    Uni<Integer> publishOnce() {
        return pool.withTransaction(conn -> conn.preparedQuery(CLAIM).execute(Tuple.of(batchSize))
                .chain(rows -> rows.size() == 0 ? Uni.createFrom().item(0) : send(rows)
                        .chain(() -> mark(conn, rows)).replaceWith(rows.size())));
    }

    private Uni<Void> send(RowSet<Row> rows) {
        List<CompletableFuture<Void>> acks = new ArrayList<>(rows.size());
        for (Row row : rows) {
            KpiValue value = toValue(row);
            CompletableFuture<Void> ack = new CompletableFuture<>();
            try {
                producer.send(new ProducerRecord<>(Topics.KPI_VALUES, value.key(),
                        EventJson.MAPPER.writeValueAsString(value)), (metadata, error) -> {
                            if (error != null) {
                                ack.completeExceptionally(error);
                            } else {
                                ack.complete(null);
                            }
                        });
            } catch (Exception e) {
                ack.completeExceptionally(e);
            }
            acks.add(ack);
        }
        return Uni.createFrom().completionStage(CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)))
                .ifNoItem().after(Duration.ofSeconds(30)).fail();
    }

    private static Uni<Void> mark(SqlConnection conn, RowSet<Row> rows) {
        int n = rows.size();
        String[][] keys = new String[5][n];
        Long[] versions = new Long[n];
        int i = 0;
        for (Row row : rows) {
            keys[0][i] = row.getString("tenant");
            keys[1][i] = row.getString("team_id");
            keys[2][i] = row.getString("kpi");
            keys[3][i] = row.getString("grain");
            keys[4][i] = row.getString("period");
            versions[i] = row.getLong("version");
            i++;
        }
        return conn.preparedQuery(MARK).execute(Tuple.of(keys[0], keys[1], keys[2], keys[3], keys[4], versions))
                .replaceWithVoid();
    }

    /** The published form of a row. */
    static KpiValue toValue(Row row) {
        String kpi = row.getString("kpi");
        KpiCatalog.Kpi definition = KpiCatalog.byId(kpi).orElseThrow();
        BigDecimal numerator = row.getBigDecimal("numerator");
        BigDecimal denominator = row.getBigDecimal("denominator");
        return new KpiValue(row.getString("tenant"), row.getString("team_id"), kpi,
                Grain.fromWireName(row.getString("grain")).orElseThrow().wireName(), row.getString("period"),
                Values.value(definition, numerator, denominator), numerator,
                definition.ratio() ? denominator : null, definition.unit().name().toLowerCase(Locale.ROOT),
                row.getLong("version"), row.getOffsetDateTime("updated_at").toInstant());
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
