package dev.northstar.events.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.northstar.events.EventTime;
import dev.northstar.events.ValidationProblem;
import dev.northstar.events.json.EventJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a JSON value against the contract's JSON Schemas and reports every problem with its pointer.
 *
 * <p>It interprets the subset of JSON Schema 2020-12 that the contract uses ({@code type}, {@code required},
 * {@code properties}, {@code enum}, {@code pattern}, {@code minLength}/{@code maxLength},
 * {@code minimum}/{@code maximum}, {@code items}/{@code maxItems}, {@code format} {@code date-time} and
 * {@code uri-reference}, and {@code $ref} to {@code defs.schema.json}). A hand-written interpreter rather
 * than a general library: numbers are compared as exact {@link BigDecimal}s (so {@code 1e999999} is just
 * too large, never infinite), and every message is one a CRM developer can act on. A keyword outside
 * this subset fails schema loading, so the schemas cannot silently say more than is checked. One extension:
 * a decimal may be a string, and {@code minimum}/{@code maximum} then bound its value too.
 */
final class SchemaValidator {

    private static final String BASE = "northstar/schemas/";
    private static final List<String> KNOWN = List.of("$schema", "$id", "$defs", "title", "description", "type",
            "required", "properties", "enum", "pattern", "minLength", "maxLength", "minimum", "maximum", "items",
            "maxItems", "format", "$ref");

    private final Map<String, JsonNode> documents = new ConcurrentHashMap<>();
    private final Map<String, Node> compiled = new ConcurrentHashMap<>();

    JsonNode schema(String name) {
        return documents.computeIfAbsent(name, SchemaValidator::load);
    }

    /** The schema document {@code name}, compiled (once) for validation. */
    Node compiled(String name) {
        Node node = compiled.get(name);
        if (node == null) {
            node = compile(schema(name));
            compiled.put(name, node);
        }
        return node;
    }

    /** Validates {@code value} against a compiled schema; problems are reported under {@code pointer}. */
    void validate(Node schema, JsonNode value, String pointer, List<ValidationProblem> problems) {
        validate(schema, value, new Path(null, pointer, false), problems);
    }

    private static final int STRING = 1;
    private static final int NUMBER = 2;
    private static final int INTEGER = 4;
    private static final int BOOLEAN = 8;
    private static final int OBJECT = 16;
    private static final int ARRAY = 32;
    private static final int NULL = 64;

    /**
     * A schema with its keywords read once: validating an event no longer looks keywords up in the schema's JSON,
     * resolves {@code $ref} pointers, or builds the JSON pointer of every value (only of those with a problem).
     */
    static final class Node {
        private Node ref;
        private int types; // 0: any
        private String typeDescription;
        private List<JsonNode> enumValues;
        private java.util.Set<String> textEnum;
        private String enumMessage;
        private int minLength = -1;
        private int maxLength = -1;
        private TextPattern pattern;
        private String patternMessage;
        private boolean dateTime;
        private boolean uriReference;
        private BigDecimal minimum;
        private BigDecimal maximum;
        private String[] required;
        private Map<String, Node> properties;
        private Node items;
        private int maxItems = -1;

        private Node() {
        }
    }

    private Node compile(JsonNode schema) {
        return compile(schema, new java.util.IdentityHashMap<>());
    }

    private Node compile(JsonNode schema, Map<JsonNode, Node> seen) {
        Node done = seen.get(schema);
        if (done != null) {
            return done;
        }
        Node node = new Node();
        seen.put(schema, node);
        if (schema.has("$ref")) {
            node.ref = compile(resolve(schema.get("$ref").asText()), seen);
            return node;
        }
        if (schema.has("type")) {
            JsonNode type = schema.get("type");
            for (JsonNode t : type.isArray() ? type : List.of(type)) {
                node.types |= typeBit(t.textValue());
            }
            node.typeDescription = describeType(type);
        }
        if (schema.has("enum")) {
            node.enumValues = new ArrayList<>();
            schema.get("enum").forEach(node.enumValues::add);
            node.enumMessage = "must be one of " + schema.get("enum");
            if (node.enumValues.stream().allMatch(JsonNode::isTextual)) {
                node.textEnum = new java.util.HashSet<>();
                node.enumValues.forEach(v -> node.textEnum.add(v.textValue()));
            }
        }
        if (schema.has("minLength")) {
            node.minLength = schema.get("minLength").intValue();
        }
        if (schema.has("maxLength")) {
            node.maxLength = schema.get("maxLength").intValue();
        }
        if (schema.has("pattern")) {
            node.pattern = TextPattern.compile(schema.get("pattern").textValue());
            node.patternMessage = patternMessage(schema);
        }
        if (schema.has("format")) {
            node.dateTime = "date-time".equals(schema.get("format").textValue());
            node.uriReference = "uri-reference".equals(schema.get("format").textValue());
        }
        if (schema.has("minimum")) {
            node.minimum = schema.get("minimum").decimalValue();
        }
        if (schema.has("maximum")) {
            node.maximum = schema.get("maximum").decimalValue();
        }
        if (schema.has("required")) {
            List<String> names = new ArrayList<>();
            schema.get("required").forEach(n -> names.add(n.textValue()));
            node.required = names.toArray(String[]::new);
        }
        if (schema.has("properties")) {
            node.properties = new java.util.HashMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = schema.get("properties").fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                node.properties.put(field.getKey(), compile(field.getValue(), seen));
            }
        }
        if (schema.has("items")) {
            node.items = compile(schema.get("items"), seen);
        }
        if (schema.has("maxItems")) {
            node.maxItems = schema.get("maxItems").intValue();
        }
        return node;
    }

    private static int typeBit(String type) {
        return switch (type) {
            case "string" -> STRING;
            case "number" -> NUMBER;
            case "integer" -> INTEGER;
            case "boolean" -> BOOLEAN;
            case "object" -> OBJECT;
            case "array" -> ARRAY;
            case "null" -> NULL;
            default -> throw new IllegalStateException("Unknown schema type " + type);
        };
    }

    /** A JSON pointer, built into text only when a problem is reported under it. */
    private record Path(Path parent, String token, boolean escaped) {
        @Override
        public String toString() {
            if (parent == null) {
                return token;
            }
            return parent + "/" + (escaped ? escape(token) : token);
        }

        Path field(String name) {
            return new Path(this, name, true);
        }

        Path index(int i) {
            return new Path(this, Integer.toString(i), false);
        }
    }

    private void validate(Node schema, JsonNode value, Path pointer, List<ValidationProblem> problems) {
        while (schema.ref != null) {
            schema = schema.ref;
        }
        if (schema.types != 0 && !typeMatches(schema.types, value)) {
            problems.add(new ValidationProblem(pointer.toString(), "must be " + schema.typeDescription
                    + ", was " + describe(value)));
            return;
        }
        if (schema.enumValues != null) {
            boolean found;
            if (schema.textEnum != null) {
                found = value.isTextual() && schema.textEnum.contains(value.textValue());
            } else {
                found = false;
                for (JsonNode allowed : schema.enumValues) {
                    found |= allowed.equals(value);
                }
            }
            if (!found) {
                problems.add(new ValidationProblem(pointer.toString(), schema.enumMessage));
                return;
            }
        }
        if (value.isTextual()) {
            checkString(schema, value.textValue(), pointer, problems);
        } else if (value.isNumber()) {
            checkNumber(schema, value.decimalValue(), pointer, problems);
        } else if (value.isObject()) {
            checkObject(schema, value, pointer, problems);
        } else if (value.isArray()) {
            checkArray(schema, value, pointer, problems);
        }
    }

    private void checkString(Node schema, String text, Path pointer, List<ValidationProblem> problems) {
        if (schema.minLength >= 0 || schema.maxLength >= 0) {
            int length = text.codePointCount(0, text.length());
            if (schema.minLength >= 0 && length < schema.minLength) {
                problems.add(new ValidationProblem(pointer.toString(), schema.minLength == 1
                        ? "must not be empty" : "must have at least " + schema.minLength + " characters"));
                return;
            }
            if (schema.maxLength >= 0 && length > schema.maxLength) {
                problems.add(new ValidationProblem(pointer.toString(), "must have at most " + schema.maxLength
                        + " characters, had " + length));
                return;
            }
        }
        if (schema.pattern != null && !schema.pattern.matches(text)) {
            problems.add(new ValidationProblem(pointer.toString(), schema.patternMessage));
            return;
        }
        if (schema.dateTime && !isDateTime(text)) {
            problems.add(new ValidationProblem(pointer.toString(),
                    "must be an RFC 3339 date-time with an offset, e.g. 2026-10-15T09:30:00+09:00"));
        } else if (schema.uriReference && Sources.parse(text) == null) {
            problems.add(new ValidationProblem(pointer.toString(), "must be a URI reference"));
        }
        if (schema.minimum != null || schema.maximum != null) {
            // a decimal given as a string: its pattern has passed, so it parses
            checkNumber(schema, new BigDecimal(text), pointer, problems);
        }
    }

    private static String patternMessage(JsonNode schema) {
        if (schema.has("description")) {
            return "must be " + lowerFirst(schema.get("description").textValue());
        }
        return "must match " + schema.get("pattern").textValue();
    }

    private static String lowerFirst(String text) {
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }

    private void checkNumber(Node schema, BigDecimal number, Path pointer, List<ValidationProblem> problems) {
        if (schema.minimum != null && number.compareTo(schema.minimum) < 0) {
            problems.add(new ValidationProblem(pointer.toString(), "must be at least " + plain(schema.minimum)));
        } else if (schema.maximum != null && number.compareTo(schema.maximum) > 0) {
            problems.add(new ValidationProblem(pointer.toString(), "must be at most " + plain(schema.maximum)));
        } else if (schema.pattern != null) {
            // a decimal given as a JSON number obeys the digits rule of its string form: at most 6 fraction digits
            BigDecimal stripped = number.stripTrailingZeros();
            String text = stripped.scale() > 6 ? "" : stripped.setScale(Math.max(0, stripped.scale())).toPlainString();
            if (!schema.pattern.matches(text)) {
                problems.add(new ValidationProblem(pointer.toString(), schema.patternMessage));
            }
        }
    }

    private static String plain(BigDecimal number) {
        return number.stripTrailingZeros().toPlainString();
    }

    private void checkObject(Node schema, JsonNode value, Path pointer, List<ValidationProblem> problems) {
        if (schema.required != null) {
            for (String name : schema.required) {
                JsonNode present = value.get(name);
                if (present == null || present.isNull()) {
                    problems.add(new ValidationProblem(pointer.field(name).toString(), "is required"));
                }
            }
        }
        if (schema.properties != null) {
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                Node propertySchema = schema.properties.get(field.getKey());
                if (propertySchema != null && !field.getValue().isNull()) {
                    validate(propertySchema, field.getValue(), pointer.field(field.getKey()), problems);
                }
            }
        }
    }

    private void checkArray(Node schema, JsonNode value, Path pointer, List<ValidationProblem> problems) {
        if (schema.maxItems >= 0 && value.size() > schema.maxItems) {
            problems.add(new ValidationProblem(pointer.toString(), "must have at most " + schema.maxItems
                    + " items, had " + value.size()));
            return;
        }
        if (schema.items != null) {
            for (int i = 0; i < value.size(); i++) {
                validate(schema.items, value.get(i), pointer.index(i), problems);
            }
        }
    }

    private JsonNode resolve(String ref) {
        int hash = ref.indexOf('#');
        String document = ref.substring(0, hash);
        JsonNode target = schema(document).at(ref.substring(hash + 1));
        if (target.isMissingNode()) {
            throw new IllegalStateException("Unresolvable $ref " + ref);
        }
        return target;
    }

    private static boolean typeMatches(int types, JsonNode value) {
        return (types & STRING) != 0 && value.isTextual()
                || (types & NUMBER) != 0 && value.isNumber()
                || (types & INTEGER) != 0 && (value.isIntegralNumber()
                        || value.isNumber() && value.decimalValue().signum() == 0
                        || value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0)
                || (types & BOOLEAN) != 0 && value.isBoolean()
                || (types & OBJECT) != 0 && value.isObject()
                || (types & ARRAY) != 0 && value.isArray()
                || (types & NULL) != 0 && value.isNull();
    }

    private static String describeType(JsonNode type) {
        if (type.isArray()) {
            List<String> names = new ArrayList<>();
            type.forEach(t -> names.add(article(t.textValue())));
            return String.join(" or ", names);
        }
        return article(type.textValue());
    }

    private static String article(String type) {
        return switch (type) {
            case "string" -> "a string";
            case "number" -> "a number";
            case "integer" -> "an integer";
            case "boolean" -> "true or false";
            case "object" -> "an object";
            case "array" -> "an array";
            default -> type;
        };
    }

    private static String describe(JsonNode value) {
        if (value.isTextual()) {
            return "a string";
        } else if (value.isNumber()) {
            return "a number";
        } else if (value.isBoolean()) {
            return "a boolean";
        } else if (value.isObject()) {
            return "an object";
        } else if (value.isArray()) {
            return "an array";
        }
        return "null";
    }

    private static boolean isDateTime(String text) {
        return text.length() <= 64 && EventTime.parse(text) != null;
    }

    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static JsonNode load(String name) {
        try (InputStream in = SchemaValidator.class.getClassLoader().getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new IllegalStateException("Missing schema " + name);
            }
            JsonNode schema = EventJson.MAPPER.readTree(in);
            checkKeywords(schema, name);
            return schema;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkKeywords(JsonNode schema, String where) {
        if (!schema.isObject()) {
            return;
        }
        schema.fieldNames().forEachRemaining(keyword -> {
            if (!KNOWN.contains(keyword)) {
                throw new IllegalStateException("Schema " + where + " uses unsupported keyword " + keyword);
            }
        });
        if (schema.has("properties")) {
            schema.get("properties").forEach(p -> checkKeywords(p, where));
        }
        if (schema.has("$defs")) {
            schema.get("$defs").forEach(p -> checkKeywords(p, where));
        }
        if (schema.has("items")) {
            checkKeywords(schema.get("items"), where);
        }
    }
}
