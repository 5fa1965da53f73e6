package dev.northstar.ingest.connect.kintone;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.northstar.events.json.EventJson;
import dev.northstar.ingest.connect.Change;
import dev.northstar.ingest.connect.ConnectorService.Incoming;
import dev.northstar.ingest.connect.Payloads;
import dev.northstar.ingest.connect.mapping.Mapping;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * kintone's webhook notifications: {@code ADD_RECORD}, {@code UPDATE_RECORD}, {@code UPDATE_STATUS} (the whole record,
 * each field code with its {@code type} and {@code value}), {@code DELETE_RECORD} (the record's id) and
 * {@code ADD_RECORD_COMMENT} (nothing a mapping uses). A record's object is always {@code app:<id>} — its events' ids
 * and its state keep their names when the app is renamed — and a mapping may name the app by its id or by its name (the
 * rules of the name then serve the id); its id is {@code <app id>-<record id>}, unique within the kintone domain. Values become
 * text: a user, organisation or group selection its first code, a check box or multi-select its choices joined by
 * commas; tables and files are left out.
 */
public final class KintoneWebhooks {

    private KintoneWebhooks() {
    }

    /**
     * The kintone host (from the record's URL; null when the notification has none), the change, and the mapping to map
     * it with (the tenant's, its rules of the app's name also under {@code app:<id>}).
     */
    public record Read(String host, List<Incoming> changes, Mapping mapping) {
    }

    public static Read read(JsonNode body, Mapping mapping) {
        if (!body.isObject()) {
            throw new Payloads.Malformed("", "a kintone notification is a JSON object");
        }
        String type = body.path("type").asText("");
        JsonNode app = body.path("app");
        String appId = Payloads.scalar(app.get("id"));
        if (appId == null) {
            throw new Payloads.Malformed("/app/id", "is required");
        }
        String object = "app:" + appId;
        String name = app.path("name").asText(null);
        Mapping effective = mapping;
        if (!mapping.objects().containsKey(object) && name != null && mapping.objects().containsKey(name)) {
            Map<String, Mapping.ObjectRules> objects = new LinkedHashMap<>(mapping.objects());
            objects.put(object, mapping.objects().get(name));
            effective = new Mapping(mapping.version(), mapping.teams(), objects);
        }
        String changeId = Payloads.scalar(body.get("id"));
        String host = host(body.path("url").asText(null));
        byte[] bytes = bytes(body);
        switch (type) {
            case "ADD_RECORD", "UPDATE_RECORD", "UPDATE_STATUS" -> {
                JsonNode record = body.path("record");
                if (!record.isObject()) {
                    throw new Payloads.Malformed("/record", "is required for " + type);
                }
                Map<String, String> fields = new LinkedHashMap<>();
                String updated = null;
                for (Map.Entry<String, JsonNode> f : (Iterable<Map.Entry<String, JsonNode>>) record::fields) {
                    String value = value(f.getValue());
                    if (value != null) {
                        fields.put(f.getKey(), value);
                    }
                    if ("UPDATED_TIME".equals(f.getValue().path("type").asText())) {
                        updated = value;
                    }
                }
                String id = fields.get("$id");
                if (id == null) {
                    throw new Payloads.Malformed("/record/$id", "is required");
                }
                Change.Kind kind = type.equals("ADD_RECORD") ? Change.Kind.CREATED : Change.Kind.UPDATED;
                return new Read(host, List.of(new Incoming(new Change(object, appId + "-" + id, kind, changeId,
                        time(updated), fields, Set.of(), true), bytes)), effective);
            }
            case "DELETE_RECORD" -> {
                String id = Payloads.scalar(body.get("recordId"));
                if (id == null) {
                    throw new Payloads.Malformed("/recordId", "is required for DELETE_RECORD");
                }
                return new Read(host, List.of(new Incoming(new Change(object, appId + "-" + id, Change.Kind.DELETED,
                        changeId, time(body.path("deletedAt").asText(null)), Map.of(), Set.of(), false), bytes)),
                        effective);
            }
            case "ADD_RECORD_COMMENT" -> {
                return new Read(host, List.of(), effective);
            }
            default -> throw new Payloads.Malformed("/type", "not a kintone webhook type: " + type);
        }
    }

    /** A field's value as text, or null for what a mapping cannot use. */
    static String value(JsonNode field) {
        JsonNode v = field.get("value");
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode item : v) {
                if (item.isObject()) {
                    if (!item.has("code")) {
                        return null; // a table's rows, files
                    }
                    parts.add(item.get("code").asText());
                    break; // a selection of people: the first is the one who counts
                }
                parts.add(item.asText());
            }
            return parts.isEmpty() ? null : String.join(",", parts);
        }
        if (v.isObject()) {
            return v.has("code") ? v.get("code").asText() : null;
        }
        return Payloads.scalar(v);
    }

    private static Instant time(String text) {
        if (text != null) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                // not a time: the notification's arrival is the best one
            }
        }
        return Instant.now();
    }

    private static String host(String url) {
        if (url == null) {
            return null;
        }
        try {
            return URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return EventJson.MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
