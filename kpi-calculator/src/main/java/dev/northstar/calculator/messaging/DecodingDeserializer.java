package dev.northstar.calculator.messaging;

import dev.northstar.events.EventCodec;
import dev.northstar.events.EventValidator;
import dev.northstar.events.ValidationProblem;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Turns a {@code crm.events} record (CloudEvents Kafka binding) into a validated event while the connector polls,
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
}
