package dev.northstar.common.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.northstar.events.ValidationProblem;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.List;

/** Whether a JSON value has the JSON type a record component reads, before Jackson is asked to read it. */
final class JsonTypes {

    private JsonTypes() {
    }

    /**
     * Adds a problem at {@code pointer} (or at an element's pointer) when the value cannot be the component's type;
     * returns the message, or null when it can. {@code null} fits every type (a constraint says whether it may be).
     */
    static String mismatch(Type type, JsonNode value, String pointer, List<ValidationProblem> problems) {
        if (value == null || value.isNull()) {
            return null;
        }
        String message = null;
        if (type == String.class) {
            message = value.isTextual() ? null : "must be text";
        } else if (type == Boolean.class || type == boolean.class) {
            message = value.isBoolean() ? null : "must be true or false";
        } else if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            message = value.isIntegralNumber() && value.canConvertToLong() ? null : "must be an integer";
        } else if (type == BigDecimal.class) {
            message = value.isNumber() || value.isTextual() && isDecimal(value.textValue()) ? null
                    : "must be a decimal number";
        } else if (type instanceof Class<?> c && c.isRecord()) {
            if (!value.isObject()) {
                message = "must be an object";
            } else {
                // a nested record: every member known and of its type, each problem at its own pointer
                java.util.Map<String, java.lang.reflect.RecordComponent> components = new java.util.HashMap<>();
                for (java.lang.reflect.RecordComponent rc : c.getRecordComponents()) {
                    components.put(rc.getName(), rc);
                }
                boolean bad = false;
                for (var fields = value.fields(); fields.hasNext();) {
                    var field = fields.next();
                    String at = pointer + "/" + field.getKey().replace("~", "~0").replace("/", "~1");
                    var rc = components.get(field.getKey());
                    if (rc == null) {
                        problems.add(new ValidationProblem(at, "is not a field of this request"));
                        bad = true;
                    } else {
                        bad |= mismatch(rc.getGenericType(), field.getValue(), at, problems) != null;
                    }
                }
                return bad ? "has members of the wrong type" : null;
            }
        } else if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            if (!value.isArray()) {
                message = "must be an array";
            } else {
                Type element = p.getActualTypeArguments()[0];
                boolean bad = false;
                for (int i = 0; i < value.size(); i++) {
                    bad |= mismatch(element, value.get(i), pointer + "/" + i, problems) != null;
                }
                return bad ? "has elements of the wrong type" : null;
            }
        }
        if (message != null) {
            problems.add(new ValidationProblem(pointer, message));
        }
        return message;
    }

    private static boolean isDecimal(String text) {
        try {
            new BigDecimal(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
