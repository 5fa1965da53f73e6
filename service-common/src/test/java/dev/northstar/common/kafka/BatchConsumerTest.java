package dev.northstar.common.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** The settings a consumer runs with, read before it starts (no broker is needed for that). */
class BatchConsumerTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final QuarantineTopic quarantine = new QuarantineTopic(null, meters);

    private BatchConsumer<String, String> consumer(boolean commitToKafka, Map<String, Object> common) {
        BatchConsumer.Spec<String, String> spec = new BatchConsumer.Spec<>("kpi-values", "reporting-api",
                List.of("kpi.values"), 500, commitToKafka, new StringDeserializer(), new StringDeserializer(),
                v -> v.getBytes(StandardCharsets.UTF_8), v -> null,
                records -> Uni.createFrom().voidItem(), r -> Uni.createFrom().voidItem(),
                new BatchConsumer.Assignment() {
                });
        return new BatchConsumer<>(spec, common, quarantine, new ConsumerState(spec.name(), Duration.ofMinutes(2)));
    }

    @Test
    void aKafkaCommittingConsumerCommitsOnlyWhatItStored() {
        Map<String, Object> props = consumer(true, Map.of("bootstrap.servers", "localhost:9092")).properties();
        assertEquals("false", props.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG));
        assertEquals("reporting-api", props.get(ConsumerConfig.GROUP_ID_CONFIG));
        assertEquals(500, props.get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG));
        assertEquals("earliest", props.get(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG));
        assertEquals("kpi-values", props.get(ConsumerConfig.CLIENT_ID_CONFIG));
        assertEquals("10000", props.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG));
        assertEquals("localhost:9092", props.get("bootstrap.servers"));
    }

    @Test
    void aConsumerKeepingItsOwnProgressCommitsWhatItStoredToShowTheLagNotWhatItPolled() {
        assertEquals("false", consumer(false, Map.of()).properties().get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG));
    }

    @Test
    void theServiceSettingsMayChooseTheClientIdAndSessionTimeout() {
        Map<String, Object> props = consumer(true, Map.of(ConsumerConfig.CLIENT_ID_CONFIG, "mine",
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "30000", ConsumerConfig.GROUP_ID_CONFIG, "not this"))
                .properties();
        assertEquals("mine", props.get(ConsumerConfig.CLIENT_ID_CONFIG));
        assertEquals("30000", props.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG));
        assertEquals("reporting-api", props.get(ConsumerConfig.GROUP_ID_CONFIG), "the group is the consumer's own");
    }

    @Test
    void itsQuarantineCounterExistsAtZeroFromTheStart() {
        consumer(true, Map.of());
        assertNotNull(meters.find("northstar.quarantined").tags("group", "reporting-api", "topic", "kpi.values")
                .counter());
        assertEquals(0, meters.find("northstar.quarantined").counter().count());
    }
}
