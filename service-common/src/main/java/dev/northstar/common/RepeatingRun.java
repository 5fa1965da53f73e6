package dev.northstar.common;

import io.smallrye.mutiny.Uni;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs a unit of work again and again while it finds something to do (it returns a count above 0) or while
 * runs were asked for meanwhile; asks made during a run are coalesced into one more run. This is the loop of
 * every outbox publisher: ask after each commit and on a timer, never two rounds at once in one process.
 */
public final class RepeatingRun {

    private static final Logger LOG = Logger.getLogger(RepeatingRun.class);

    private final String name;
    private final Supplier<Uni<Integer>> work;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile boolean closed;

    public RepeatingRun(String name, Supplier<Uni<Integer>> work) {
        this.name = name;
        this.work = work;
    }

    /** Asks for a run now; coalesced with one in progress. Does nothing once closed. */
    public void request() {
        if (closed) {
            return;
        }
        again.set(true);
        if (running.compareAndSet(false, true)) {
            loop();
        }
    }

    /** No run starts after this (the application is stopping and its pools go away). */
    public void close() {
        closed = true;
    }

    private void loop() {
        again.set(false);
        work.get().subscribe().with(done -> {
            if (!closed && (done > 0 || again.get())) {
                loop();
            } else {
                running.set(false);
                if (!closed && again.get() && running.compareAndSet(false, true)) {
                    loop();
                }
            }
        }, failure -> {
            LOG.warnf("%s failed, will retry: %s", name, failure.getMessage());
            running.set(false);
        });
    }
}
