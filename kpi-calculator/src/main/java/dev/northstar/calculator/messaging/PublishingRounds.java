package dev.northstar.calculator.messaging;

import dev.northstar.calculator.CalculatorConfig;
import dev.northstar.calculator.pipeline.TenantRefresher;
import dev.northstar.common.RepeatingRun;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * When the calculator's results leave it: after stored batches (and every second regardless, for values left by
 * another instance), a round refreshes the tenant-wide KPIs ({@link TenantRefresher}: LTV, the customer base) and
 * then publishes one batch of changed values ({@link KpiValuePublisher}) — in that order, so that a refresh's cells go
 * out in the same round. Rounds start at most every {@code publish-interval} (four while the calculator is catching
 * up: values change again in the next batches, and freshness is set by the lag anyway), at once while the outbox
 * holds more than a round; a busy cell changed by several batches is sent once.
 */
@ApplicationScoped
public class PublishingRounds {

    private static final Logger LOG = Logger.getLogger(PublishingRounds.class);

    private final TenantRefresher refresher;
    private final KpiValuePublisher publisher;
    private final long intervalNanos;
    private final RepeatingRun run = new RepeatingRun("Publishing KPI values", this::round);
    /** When the last round started ({@link System#nanoTime()}). */
    private volatile long lastRound = System.nanoTime();
    private volatile boolean stopping;
    private volatile boolean catchingUp;

    public PublishingRounds(TenantRefresher refresher, KpiValuePublisher publisher, CalculatorConfig config) {
        this.refresher = refresher;
        this.publisher = publisher;
        this.intervalNanos = config.publishInterval().toNanos();
    }

    /**
     * Asks for a round after a batch was stored (coalesced with one in progress).
     *
     * @param catchingUp whether the batch was full (the calculator is behind the stream)
     */
    public void request(boolean catchingUp) {
        this.catchingUp = catchingUp;
        run.request();
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        run.request();
    }

    private Uni<Integer> round() {
        long wait = publisher.backlog() ? 0 : (catchingUp ? 4 : 1) * intervalNanos - (System.nanoTime() - lastRound);
        Uni<Void> due = wait <= 0 ? Uni.createFrom().voidItem()
                : Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofNanos(wait));
        return due.chain(() -> {
            if (stopping) {
                return Uni.createFrom().item(0);
            }
            lastRound = System.nanoTime();
            return refresher.refreshAll().onFailure().recoverWithItem(e -> {
                LOG.warnf(e, "Refreshing tenant-wide KPIs failed, will retry: %s", e.getMessage());
                return 0;
            }).chain(publisher::publishOnce);
        });
    }

    /** Stops the rounds when the application shuts down, before the database pool goes. */
    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        run.close();
    }

    @PreDestroy
    void close() {
        stopping = true;
        run.close();
    }
}
