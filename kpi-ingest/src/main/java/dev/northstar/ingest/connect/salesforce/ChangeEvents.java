package dev.northstar.ingest.connect.salesforce;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.northstar.events.json.EventJson;
import dev.northstar.ingest.connect.Change;
import dev.northstar.ingest.connect.ConnectorService.Gap;
import dev.northstar.ingest.connect.ConnectorService.Incoming;
import dev.northstar.ingest.connect.Payloads;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Salesforce Change Data Capture events as JSON: the change event itself ({@code {"ChangeEventHeader": {...}, "Field":
 * value, ...}}, as the Pub/Sub API decodes it or a Salesforce source connector writes it), the CometD message around
 * it ({@code {"data": {"payload": {...}, "event": {"replayId": n}}, "channel": "/data/..."}}), or an array of either.
 *
 * <ul>
 * <li>One change per record of {@code recordIds}: a merged event (a mass update) is one change for each record.</li>
 * <li>{@code CREATE} carries the record's fields; {@code UPDATE} only what changed ({@code changedFields}), the rest
 *     coming from the record's stored state; {@code nulledFields} are cleared; {@code DELETE} and {@code UNDELETE}.</li>
 * <li>{@code GAP_*} and {@code GAP_OVERFLOW} events carry no field values: they become {@link Gap}s, surfaced for a
 *     re-sync, never guessed.</li>
 * <li>The change's id is its {@code transactionKey} and {@code sequenceNumber}; its time {@code commitTimestamp}.</li>
 * </ul>
 */
public final class ChangeEvents {

    private static final String HEADER = "ChangeEventHeader";

    private ChangeEvents() {
    }

    /** The changes and gaps of a payload. */
    public record Read(List<Incoming> changes, List<Gap> gaps) {
    }

    public static Read read(JsonNode body, int maxChanges) {
        List<Incoming> changes = new ArrayList<>();
        List<Gap> gaps = new ArrayList<>();
        if (body.isArray()) {
            if (body.isEmpty()) {
                throw new Payloads.Malformed("", "an empty array: no change event");
            }
            for (int i = 0; i < body.size(); i++) {
                one(body.get(i), "/" + i, changes, gaps);
            }
        } else {
            one(body, "", changes, gaps);
        }
        if (changes.size() > maxChanges) {
            throw new Payloads.Malformed("", "more than " + maxChanges + " record changes in one request");
        }
        return new Read(changes, gaps);
    }

    private static void one(JsonNode node, String at, List<Incoming> changes, List<Gap> gaps) {
        JsonNode payload = node;
        String payloadAt = at;
        if (node.isObject() && !node.has(HEADER) && node.path("data").path("payload").isObject()) {
            payload = node.path("data").path("payload"); // CometD
            payloadAt = at + "/data/payload";
        }
        JsonNode header = payload.get(HEADER);
        if (!payload.isObject() || header == null || !header.isObject()) {
            throw new Payloads.Malformed(payloadAt + "/" + HEADER, "a change event needs its ChangeEventHeader");
        }
        String entity = text(header, "entityName", payloadAt);
        String type = text(header, "changeType", payloadAt);
        JsonNode ids = header.get("recordIds");
        if (ids == null || !ids.isArray() || ids.isEmpty()) {
            throw new Payloads.Malformed(payloadAt + "/" + HEADER + "/recordIds", "must list the changed records");
        }
        List<String> recordIds = new ArrayList<>();
        ids.forEach(id -> recordIds.add(id.asText()));
        byte[] bytes = bytes(payload);
        if (type.startsWith("GAP_")) {
            gaps.add(new Gap(entity, recordIds, type, bytes));
            return;
        }
        JsonNode commit = header.get("commitTimestamp");
        if (commit == null || !commit.canConvertToLong()) {
            throw new Payloads.Malformed(payloadAt + "/" + HEADER + "/commitTimestamp", "must be epoch milliseconds");
        }
        Instant time = Instant.ofEpochMilli(commit.asLong());
        JsonNode transaction = header.get("transactionKey");
        JsonNode sequence = header.get("sequenceNumber");
        if (transaction == null || !transaction.isTextual() || transaction.textValue().isEmpty()
                || sequence == null || !sequence.canConvertToLong()) {
            throw new Payloads.Malformed(payloadAt + "/" + HEADER + "/transactionKey", "a change event names its"
                    + " transactionKey and sequenceNumber (the change's own id)");
        }
        String changeId = transaction.textValue() + ":" + sequence.asLong();
        Change.Kind kind;
        boolean complete;
        switch (type) {
            case "CREATE", "UNDELETE" -> {
                kind = type.equals("CREATE") ? Change.Kind.CREATED : Change.Kind.UPDATED;
                complete = true;
            }
            case "UPDATE" -> {
                kind = Change.Kind.UPDATED;
                complete = false;
            }
            case "DELETE" -> {
                kind = Change.Kind.DELETED;
                complete = false;
            }
            default -> throw new Payloads.Malformed(payloadAt + "/" + HEADER + "/changeType",
                    "unknown changeType " + type);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) payload::fields) {
            if (e.getKey().equals(HEADER)) {
                continue;
            }
            JsonNode v = e.getValue();
            if (v.isObject()) {
                Payloads.flatten(e.getKey(), v, fields);
            } else {
                String s = Payloads.scalar(v);
                if (s != null) {
                    fields.put(e.getKey(), s);
                }
            }
        }
        Set<String> cleared = new HashSet<>();
        header.path("nulledFields").forEach(f -> cleared.add(f.asText()));
        for (String recordId : recordIds) {
            changes.add(new Incoming(new Change(entity, recordId, kind, changeId, time, fields, cleared, complete),
                    bytes));
        }
    }

    private static String text(JsonNode header, String field, String at) {
        JsonNode v = header.get(field);
        if (v == null || !v.isTextual() || v.textValue().isEmpty()) {
            throw new Payloads.Malformed(at + "/" + HEADER + "/" + field, "is required");
        }
        return v.textValue();
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return EventJson.MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
