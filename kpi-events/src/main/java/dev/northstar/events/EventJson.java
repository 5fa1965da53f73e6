package dev.northstar.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;

/**
 * The one JSON configuration for events: exact decimals (never {@code double}), duplicate keys refused,
 * trailing garbage refused, nesting bounded (64 levels) so that hostile documents fail fast and cheaply.
 */
public final class EventJson {

    /** Deepest nesting an event may have; real events need 4. */
    public static final int MAX_NESTING_DEPTH = 64;

    /** The shared mapper (thread-safe). */
    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .maxNumberLength(100)
                            .maxStringLength(4 * 1024 * 1024)
                            .build())
                    .build())
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .addModule(new JavaTimeModule())
            .build();

    private EventJson() {
    }

    /**
     * Parses a JSON document.
     *
     * @throws MalformedJsonException with a short, safe description when the bytes are not one JSON value
     */
    public static JsonNode parse(byte[] json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new MalformedJsonException("the body is empty");
            }
            String nul = nulAt(node, "");
            if (nul != null) {
                // PostgreSQL cannot store U+0000 in text, and no CRM field needs it
                throw new MalformedJsonException("text must not contain the NUL character (U+0000), at "
                        + (nul.isEmpty() ? "the root" : nul));
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new MalformedJsonException(describe(e));
        } catch (IOException e) {
            throw new MalformedJsonException("the body could not be read");
        }
    }

    private static final char NUL = (char) 0;

    /** The JSON pointer of the first string (value or name) holding U+0000, or null when there is none. */
    static String nulAt(JsonNode node, String pointer) {
        if (node.isTextual()) {
            return node.textValue().indexOf(NUL) >= 0 ? pointer : null;
        }
        if (node.isObject()) {
            var fields = node.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                String at = pointer + "/" + field.getKey().replace("~", "~0").replace("/", "~1");
                if (field.getKey().indexOf(NUL) >= 0) {
                    return at.replace(String.valueOf(NUL), "\\u0000");
                }
                String found = nulAt(field.getValue(), at);
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = nulAt(node.get(i), pointer + "/" + i);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message == null) {
            message = "not valid JSON";
        }
        if (message.length() > 200) {
            message = message.substring(0, 200) + "…";
        }
        var location = e.getLocation();
        return location == null ? message
                : message + " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** The body is not well-formed JSON, is too deep, or is not UTF-8. */
    public static final class MalformedJsonException extends RuntimeException {
        public MalformedJsonException(String message) {
            super(message, null, false, false);
        }
    }
}
