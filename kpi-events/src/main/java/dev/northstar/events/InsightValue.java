package dev.northstar.events;

import java.time.Instant;
import java.util.List;

/**
 * One insight as published on {@code knowledge.insights} (compacted, key {@code tenant/id}): the text with its
 * tags, the team and, where known, account and deal, and the KPIs it explains. {@code version} only grows per
 * insight (a retag publishes it again), so a reader keeps the highest it has seen.
 */
public record InsightValue(String tenant, String id, String teamId, String accountId, String dealId, String text,
        List<String> tags, List<String> kpis, String origin, Instant occurredAt, long version) {

    /** The compaction key. */
    public String key() {
        return tenant + "/" + id;
    }
}
