package dev.northstar.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.northstar.events.json.EventJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The contract's documented example of each event type, and its schema, as the tests read them. */
public final class Examples {

    private Examples() {
    }

    /** A fresh copy of the example event of the type ({@code northstar/examples/<type>.json}). */
    public static ObjectNode of(EventType type) {
        return (ObjectNode) read("northstar/examples/" + type.wireName() + ".json");
    }

    /** The JSON Schema of the type's event. */
    public static JsonNode schema(EventType type) {
        return read(type.schemaResource());
    }

    private static JsonNode read(String resource) {
        try (InputStream in = Examples.class.getClassLoader().getResourceAsStream(resource)) {
            return EventJson.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
