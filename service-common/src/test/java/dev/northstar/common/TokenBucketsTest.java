package dev.northstar.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token buckets of the rate limit, on a clock the test moves. */
class TokenBucketsTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong clock = new AtomicLong(123 * SECOND);

    private void advance(long nanos) {
        clock.addAndGet(nanos);
    }

    @Test
    void aBurstPassesThenOneRequestPerIntervalAndTheWaitIsExact() {
        TokenBuckets buckets = new TokenBuckets(2, 3, clock::get);
        assertEquals(List.of(0L, 0L, 0L, SECOND / 2), takes(buckets, "a", 4));
        advance(SECOND / 4);
        assertEquals(SECOND / 4, buckets.take("a"));
        advance(SECOND / 4);
        assertEquals(List.of(0L, SECOND / 2), takes(buckets, "a", 2));
    }

    @Test
    void refusedRequestsTakeNothing() {
        TokenBuckets buckets = new TokenBuckets(1, 1, clock::get);
        assertEquals(0, buckets.take("a"));
        for (int i = 0; i < 100; i++) {
            assertEquals(SECOND, buckets.take("a"));
        }
        advance(SECOND);
        assertEquals(0, buckets.take("a"));
    }

    @Test
    void eachKeyHasItsOwnBucket() {
        TokenBuckets buckets = new TokenBuckets(1, 2, clock::get);
        assertEquals(List.of(0L, 0L, SECOND), takes(buckets, "a", 3));
        assertEquals(List.of(0L, 0L, SECOND), takes(buckets, "b", 3));
    }

    @Test
    void anIdleBucketRefillsToTheBurstAndNoFurther() {
        TokenBuckets buckets = new TokenBuckets(10, 5, clock::get);
        takes(buckets, "a", 5);
        advance(3600 * SECOND);
        assertEquals(List.of(0L, 0L, 0L, 0L, 0L, SECOND / 10), takes(buckets, "a", 6));
    }

    @Test
    void fullBucketsAreDroppedWhenANewKeyArrivesSoMemoryHoldsOnlyRecentKeys() {
        TokenBuckets buckets = new TokenBuckets(1, 2, clock::get);
        for (int i = 0; i < 1000; i++) {
            buckets.take("tenant-" + i);
        }
        takes(buckets, "busy", 2);
        assertEquals(1001, buckets.size());
        advance(3 * SECOND / 2);
        // every bucket that took one token is full again; "busy" took two and still lacks half a token
        buckets.take("newcomer");
        assertEquals(2, buckets.size());
        // what was dropped starts full, as it would have been
        assertEquals(List.of(0L, 0L, SECOND), takes(buckets, "tenant-7", 3));
        assertEquals(List.of(0L, SECOND / 2), takes(buckets, "busy", 2));
    }

    @Test
    void concurrentRequestsNeverTakeMoreThanTheBucketHolds() throws Exception {
        TokenBuckets buckets = new TokenBuckets(1, 1000, clock::get);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> work = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                work.add(() -> {
                    int taken = 0;
                    for (int i = 0; i < 5000; i++) {
                        taken += buckets.take("shared") == 0 ? 1 : 0;
                    }
                    return taken;
                });
            }
            int taken = 0;
            for (Future<Integer> f : threads.invokeAll(work)) {
                taken += f.get();
            }
            assertEquals(1000, taken);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aLimitNeedsARateAndABurst() {
        assertThrows(IllegalArgumentException.class, () -> new TokenBuckets(0, 10, clock::get));
        assertThrows(IllegalArgumentException.class, () -> new TokenBuckets(Double.NaN, 10, clock::get));
        assertThrows(IllegalArgumentException.class, () -> new TokenBuckets(10, 0, clock::get));
    }

    private static List<Long> takes(TokenBuckets buckets, String key, int n) {
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            waits.add(buckets.take(key));
        }
        return waits;
    }
}
