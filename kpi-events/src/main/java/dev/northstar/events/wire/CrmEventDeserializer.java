package dev.northstar.events.wire;

import dev.northstar.events.EventType;
import dev.northstar.events.NorthstarEvent;
import dev.northstar.events.ValidationProblem;
import dev.northstar.events.schema.EventValidator;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The one decode path of {@code crm.events}: every consumer of the topic (kpi-calculator, knowledge-service,
 * reporting-api) turns a record into a validated event here, while its consumer polls — so that decoding the next
 * batch overlaps with storing the current one. Binary mode (what kpi-ingest writes with {@link KafkaBinding}) is read
 * from the {@code ce_*} headers without the SDK; anything else the Kafka binding allows goes through the SDK.
 *
 * <p>A record that is not a valid event becomes a {@link Received} with its problems (never an exception: one bad
 * record must not stop the partition); a tombstone stays {@code null}. A consumer that needs only some types says so,
 * and records of other types are {@linkplain Received#skipped() skipped} unread.
 */
public class CrmEventDeserializer implements Deserializer<CrmEventDeserializer.Received> {

    /**
     * A record of {@code crm.events}: its event when valid, else its problems; and its value's bytes as they were on
     * the topic (for the quarantine).
     */
    public record Received(NorthstarEvent event, List<ValidationProblem> problems, byte[] bytes) {

        /** Whether the record is a valid event of a type the consumer reads. */
        public boolean valid() {
            return event != null;
        }

        /** Whether the record was of a type the consumer does not read (left undecoded). */
        public boolean skipped() {
            return event == null && problems.isEmpty();
        }

        /** Why the record can never be counted, or null when it can (or was skipped). */
        public String invalidReason() {
            return problems.isEmpty() ? null : "not a valid event: " + problems.stream()
                    .map(p -> p.pointer() + " " + p.message()).collect(Collectors.joining("; "));
        }
    }

    private final CloudEventDeserializer cloudEvents = new CloudEventDeserializer();
    private final EventCodec codec = new EventCodec(new EventValidator());
    private final Set<String> types;

    /** Decodes every type. */
    public CrmEventDeserializer() {
        this(null);
    }

    /** Decodes the given types only; {@code null}: every type. */
    public CrmEventDeserializer(Set<EventType> types) {
        this.types = types == null ? null : types.stream().map(EventType::wireName).collect(Collectors.toSet());
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        cloudEvents.configure(configs, isKey);
    }

    @Override
    public Received deserialize(String topic, byte[] data) {
        throw new UnsupportedOperationException("crm.events records carry CloudEvents headers");
    }

    @Override
    public Received deserialize(String topic, Headers headers, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            if (types != null && isBinaryOfOtherType(headers)) {
                // most records of the topic, for a consumer of a few types: left unread, no attribute map made
                return new Received(null, List.of(), data);
            }
            Map<String, String> attributes = binaryAttributes(headers);
            if (attributes != null) {
                if (types != null && !types.contains(attributes.get("type"))) {
                    return new Received(null, List.of(), data);
                }
                return received(codec.decodeBinary(attributes, data), data);
            }
        } catch (RuntimeException e) {
            return invalid("undecodable: " + e.getMessage(), data);
        }
        // not binary mode (what kpi-ingest writes): let the SDK read whatever else the binding allows
        CloudEvent event;
        try {
            event = cloudEvents.deserialize(topic, headers, data);
        } catch (RuntimeException e) {
            return invalid("not a CloudEvent in the Kafka binding: " + e.getMessage(), data);
        }
        if (types != null && !types.contains(event.getType())) {
            return new Received(null, List.of(), data);
        }
        try {
            return received(codec.decode(event), data);
        } catch (RuntimeException e) {
            return invalid("undecodable: " + e.getMessage(), data);
        }
    }

    private static Received received(EventCodec.Decoded decoded, byte[] data) {
        return new Received(decoded.event(), decoded.problems(), data);
    }

    private static Received invalid(String problem, byte[] data) {
        return new Received(null, List.of(new ValidationProblem("", problem)), data);
    }

    /**
     * Whether the record is in binary mode ({@code ce_specversion}) with a {@code ce_type} (its last, as in
     * {@link #binaryAttributes}) that this consumer does not read.
     */
    private boolean isBinaryOfOtherType(Headers headers) {
        boolean binary = false;
        byte[] type = null;
        for (Header header : headers) {
            String key = header.key();
            if (header.value() != null && key.length() > 3 && key.regionMatches(true, 0, "ce_", 0, 3)) {
                if (key.regionMatches(true, 3, "type", 0, 4) && key.length() == 7) {
                    type = header.value();
                } else if (key.regionMatches(true, 3, "specversion", 0, 11) && key.length() == 14) {
                    binary = true;
                }
            }
        }
        return binary && type != null && !types.contains(new String(type, StandardCharsets.UTF_8));
    }

    /**
     * The CloudEvents attributes of a binary-mode record ({@code ce_*} headers, UTF-8), or {@code null} when the
     * record is not in binary mode (no {@code ce_specversion}). A repeated header keeps its last value, as the SDK.
     */
    static Map<String, String> binaryAttributes(Headers headers) {
        Map<String, String> attributes = null;
        for (Header header : headers) {
            String key = header.key();
            if (key.length() > 3 && key.regionMatches(true, 0, "ce_", 0, 3) && header.value() != null) {
                if (attributes == null) {
                    attributes = new HashMap<>();
                }
                attributes.put(key.substring(3).toLowerCase(Locale.ROOT),
                        new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return attributes != null && attributes.containsKey("specversion") ? attributes : null;
    }
}
