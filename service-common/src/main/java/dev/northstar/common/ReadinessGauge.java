package dev.northstar.common;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service's readiness (its Kafka and database checks) as a metric, every 5 seconds:
 * {@code northstar_ready} 1 when ready, 0 when not — so that alerts and dashboards see what the probes see.
 */
@ApplicationScoped
public class ReadinessGauge {

    private final SmallRyeHealthReporter health;
    private final AtomicInteger ready = new AtomicInteger();
    private volatile boolean running = true;

    public ReadinessGauge(SmallRyeHealthReporter health, MeterRegistry meters) {
        this.health = health;
        Gauge.builder("northstar.ready", ready, AtomicInteger::get)
                .description("1 when the readiness checks pass, else 0").register(meters);
    }

    void start(@Observes StartupEvent event) {
        check();
    }

    private void check() {
        if (!running) {
            return;
        }
        health.getReadinessAsync()
                .map(r -> r.isDown() ? 0 : 1)
                .onFailure().recoverWithItem(0)
                .invoke(ready::set)
                .onItem().delayIt().by(Duration.ofSeconds(5))
                .subscribe().with(status -> check(), failure -> check());
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
    }
}
