package dev.northstar.events.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.northstar.events.EventData;
import dev.northstar.events.EventTime;
import dev.northstar.events.EventType;
import dev.northstar.events.NorthstarEvent;
import dev.northstar.events.Scopes;
import dev.northstar.events.ValidationProblem;
import dev.northstar.events.json.EventJson;
import dev.northstar.events.schema.EventValidator;
import dev.northstar.events.schema.Sources;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Moves events between their three forms: the JSON structured form (what is validated), the CloudEvents
 * SDK's {@link CloudEvent} (what travels on Kafka through the SDK's Kafka binding), and the typed
 * {@link NorthstarEvent}.
 */
public final class EventCodec {

    /** The CloudEvents extension attribute that carries the tenant. */
    public static final String TENANT = "tenant";
    /**
     * The extension attribute naming the connector mapping that made an event ({@code salesforce/v3}); absent on events
     * a CRM sent in the contract itself.
     */
    public static final String MAPPING = "mapping";

    private final EventValidator validator;

    public EventCodec(EventValidator validator) {
        this.validator = validator;
    }

    public EventValidator validator() {
        return validator;
    }

    /** The typed event of a structured event that {@link EventValidator#validate} accepted. */
    public NorthstarEvent toEvent(JsonNode structured) {
        EventType type = EventType.fromWireName(structured.get("type").textValue()).orElseThrow();
        try {
            JsonNode json = structured.get("data");
            EventData data = EventJson.MAPPER.treeToValue(json, type.dataClass());
            return new NorthstarEvent(structured.get("id").textValue(), structured.get("source").textValue(), type,
                    parseTime(structured.get("time").textValue()), structured.get(TENANT).textValue(), data,
                    dimension(Scopes.PRODUCT, json.path("product").textValue()),
                    dimension(Scopes.SEGMENT, json.path("segment").textValue()));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event data does not match its validated schema", e);
        }
    }

    /**
     * A product line or segment as a scope takes it ({@link Scopes#isScope}); null when absent or when it holds a control
     * character, which the contract lets through but no scope names: the event then counts overall only.
     */
    private static String dimension(String prefix, String value) {
        return value != null && Scopes.isScope(prefix + value) ? value : null;
    }

    /** The SDK event of a valid structured event; {@code data} is kept byte for byte as JSON. */
    public CloudEvent toCloudEvent(JsonNode structured) {
        try {
            CloudEventBuilder builder = CloudEventBuilder.v1()
                    .withId(structured.get("id").textValue())
                    .withSource(source(structured.get("source").textValue()))
                    .withType(structured.get("type").textValue())
                    .withTime(time(structured.get("time").textValue()))
                    .withExtension(TENANT, structured.get(TENANT).textValue())
                    .withData("application/json", EventJson.MAPPER.writeValueAsBytes(structured.get("data")));
            if (structured.hasNonNull("subject")) {
                builder.withSubject(structured.get("subject").textValue());
            }
            if (structured.hasNonNull(MAPPING)) {
                builder.withExtension(MAPPING, structured.get(MAPPING).textValue());
            }
            return builder.build();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The structured form of an SDK event (from Kafka or HTTP binary mode), ready for validation. Data that
     * is not JSON is kept as a string so that validation reports it at {@code /data}.
     */
    public ObjectNode toStructured(CloudEvent event) {
        ObjectNode node = EventJson.MAPPER.createObjectNode();
        node.put("specversion", event.getSpecVersion().toString());
        node.put("id", event.getId());
        node.put("source", event.getSource() == null ? null : event.getSource().toString());
        node.put("type", event.getType());
        if (event.getTime() != null) {
            node.put("time", event.getTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        }
        if (event.getSubject() != null) {
            node.put("subject", event.getSubject());
        }
        for (String name : event.getExtensionNames()) {
            Object value = event.getExtension(name);
            node.put(name, value == null ? null : value.toString());
        }
        CloudEventData data = event.getData();
        if (data != null) {
            byte[] bytes = data.toBytes();
            try {
                node.set("data", EventJson.parse(bytes));
            } catch (EventJson.MalformedJsonException e) {
                node.put("data", "(not JSON: " + e.getMessage() + ")");
            }
        }
        return node;
    }

    /** Decodes and validates an SDK event. */
    public Decoded decode(CloudEvent event) {
        return decode(toStructured(event));
    }

    /**
     * Decodes and validates an event of the CloudEvents binary mode (Kafka's {@code ce_*} headers, HTTP's
     * {@code ce-*}) without the SDK: {@code attributes} are the headers' values by attribute name (without the
     * prefix). The structured form is the one {@link #toStructured(CloudEvent)} gives, except that {@code time} is
     * validated as sent rather than as the SDK re-formats it.
     */
    public Decoded decodeBinary(Map<String, String> attributes, byte[] data) {
        ObjectNode node = EventJson.MAPPER.createObjectNode();
        for (String name : STRUCTURED_ATTRIBUTES) {
            String value = attributes.get(name);
            if (value != null) {
                node.put(name, value);
            }
        }
        attributes.forEach((name, value) -> {
            if (!CORE_ATTRIBUTES.contains(name)) {
                node.put(name, value);
            }
        });
        if (data != null) {
            try {
                node.set("data", EventJson.parse(data));
            } catch (EventJson.MalformedJsonException e) {
                node.put("data", "(not JSON: " + e.getMessage() + ")");
            }
        }
        return decode(node);
    }

    private Decoded decode(ObjectNode structured) {
        List<ValidationProblem> problems = validator.validate(structured);
        return problems.isEmpty() ? new Decoded(toEvent(structured), List.of()) : new Decoded(null, problems);
    }

    /** Context attributes of CloudEvents 1.0 that are not extensions. */
    private static final java.util.Set<String> CORE_ATTRIBUTES = java.util.Set.of("specversion", "id", "source",
            "type", "datacontenttype", "dataschema", "subject", "time");
    /** The core attributes the structured form carries, in its order. */
    private static final List<String> STRUCTURED_ATTRIBUTES = List.of("specversion", "id", "source", "type", "time",
            "subject");

    /** The outcome of decoding: an event, or its problems. */
    public record Decoded(NorthstarEvent event, List<ValidationProblem> problems) {
        public boolean valid() {
            return event != null;
        }
    }

    /** Event times are RFC 3339 with an offset; the instant is what counts. */
    public static Instant parseTime(String text) {
        return time(text).toInstant();
    }

    private static URI source(String text) {
        URI uri = Sources.parse(text);
        if (uri == null) {
            throw new IllegalArgumentException("source is not a URI reference: " + text);
        }
        return uri;
    }

    private static OffsetDateTime time(String text) {
        OffsetDateTime time = EventTime.parse(text);
        if (time == null) {
            throw new java.time.format.DateTimeParseException("not an RFC 3339 date-time with an offset", text, 0);
        }
        if (!EventTime.inRange(time)) {
            throw new java.time.format.DateTimeParseException("outside the contract's range of event times (1970-01-01 "
                    + "to 2100-12-31)", text, 0);
        }
        return time;
    }
}
