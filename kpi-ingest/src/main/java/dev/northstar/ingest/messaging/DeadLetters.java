package dev.northstar.ingest.messaging;

import dev.northstar.common.kafka.KafkaClients;
import dev.northstar.events.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;

/**
 * {@code crm.events.dlq}: what arrived and can never become a valid event, with headers naming why. Written with
 * {@code acks=all}; a caller waits for {@link #await} before it counts the input as handled.
 */
@ApplicationScoped
public class DeadLetters {

    /** Why the record is here. */
    public static final String REASON = "northstar-dlq-reason";
    /** The JSON pointers of the problems, comma-separated. */
    public static final String POINTER = "northstar-dlq-pointer";
    /** Where a record read from a topic came from. */
    public static final String ORIGINAL_TOPIC = "northstar-dlq-original-topic";
    public static final String ORIGINAL_PARTITION = "northstar-dlq-original-partition";
    public static final String ORIGINAL_OFFSET = "northstar-dlq-original-offset";
    private static final int MAX_REASON = 2000;

    private final KafkaProducer<String, byte[]> producer;

    public DeadLetters(Config config) {
        var props = KafkaClients.common(config);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "kpi-ingest-dlq");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    public Future<RecordMetadata> send(String key, byte[] value, Headers headers) {
        return producer.send(new ProducerRecord<>(Topics.CRM_EVENTS_DLQ, null, key, value, headers));
    }

    /**
     * Puts a record read from a topic aside as it was (key, value, headers), with the reason (cut at 2,000 characters),
     * the pointers and where it came from.
     */
    public Future<RecordMetadata> send(ConsumerRecord<String, byte[]> record, String reason, String pointers) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add(REASON, utf8(reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason));
        headers.add(POINTER, utf8(pointers));
        headers.add(ORIGINAL_TOPIC, utf8(record.topic()));
        headers.add(ORIGINAL_PARTITION, utf8(String.valueOf(record.partition())));
        headers.add(ORIGINAL_OFFSET, utf8(String.valueOf(record.offset())));
        return send(record.key(), record.value(), headers);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Waits until Kafka has every record sent. */
    public static void await(List<Future<RecordMetadata>> sent) {
        for (Future<RecordMetadata> f : sent) {
            try {
                f.get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EventPublisher.NotDurableException("interrupted while the DLQ was written");
            } catch (Exception e) {
                throw new EventPublisher.NotDurableException("the DLQ did not acknowledge: " + e.getMessage());
            }
        }
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
