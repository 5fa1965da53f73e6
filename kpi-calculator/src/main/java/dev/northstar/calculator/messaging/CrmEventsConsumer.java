package dev.northstar.calculator.messaging;

import dev.northstar.calculator.CalculatorConfig;
import dev.northstar.calculator.pipeline.BatchApplier.PartitionRecords;
import dev.northstar.calculator.pipeline.BatchApplier;
import dev.northstar.common.kafka.BatchConsumer;
import dev.northstar.common.kafka.ServiceConsumers;
import dev.northstar.events.NorthstarEvent;
import dev.northstar.events.Topics;
import dev.northstar.events.wire.CrmEventDeserializer.Received;
import dev.northstar.events.wire.CrmEventDeserializer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Consumes {@code crm.events} in batches: one database transaction per batch applies every new record's
 * contributions and the partitions' progress together ({@link BatchApplier}), then a round of refresh and
 * publishing is asked for ({@link PublishingRounds}).
 *
 * <p>The loop is the service-wide {@link BatchConsumer}: the next batch is decoded while the current one is stored,
 * a record that can never be counted (not a valid event, or one the database refuses) goes to the quarantine and the
 * progress moves past it, and a transient failure (the database away) is retried for as long as it lasts with
 * readiness down. Progress lives in PostgreSQL (Kafka's commits only show the lag): partitions are resumed from it
 * when assigned ({@link ProgressSeeker}).
 */
@ApplicationScoped
public class CrmEventsConsumer {

    /** The consumer's name in logs and health. */
    public static final String NAME = "crm-events-consumer";

    private final BatchApplier applier;
    private final PublishingRounds rounds;
    private final ProgressSeeker seeker;
    private final CalculatorConfig config;
    private final ServiceConsumers consumers;
    private final Counter applied;
    private final Counter skipped;
    private final Counter invalid;

    public CrmEventsConsumer(BatchApplier applier, PublishingRounds rounds, ProgressSeeker seeker,
            CalculatorConfig config, ServiceConsumers consumers, MeterRegistry meters) {
        this.applier = applier;
        this.rounds = rounds;
        this.seeker = seeker;
        this.config = config;
        this.consumers = consumers;
        this.applied = meters.counter("northstar.calculator.events", "outcome", "applied");
        this.skipped = meters.counter("northstar.calculator.events", "outcome", "already_applied");
        this.invalid = meters.counter("northstar.calculator.events", "outcome", "invalid");
    }

    void start(@Observes StartupEvent event) {
        consumers.start(spec());
    }

    /** What the consumer reads and how it stores it. */
    BatchConsumer.Spec<String, Received> spec() {
        return new BatchConsumer.Spec<>(NAME, config.groupId(), List.of(Topics.CRM_EVENTS), config.maxPollRecords(),
                false, new StringDeserializer(), new CrmEventDeserializer(), Received::bytes, Received::invalidReason,
                this::store, this::passOver, new BatchConsumer.Assignment() {
                    @Override
                    public void assigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                        seeker.onPartitionsAssigned(consumer, partitions);
                    }

                    @Override
                    public void revoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                        seeker.onPartitionsRevoked(consumer, partitions);
                    }
                });
    }

    /** Stores records (in offset order per partition) in one transaction, then asks for their values to be published. */
    Uni<Void> store(List<ConsumerRecord<String, Received>> records) {
        int total = records.size();
        return applier.apply(Topics.CRM_EVENTS, partitions(records, false))
                .invoke(n -> {
                    applied.increment(n);
                    skipped.increment(total - n);
                })
                // a full batch: more records were waiting, the calculator is catching up
                .invoke(() -> rounds.request(total >= config.maxPollRecords()))
                .replaceWithVoid();
    }

    /** Moves the progress past a record that went to the quarantine, counting nothing of it. */
    Uni<Void> passOver(ConsumerRecord<String, Received> record) {
        return applier.apply(Topics.CRM_EVENTS, partitions(List.of(record), true)).replaceWithVoid();
    }

    private List<PartitionRecords> partitions(List<ConsumerRecord<String, Received>> records, boolean passOver) {
        Map<Integer, List<ConsumerRecord<String, Received>>> byPartition = new LinkedHashMap<>();
        for (ConsumerRecord<String, Received> record : records) {
            byPartition.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(record);
        }
        List<PartitionRecords> partitions = new ArrayList<>(byPartition.size());
        byPartition.forEach((partition, list) -> {
            List<Long> offsets = new ArrayList<>(list.size());
            List<NorthstarEvent> events = new ArrayList<>(list.size());
            long acceptedAt = Long.MAX_VALUE;
            for (ConsumerRecord<String, Received> record : list) {
                offsets.add(record.offset());
                events.add(passOver ? null : event(record));
                if (record.timestamp() >= 0) {
                    acceptedAt = Math.min(acceptedAt, record.timestamp());
                }
            }
            partitions.add(new PartitionRecords(partition, offsets, events,
                    acceptedAt == Long.MAX_VALUE ? null : Instant.ofEpochMilli(acceptedAt)));
        });
        return partitions;
    }

    /** The event of a record, decoded and validated while the consumer polled; null when it cannot be counted. */
    private NorthstarEvent event(ConsumerRecord<String, Received> record) {
        Received received = record.value();
        if (received == null || !received.valid()) {
            // a tombstone, or a record the consumer has already put in the quarantine
            invalid.increment();
            return null;
        }
        return received.event();
    }
}
