package dev.northstar.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

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
    private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

    JsonNode schema(String name) {
        return documents.computeIfAbsent(name, SchemaValidator::load);
    }

    void validate(JsonNode schema, JsonNode value, String pointer, List<ValidationProblem> problems) {
        if (schema.has("$ref")) {
            validate(resolve(schema.get("$ref").asText()), value, pointer, problems);
            return;
        }
        if (schema.has("type") && !typeMatches(schema.get("type"), value)) {
            problems.add(new ValidationProblem(pointer, "must be " + describeType(schema.get("type"))
                    + ", was " + describe(value)));
            return;
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode allowed : schema.get("enum")) {
                found |= allowed.equals(value);
            }
            if (!found) {
                problems.add(new ValidationProblem(pointer, "must be one of " + schema.get("enum")));
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

    private void checkString(JsonNode schema, String text, String pointer, List<ValidationProblem> problems) {
        int length = text.codePointCount(0, text.length());
        if (schema.has("minLength") && length < schema.get("minLength").intValue()) {
            problems.add(new ValidationProblem(pointer, schema.get("minLength").intValue() == 1
                    ? "must not be empty" : "must have at least " + schema.get("minLength") + " characters"));
            return;
        }
        if (schema.has("maxLength") && length > schema.get("maxLength").intValue()) {
            problems.add(new ValidationProblem(pointer, "must have at most " + schema.get("maxLength")
                    + " characters, had " + length));
            return;
        }
        if (schema.has("pattern")) {
            Pattern pattern = patterns.computeIfAbsent(schema.get("pattern").textValue(), Pattern::compile);
            if (!pattern.matcher(text).matches()) {
                problems.add(new ValidationProblem(pointer, patternMessage(schema)));
                return;
            }
        }
        if (schema.has("format")) {
            String format = schema.get("format").textValue();
            if ("date-time".equals(format) && !isDateTime(text)) {
                problems.add(new ValidationProblem(pointer,
                        "must be an RFC 3339 date-time with an offset, e.g. 2026-10-15T09:30:00+09:00"));
            } else if ("uri-reference".equals(format) && !isUriReference(text)) {
                problems.add(new ValidationProblem(pointer, "must be a URI reference"));
            }
        }
        if (schema.has("minimum") || schema.has("maximum")) {
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

    private void checkNumber(JsonNode schema, BigDecimal number, String pointer, List<ValidationProblem> problems) {
        if (schema.has("minimum") && number.compareTo(schema.get("minimum").decimalValue()) < 0) {
            problems.add(new ValidationProblem(pointer, "must be at least " + plain(schema.get("minimum"))));
        } else if (schema.has("maximum") && number.compareTo(schema.get("maximum").decimalValue()) > 0) {
            problems.add(new ValidationProblem(pointer, "must be at most " + plain(schema.get("maximum"))));
        } else if (schema.has("pattern")) {
            // a decimal given as a JSON number obeys the digits rule of its string form: at most 6 fraction digits
            BigDecimal stripped = number.stripTrailingZeros();
            String text = stripped.scale() > 6 ? "" : stripped.setScale(Math.max(0, stripped.scale())).toPlainString();
            if (!patterns.computeIfAbsent(schema.get("pattern").textValue(), Pattern::compile).matcher(text).matches()) {
                problems.add(new ValidationProblem(pointer, patternMessage(schema)));
            }
        }
    }

    private static String plain(JsonNode number) {
        return number.decimalValue().stripTrailingZeros().toPlainString();
    }

    private void checkObject(JsonNode schema, JsonNode value, String pointer, List<ValidationProblem> problems) {
        if (schema.has("required")) {
            for (JsonNode name : schema.get("required")) {
                JsonNode present = value.get(name.textValue());
                if (present == null || present.isNull()) {
                    problems.add(new ValidationProblem(pointer + "/" + escape(name.textValue()), "is required"));
                }
            }
        }
        if (schema.has("properties")) {
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode propertySchema = schema.get("properties").get(field.getKey());
                if (propertySchema != null && !field.getValue().isNull()) {
                    validate(propertySchema, field.getValue(), pointer + "/" + escape(field.getKey()), problems);
                }
            }
        }
    }

    private void checkArray(JsonNode schema, JsonNode value, String pointer, List<ValidationProblem> problems) {
        if (schema.has("maxItems") && value.size() > schema.get("maxItems").intValue()) {
            problems.add(new ValidationProblem(pointer, "must have at most " + schema.get("maxItems")
                    + " items, had " + value.size()));
            return;
        }
        if (schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                validate(schema.get("items"), value.get(i), pointer + "/" + i, problems);
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

    private static boolean typeMatches(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (typeMatches(t, value)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.textValue()) {
            case "string" -> value.isTextual();
            case "number" -> value.isNumber();
            case "integer" -> value.isIntegralNumber()
                    || value.isNumber() && value.decimalValue().signum() == 0
                    || value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0;
            case "boolean" -> value.isBoolean();
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "null" -> value.isNull();
            default -> throw new IllegalStateException("Unknown schema type " + type);
        };
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
        try {
            OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            return text.length() <= 64;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean isUriReference(String text) {
        try {
            new URI(text);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
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
