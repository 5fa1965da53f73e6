package dev.northstar.events;

import java.time.Instant;

/**
 * A validated event of the contract: the CloudEvents attributes that identify and place it, and its
 * typed data. {@code (tenant, source, id)} identifies an event.
 */
public record NorthstarEvent(String id, String source, EventType type, Instant time, String tenant,
        EventData data) {

    /** The Kafka key: {@code tenant/accountId}, else {@code tenant/teamId}, so one account's events stay in order. */
    public String key() {
        String account = data.accountId();
        return tenant + "/" + (account != null ? account : data.teamId());
    }

    /** The identity used for duplicate detection. */
    public EventId eventId() {
        return new EventId(tenant, source, id);
    }

    /** The identity of an event: a second event with the same three values is a duplicate. */
    public record EventId(String tenant, String source, String id) {
    }
}
