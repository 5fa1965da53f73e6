package dev.northstar.common.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * The service's Kafka consumers in {@code /q/health}: ready once each has joined its group and while no transient
 * failure (the database or the broker away) holds it back; alive unless one stopped, or made no progress for the
 * stall timeout while records waited for it with nothing to explain it.
 */
public final class ConsumerHealth {

    private ConsumerHealth() {
    }

    @Liveness
    @ApplicationScoped
    public static class Alive implements HealthCheck {
        private final ServiceConsumers consumers;

        public Alive(ServiceConsumers consumers) {
            this.consumers = consumers;
        }

        @Override
        public HealthCheckResponse call() {
            HealthCheckResponseBuilder b = HealthCheckResponse.named("kafka consumers").up();
            for (ConsumerState s : consumers.states()) {
                if (s.stoppedBy() != null) {
                    b.down().withData(s.name(), "stopped: " + s.stoppedBy().getMessage());
                } else if (s.stalled()) {
                    b.down().withData(s.name(), "no progress for " + s.secondsSinceProgress() + " s while records wait");
                } else {
                    b.withData(s.name(), "consuming");
                }
            }
            return b.build();
        }
    }

    @Readiness
    @ApplicationScoped
    public static class Ready implements HealthCheck {
        private final ServiceConsumers consumers;

        public Ready(ServiceConsumers consumers) {
            this.consumers = consumers;
        }

        @Override
        public HealthCheckResponse call() {
            HealthCheckResponseBuilder b = HealthCheckResponse.named("kafka consumers").up();
            for (ConsumerState s : consumers.states()) {
                if (s.ready()) {
                    b.withData(s.name(), "ready");
                } else {
                    Throwable failing = s.failing();
                    b.down().withData(s.name(), failing != null ? "retrying for " + s.failingFor().toSeconds()
                            + " s: " + Failures.describe(failing) : s.stoppedBy() != null ? "stopped" : "joining");
                }
            }
            return b.build();
        }
    }
}
