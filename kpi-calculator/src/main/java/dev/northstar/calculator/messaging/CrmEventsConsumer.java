package dev.northstar.calculator.messaging;

import dev.northstar.calculator.repository.KpiStateRepository;
import dev.northstar.calculator.repository.KpiStateRepository.PartitionRecords;
import dev.northstar.events.EventCodec;
import dev.northstar.events.NorthstarEvent;
import dev.northstar.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code crm.events} in batches: one database transaction per batch applies every new record's
 * contributions and the partitions' progress together, then the changed values are published.
 */
@ApplicationScoped
public class CrmEventsConsumer {

    private static final Logger LOG = Logger.getLogger(CrmEventsConsumer.class);

    private final KpiStateRepository repository;
    private final KpiValuePublisher publisher;
    private final Counter applied;
    private final Counter skipped;
    private final Counter invalid;
    private final int maxPollRecords;

    public CrmEventsConsumer(KpiStateRepository repository, KpiValuePublisher publisher,
            MeterRegistry meters, @ConfigProperty(name = "mp.messaging.incoming.crm-events.max.poll.records",
                    defaultValue = "500") int maxPollRecords) {
        this.repository = repository;
        this.maxPollRecords = maxPollRecords;
        this.publisher = publisher;
        this.applied = meters.counter("northstar.calculator.events", "outcome", "applied");
        this.skipped = meters.counter("northstar.calculator.events", "outcome", "already_applied");
        this.invalid = meters.counter("northstar.calculator.events", "outcome", "invalid");
    }

    @Incoming("crm-events")
    public Uni<Void> consume(ConsumerRecords<String, EventCodec.Decoded> batch) {
        List<PartitionRecords> partitions = new ArrayList<>();
        for (TopicPartition tp : batch.partitions()) {
            List<ConsumerRecord<String, EventCodec.Decoded>> records = batch.records(tp);
            List<Long> offsets = new ArrayList<>(records.size());
            List<NorthstarEvent> events = new ArrayList<>(records.size());
            long acceptedAt = Long.MAX_VALUE;
            for (ConsumerRecord<String, EventCodec.Decoded> record : records) {
                offsets.add(record.offset());
                events.add(decode(record));
                if (record.timestamp() >= 0) {
                    acceptedAt = Math.min(acceptedAt, record.timestamp());
                }
            }
            partitions.add(new PartitionRecords(tp.partition(), offsets, events,
                    acceptedAt == Long.MAX_VALUE ? null : Instant.ofEpochMilli(acceptedAt)));
        }
        int total = batch.count();
        return repository.apply(Topics.CRM_EVENTS, partitions)
                .onFailure().invoke(e -> LOG.warnf("Storing a batch of %d events failed, retrying: %s", total,
                        e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).atMost(30)
                .invoke(n -> {
                    applied.increment(n);
                    skipped.increment(total - n);
                })
                // a full batch: more records were waiting, the calculator is catching up
                .invoke(() -> publisher.requestRun(total >= maxPollRecords))
                .replaceWithVoid();
    }

    /** The event of a record, decoded and validated by {@link DecodingDeserializer} while the connector polled. */
    private NorthstarEvent decode(ConsumerRecord<String, EventCodec.Decoded> record) {
        EventCodec.Decoded decoded = record.value();
        if (decoded == null) {
            invalid.increment();
            return null;
        }
        if (!decoded.valid()) {
            // kpi-ingest validated it; an invalid event here was written around it and cannot be counted
            invalid.increment();
            LOG.warnf("Skipping invalid event at %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    decoded.problems());
            return null;
        }
        return decoded.event();
    }
}
