package dev.northstar.common;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The freshness histogram, {@code northstar_freshness_seconds{stage}}: from kpi-ingest accepting an event to its
 * change being published to kpi.values ({@code published}, kpi-calculator) and visible in reporting-api's read model
 * ({@code visible}). Buckets resolve the goals of a second and two (0.1 s to 3 s) and reach five minutes.
 */
public final class Freshness {

    private Freshness() {
    }

    /** The timer of one stage. */
    public static Timer timer(MeterRegistry meters, String stage) {
        return Timer.builder("northstar.freshness").tag("stage", stage)
                .description("Time from an event's acceptance by kpi-ingest to its KPI change reaching this stage")
                .serviceLevelObjectives(Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
                        Duration.ofMillis(750), Duration.ofSeconds(1), Duration.ofMillis(1500), Duration.ofSeconds(2),
                        Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
                        Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(300))
                .minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofMinutes(10))
                .register(meters);
    }
}
