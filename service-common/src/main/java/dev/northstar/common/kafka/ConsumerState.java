package dev.northstar.common.kafka;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * What the health checks know of one Kafka consumer of the service: whether it has joined its group, whether a
 * transient failure (the database or the broker away) holds it back right now, when it last made progress, and
 * whether records are waiting for it.
 *
 * <p>Readiness is down while it has not joined or while a transient failure lasts: the service cannot do its work,
 * but restarting it would not help either. Liveness is down only when restarting would help: the consumer stopped,
 * or it has made no progress for the stall timeout while records wait and nothing explains it.
 */
public final class ConsumerState {

    private final String name;
    private final Duration stallTimeout;
    private final LongSupplier clock;
    private volatile boolean assigned;
    private volatile Throwable stopped;
    private volatile Throwable failing;
    private volatile long failingSince;
    private volatile long lastProgress;
    private volatile boolean recordsWait;

    public ConsumerState(String name, Duration stallTimeout) {
        this(name, stallTimeout, System::nanoTime);
    }

    /** @param clock nanoseconds, as {@link System#nanoTime()} (a test's own clock in tests) */
    ConsumerState(String name, Duration stallTimeout, LongSupplier clock) {
        this.name = name;
        this.stallTimeout = stallTimeout;
        this.clock = clock;
        this.lastProgress = clock.getAsLong();
    }

    public String name() {
        return name;
    }

    /** The consumer has joined its group and holds an assignment (possibly empty). */
    public void assigned() {
        assigned = true;
    }

    /** A batch was stored, or there was nothing to do: the consumer is keeping up. */
    public void progress() {
        lastProgress = clock.getAsLong();
        failing = null;
    }

    /** A transient failure holds the consumer back; it keeps retrying. */
    public void failing(Throwable failure) {
        if (failing == null) {
            failingSince = clock.getAsLong();
        }
        failing = failure;
    }

    /** The consumer ended for good (not on shutdown). */
    public void stopped(Throwable failure) {
        stopped = failure;
    }

    /** Whether records wait for this consumer (a batch in hand, or a partition not read to its end). */
    public void recordsWait(boolean waiting) {
        recordsWait = waiting;
    }

    /** The transient failure holding the consumer back, or null. */
    public Throwable failing() {
        return failing;
    }

    /** How long the current transient failure has lasted. */
    public Duration failingFor() {
        Throwable f = failing;
        return f == null ? Duration.ZERO : Duration.ofNanos(clock.getAsLong() - failingSince);
    }

    public Throwable stoppedBy() {
        return stopped;
    }

    public boolean ready() {
        return assigned && stopped == null && failing == null;
    }

    public boolean alive() {
        return stopped == null && !stalled();
    }

    /** No progress for the stall timeout while records wait, without a transient failure to explain it. */
    public boolean stalled() {
        return recordsWait && failing == null && clock.getAsLong() - lastProgress > stallTimeout.toNanos();
    }

    /** Seconds since the last progress. */
    public long secondsSinceProgress() {
        return Duration.ofNanos(clock.getAsLong() - lastProgress).toSeconds();
    }
}
