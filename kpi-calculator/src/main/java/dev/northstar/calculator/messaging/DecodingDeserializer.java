package dev.northstar.calculator.messaging;

import dev.northstar.events.EventCodec;
import dev.northstar.events.EventValidator;
import dev.northstar.events.ValidationProblem;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Turns a {@code crm.events} record (CloudEvents Kafka binding) into a validated event while the consumer polls,
 * so that decoding the next batch overlaps with storing the current one instead of adding to it. A record that
 * is not a valid event becomes a {@link EventCodec.Decoded} with its problems (never an exception: one bad record
 * must not stop the partition); a tombstone stays {@code null}.
 */
public class DecodingDeserializer implements Deserializer<EventCodec.Decoded> {

    private final CloudEventDeserializer cloudEvents = new CloudEventDeserializer();
    private final EventCodec codec = new EventCodec(new EventValidator());

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        cloudEvents.configure(configs, isKey);
    }

    @Override
    public EventCodec.Decoded deserialize(String topic, byte[] data) {
        throw new UnsupportedOperationException("crm.events records carry CloudEvents headers");
    }

    @Override
    public EventCodec.Decoded deserialize(String topic, Headers headers, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            Map<String, String> attributes = binaryAttributes(headers);
            if (attributes != null) {
                return codec.decodeBinary(attributes, data);
            }
        } catch (RuntimeException e) {
            return new EventCodec.Decoded(null, List.of(new ValidationProblem("", "undecodable: " + e.getMessage())));
        }
        // not binary mode (what kpi-ingest writes): let the SDK read whatever else the binding allows
        CloudEvent event;
        try {
            event = cloudEvents.deserialize(topic, headers, data);
        } catch (RuntimeException e) {
            return new EventCodec.Decoded(null, List.of(new ValidationProblem("",
                    "not a CloudEvent in the Kafka binding: " + e.getMessage())));
        }
        try {
            return codec.decode(event);
        } catch (RuntimeException e) {
            return new EventCodec.Decoded(null, List.of(new ValidationProblem("", "undecodable: " + e.getMessage())));
        }
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
