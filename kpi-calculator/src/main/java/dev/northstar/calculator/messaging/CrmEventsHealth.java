package dev.northstar.calculator.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** The consumer of crm.events in /q/health: ready once it has joined its group; dead once it stopped on a batch. */
public final class CrmEventsHealth {

    private CrmEventsHealth() {
    }

    @Liveness
    @ApplicationScoped
    public static class Alive implements HealthCheck {
        private final CrmEventsConsumer consumer;

        public Alive(CrmEventsConsumer consumer) {
            this.consumer = consumer;
        }

        @Override
        public HealthCheckResponse call() {
            Throwable failure = consumer.failure();
            return HealthCheckResponse.named("crm.events consumer").status(failure == null)
                    .withData("stopped", failure == null ? "no" : String.valueOf(failure.getMessage())).build();
        }
    }

    @Readiness
    @ApplicationScoped
    public static class Ready implements HealthCheck {
        private final CrmEventsConsumer consumer;

        public Ready(CrmEventsConsumer consumer) {
            this.consumer = consumer;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("crm.events consumer").status(consumer.consuming()).build();
        }
    }
}
