package dev.northstar.common.validation;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.northstar.common.Problem;
import dev.northstar.events.EventJson;
import dev.northstar.events.ValidationProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Validator;
import java.util.List;

/**
 * Reads a JSON request body into a request record and validates it declaratively (the record's Bean Validation
 * constraints): a field the record does not have, a value of the wrong type and every violated constraint are one
 * 400 problem naming each by JSON pointer. The body is parsed by {@link EventJson} first, so what every API refuses
 * (NUL characters, numbers beyond any range, malformed JSON) is refused here too.
 */
@ApplicationScoped
public class RequestBodies {

    private final Validator validator;

    public RequestBodies(Validator validator) {
        this.validator = validator;
    }

    /** The body as a {@code type}, valid; or a 400 naming what is wrong. */
    public <T> T read(byte[] body, Class<T> type, String what) {
        JsonNode node = EventJson.parse(body);
        if (!node.isObject()) {
            throw invalid(what, List.of(new ValidationProblem("", "must be a JSON object")));
        }
        T value;
        try {
            value = EventJson.MAPPER.readerFor(type).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).readValue(node);
        } catch (UnrecognizedPropertyException e) {
            throw invalid(what, List.of(new ValidationProblem(pointer(e) , "is not a field of this request")));
        } catch (JsonMappingException e) {
            throw invalid(what, List.of(new ValidationProblem(pointer(e), "is not of the expected type: "
                    + e.getOriginalMessage().split("\n")[0])));
        } catch (java.io.IOException e) {
            throw invalid(what, List.of(new ValidationProblem("", "cannot be read: " + e.getMessage())));
        }
        List<ValidationProblem> problems = Violations.problems(validator.validate(value));
        if (!problems.isEmpty()) {
            throw invalid(what, problems);
        }
        return value;
    }

    private static Problem.Exception invalid(String what, List<ValidationProblem> problems) {
        return new Problem.Exception(Problem.invalid(what + " is not valid: " + problems.size() + " problem(s).",
                problems));
    }

    private static String pointer(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            out.append('/').append(r.getFieldName() != null ? r.getFieldName().replace("~", "~0").replace("/", "~1")
                    : Integer.toString(r.getIndex()));
        }
        return out.toString();
    }
}
