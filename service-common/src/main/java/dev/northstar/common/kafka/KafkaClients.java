package dev.northstar.common.kafka;

import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/**
 * The settings every Kafka client of a service shares: each {@code kafka.*} property of its configuration without
 * the prefix — bootstrap servers, and on a secured cluster {@code security.protocol}, {@code sasl.*} and
 * {@code ssl.*} — so that a producer, consumer or admin client created by hand connects exactly as the others do.
 */
public final class KafkaClients {

    private static final String PREFIX = "kafka.";

    private KafkaClients() {
    }

    /** Every {@code kafka.*} property, without its prefix. */
    public static Map<String, Object> common(Config config) {
        Map<String, Object> props = new HashMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(PREFIX) && name.length() > PREFIX.length()) {
                config.getOptionalValue(name, String.class).ifPresent(v -> props.put(name.substring(PREFIX.length()), v));
            }
        }
        return props;
    }
}
