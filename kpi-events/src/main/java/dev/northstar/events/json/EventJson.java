package dev.northstar.events.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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

    /** Reads one value inside a document (what follows it is the document's business). */
    private static final ObjectReader VALUE_READER = MAPPER.readerFor(JsonNode.class)
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

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
            checkNul(json, node);
            return node;
        } catch (JsonProcessingException e) {
            throw new MalformedJsonException(describe(e));
        } catch (IOException e) {
            throw new MalformedJsonException("the body could not be read");
        }
    }

    /**
     * A parsed document of events — one event object, or an array of them — with the bytes of each event's
     * {@code data} object as sent, so that it can travel on without being written again.
     *
     * @param root the document, exactly as {@link #parse} reads it
     * @param data per event (index 0 for a root object, the array index otherwise), its {@code data} member's bytes
     *        when that is an object, else {@code null}
     */
    public record Events(JsonNode root, byte[][] data) {
    }

    /**
     * Parses a document of events as {@link #parse} does (same rules, same errors) and keeps the bytes of each
     * event's {@code data} object.
     *
     * @throws MalformedJsonException as {@link #parse}
     */
    public static Events parseEvents(byte[] json) {
        try (JsonParser parser = MAPPER.createParser(json)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw new MalformedJsonException("the body is empty");
            }
            JsonNode root;
            List<byte[]> data = new ArrayList<>();
            if (token == JsonToken.START_ARRAY) {
                ArrayNode array = MAPPER.getNodeFactory().arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(element(parser, json, data));
                }
                root = array;
            } else {
                root = element(parser, json, data);
            }
            if (parser.nextToken() != null) {
                throw new MalformedJsonException("trailing content after the JSON value (line "
                        + parser.currentTokenLocation().getLineNr() + ", column "
                        + parser.currentTokenLocation().getColumnNr() + ")");
            }
            checkNul(json, root);
            return new Events(root, data.toArray(byte[][]::new));
        } catch (JsonProcessingException e) {
            throw new MalformedJsonException(describe(e));
        } catch (IOException e) {
            throw new MalformedJsonException("the body could not be read");
        }
    }

    /** One value at the parser's current token; for an object, its members read one by one to find {@code data}. */
    private static JsonNode element(JsonParser parser, byte[] json, List<byte[]> data) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            data.add(null);
            return VALUE_READER.readValue(parser);
        }
        ObjectNode event = MAPPER.getNodeFactory().objectNode();
        byte[] bytes = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (value == JsonToken.START_OBJECT && "data".equals(name)) {
                int start = (int) parser.currentTokenLocation().getByteOffset();
                event.set(name, VALUE_READER.readValue(parser));
                bytes = Arrays.copyOfRange(json, start, (int) parser.currentLocation().getByteOffset());
            } else {
                event.set(name, VALUE_READER.readValue(parser));
            }
        }
        data.add(bytes);
        return event;
    }

    /**
     * Refuses text holding U+0000. JSON can only carry it as the six-character escape backslash-u-0000 (a raw
     * control character is not JSON), so the tree is searched only when the bytes hold that escape — almost never.
     */
    private static void checkNul(byte[] json, JsonNode node) {
        if (!holdsNulEscape(json)) {
            return;
        }
        String nul = nulAt(node, "");
        if (nul != null) {
            // PostgreSQL cannot store U+0000 in text, and no CRM field needs it
            throw new MalformedJsonException("text must not contain the NUL character (U+0000), at "
                    + (nul.isEmpty() ? "the root" : nul));
        }
    }

    /** Whether the bytes hold backslash-u-0000 (perhaps after an escaped backslash: then the tree decides). */
    static boolean holdsNulEscape(byte[] json) {
        for (int i = 0; i + 5 < json.length; i++) {
            if (json[i] == '\\' && json[i + 1] == 'u' && json[i + 2] == '0' && json[i + 3] == '0'
                    && json[i + 4] == '0' && json[i + 5] == '0') {
                return true;
            }
        }
        return false;
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
