package dev.northstar.ingest.connect.hubspot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.northstar.events.json.EventJson;
import dev.northstar.ingest.connect.Change;
import dev.northstar.ingest.connect.ConnectorService.Incoming;
import dev.northstar.ingest.connect.Payloads;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * HubSpot's webhook bodies:
 * <ul>
 * <li>a batch of subscription events (a JSON array, up to 100): {@code <object>.creation}, {@code .propertyChange}
 *     (one property), {@code .deletion}, {@code .restore}, {@code .associationChange} (the association becomes the
 *     field {@code association:<object>} of the record it starts from), and the generic {@code object.*} events of
 *     objects named by {@code objectTypeId} (calls 0-48, meetings 0-47, …). HubSpot does not keep their order: they
 *     are taken by {@code occurredAt}. Each event's id is its change id;</li>
 * <li>a workflow "send a webhook" body (a JSON object): the whole record, its properties as
 *     {@code {"name": {"value": ...}}} (or plain values) and its associated companies.</li>
 * </ul>
 */
public final class HubSpotWebhooks {

    private static final Map<String, String> OBJECT_TYPES = Map.ofEntries(Map.entry("0-1", "contact"),
            Map.entry("0-2", "company"), Map.entry("0-3", "deal"), Map.entry("0-5", "ticket"),
            Map.entry("0-27", "task"), Map.entry("0-46", "note"), Map.entry("0-47", "meeting"),
            Map.entry("0-48", "call"), Map.entry("0-49", "email"), Map.entry("0-7", "product"),
            Map.entry("0-8", "line_item"));

    private HubSpotWebhooks() {
    }

    /**
     * The changes of the tenant's portal; {@code ignored}: events no mapping can use, {@code foreign}: events of
     * another portal (an app installed in several portals signs them all with one secret: the tenant's portal is the
     * one its settings name).
     *
     * @param portal the portal of the changes: the one the settings name, or the first event's when they name none
     */
    public record Read(String portal, List<Incoming> changes, int ignored, int foreign) {
    }

    /** A subscription batch; {@code expectedPortal}: the tenant's portal, or null to take the batch's. */
    public static Read subscriptions(JsonNode batch, int maxChanges, String expectedPortal) {
        if (batch.size() > maxChanges) {
            throw new Payloads.Malformed("", "more than " + maxChanges + " events in one request");
        }
        record Indexed(int index, JsonNode event) {
        }
        List<Indexed> events = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            JsonNode e = batch.get(i);
            if (!e.isObject() || !e.path("subscriptionType").isTextual()) {
                throw new Payloads.Malformed("/" + i + "/subscriptionType", "a subscription event needs its type");
            }
            if (!e.path("occurredAt").canConvertToLong()) {
                throw new Payloads.Malformed("/" + i + "/occurredAt", "must be epoch milliseconds");
            }
            if (!e.hasNonNull("eventId")) {
                throw new Payloads.Malformed("/" + i + "/eventId", "is required");
            }
            events.add(new Indexed(i, e));
        }
        events.sort(Comparator.comparingLong((Indexed x) -> x.event().path("occurredAt").asLong())
                .thenComparingInt(Indexed::index));
        List<Incoming> changes = new ArrayList<>();
        String portal = expectedPortal;
        int ignored = 0;
        int foreign = 0;
        for (Indexed x : events) {
            JsonNode e = x.event();
            String eventPortal = Payloads.scalar(e.get("portalId"));
            if (portal == null) {
                portal = eventPortal;
            }
            if (eventPortal == null || !eventPortal.equals(portal)) {
                foreign++;
                continue;
            }
            Change change = change(e, "/" + x.index());
            if (change == null) {
                ignored++;
            } else {
                changes.add(new Incoming(change, bytes(e)));
            }
        }
        return new Read(portal, changes, ignored, foreign);
    }

    private static Change change(JsonNode e, String at) {
        String type = e.get("subscriptionType").textValue();
        int dot = type.indexOf('.');
        String object = dot < 0 ? type : type.substring(0, dot);
        String what = dot < 0 ? "" : type.substring(dot + 1);
        if (object.equals("object")) {
            String typeId = e.path("objectTypeId").asText("");
            object = OBJECT_TYPES.getOrDefault(typeId, "object:" + typeId);
        }
        Instant time = Instant.ofEpochMilli(e.get("occurredAt").asLong());
        String changeId = Payloads.scalar(e.get("eventId"));
        String recordId = Payloads.scalar(e.get("objectId"));
        switch (what) {
            case "creation":
                return new Change(object, required(recordId, at), Change.Kind.CREATED, changeId, time, Map.of(),
                        Set.of(), false);
            case "propertyChange": {
                String name = e.path("propertyName").asText("");
                if (name.isEmpty()) {
                    throw new Payloads.Malformed(at + "/propertyName", "is required for a property change");
                }
                String value = Payloads.scalar(e.get("propertyValue"));
                boolean clear = value == null || value.isEmpty();
                return new Change(object, required(recordId, at), Change.Kind.UPDATED, changeId, time,
                        clear ? Map.of() : Map.of(name, value), clear ? Set.of(name) : Set.of(), false);
            }
            case "deletion":
                return new Change(object, required(recordId, at), Change.Kind.DELETED, changeId, time, Map.of(),
                        Set.of(), false);
            case "restore":
                return new Change(object, required(recordId, at), Change.Kind.UPDATED, changeId, time, Map.of(),
                        Set.of(), false);
            case "associationChange": {
                // DEAL_TO_COMPANY: the deal's association:company
                String association = e.path("associationType").asText("");
                int to = association.indexOf("_TO_");
                if (to < 0 || (e.has("isPrimaryAssociation") && !e.path("isPrimaryAssociation").asBoolean())) {
                    return null; // only a record's primary association says which account it belongs to
                }
                String from = association.substring(0, to).toLowerCase(Locale.ROOT);
                String field = "association:" + association.substring(to + 4).toLowerCase(Locale.ROOT);
                String fromId = required(Payloads.scalar(e.get("fromObjectId")), at);
                String toId = Payloads.scalar(e.get("toObjectId"));
                boolean removed = e.path("associationRemoved").asBoolean(false);
                return new Change(from, fromId, Change.Kind.UPDATED, changeId, time,
                        removed || toId == null ? Map.of() : Map.of(field, toId),
                        removed ? Set.of(field) : Set.of(), false);
            }
            default:
                return null; // merges, privacy deletions, …: nothing a mapping can use
        }
    }

    /** A workflow body: the whole record. {@code object}: what the workflow's records are, when the body cannot say. */
    public static Read workflow(JsonNode body, String object, String expectedPortal) {
        String kind = object;
        String recordId = null;
        if (body.hasNonNull("dealId")) {
            kind = object == null ? "deal" : object;
            recordId = Payloads.scalar(body.get("dealId"));
        } else if (body.hasNonNull("companyId")) {
            kind = object == null ? "company" : object;
            recordId = Payloads.scalar(body.get("companyId"));
        } else if (body.hasNonNull("vid")) {
            kind = object == null ? "contact" : object;
            recordId = Payloads.scalar(body.get("vid"));
        } else if (body.hasNonNull("objectId")) {
            recordId = Payloads.scalar(body.get("objectId"));
        }
        JsonNode properties = body.path("properties");
        if (recordId == null) {
            recordId = Payloads.scalar(properties.path("hs_object_id").path("value"));
            if (recordId == null) {
                recordId = Payloads.scalar(properties.get("hs_object_id"));
            }
        }
        if (recordId == null) {
            throw new Payloads.Malformed("/objectId", "the record's id (dealId, companyId, vid, objectId or"
                    + " properties.hs_object_id) is required");
        }
        if (kind == null) {
            throw new Payloads.Malformed("/objectType", "say which object the workflow sends: ?object=deal");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        long latest = 0;
        for (Map.Entry<String, JsonNode> p : (Iterable<Map.Entry<String, JsonNode>>) properties::fields) {
            JsonNode v = p.getValue();
            String value = v.isObject() ? Payloads.scalar(v.get("value")) : Payloads.scalar(v);
            if (value != null) {
                fields.put(p.getKey(), value);
            }
            latest = Math.max(latest, v.path("timestamp").asLong(0));
        }
        JsonNode companies = body.path("associations").path("associatedCompanyIds");
        if (companies.isArray() && !companies.isEmpty()) {
            fields.put("association:company", companies.get(0).asText());
        }
        Instant time = latest > 0 ? Instant.ofEpochMilli(latest) : Instant.now();
        String portal = Payloads.scalar(body.get("portalId"));
        if (expectedPortal != null && portal != null && !expectedPortal.equals(portal)) {
            return new Read(expectedPortal, List.of(), 0, 1);
        }
        // no change id in a workflow body: its digest, so that a retried delivery is the same change
        Change change = new Change(kind, recordId, Change.Kind.UPDATED, digest(bytes(body)), time, fields, Set.of(),
                true);
        return new Read(portal != null ? portal : expectedPortal, List.of(new Incoming(change, bytes(body))), 0, 0);
    }

    private static String digest(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String required(String recordId, String at) {
        if (recordId == null || recordId.isEmpty()) {
            throw new Payloads.Malformed(at + "/objectId", "is required");
        }
        return recordId;
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return EventJson.MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
