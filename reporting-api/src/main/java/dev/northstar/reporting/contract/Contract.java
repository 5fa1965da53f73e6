package dev.northstar.reporting.contract;

import dev.northstar.reporting.entity.TeamContract;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A stored version of a team's contract terms: its id, the terms, who recorded it and when, and its place in the
 * team's timeline — the month a later version takes over ({@code inForceUntil}, exclusive; null while nothing
 * follows it) and whether a version recorded later for the same month replaced it ({@code replaced}).
 */
public record Contract(String id, String teamId, ContractTerms terms, String recordedBy, Instant recordedAt,
        String inForceUntil, boolean replaced) {

    /** The order of a team's versions: by the month they are in force from, then by when they were recorded. */
    public static final Comparator<TeamContract> ORDER = Comparator.comparing((TeamContract c) -> c.validFrom)
            .thenComparing(c -> c.recordedAt).thenComparing(c -> c.contractId);

    /** A team's versions, oldest first, each with its place in the timeline. */
    public static List<Contract> timeline(List<TeamContract> versions) {
        List<TeamContract> sorted = versions.stream().sorted(ORDER).toList();
        List<Contract> out = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            TeamContract c = sorted.get(i);
            boolean replaced = i + 1 < sorted.size() && sorted.get(i + 1).validFrom.equals(c.validFrom);
            String until = sorted.stream().map(v -> v.validFrom).filter(m -> m.compareTo(c.validFrom) > 0).findFirst()
                    .orElse(null);
            out.add(of(c, until, replaced));
        }
        return out;
    }

    /** The version in force in {@code month}: the greatest month at or before it, the latest recorded of that month. */
    public static Optional<Contract> inForce(List<TeamContract> versions, String month) {
        return timeline(versions).stream().filter(c -> !c.replaced() && c.terms().validFrom().compareTo(month) <= 0)
                .reduce((a, b) -> b);
    }

    private static Contract of(TeamContract c, String until, boolean replaced) {
        return new Contract(c.contractId.toString(), c.teamId, ContractTerms.of(c), c.recordedBy,
                c.recordedAt.toInstant(), until, replaced);
    }
}
