package dev.northstar.ingest.connect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.northstar.events.ValidationProblem;
import dev.northstar.events.json.EventJson;
import java.util.List;
import java.util.Map;

/** What the connectors share in reading payloads. */
public final class Payloads {

    private Payloads() {
    }

    /** A payload that is not what the source documents: a 400 naming where. */
    public static final class Malformed extends RuntimeException {
        private final transient List<ValidationProblem> problems;

        public Malformed(String pointer, String message) {
            super(message, null, false, false);
            this.problems = List.of(new ValidationProblem(pointer, message));
        }

        public List<ValidationProblem> problems() {
            return problems;
        }
    }

    /** A scalar as text (numbers plain, booleans true/false), or null for null and containers. */
    public static String scalar(JsonNode v) {
        if (v == null || v.isNull() || v.isContainerNode()) {
            return null;
        }
        if (v.isBigDecimal() || v.isDouble() || v.isFloat()) {
            return v.decimalValue().stripTrailingZeros().toPlainString();
        }
        return v.asText();
    }

    /** Flattens an object's scalar members into {@code fields}, nested objects as {@code Name.FirstName}. */
    public static void flatten(String prefix, JsonNode node, Map<String, String> fields) {
        node.fields().forEachRemaining(e -> {
            String name = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            JsonNode v = e.getValue();
            if (v.isObject()) {
                flatten(name, v, fields);
            } else {
                String s = scalar(v);
                if (s != null) {
                    fields.put(name, s);
                }
            }
        });
    }

    /** Parses JSON, a malformed body being a 400 at the root. */
    public static JsonNode json(byte[] body) {
        try {
            return EventJson.parse(body);
        } catch (EventJson.MalformedJsonException e) {
            throw new Malformed("", "not JSON: " + e.getMessage());
        }
    }
}
