package dev.northstar.common.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.sqlclient.DatabaseException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class ConsumerHealthTest {

    private final AtomicLong now = new AtomicLong();

    /** The service's consumers, as the health checks see them. */
    private static ServiceConsumers consumers(ConsumerState... states) {
        return new ServiceConsumers(null, null, Duration.ofSeconds(120)) {
            @Override
            public List<ConsumerState> states() {
                return Arrays.asList(states);
            }
        };
    }

    private ConsumerState state(String name) {
        ConsumerState s = new ConsumerState(name, Duration.ofSeconds(120), now::get);
        s.assigned();
        return s;
    }

    private static Map<String, Object> data(HealthCheckResponse response) {
        return response.getData().orElse(Map.of());
    }

    @Test
    void consumersKeepingUpAreAliveAndReady() {
        ConsumerState a = state("kpi-values");
        ConsumerState b = state("insights");
        HealthCheckResponse alive = new ConsumerHealth.Alive(consumers(a, b)).call();
        HealthCheckResponse ready = new ConsumerHealth.Ready(consumers(a, b)).call();
        assertEquals(HealthCheckResponse.Status.UP, alive.getStatus());
        assertEquals("kafka consumers", alive.getName());
        assertEquals(Map.of("kpi-values", "consuming", "insights", "consuming"), data(alive));
        assertEquals(HealthCheckResponse.Status.UP, ready.getStatus());
        assertEquals(Map.of("kpi-values", "ready", "insights", "ready"), data(ready));
    }

    @Test
    void aConsumerMakingNoProgressWhileRecordsWaitIsDown() {
        ConsumerState stuck = state("kpi-values");
        ConsumerState fine = state("insights");
        stuck.recordsWait(true);
        now.addAndGet(Duration.ofSeconds(121).toNanos());
        HealthCheckResponse alive = new ConsumerHealth.Alive(consumers(fine, stuck)).call();
        assertEquals(HealthCheckResponse.Status.DOWN, alive.getStatus(), "one stalled consumer is enough");
        assertEquals(Map.of("kpi-values", "no progress for 121 s while records wait", "insights", "consuming"),
                data(alive));
    }

    @Test
    void aStoppedConsumerIsDownWithItsReason() {
        ConsumerState s = state("kpi-values");
        s.stopped(new IllegalStateException("not authorized to read kpi.values"));
        HealthCheckResponse alive = new ConsumerHealth.Alive(consumers(s)).call();
        assertEquals(HealthCheckResponse.Status.DOWN, alive.getStatus());
        assertEquals(Map.of("kpi-values", "stopped: not authorized to read kpi.values"), data(alive));
        HealthCheckResponse ready = new ConsumerHealth.Ready(consumers(s)).call();
        assertEquals(HealthCheckResponse.Status.DOWN, ready.getStatus());
        assertEquals(Map.of("kpi-values", "stopped"), data(ready));
    }

    @Test
    void whileRetryingAnOutageItIsNotReadyButStillAlive() {
        ConsumerState s = state("kpi-values");
        s.recordsWait(true);
        s.failing(new DatabaseException("connection refused", 0, "08001") {
        });
        now.addAndGet(Duration.ofSeconds(300).toNanos());
        HealthCheckResponse ready = new ConsumerHealth.Ready(consumers(s)).call();
        assertEquals(HealthCheckResponse.Status.DOWN, ready.getStatus());
        assertEquals(Map.of("kpi-values", "retrying for 300 s: connection refused (SQLSTATE 08001)"), data(ready));
        HealthCheckResponse alive = new ConsumerHealth.Alive(consumers(s)).call();
        assertEquals(HealthCheckResponse.Status.UP, alive.getStatus(), "restarting would not end the outage");
    }

    @Test
    void aConsumerThatHasNotJoinedItsGroupIsNotReady() {
        ConsumerState joining = new ConsumerState("kpi-values", Duration.ofSeconds(120), now::get);
        HealthCheckResponse ready = new ConsumerHealth.Ready(consumers(joining, state("insights"))).call();
        assertEquals(HealthCheckResponse.Status.DOWN, ready.getStatus());
        assertEquals(Map.of("kpi-values", "joining", "insights", "ready"), data(ready));
    }

    @Test
    void aServiceWithoutConsumersIsUp() {
        assertEquals(HealthCheckResponse.Status.UP, new ConsumerHealth.Alive(consumers()).call().getStatus());
        assertEquals(HealthCheckResponse.Status.UP, new ConsumerHealth.Ready(consumers()).call().getStatus());
    }
}
