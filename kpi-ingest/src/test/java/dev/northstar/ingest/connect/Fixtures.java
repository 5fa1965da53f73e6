package dev.northstar.ingest.connect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.northstar.events.json.EventJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The vendors' documented payloads (src/test/resources/connectors, sources in SOURCES.md), byte for byte. */
final class Fixtures {

    private Fixtures() {
    }

    static byte[] bytes(String path) {
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream("connectors/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String path) {
        return EventJson.parse(bytes(path));
    }
}
