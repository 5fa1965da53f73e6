package dev.northstar.events.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.northstar.events.EventType;
import dev.northstar.events.ValidationProblem;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one validator every service uses: checks a CloudEvent in JSON structured form (envelope and the
 * data of its type) and reports every problem with its JSON pointer, e.g. {@code /data/score}.
 */
public final class EventValidator {

    private static final String ENVELOPE = "cloudevent.schema.json";

    private final SchemaValidator schemas = new SchemaValidator();
    private final SchemaValidator.Node envelope;
    private final Map<EventType, SchemaValidator.Node> dataSchemas = new EnumMap<>(EventType.class);

    /** Loads every schema at once, so that a broken schema fails at start-up and not on the first event. */
    public EventValidator() {
        envelope = schemas.compiled(ENVELOPE);
        for (EventType type : EventType.values()) {
            dataSchemas.put(type, schemas.compiled(type.wireName() + ".schema.json"));
        }
    }

    /** All problems of the event; empty when it is valid. */
    public List<ValidationProblem> validate(JsonNode event) {
        List<ValidationProblem> problems = new ArrayList<>();
        if (!event.isObject()) {
            problems.add(new ValidationProblem("", "must be a CloudEvent (a JSON object)"));
            return problems;
        }
        schemas.validate(envelope, event, "", problems);
        JsonNode source = event.get("source");
        if (source != null && source.isTextual() && !isUriReference(source.textValue())) {
            problems.add(new ValidationProblem("/source", "must be a URI reference (RFC 3986), e.g. crm://acme/sales"));
        }
        JsonNode type = event.get("type");
        JsonNode data = event.get("data");
        Optional<EventType> known = type != null && type.isTextual()
                ? EventType.fromWireName(type.textValue()) : Optional.empty();
        if (known.isPresent() && data != null && data.isObject()) {
            schemas.validate(dataSchemas.get(known.get()), data, "/data", problems);
        }
        return problems;
    }

    /** Whether the text parses as an RFC 3986 URI reference (what the CloudEvents SDK requires of source). */
    static boolean isUriReference(String text) {
        return Sources.parse(text) != null;
    }
}
