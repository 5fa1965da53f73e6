package dev.northstar.events.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.northstar.events.EventType;
import dev.northstar.events.ValidationProblem;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one validator every service uses: checks a CloudEvent in JSON structured form (envelope and the
 * data of its type) and reports every problem with its JSON pointer, e.g. {@code /data/score}.
 */
public final class EventValidator {

    private static final String ENVELOPE = "cloudevent.schema.json";

    /**
     * The system property that chooses the schema engine of {@link #fromSystemProperty}: unset (ours) or
     * {@code networknt} (issue 20's A/B; the library must be on the class path: kpi-ingest's profile schema-networknt).
     */
    public static final String ENGINE_PROPERTY = "northstar.schema.engine";

    private final Function<JsonNode, List<ValidationProblem>> engine;

    private final SchemaValidator schemas = new SchemaValidator();
    private final SchemaValidator.Node envelope;
    private final Map<EventType, SchemaValidator.Node> dataSchemas = new EnumMap<>(EventType.class);

    /** Loads every schema at once, so that a broken schema fails at start-up and not on the first event. */
    public EventValidator() {
        this(null);
    }

    /** A validator whose problems come from {@code engine} (another engine with the same answers), if not null. */
    public EventValidator(Function<JsonNode, List<ValidationProblem>> engine) {
        this.engine = engine;
        envelope = schemas.compiled(ENVELOPE);
        for (EventType type : EventType.values()) {
            dataSchemas.put(type, schemas.compiled(type.wireName() + ".schema.json"));
        }
    }

    /** All problems of the event; empty when it is valid. */
    public List<ValidationProblem> validate(JsonNode event) {
        if (engine != null) {
            return engine.apply(event);
        }
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

    /** The validator of the engine that {@value #ENGINE_PROPERTY} names (ours when unset). */
    @SuppressWarnings("unchecked")
    public static EventValidator fromSystemProperty() {
        String name = System.getProperty(ENGINE_PROPERTY, "");
        if (name.isEmpty() || "northstar".equals(name)) {
            return new EventValidator();
        }
        if (!"networknt".equals(name)) {
            throw new IllegalStateException("Unknown " + ENGINE_PROPERTY + ": " + name + " (northstar or networknt)");
        }
        try {
            return new EventValidator((Function<JsonNode, List<ValidationProblem>>) Class
                    .forName("dev.northstar.events.schema.NetworkntEventValidator").getConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException(ENGINE_PROPERTY + "=networknt needs the library on the class path "
                    + "(package with -Pschema-networknt)", e);
        }
    }

    /** Whether the text parses as an RFC 3986 URI reference (what the CloudEvents SDK requires of source). */
    public static boolean isUriReference(String text) {
        return Sources.parse(text) != null;
    }
}
