package dev.northstar.common;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Counts every refusal of every API by reason: {@code northstar_refusals_total{reason, status}}, where the reason
 * is the problem document's type (invalid, unauthorized, forbidden, not-found, too-large, unavailable, …).
 */
public class RefusalMetrics {

    private final MeterRegistry meters;

    public RefusalMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    @ServerResponseFilter
    public void count(ContainerResponseContext response) {
        if (response.getEntity() instanceof Problem problem) {
            String type = problem.type();
            String reason = type.startsWith(Problem.BASE) ? type.substring(Problem.BASE.length()) : "other";
            meters.counter("northstar.refusals", "reason", reason, "status", Integer.toString(response.getStatus()))
                    .increment();
        }
    }
}
