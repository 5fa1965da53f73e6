package dev.northstar.common.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {

    @Test
    void everyKafkaPropertyIsSharedWithoutItsPrefix() {
        Config config = new SmallRyeConfigBuilder().withDefaultValues(Map.of(
                "kafka.bootstrap.servers", "broker-1:9092,broker-2:9092",
                "kafka.security.protocol", "SASL_SSL",
                "kafka.sasl.jaas.config", "secret",
                "kafka.", "nothing after the prefix",
                "kafkaesque.setting", "no",
                "quarkus.http.port", "8080",
                "mp.messaging.incoming.x.kafka.topic", "no")).build();
        assertEquals(Map.of("bootstrap.servers", "broker-1:9092,broker-2:9092", "security.protocol", "SASL_SSL",
                "sasl.jaas.config", "secret"), KafkaClients.common(config));
    }

    @Test
    void noKafkaPropertiesAreNoSettings() {
        assertEquals(Map.of(), KafkaClients.common(new SmallRyeConfigBuilder().build()));
    }
}
