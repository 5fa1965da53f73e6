package dev.northstar.common;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Token buckets by key, cheap enough for every request: a bucket is one {@code AtomicLong}, the instant at which it
 * would be full again (the generic cell rate algorithm's "theoretical arrival time"), and taking a token is one
 * compare-and-set on it, without a lock. A full bucket is the same as none, so buckets that have refilled are dropped
 * whenever a new key arrives (at most once a second): memory holds the keys seen within the last
 * {@code burst / rate} seconds, and those of the last second.
 */
final class TokenBuckets {

    private static final long SWEEP_EVERY = 1_000_000_000L;

    private final long interval;
    private final long capacity;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, AtomicLong> buckets = new ConcurrentHashMap<>();
    private final AtomicLong nextSweep;

    /**
     * Buckets of {@code burst} tokens that refill at {@code perSecond}.
     *
     * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime})
     */
    TokenBuckets(double perSecond, int burst, LongSupplier nanoClock) {
        if (!(perSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("a rate limit needs a rate above 0 and a burst of at least 1, not "
                    + perSecond + " and " + burst);
        }
        this.interval = Math.max(1, Math.round(1e9 / perSecond));
        this.capacity = Math.multiplyExact(interval, (long) burst);
        this.nanoClock = nanoClock;
        this.nextSweep = new AtomicLong(nanoClock.getAsLong());
    }

    /** Takes a token from {@code key}'s bucket: 0 when there was one, else the nanoseconds until there is one. */
    long take(String key) {
        long now = nanoClock.getAsLong();
        AtomicLong bucket = buckets.get(key);
        if (bucket == null) {
            sweep(now);
            bucket = buckets.computeIfAbsent(key, k -> new AtomicLong(now));
        }
        while (true) {
            long full = bucket.get();
            long next = (full - now > 0 ? full : now) + interval;
            long wait = next - now - capacity;
            if (wait > 0) {
                // refused requests take nothing, so a client that retries early does not push its own wait further
                return wait;
            }
            if (bucket.compareAndSet(full, next)) {
                return 0;
            }
        }
    }

    /** How many buckets are kept. */
    int size() {
        return buckets.size();
    }

    private void sweep(long now) {
        long due = nextSweep.get();
        if (now - due >= 0 && nextSweep.compareAndSet(due, now + SWEEP_EVERY)) {
            // a request racing with the removal takes its token from the dropped bucket: at worst one extra request
            buckets.values().removeIf(bucket -> bucket.get() - now <= 0);
        }
    }
}
