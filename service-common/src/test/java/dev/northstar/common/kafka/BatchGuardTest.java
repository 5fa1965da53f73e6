package dev.northstar.common.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchGuardTest {

    /** A store that keeps what it stored, in order, and refuses a whole call as a database transaction would. */
    private static final class Store implements BatchGuard.Store<String> {
        final List<String> stored = new ArrayList<>();
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger transientLeft = new AtomicInteger();

        @Override
        public Uni<Void> store(List<String> records) {
            calls.incrementAndGet();
            if (transientLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return Uni.createFrom().failure(new IllegalStateException("the database is away"));
            }
            for (String r : records) {
                if (r.startsWith("poison")) {
                    return Uni.createFrom().failure(new IllegalArgumentException("cannot store " + r));
                }
            }
            stored.addAll(records);
            return Uni.createFrom().voidItem();
        }
    }

    private static List<String> records(int n, int... poison) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int at = i;
            out.add(IntStream.of(poison).anyMatch(p -> p == at) ? "poison-" + i : "r-" + i);
        }
        return out;
    }

    @Test
    void aCleanBatchIsOneStore() {
        Store store = new Store();
        List<String> quarantined = new ArrayList<>();
        BatchGuard<String> guard = new BatchGuard<>(store, (r, e) -> {
            quarantined.add(r);
            return Uni.createFrom().voidItem();
        }, new ConsumerState("test", Duration.ofMinutes(2)), () -> true);
        guard.process(records(1000)).await().atMost(Duration.ofSeconds(10));
        assertEquals(1, store.calls.get());
        assertEquals(records(1000), store.stored);
        assertEquals(List.of(), quarantined);
    }

    @Test
    void poisonRecordsAreIsolatedAndEveryOtherRecordIsStoredInOrder() {
        Store store = new Store();
        List<String> quarantined = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        BatchGuard<String> guard = new BatchGuard<>(store, (r, e) -> {
            quarantined.add(r);
            reasons.add(e.getMessage());
            return Uni.createFrom().voidItem();
        }, new ConsumerState("test", Duration.ofMinutes(2)), () -> true);
        List<String> batch = records(1000, 0, 377, 999);
        guard.process(batch).await().atMost(Duration.ofSeconds(10));
        assertEquals(List.of("poison-0", "poison-377", "poison-999"), quarantined);
        assertEquals(List.of("cannot store poison-0", "cannot store poison-377", "cannot store poison-999"), reasons);
        List<String> expected = batch.stream().filter(r -> !r.startsWith("poison")).toList();
        assertEquals(expected, store.stored);
        // about 2·log2(1000) stores per poison record, not one per record
        assertTrue(store.calls.get() <= 3 * 2 * 10 + 1, "stores: " + store.calls.get());
    }

    @Test
    void aTransientFailureIsRetriedUntilItPassesWithTheConsumerNotReadyMeanwhile() {
        Store store = new Store();
        store.transientLeft.set(4);
        ConsumerState state = new ConsumerState("test", Duration.ofMinutes(2));
        state.assigned();
        List<String> quarantined = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        BatchGuard<String> guard = new BatchGuard<>(records -> {
            // what the health checks see at each attempt
            seen.add((state.ready() ? "ready" : "not ready") + "/" + (state.alive() ? "alive" : "dead"));
            return store.store(records);
        }, (r, e) -> {
            quarantined.add(r);
            return Uni.createFrom().voidItem();
        }, state, () -> true);
        guard.process(records(10)).await().atMost(Duration.ofSeconds(30));
        assertEquals(records(10), store.stored);
        assertEquals(List.of("ready/alive", "not ready/alive", "not ready/alive", "not ready/alive",
                "not ready/alive"), seen);
        assertEquals(List.of(), quarantined);
        state.progress();
        assertTrue(state.ready());
        assertNull(state.failing());
    }

    @Test
    void aTransientFailureIsGivenUpOnlyWhenTheServiceStops() {
        Store store = new Store();
        store.transientLeft.set(Integer.MAX_VALUE);
        AtomicBoolean running = new AtomicBoolean(true);
        BatchGuard<String> guard = new BatchGuard<>(records -> {
            if (store.calls.get() >= 3) {
                running.set(false);
            }
            return store.store(records);
        }, (r, e) -> Uni.createFrom().voidItem(), new ConsumerState("test", Duration.ofMinutes(2)), running::get);
        RuntimeException failure = assertThrows(RuntimeException.class,
                () -> guard.process(records(5)).await().atMost(Duration.ofSeconds(30)));
        assertEquals("the database is away", failure.getMessage());
        assertEquals(4, store.calls.get());
        assertEquals(List.of(), store.stored);
    }

    @Test
    void aStalledConsumerIsNotAliveButOneWaitingOnAnOutageIs() {
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
        ConsumerState state = new ConsumerState("test", Duration.ofSeconds(120), now::get);
        state.assigned();
        state.recordsWait(true);
        now.addAndGet(Duration.ofSeconds(119).toNanos());
        assertTrue(state.alive());
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertFalse(state.alive(), "records wait and nothing moved for 121 s");
        state.failing(new IllegalStateException("the database is away"));
        assertTrue(state.alive(), "an outage explains it: restarting would not help");
        assertFalse(state.ready());
        state.progress();
        assertTrue(state.alive());
        assertTrue(state.ready());
        state.recordsWait(false);
        now.addAndGet(Duration.ofHours(1).toNanos());
        assertTrue(state.alive(), "nothing waits: idle, not stalled");
    }

    @Test
    void backOffGrowsToTenSeconds() {
        assertEquals(Duration.ofMillis(200), BatchGuard.backoff(0));
        assertEquals(Duration.ofMillis(400), BatchGuard.backoff(1));
        assertEquals(Duration.ofSeconds(10), BatchGuard.backoff(9));
        assertEquals(Duration.ofSeconds(10), BatchGuard.backoff(10_000));
    }

    @Test
    void aRewindIsNeitherRetriedNorIsolatedButReachesTheConsumerAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        List<String> quarantined = new ArrayList<>();
        ConsumerState state = new ConsumerState("test", Duration.ofMinutes(2));
        BatchGuard<String> guard = new BatchGuard<>(records -> {
            calls.incrementAndGet();
            return Uni.createFrom().failure(new Failures.RewindException("crm.events", Map.of(3, 17L)));
        }, (r, e) -> {
            quarantined.add(r);
            return Uni.createFrom().voidItem();
        }, state, () -> true);
        Failures.RewindException rewind = assertThrows(Failures.RewindException.class,
                () -> guard.process(records(10)).await().atMost(Duration.ofSeconds(10)));
        assertEquals(Map.of(3, 17L), rewind.stored());
        assertEquals(1, calls.get(), "tried once");
        assertEquals(List.of(), quarantined, "nothing put aside: the records were never refused");
        assertNull(state.failing(), "not a failure that holds the consumer back");
        assertFalse(Failures.isPermanent(rewind));
        assertTrue(Failures.isRewind(new CompletionException(rewind)));
    }
}
