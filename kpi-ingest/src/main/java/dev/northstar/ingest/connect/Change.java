package dev.northstar.ingest.connect;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * One change of one CRM record as a source reports it, whatever its wire format: a Salesforce change event (one per
 * record of its {@code recordIds}), an outbound-message notification, a HubSpot subscription event or workflow body,
 * a kintone webhook. The connector of each source turns its payloads into these; the mapper turns these into events.
 *
 * @param object   the CRM object or app as the mapping names it: {@code Opportunity}, {@code deal}, {@code app:17}
 * @param recordId the record's id in the CRM
 * @param kind     what happened to the record
 * @param changeId the change's own id (a CDC transaction key and sequence number, a HubSpot event id, a kintone
 *                 webhook id), or null when the source gives none
 * @param time     when the change happened in the CRM
 * @param fields   the field values this change carries (all of the record's when {@code complete}); a field set to
 *                 nothing is in {@code cleared}
 * @param cleared  fields this change set to nothing
 * @param complete whether {@code fields} is the whole record (else only what changed: the stored state fills in)
 */
public record Change(String object, String recordId, Kind kind, String changeId, Instant time,
        Map<String, String> fields, Set<String> cleared, boolean complete) {

    /** What happened to a record. */
    public enum Kind {
        CREATED, UPDATED, DELETED
    }

    public Change {
        fields = Map.copyOf(fields);
        cleared = Set.copyOf(cleared);
    }
}
