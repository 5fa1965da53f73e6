package dev.northstar.events;

import java.time.Instant;

/**
 * A validated event of the contract: the CloudEvents attributes that identify and place it, and its
 * typed data. {@code (tenant, source, id)} identifies an event. {@code product} and {@code segment} are the
 * optional {@code data.product} and {@code data.segment} every type may carry ({@code null} when absent): the
 * scopes the event counts in besides the overall value ({@link Scopes}).
 */
public record NorthstarEvent(String id, String source, EventType type, Instant time, String tenant,
        EventData data, String product, String segment) {

    /** An event in no scope. */
    public NorthstarEvent(String id, String source, EventType type, Instant time, String tenant, EventData data) {
        this(id, source, type, time, tenant, data, null, null);
    }

    /** The scopes this event counts in: {@code product:<p>} and/or {@code segment:<s>}, possibly none. */
    public String[] scopes() {
        return Scopes.of(product, segment);
    }

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

        /**
         * The three hashes mixed (MurmurHash3's finaliser): CRM ids are often consecutive numbers, whose string
         * hashes differ only in their low bits and piled up in a few buckets of the hash maps a batch goes through.
         */
        @Override
        public int hashCode() {
            int h = (tenant.hashCode() * 31 + source.hashCode()) * 31 + id.hashCode();
            h ^= h >>> 16;
            h *= 0x85ebca6b;
            h ^= h >>> 13;
            h *= 0xc2b2ae35;
            return h ^ (h >>> 16);
        }
    }
}
