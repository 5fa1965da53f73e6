package dev.northstar.common.kafka;

import dev.northstar.events.json.EventJson;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * A JSON document read from a topic ({@code kpi.values}, {@code knowledge.insights}): the value when it reads and is
 * complete, else why not; and its bytes as they were on the topic (for the quarantine).
 *
 * @param <T> the document's type
 */
public record JsonRecord<T>(T value, String problem, byte[] bytes) {

    /** Why the document can never be stored, or null. */
    public String invalidReason() {
        return problem;
    }

    /**
     * Reads documents of a type while the consumer polls.
     *
     * @param check why a document that reads is still not usable (a required field missing), or null when it is
     */
    public static <T> Deserializer<JsonRecord<T>> deserializer(Class<T> type, Function<T, String> check) {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            T value;
            try {
                value = EventJson.MAPPER.readValue(data, type);
            } catch (Exception e) {
                return new JsonRecord<>(null, "not a readable " + type.getSimpleName() + ": " + e.getMessage(), data);
            }
            String problem = value == null ? "null" : check.apply(value);
            return problem == null ? new JsonRecord<>(value, null, data) : new JsonRecord<>(null, problem, data);
        };
    }
}
