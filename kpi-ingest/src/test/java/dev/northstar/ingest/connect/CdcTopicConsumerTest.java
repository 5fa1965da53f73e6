package dev.northstar.ingest.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.northstar.events.Topics;
import dev.northstar.ingest.IngestConfig;
import dev.northstar.ingest.connect.salesforce.CdcTopicConsumer;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Whose change events a record of the CDC topics carries: a tenant's own topic is its connector's alone (Kafka's ACLs
 * bind it), and the shared topic is taken only for the tenants the settings name, by its tenant header.
 */
class CdcTopicConsumerTest {

    private static IngestConfig sharedFor(Set<String> tenants) {
        return new IngestConfig() {
            public Duration ackTimeout() {
                return Duration.ofSeconds(5);
            }

            public int maxBatchSize() {
                return 1000;
            }

            public Duration duplicateRetention() {
                return Duration.ofDays(7);
            }

            public int retryAfterSeconds() {
                return 5;
            }

            public String compression() {
                return "lz4";
            }

            public Raw raw() {
                return () -> Optional.ofNullable(tenants);
            }
        };
    }

    private static String tenant(IngestConfig config, String topic, String header) throws Exception {
        CdcTopicConsumer consumer = new CdcTopicConsumer(null, null, null, null, null, null, config);
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(topic, 0, 0L, "k", new byte[0]);
        if (header != null) {
            record.headers().add(CdcTopicConsumer.TENANT_HEADER, header.getBytes(StandardCharsets.UTF_8));
        }
        Method m = CdcTopicConsumer.class.getDeclaredMethod("tenant", ConsumerRecord.class);
        m.setAccessible(true);
        return (String) m.invoke(consumer, record);
    }

    @Test
    void aTenantsOwnTopicIsItsWhateverTheHeaderSays() throws Exception {
        assertEquals("acme", tenant(sharedFor(null), Topics.SALESFORCE_CDC + ".acme", "other"));
    }

    @Test
    void theSharedTopicServesOnlyTheTenantsTheSettingsName() throws Exception {
        assertNull(tenant(sharedFor(null), Topics.SALESFORCE_CDC, "acme"), "production: nobody");
        assertNull(tenant(sharedFor(Set.of("listed")), Topics.SALESFORCE_CDC, "acme"));
        assertEquals("listed", tenant(sharedFor(Set.of("listed")), Topics.SALESFORCE_CDC, "listed"));
        assertEquals("acme", tenant(sharedFor(Set.of("*")), Topics.SALESFORCE_CDC, "acme"));
        assertNull(tenant(sharedFor(Set.of("*")), Topics.SALESFORCE_CDC, null), "no header, no tenant");
        assertEquals(true, CdcTopicConsumer.TOPICS.matcher(Topics.SALESFORCE_CDC + ".acme").matches());
        assertEquals(false, CdcTopicConsumer.TOPICS.matcher(Topics.SALESFORCE_CDC + ".Acme!").matches());
    }
}
