package dev.northstar.reporting.pilot;

import dev.northstar.reporting.entity.Pilot;
import java.time.Instant;
import java.util.List;

/**
 * A pilot as the API shows it; {@code scope} is the one its report reads inside: {@code product:<p>}, or
 * {@code segment:<s>} when it has no product (an event's two dimensions are never combined into one cell).
 */
public record PilotView(String id, String name, List<String> teams, String product, String segment, String start,
        String end, List<String> kpis, String scope, String createdBy, Instant createdAt) {

    public static PilotView of(Pilot p) {
        return new PilotView(p.pilotId.toString(), p.name, p.teamList(), p.product, p.segment, p.startMonth,
                p.endMonth, p.kpiList(), scope(p), p.createdBy, p.createdAt.toInstant());
    }

    /** The scope a pilot is judged inside. */
    public static String scope(Pilot p) {
        return p.product != null ? "product:" + p.product : "segment:" + p.segment;
    }
}
