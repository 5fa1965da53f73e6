package dev.northstar.common.kafka;

import dev.northstar.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.Config;

/**
 * Writes a record that a consumer can never store to {@code northstar.quarantine}: its key, value and headers as
 * they came, plus headers saying which consumer group put it aside, from where (topic, partition, offset), for which
 * tenant, when and why. Counted in {@code northstar_quarantined_total{group, topic}}, which an alert watches; listed
 * for a tenant's admins by reporting-api ({@code GET /v1/quarantine}).
 */
@ApplicationScoped
public class QuarantineTopic {

    public static final String GROUP = "northstar-quarantine-group";
    public static final String TOPIC = "northstar-quarantine-topic";
    public static final String PARTITION = "northstar-quarantine-partition";
    public static final String OFFSET = "northstar-quarantine-offset";
    public static final String TENANT = "northstar-quarantine-tenant";
    public static final String REASON = "northstar-quarantine-reason";
    public static final String AT = "northstar-quarantine-at";
    /** The tenant of a record whose tenant cannot be read (its key and headers name none). */
    public static final String UNKNOWN_TENANT = "";
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_REASON = 2000;

    private final Config config;
    private final MeterRegistry meters;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private volatile Producer<byte[], byte[]> producer;

    public QuarantineTopic(Config config, MeterRegistry meters) {
        this.config = config;
        this.meters = meters;
    }

    /** The counter of a group and topic, so that it exists (at 0) from the consumer's start for rates and alerts. */
    public Counter counter(String group, String topic) {
        return counters.computeIfAbsent(group + '\u0000' + topic, k -> Counter.builder("northstar.quarantined")
                .description("Records a consumer could never store, put aside in northstar.quarantine")
                .tag("group", group).tag("topic", topic).register(meters));
    }

    /**
     * Puts the record aside; completes when the broker has acknowledged it ({@code acks=all}), fails otherwise (the
     * caller retries: the record is not done until it is in the quarantine).
     *
     * @param value the record's value as it was on the topic
     */
    public Uni<Void> put(String group, ConsumerRecord<?, ?> record, byte[] key, byte[] value, String reason) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : record.headers()) {
            headers.add(h);
        }
        String tenant = tenantOf(record);
        headers.add(GROUP, utf8(group));
        headers.add(TOPIC, utf8(record.topic()));
        headers.add(PARTITION, utf8(Integer.toString(record.partition())));
        headers.add(OFFSET, utf8(Long.toString(record.offset())));
        headers.add(TENANT, utf8(tenant));
        headers.add(REASON, utf8(truncate(reason)));
        headers.add(AT, utf8(Instant.now().toString()));
        CompletableFuture<Void> ack = new CompletableFuture<>();
        try {
            producer().send(new ProducerRecord<>(Topics.QUARANTINE, null, key, value, headers), (metadata, error) -> {
                if (error != null) {
                    ack.completeExceptionally(error);
                } else {
                    ack.complete(null);
                }
            });
        } catch (RuntimeException e) {
            ack.completeExceptionally(e);
        }
        return Uni.createFrom().completionStage(ack).ifNoItem().after(ACK_TIMEOUT).fail()
                .invoke(() -> counter(group, record.topic()).increment());
    }

    /**
     * The tenant a record belongs to: its CloudEvents {@code tenant} attribute when it has one, else what its key
     * starts with (every Northstar topic is keyed {@code tenant/...}); {@link #UNKNOWN_TENANT} when neither says.
     */
    static String tenantOf(ConsumerRecord<?, ?> record) {
        Header ce = record.headers().lastHeader("ce_tenant");
        if (ce != null && ce.value() != null) {
            return new String(ce.value(), StandardCharsets.UTF_8);
        }
        Object key = record.key();
        String text = key instanceof String s ? s : key instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : null;
        if (text != null && text.indexOf('/') > 0) {
            return text.substring(0, text.indexOf('/'));
        }
        return UNKNOWN_TENANT;
    }

    private static String truncate(String reason) {
        String r = reason == null ? "" : reason;
        if (r.length() <= MAX_REASON) {
            return r;
        }
        int end = MAX_REASON;
        if (Character.isHighSurrogate(r.charAt(end - 1))) {
            end--;
        }
        return r.substring(0, end) + "…";
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The producer, made on first use (a test gives its own). */
    Producer<byte[], byte[]> producer() {
        Producer<byte[], byte[]> p = producer;
        if (p == null) {
            synchronized (this) {
                p = producer;
                if (p == null) {
                    Map<String, Object> props = KafkaClients.common(config);
                    props.put(ProducerConfig.ACKS_CONFIG, "all");
                    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
                    props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, config.getOptionalValue("quarkus.application.name",
                            String.class).orElse("northstar") + "-quarantine");
                    p = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
                    producer = p;
                }
            }
        }
        return p;
    }

    @PreDestroy
    void close() {
        Producer<byte[], byte[]> p = producer;
        if (p != null) {
            p.close(Duration.ofSeconds(5));
        }
    }
}
