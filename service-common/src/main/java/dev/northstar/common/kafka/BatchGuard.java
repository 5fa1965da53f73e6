package dev.northstar.common.kafka;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Stores a batch of records so that no single record can stop a consumer, and no outage can cost one.
 *
 * <ul>
 * <li>A <em>transient</em> failure (see {@link Failures}) is retried with back-off for as long as it lasts,
 *     the consumer's readiness down meanwhile — never given up after a fixed count.</li>
 * <li>A <em>permanent</em> failure splits the batch in halves, each stored on its own in order, until the record that
 *     fails alone is found; that record goes to the quarantine (durably, before anything after it counts as done),
 *     and every other record of the batch is stored. A clean batch costs one attempt; one poison record among
 *     {@code n} costs about {@code 2·log2(n)}.</li>
 * <li>A <em>rewind</em> ({@link Failures.RewindException}: the store's own progress is behind what was read) is
 *     neither: it passes through at once, and the consumer reads again from the stored progress.</li>
 * </ul>
 *
 * <p>Halves keep the batch's order, so records of one partition are still stored in offset order.
 *
 * @param <R> the record type
 */
public final class BatchGuard<R> {

    /** Stores records in one unit of work: all of them or, failing, none. */
    @FunctionalInterface
    public interface Store<R> {
        Uni<Void> store(List<R> records);
    }

    /** Puts a record that can never be stored aside, durably; then lets the consumer move past it. */
    @FunctionalInterface
    public interface Quarantine<R> {
        Uni<Void> quarantine(R record, Throwable reason);
    }

    private static final Logger LOG = Logger.getLogger(BatchGuard.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final Store<R> store;
    private final Quarantine<R> quarantine;
    private final ConsumerState state;
    private final BooleanSupplier running;

    /**
     * @param running false once the service stops: a transient failure is then given up (the records stay unconsumed
     *                and are read again on the next start) instead of retried
     */
    public BatchGuard(Store<R> store, Quarantine<R> quarantine, ConsumerState state, BooleanSupplier running) {
        this.store = store;
        this.quarantine = quarantine;
        this.state = state;
        this.running = running;
    }

    /** Stores every record, or quarantines the ones that can never be stored; completes when all is durable. */
    public Uni<Void> process(List<R> records) {
        if (records.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return untilNotTransient(() -> store.store(records), records.size())
                .onFailure(Failures::isPermanent).recoverWithUni(e -> isolate(records, e));
    }

    private Uni<Void> isolate(List<R> records, Throwable failure) {
        if (records.size() == 1) {
            R record = records.get(0);
            LOG.warnf("%s: a record can never be stored and goes to the quarantine: %s", state.name(),
                    Failures.describe(failure));
            return untilNotTransient(() -> quarantine.quarantine(record, failure), 1);
        }
        int half = records.size() / 2;
        List<R> first = records.subList(0, half);
        List<R> second = records.subList(half, records.size());
        return process(first).chain(() -> process(second));
    }

    /** The work, retried with back-off while it fails for a transient reason; a permanent failure passes through. */
    public Uni<Void> retryingTransient(Supplier<Uni<Void>> work) {
        return attempt(work, 1, 0);
    }

    private Uni<Void> untilNotTransient(Supplier<Uni<Void>> work, int size) {
        return attempt(work, size, 0);
    }

    private Uni<Void> attempt(Supplier<Uni<Void>> work, int size, int failures) {
        return Uni.createFrom().<Void>deferred(() -> work.get())
                .onFailure(e -> !Failures.isPermanent(e) && !Failures.isRewind(e) && running.getAsBoolean())
                .recoverWithUni(e -> {
                    state.failing(e);
                    if (failures < 3 || failures % 30 == 0) {
                        LOG.warnf("%s: storing %d record(s) failed for a transient reason (attempt %d, failing for %d s),"
                                + " retrying: %s", state.name(), size, failures + 1, state.failingFor().toSeconds(),
                                Failures.describe(e));
                    }
                    return Uni.createFrom().voidItem().onItem().delayIt().by(backoff(failures))
                            .chain(() -> attempt(work, size, failures + 1));
                });
    }

    static Duration backoff(int failures) {
        long millis = FIRST_BACKOFF.toMillis() << Math.min(failures, 10);
        return Duration.ofMillis(Math.min(millis, MAX_BACKOFF.toMillis()));
    }
}
