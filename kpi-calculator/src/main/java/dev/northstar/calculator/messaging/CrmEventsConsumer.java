package dev.northstar.calculator.messaging;

import dev.northstar.calculator.CalculatorConfig;
import dev.northstar.calculator.repository.KpiStateRepository;
import dev.northstar.calculator.repository.KpiStateRepository.PartitionRecords;
import dev.northstar.events.EventCodec;
import dev.northstar.events.NorthstarEvent;
import dev.northstar.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Consumes {@code crm.events} in batches: one database transaction per batch applies every new record's
 * contributions and the partitions' progress together, then the changed values are published.
 *
 * <p>A plain Kafka consumer on its own thread, not a messaging channel: progress lives in PostgreSQL (Kafka's
 * commits only show the lag), so the channel's per-record messages, acknowledgement metadata and generation
 * headers were pure cost — about a tenth of the service's CPU. The thread decodes the next batch (in
 * {@link DecodingDeserializer}, inside {@code poll}) while the current one is stored, keeps at most one decoded
 * batch waiting (its partitions paused meanwhile, so the group membership stays alive however long a batch
 * takes), and is woken the moment a batch is stored. Partitions are resumed from the stored progress when
 * assigned ({@link ProgressSeeker}). A batch that still cannot be stored after its retries stops consumption
 * and turns liveness DOWN, rather than skip events.
 */
@ApplicationScoped
public class CrmEventsConsumer {

    private static final Logger LOG = Logger.getLogger(CrmEventsConsumer.class);

    private final KpiStateRepository repository;
    private final KpiValuePublisher publisher;
    private final ProgressSeeker seeker;
    private final CalculatorConfig config;
    private final Config allConfig;
    private final Counter applied;
    private final Counter skipped;
    private final Counter invalid;
    private volatile boolean running;
    private volatile Throwable failure;
    private volatile boolean assigned;
    private Thread thread;
    private volatile KafkaConsumer<String, EventCodec.Decoded> consumer;

    public CrmEventsConsumer(KpiStateRepository repository, KpiValuePublisher publisher, ProgressSeeker seeker,
            CalculatorConfig config, Config allConfig, MeterRegistry meters) {
        this.repository = repository;
        this.publisher = publisher;
        this.seeker = seeker;
        this.config = config;
        this.allConfig = allConfig;
        this.applied = meters.counter("northstar.calculator.events", "outcome", "applied");
        this.skipped = meters.counter("northstar.calculator.events", "outcome", "already_applied");
        this.invalid = meters.counter("northstar.calculator.events", "outcome", "invalid");
    }

    void start(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::run, "crm-events-consumer");
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        KafkaConsumer<String, EventCodec.Decoded> c = consumer;
        if (c != null) {
            wake(c);
        }
        if (thread != null) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        }
    }

    /** Whether consumption stopped on a batch that could not be stored (liveness). */
    public Throwable failure() {
        return failure;
    }

    /** Whether the consumer runs and has joined its group (readiness). */
    public boolean consuming() {
        return running && failure == null && assigned;
    }

    /** The consumer's settings: every {@code kafka.*} property (security, timeouts), then the calculator's own. */
    Map<String, Object> consumerProperties() {
        Map<String, Object> props = new HashMap<>();
        for (String name : allConfig.getPropertyNames()) {
            if (name.startsWith("kafka.") && name.length() > 6) {
                allConfig.getOptionalValue(name, String.class).ifPresent(v -> props.put(name.substring(6), v));
            }
        }
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // progress lives in PostgreSQL and is sought on assignment; Kafka's commits only show the lag
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "true");
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "kpi-calculator-crm-events");
        // an instance that died (SIGKILL, OOM) holds its partitions until the broker gives up on it: 10 s, not the
        // client's default 45 s (heartbeats come every 3 s from the client's own thread, whatever a batch does)
        props.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        return props;
    }

    private void run() {
        Map<String, Object> props = consumerProperties();
        DecodingDeserializer values = new DecodingDeserializer();
        values.configure(props, false);
        try (KafkaConsumer<String, EventCodec.Decoded> kafka = new KafkaConsumer<>(props, new StringDeserializer(),
                values)) {
            consumer = kafka;
            kafka.subscribe(List.of(Topics.CRM_EVENTS), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    seeker.onPartitionsAssigned(kafka, partitions);
                    assigned = true;
                }

                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    seeker.onPartitionsRevoked(kafka, partitions);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    seeker.onPartitionsLost(kafka, partitions);
                }
            });
            loop(kafka);
        } catch (RuntimeException e) {
            if (running) {
                failure = e;
                LOG.errorf(e, "Consuming crm.events stopped: %s", e.getMessage());
            }
        } finally {
            consumer = null;
            running = false;
        }
    }

    private void loop(KafkaConsumer<String, EventCodec.Decoded> kafka) {
        CompletableFuture<Void> current = null;
        ConsumerRecords<String, EventCodec.Decoded> ready = null;
        while (running) {
            if (current != null && current.isDone()) {
                if (current.isCompletedExceptionally()) {
                    Throwable e = current.handle((v, error) -> error).join();
                    failure = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                            ? e.getCause() : e;
                    LOG.errorf(failure, "A batch of crm.events could not be stored after its retries; consumption "
                            + "stops rather than skip events: %s", failure.getMessage());
                    return;
                }
                current = null;
            }
            if (current == null && ready != null) {
                current = store(ready).subscribeAsCompletionStage();
                current.whenComplete((v, e) -> wake(kafka)); // waiting for the batch ends at once
                ready = null;
            }
            // one decoded batch waits while another is stored; until it can start, the partitions stay paused
            if (ready != null) {
                kafka.pause(kafka.assignment());
            } else if (!kafka.paused().isEmpty()) {
                kafka.resume(kafka.paused());
            }
            try {
                ConsumerRecords<String, EventCodec.Decoded> records = kafka.poll(Duration.ofSeconds(1));
                if (!records.isEmpty()) {
                    ready = ready == null ? records : merge(ready, records);
                }
            } catch (WakeupException e) {
                // a batch was stored, or the application stops
            }
        }
        if (current != null) {
            current.handle((v, e) -> null).join(); // let the open transaction end before the pool closes
        }
    }

    private static void wake(KafkaConsumer<?, ?> kafka) {
        try {
            kafka.wakeup();
        } catch (RuntimeException e) {
            // already closed: nothing waits
        }
    }

    /** Two polls' records as one batch (a poll after a rebalance may return records while one batch waits). */
    private static ConsumerRecords<String, EventCodec.Decoded> merge(ConsumerRecords<String, EventCodec.Decoded> a,
            ConsumerRecords<String, EventCodec.Decoded> b) {
        Map<TopicPartition, List<ConsumerRecord<String, EventCodec.Decoded>>> all = new HashMap<>();
        for (ConsumerRecords<String, EventCodec.Decoded> records : List.of(a, b)) {
            for (TopicPartition tp : records.partitions()) {
                all.computeIfAbsent(tp, k -> new ArrayList<>()).addAll(records.records(tp));
            }
        }
        return new ConsumerRecords<>(all, Map.of());
    }

    /** Stores one batch in one transaction (retried with backoff), then asks for its values to be published. */
    Uni<Void> store(ConsumerRecords<String, EventCodec.Decoded> batch) {
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
                .invoke(() -> publisher.requestRun(total >= config.maxPollRecords()))
                .replaceWithVoid();
    }

    /** The event of a record, decoded and validated by {@link DecodingDeserializer} while the consumer polled. */
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
