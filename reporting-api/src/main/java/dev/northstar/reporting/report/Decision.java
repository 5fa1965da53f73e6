package dev.northstar.reporting.report;

import dev.northstar.reporting.entity.MeetingDecision;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A decision of a strategy meeting: what, its owner (a person, and optionally the side: {@code team},
 * {@code head_office} or {@code joint}), the due date, the KPI it should move, and its status ({@code open},
 * {@code done}, {@code dropped}). The meeting is the brief's grain and period.
 */
public record Decision(String id, String teamId, String grain, String period, String what, String owner,
        String ownerSide, LocalDate due, String kpi, String status, String note, String decidedBy, Instant createdAt,
        Instant updatedAt) {

    public static Decision of(MeetingDecision d) {
        return new Decision(d.decisionId.toString(), d.teamId, d.grain, d.period, d.what, d.owner, d.ownerSide, d.due,
                d.kpi, d.status, d.note, d.decidedBy, d.createdAt.toInstant(), d.updatedAt.toInstant());
    }

    /** Open past its due date. */
    public boolean overdue(LocalDate today) {
        return "open".equals(status) && due.isBefore(today);
    }
}
