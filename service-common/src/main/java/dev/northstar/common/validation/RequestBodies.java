package dev.northstar.common.validation;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.northstar.common.Problem;
import dev.northstar.events.ValidationProblem;
import dev.northstar.events.json.EventJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Validator;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a JSON request body into a request record and validates it declaratively (the record's Bean Validation
 * constraints): a field the record does not have, a value of the wrong type and every violated constraint are one
 * 400 problem naming each by JSON pointer. The body is parsed by {@link EventJson} first, so what every API refuses
 * (NUL characters, numbers beyond any range, malformed JSON) is refused here too.
 */
@ApplicationScoped
public class RequestBodies {

    /**
     * The contract's mapper, strict about types: a number or a boolean where text is expected (and the other way
     * round) is a problem at its pointer, not quietly turned into the other.
     */
    private static final ObjectMapper STRICT = strict();

    private final Validator validator;

    public RequestBodies(Validator validator) {
        this.validator = validator;
    }

    private static ObjectMapper strict() {
        ObjectMapper mapper = EventJson.MAPPER.copy();
        // text only from a string
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        // true or false only from a JSON boolean
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        // a whole number only from a JSON integer
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        return mapper;
    }

    /**
     * The body as a {@code type} (a record), valid; or a 400 naming every problem at once: each field the record does
     * not have, each value of the wrong JSON type, and every violated constraint of the rest.
     */
    public <T extends Record> T read(byte[] body, Class<T> type, String what) {
        JsonNode node = EventJson.parse(body);
        if (!node.isObject()) {
            throw invalid(what, List.of(new ValidationProblem("", "must be a JSON object")));
        }
        Map<String, RecordComponent> components = new LinkedHashMap<>();
        for (RecordComponent c : type.getRecordComponents()) {
            components.put(c.getName(), c);
        }
        List<ValidationProblem> problems = new ArrayList<>();
        ObjectNode usable = ((ObjectNode) node).deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            String pointer = "/" + field.getKey().replace("~", "~0").replace("/", "~1");
            RecordComponent component = components.get(field.getKey());
            if (component == null) {
                problems.add(new ValidationProblem(pointer, "is not a field of this request"));
                usable.remove(field.getKey());
                continue;
            }
            String wrong = JsonTypes.mismatch(component.getGenericType(), field.getValue(), pointer, problems);
            if (wrong != null) {
                usable.remove(field.getKey());
            }
        }
        T value;
        try {
            value = STRICT.readerFor(type).with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).readValue(usable);
        } catch (java.io.IOException e) {
            // the types were checked above; what is left is a record the JSON cannot make (a bug, not the caller's)
            throw new IllegalStateException("cannot read " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
        Set<String> named = new HashSet<>();
        problems.forEach(p -> named.add(p.pointer()));
        for (ValidationProblem p : Violations.problems(validator.validate(value))) {
            if (!named.contains(p.pointer())) {
                problems.add(p);
            }
        }
        if (!problems.isEmpty()) {
            throw invalid(what, problems);
        }
        return value;
    }

    private static Problem.Exception invalid(String what, List<ValidationProblem> problems) {
        return new Problem.Exception(Problem.invalid(what + " is not valid: " + problems.size() + " problem(s).",
                problems));
    }
}
