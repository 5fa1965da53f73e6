package dev.northstar.ingest.messaging;

import dev.northstar.events.EventCodec;
import dev.northstar.events.NorthstarEvent;
import dev.northstar.events.Topics;
import dev.northstar.events.ValidationProblem;
import dev.northstar.ingest.repository.ReceivedEvents;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The Kafka door: events that Kafka Connect writes to {@code crm.events.raw} (CloudEvents Kafka binding, binary
 * or structured) are validated like HTTP ones; valid events go to {@code crm.events} under the same duplicate
 * rule, invalid ones to {@code crm.events.dlq} with headers naming the reason, the JSON pointers and where the
 * record came from. A batch is acknowledged only after everything it produced is acknowledged by Kafka.
 */
@ApplicationScoped
public class RawEventsForwarder {

    public static final String REASON = "northstar-dlq-reason";
    public static final String POINTER = "northstar-dlq-pointer";
    public static final String ORIGINAL_TOPIC = "northstar-dlq-original-topic";
    public static final String ORIGINAL_PARTITION = "northstar-dlq-original-partition";
    public static final String ORIGINAL_OFFSET = "northstar-dlq-original-offset";
    private static final Logger LOG = Logger.getLogger(RawEventsForwarder.class);

    private final EventCodec codec;
    private final EventPublisher publisher;
    private final ReceivedEvents received;
    private final MeterRegistry meters;
    private final KafkaProducer<String, byte[]> dlq;

    public RawEventsForwarder(EventCodec codec, EventPublisher publisher, ReceivedEvents received, MeterRegistry meters,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.codec = codec;
        this.publisher = publisher;
        this.received = received;
        this.meters = meters;
        // every outcome exists from the start, so that rates and the DLQ alert see 0 rather than no data
        for (String outcome : new String[] {"forwarded", "duplicate", "dead_letter"}) {
            meters.counter("northstar.ingest.raw", "outcome", outcome);
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "kpi-ingest-dlq");
        this.dlq = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    @Incoming("crm-events-raw")
    @Blocking
    public void forward(ConsumerRecords<String, byte[]> batch) throws Exception {
        Map<NorthstarEvent.EventId, NorthstarEvent> valid = new LinkedHashMap<>();
        Map<NorthstarEvent.EventId, CloudEvent> cloudEvents = new LinkedHashMap<>();
        List<Future<?>> dead = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : batch) {
            CloudEvent event;
            try {
                event = KafkaMessageFactory.createReader(record).toEvent();
            } catch (RuntimeException e) {
                dead.add(deadLetter(record, "not a CloudEvent: " + e.getMessage(), ""));
                continue;
            }
            EventCodec.Decoded decoded = codec.decode(event);
            if (!decoded.valid()) {
                dead.add(deadLetter(record, decoded.problems().stream().map(p -> p.pointer() + " " + p.message())
                        .collect(Collectors.joining("; ")), decoded.problems().stream()
                        .map(ValidationProblem::pointer).collect(Collectors.joining(","))));
                continue;
            }
            valid.putIfAbsent(decoded.event().eventId(), decoded.event());
            cloudEvents.putIfAbsent(decoded.event().eventId(), event);
        }
        for (Future<?> f : dead) {
            f.get(30, TimeUnit.SECONDS);
        }
        if (!valid.isEmpty()) {
            send(valid, cloudEvents);
        }
    }

    private void send(Map<NorthstarEvent.EventId, NorthstarEvent> valid,
            Map<NorthstarEvent.EventId, CloudEvent> cloudEvents) {
        for (int attempt = 1; ; attempt++) {
            ReceivedEvents.Claim claim = received.claim(List.copyOf(valid.keySet()));
            List<NorthstarEvent.EventId> claimed = List.copyOf(claim.claimed());
            if (!claim.inFlightElsewhere()) {
                List<NorthstarEvent> events = claimed.stream().map(valid::get).toList();
                try {
                    publisher.publish(events, claimed.stream().map(cloudEvents::get).toList());
                    received.confirm(claimed);
                    meters.counter("northstar.ingest.raw", "outcome", "forwarded").increment(events.size());
                    meters.counter("northstar.ingest.raw", "outcome", "duplicate")
                            .increment(valid.size() - events.size());
                    return;
                } catch (EventPublisher.NotDurableException e) {
                    received.release(claimed);
                    LOG.warnf("Forwarding %d raw events failed (attempt %d): %s", events.size(), attempt,
                            e.getMessage());
                }
            } else {
                received.release(claimed);
            }
            if (attempt == 20) {
                throw new IllegalStateException("raw events could not be forwarded");
            }
            try {
                Thread.sleep(Math.min(10_000L, 250L * attempt));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private Future<?> deadLetter(ConsumerRecord<String, byte[]> record, String reason, String pointers) {
        meters.counter("northstar.ingest.raw", "outcome", "dead_letter").increment();
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add(REASON, utf8(reason.length() > 2000 ? reason.substring(0, 2000) : reason));
        headers.add(POINTER, utf8(pointers));
        headers.add(ORIGINAL_TOPIC, utf8(record.topic()));
        headers.add(ORIGINAL_PARTITION, utf8(String.valueOf(record.partition())));
        headers.add(ORIGINAL_OFFSET, utf8(String.valueOf(record.offset())));
        return dlq.send(new ProducerRecord<>(Topics.CRM_EVENTS_DLQ, null, record.key(), record.value(), headers));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @PreDestroy
    void close() {
        dlq.close(Duration.ofSeconds(5));
    }
}
