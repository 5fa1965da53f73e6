package dev.northstar.ingest.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.northstar.common.kafka.BatchConsumer;
import dev.northstar.common.kafka.ServiceConsumers;
import dev.northstar.events.NorthstarEvent;
import dev.northstar.events.Topics;
import dev.northstar.events.ValidationProblem;
import dev.northstar.events.wire.EventCodec;
import dev.northstar.events.wire.KafkaBinding;
import dev.northstar.ingest.IngestConfig;
import dev.northstar.ingest.door.EventDoor;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * The Kafka door: events that Kafka Connect writes to a tenant's {@code crm.events.raw.<tenant>} or the shared
 * {@code crm.events.raw} (CloudEvents Kafka binding, binary or structured) are validated like HTTP ones; valid events
 * go to {@code crm.events} under the same duplicate rule, invalid ones to {@code crm.events.dlq} with headers naming
 * the reason, the JSON pointers and where the record came from. A batch counts as consumed only after everything it
 * produced is acknowledged by Kafka; while Kafka or the duplicate register is away, it is retried for as long as that
 * lasts (readiness down meanwhile).
 *
 * <p>Who may write an event's tenant: a Kafka record does not carry the principal that produced it, so the producer is
 * bound to a topic instead — each tenant's connector may write only {@code crm.events.raw.<tenant>} (its Kafka ACLs),
 * and an event there whose {@code tenant} is another is dead-lettered, never forwarded. The shared topic proves
 * nothing about its writer, so it is taken only for the tenants {@code northstar.ingest.raw.shared-topic-tenants}
 * names. Topics matching {@link #RAW_TOPICS} are found by the consumer's metadata refresh
 * ({@code kafka.metadata.max.age.ms}, 5 minutes unless set lower).
 */
@ApplicationScoped
public class RawEventsForwarder {

    public static final String REASON = DeadLetters.REASON;
    public static final String POINTER = DeadLetters.POINTER;
    public static final String ORIGINAL_TOPIC = DeadLetters.ORIGINAL_TOPIC;
    public static final String ORIGINAL_PARTITION = DeadLetters.ORIGINAL_PARTITION;
    public static final String ORIGINAL_OFFSET = DeadLetters.ORIGINAL_OFFSET;
    /** The consumer group (as it was when the channel was a messaging channel, so that its offsets carry over). */
    public static final String GROUP = "kpi-ingest-raw";
    /** Every topic read: the shared raw topic and each tenant's (the suffix is a tenant as the contract allows it). */
    public static final Pattern RAW_TOPICS = Pattern.compile(Pattern.quote(Topics.CRM_EVENTS_RAW)
            + "(\\.[a-z0-9][a-z0-9_-]{0,62})?");
    /** The value of {@code northstar.ingest.raw.shared-topic-tenants} that lets every tenant use the shared topic. */
    public static final String ANY_TENANT = "*";
    private static final int MAX_POLL_RECORDS = 500;
    private static final Logger LOG = Logger.getLogger(RawEventsForwarder.class);

    private final EventCodec codec;
    private final EventDoor door;
    private final MeterRegistry meters;
    private final ServiceConsumers consumers;
    private final DeadLetters dlq;
    private final Set<String> sharedTopicTenants;

    public RawEventsForwarder(EventCodec codec, EventDoor door, MeterRegistry meters, ServiceConsumers consumers,
            DeadLetters dlq, IngestConfig ingest) {
        this.codec = codec;
        this.sharedTopicTenants = ingest.raw().sharedTopicTenants().orElse(Set.of());
        this.door = door;
        this.meters = meters;
        this.consumers = consumers;
        // every outcome exists from the start, so that rates and the DLQ alert see 0 rather than no data
        for (String outcome : new String[] {"forwarded", "duplicate", "dead_letter"}) {
            meters.counter("northstar.ingest.raw", "outcome", outcome);
        }
        this.dlq = dlq;
    }

    void start(@Observes StartupEvent event) {
        consumers.start(new BatchConsumer.Spec<>("kpi-ingest-raw", GROUP, List.of(Topics.CRM_EVENTS_RAW),
                MAX_POLL_RECORDS, true, new StringDeserializer(), new ByteArrayDeserializer(), bytes -> bytes,
                bytes -> null, this::store, record -> Uni.createFrom().voidItem(), new BatchConsumer.Assignment() {
                }, RAW_TOPICS));
    }

    /** The topic a tenant's connector writes (and only it). */
    public static String tenantTopic(String tenant) {
        return Topics.CRM_EVENTS_RAW + "." + tenant;
    }

    /** Why an event of this tenant may not come from this topic, or null when it may. */
    String refusal(String topic, String tenant) {
        if (topic.equals(Topics.CRM_EVENTS_RAW)) {
            return sharedTopicTenants.contains(ANY_TENANT) || sharedTopicTenants.contains(tenant) ? null
                    : "tenant " + tenant + " may not use the shared " + Topics.CRM_EVENTS_RAW
                            + " (not in northstar.ingest.raw.shared-topic-tenants): its connector writes "
                            + tenantTopic(tenant);
        }
        String owner = topic.substring(Topics.CRM_EVENTS_RAW.length() + 1);
        return owner.equals(tenant) ? null
                : "tenant " + tenant + " on " + topic + ", which only tenant " + owner
                        + "'s connector may write: a tenant's raw topic carries its own events only";
    }

    /** Forwards a batch (blocking work: the register and the producer wait for their answers, off the poll thread). */
    Uni<Void> store(List<ConsumerRecord<String, byte[]>> batch) {
        return Uni.createFrom().<Void>item(() -> {
            forward(batch);
            return null;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    void forward(List<ConsumerRecord<String, byte[]>> batch) {
        Map<NorthstarEvent.EventId, JsonNode> valid = new LinkedHashMap<>();
        List<Future<RecordMetadata>> dead = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : batch) {
            if (record.value() == null) {
                continue;
            }
            CloudEvent event;
            try {
                event = KafkaMessageFactory.createReader(record).toEvent();
            } catch (RuntimeException e) {
                dead.add(deadLetter(record, "not a CloudEvent: " + e.getMessage(), ""));
                continue;
            }
            ObjectNode structured = codec.toStructured(event);
            List<ValidationProblem> problems = codec.validator().validate(structured);
            if (!problems.isEmpty()) {
                dead.add(deadLetter(record, problems.stream().map(p -> p.pointer() + " " + p.message())
                        .collect(Collectors.joining("; ")), problems.stream()
                        .map(ValidationProblem::pointer).collect(Collectors.joining(","))));
                continue;
            }
            String refused = refusal(record.topic(), structured.path(EventCodec.TENANT).asText());
            if (refused != null) {
                dead.add(deadLetter(record, refused, "/" + EventCodec.TENANT));
                continue;
            }
            valid.putIfAbsent(KafkaBinding.eventId(structured), structured);
        }
        DeadLetters.await(dead);
        if (!valid.isEmpty()) {
            send(valid);
        }
    }

    /** One attempt to forward the valid events; a failure is transient and the guard retries the batch. */
    private void send(Map<NorthstarEvent.EventId, JsonNode> valid) {
        EventDoor.Accepted done;
        try {
            done = door.accept(List.copyOf(valid.values()), null);
        } catch (EventDoor.NotAccepted e) {
            LOG.warnf("Forwarding %d raw events failed: %s", valid.size(), e.getMessage());
            throw e;
        }
        meters.counter("northstar.ingest.raw", "outcome", "forwarded").increment(done.accepted());
        meters.counter("northstar.ingest.raw", "outcome", "duplicate").increment(done.duplicates());
    }

    private Future<RecordMetadata> deadLetter(ConsumerRecord<String, byte[]> record, String reason, String pointers) {
        meters.counter("northstar.ingest.raw", "outcome", "dead_letter").increment();
        return dlq.send(record, reason, pointers);
    }
}
