package dev.northstar.ingest.messaging;

import dev.northstar.common.kafka.KafkaClients;
import dev.northstar.ingest.IngestConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;

/**
 * Writes accepted events to {@code crm.events} (records of the CloudEvents Kafka binding, see
 * {@link dev.northstar.events.wire.KafkaBinding}) and waits until Kafka has them ({@code acks=all}, idempotent producer) —
 * the only way a request earns a 202.
 */
@ApplicationScoped
public class EventPublisher {

    private final KafkaProducer<String, byte[]> producer;
    private final Duration ackTimeout;
    private final Timer acknowledged;
    private final Timer failed;

    public EventPublisher(Config kafkaConfig, IngestConfig config, MeterRegistry meters) {
        this.ackTimeout = config.ackTimeout();
        this.acknowledged = Timer.builder("northstar.ingest.produce.latency").tag("outcome", "acknowledged")
                .description("From send to Kafka's acknowledgement of a request's events").publishPercentileHistogram()
                .register(meters);
        this.failed = Timer.builder("northstar.ingest.produce.latency").tag("outcome", "failed")
                .publishPercentileHistogram().register(meters);
        Map<String, Object> props = KafkaClients.common(kafkaConfig);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "2");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, config.compression());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(ackTimeout.toMillis()));
        int timeout = (int) ackTimeout.toMillis();
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(Math.max(1000, timeout - 1000)));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(timeout + 100));
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "kpi-ingest");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Sends the events and waits for every acknowledgement.
     *
     * @throws NotDurableException when Kafka did not acknowledge every event within the ack timeout
     */
    public void publish(List<ProducerRecord<String, byte[]>> records) {
        long start = System.nanoTime();
        try {
            send(records, start + ackTimeout.toNanos());
            acknowledged.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        } catch (NotDurableException e) {
            failed.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            throw e;
        }
    }

    private void send(List<ProducerRecord<String, byte[]>> records, long deadline) {
        List<Future<RecordMetadata>> sends = new ArrayList<>(records.size());
        try {
            for (ProducerRecord<String, byte[]> record : records) {
                sends.add(producer.send(record));
            }
            for (Future<RecordMetadata> send : sends) {
                send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotDurableException("interrupted");
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw new NotDurableException(e.getCause() != null ? e.getCause().getMessage() : e.toString());
        }
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }

    /** Kafka did not acknowledge in time: nothing may be promised to the sender. */
    public static final class NotDurableException extends RuntimeException {
        public NotDurableException(String message) {
            super(message, null, false, false);
        }
    }
}
