package dev.northstar.ingest.connect.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.northstar.events.EventType;
import dev.northstar.events.json.EventJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** The data fields of each event type and which of them are required, as the contract's schemas say. */
public final class EventFields {

    private static final Map<EventType, Set<String>> FIELDS = new EnumMap<>(EventType.class);
    private static final Map<EventType, Set<String>> REQUIRED = new EnumMap<>(EventType.class);

    static {
        for (EventType type : EventType.values()) {
            try (InputStream in = EventType.class.getClassLoader().getResourceAsStream(type.schemaResource())) {
                if (in == null) {
                    throw new IllegalStateException("no schema for " + type.wireName());
                }
                JsonNode schema = EventJson.MAPPER.readTree(in);
                Set<String> fields = new LinkedHashSet<>();
                schema.path("properties").fieldNames().forEachRemaining(fields::add);
                Set<String> required = new LinkedHashSet<>();
                schema.path("required").forEach(r -> required.add(r.asText()));
                FIELDS.put(type, Set.copyOf(fields));
                REQUIRED.put(type, Set.copyOf(required));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private EventFields() {
    }

    /** Every data field the type has. */
    public static Set<String> of(EventType type) {
        return FIELDS.get(type);
    }

    /** The data fields the type requires. */
    public static Set<String> required(EventType type) {
        return REQUIRED.get(type);
    }
}
