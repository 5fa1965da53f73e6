package dev.northstar.common.kafka;

import dev.northstar.events.Topics;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.jboss.logging.Logger;

/**
 * One Kafka consumer of a service on its own thread, storing what it reads in batches through a {@link BatchGuard}:
 * the same loop for every consumer of Northstar (the calculator's {@code crm.events}, knowledge-service's insights,
 * reporting-api's read model, kpi-ingest's raw topic).
 *
 * <p>The thread decodes the next batch (in the value deserializer, inside {@code poll}) while the current one is
 * stored, keeps at most one decoded batch waiting — its partitions paused meanwhile, so that the group membership
 * stays alive however long a batch takes, a database outage included — and is woken the moment a batch is stored.
 * A record the {@link Spec#invalid} test refuses goes straight to the quarantine; the rest are stored by the guard.
 *
 * <p>Offsets: the offsets of stored batches are committed to Kafka. With {@link Spec#commitToKafka} they are the
 * progress (at least once; the stores are idempotent); without it the service keeps its own progress (it seeks on
 * assignment) and Kafka's commits only show the lag — of what is stored, as the consumers that commit their progress
 * show it (the client's automatic commits showed what had been polled, up to 5 s late, and made the lag a sawtooth).
 */
public final class BatchConsumer<K, V> {

    private static final Logger LOG = Logger.getLogger(BatchConsumer.class);

    /** Told of assignments, e.g. to seek to progress stored elsewhere. Runs on the consumer's thread. */
    public interface Assignment {
        default void assigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        }

        default void revoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        }
    }

    /**
     * What a consumer reads and how it stores it.
     *
     * @param name           the consumer's name in logs and health
     * @param groupId        its consumer group
     * @param topics         what it reads
     * @param maxPollRecords the largest batch
     * @param commitToKafka  whether Kafka's committed offsets are the progress (else the store keeps its own)
     * @param keys           the key deserializer
     * @param values         the value deserializer (may decode and validate: it runs while a batch is stored)
     * @param bytesOf        a value as it was on the topic, for the quarantine
     * @param invalid        why a value can never be stored, or null when it may be (decided without storing it)
     * @param store          stores a batch in one unit of work
     * @param afterQuarantine what storing does once a record is in the quarantine (e.g. move progress past it)
     * @param assignment     told of assignments
     * @param topicPattern   when not null, the consumer reads every topic whose name matches it (the first of
     *                       {@code topics} names the consumer's topics in metrics)
     */
    public record Spec<K, V>(String name, String groupId, List<String> topics, int maxPollRecords,
            boolean commitToKafka, Deserializer<K> keys, Deserializer<V> values, Function<V, byte[]> bytesOf,
            Function<V, String> invalid, BatchGuard.Store<ConsumerRecord<K, V>> store,
            Function<ConsumerRecord<K, V>, Uni<Void>> afterQuarantine, Assignment assignment, Pattern topicPattern) {

        /** A consumer of the named topics. */
        public Spec(String name, String groupId, List<String> topics, int maxPollRecords, boolean commitToKafka,
                Deserializer<K> keys, Deserializer<V> values, Function<V, byte[]> bytesOf, Function<V, String> invalid,
                BatchGuard.Store<ConsumerRecord<K, V>> store, Function<ConsumerRecord<K, V>, Uni<Void>> afterQuarantine,
                Assignment assignment) {
            this(name, groupId, topics, maxPollRecords, commitToKafka, keys, values, bytesOf, invalid, store,
                    afterQuarantine, assignment, null);
        }
    }

    private final Spec<K, V> spec;
    private final Map<String, Object> props;
    private final QuarantineTopic quarantine;
    private final ConsumerState state;
    private final BatchGuard<ConsumerRecord<K, V>> guard;
    private final Map<TopicPartition, Long> done = new ConcurrentHashMap<>();
    private volatile boolean running;
    private Thread thread;
    private volatile KafkaConsumer<K, V> consumer;

    /**
     * @param common the service's Kafka settings ({@link KafkaClients#common}); the consumer's own are added
     */
    public BatchConsumer(Spec<K, V> spec, Map<String, Object> common, QuarantineTopic quarantine, ConsumerState state) {
        this.spec = spec;
        this.quarantine = quarantine;
        this.state = state;
        this.props = new HashMap<>(common);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, spec.groupId());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, spec.maxPollRecords());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, spec.name());
        // an instance that died (SIGKILL, OOM) holds its partitions until the broker gives up on it: 10 s, not the
        // client's default 45 s (heartbeats come every 3 s from the client's own thread, whatever a batch does)
        props.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        this.guard = new BatchGuard<>(spec.store(), this::quarantine, state, () -> running);
        quarantine.counter(spec.groupId(), spec.topics().get(0));
    }

    public ConsumerState state() {
        return state;
    }

    /** The consumer settings it runs with (for tests and the calculator's benchmark). */
    public Map<String, Object> properties() {
        return Map.copyOf(props);
    }

    public synchronized void start() {
        running = true;
        thread = new Thread(this::run, spec.name());
        thread.start();
    }

    /** Stops polling, lets the batch being stored end, and commits what was stored. */
    public void stop() {
        running = false;
        KafkaConsumer<K, V> c = consumer;
        if (c != null) {
            wake(c);
        }
        Thread t = thread;
        if (t != null) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(60));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        try (KafkaConsumer<K, V> kafka = new KafkaConsumer<>(props, spec.keys(), spec.values())) {
            consumer = kafka;
            ConsumerRebalanceListener listener = new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    spec.assignment().assigned(kafka, partitions);
                    state.assigned();
                }

                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    commitDone(kafka, partitions, true);
                    spec.assignment().revoked(kafka, partitions);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    partitions.forEach(done::remove);
                    spec.assignment().revoked(kafka, partitions);
                }
            };
            if (spec.topicPattern() != null) {
                kafka.subscribe(spec.topicPattern(), listener);
            } else {
                kafka.subscribe(spec.topics(), listener);
            }
            loop(kafka);
            commitDone(kafka, kafka.assignment(), true);
        } catch (RuntimeException e) {
            if (running) {
                state.stopped(e);
                LOG.errorf(e, "%s stopped: %s", spec.name(), e.getMessage());
            }
        } finally {
            consumer = null;
            running = false;
        }
    }

    private void loop(KafkaConsumer<K, V> kafka) {
        CompletableFuture<Void> current = null;
        ConsumerRecords<K, V> ready = null;
        while (running) {
            if (current != null && current.isDone()) {
                Throwable failure = current.handle((v, e) -> e).join();
                current = null;
                if (failure != null && running && Failures.isRewind(failure)) {
                    rewind(kafka, failure);
                    ready = null; // read again, from the stored progress
                } else if (failure != null) {
                    // only when stopping: the guard retries a transient failure for as long as the service runs
                    return;
                }
            }
            if (current == null && ready != null) {
                ConsumerRecords<K, V> batch = ready;
                current = handle(batch).subscribeAsCompletionStage();
                current.whenComplete((v, e) -> wake(kafka)); // waiting for the batch ends at once
                ready = null;
            }
            // one decoded batch waits while another is stored; until it can start, the partitions stay paused
            if (ready != null) {
                kafka.pause(kafka.assignment());
            } else if (!kafka.paused().isEmpty()) {
                kafka.resume(kafka.paused());
            }
            commitDone(kafka, kafka.assignment(), false);
            try {
                ConsumerRecords<K, V> records = kafka.poll(Duration.ofSeconds(1));
                if (!records.isEmpty()) {
                    ready = ready == null ? records : merge(ready, records);
                }
            } catch (WakeupException e) {
                // a batch was stored, or the service stops
            }
            boolean waiting = current != null || ready != null || behind(kafka);
            state.recordsWait(waiting);
            if (!waiting) {
                state.progress(); // nothing to do is keeping up too
            }
        }
        if (current != null) {
            current.handle((v, e) -> null).join(); // let the open transaction end before the pool closes
        }
    }

    /**
     * The store's own progress is behind what was read (its database lost acknowledged commits): every assigned
     * partition is sought again as on an assignment — to the progress the store holds — and what was read beyond it
     * is read again. Nothing of the failed batch was stored.
     */
    private void rewind(KafkaConsumer<K, V> kafka, Throwable failure) {
        LOG.warnf("%s: %s", spec.name(), Failures.unwrap(failure).getMessage());
        while (running) {
            try {
                spec.assignment().assigned(kafka, kafka.assignment());
                return;
            } catch (RuntimeException e) {
                // the store cannot tell its progress right now (the database away again): ask again shortly
                LOG.warnf("%s: reading the stored progress failed, trying again: %s", spec.name(), e.getMessage());
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
            }
        }
    }

    /**
     * Stores a batch: records that can never be stored to the quarantine first (durably: the store skips them as it
     * skips any record it cannot use), then the whole batch through the guard.
     */
    private Uni<Void> handle(ConsumerRecords<K, V> batch) {
        List<ConsumerRecord<K, V>> records = new ArrayList<>(batch.count());
        Uni<Void> quarantined = Uni.createFrom().voidItem();
        for (ConsumerRecord<K, V> record : batch) {
            records.add(record);
            String reason = record.value() == null ? null : spec.invalid().apply(record.value());
            if (reason != null) {
                quarantined = quarantined.chain(() -> guard.retryingTransient(() -> put(record, reason)));
            }
        }
        return quarantined.chain(() -> guard.process(records)).invoke(() -> {
            for (ConsumerRecord<K, V> r : records) {
                done.merge(new TopicPartition(r.topic(), r.partition()), r.offset() + 1, Math::max);
            }
            state.progress();
        });
    }

    /** Puts a record that failed alone aside and lets the store move past it. */
    private Uni<Void> quarantine(ConsumerRecord<K, V> record, Throwable reason) {
        return put(record, Failures.describe(reason)).chain(() -> spec.afterQuarantine().apply(record));
    }

    private Uni<Void> put(ConsumerRecord<K, V> record, String reason) {
        if (spec.topics().contains(Topics.QUARANTINE)) {
            // a record of the quarantine itself goes nowhere else: put back, it would come round again and again
            LOG.errorf("%s: a record of %s at %s-%d@%d cannot be stored and is passed over: %s", spec.name(),
                    Topics.QUARANTINE, record.topic(), record.partition(), record.offset(), reason);
            quarantine.counter(spec.groupId(), record.topic()).increment();
            return Uni.createFrom().voidItem();
        }
        byte[] key = record.key() instanceof String s ? s.getBytes(StandardCharsets.UTF_8)
                : record.key() instanceof byte[] b ? b : null;
        byte[] value = record.value() == null ? null : spec.bytesOf().apply(record.value());
        return quarantine.put(spec.groupId(), record, key, value, reason);
    }

    /** Commits the offsets of stored batches, for owned partitions. */
    private void commitDone(KafkaConsumer<K, V> kafka, Collection<TopicPartition> partitions, boolean sync) {
        if (done.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : partitions) {
            Long next = done.remove(tp);
            if (next != null) {
                offsets.put(tp, new OffsetAndMetadata(next));
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        try {
            if (sync) {
                kafka.commitSync(offsets, Duration.ofSeconds(10));
            } else {
                kafka.commitAsync(offsets, (o, e) -> {
                    if (e != null) {
                        LOG.debugf("%s: committing %s failed (read again after a restart, stored once): %s",
                                spec.name(), o, e.getMessage());
                    }
                });
            }
        } catch (RuntimeException e) {
            LOG.debugf("%s: committing %s failed: %s", spec.name(), offsets, e.getMessage());
        }
    }

    /** Whether an assigned partition has records not yet read (as far as the last fetch told). */
    private static boolean behind(KafkaConsumer<?, ?> kafka) {
        for (TopicPartition tp : kafka.assignment()) {
            OptionalLong lag = kafka.currentLag(tp);
            if (lag.isPresent() && lag.getAsLong() > 0) {
                return true;
            }
        }
        return false;
    }

    private static void wake(KafkaConsumer<?, ?> kafka) {
        try {
            kafka.wakeup();
        } catch (RuntimeException e) {
            // already closed: nothing waits
        }
    }

    /** Two polls' records as one batch (a poll after a rebalance may return records while one batch waits). */
    private static <K, V> ConsumerRecords<K, V> merge(ConsumerRecords<K, V> a, ConsumerRecords<K, V> b) {
        Map<TopicPartition, List<ConsumerRecord<K, V>>> all = new HashMap<>();
        for (ConsumerRecords<K, V> records : List.of(a, b)) {
            for (TopicPartition tp : records.partitions()) {
                all.computeIfAbsent(tp, k -> new ArrayList<>()).addAll(records.records(tp));
            }
        }
        return new ConsumerRecords<>(all, Map.of());
    }
}
