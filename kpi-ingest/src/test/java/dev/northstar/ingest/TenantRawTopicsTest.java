package dev.northstar.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.northstar.events.Topics;
import dev.northstar.events.json.EventJson;
import dev.northstar.events.schema.EventValidator;
import dev.northstar.events.wire.EventCodec;
import dev.northstar.ingest.messaging.RawEventsForwarder;
import dev.northstar.testing.NorthstarInfra;
import dev.northstar.testing.TopicReader;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventSerializer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * A raw event's tenant against what its producer may write, on the real broker: a tenant's topic
 * {@code crm.events.raw.<tenant>} (created after the service started, as an operator adds a tenant) is read, an event
 * of its own tenant there is forwarded and one naming another tenant is dead-lettered with the reason; the shared
 * {@code crm.events.raw} forwards only the tenants {@code northstar.ingest.raw.shared-topic-tenants} lists.
 */
@QuarkusTest
@QuarkusTestResource(NorthstarInfra.class)
@TestProfile(TenantRawTopicsTest.SharedForListedTenants.class)
class TenantRawTopicsTest {

    private static final EventCodec CODEC = new EventCodec(new EventValidator());
    private static final String LISTED = "shared-ok";

    /** The shared topic for one listed tenant; topics are looked for every second (the default is 5 minutes). */
    public static class SharedForListedTenants implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("northstar.ingest.raw.shared-topic-tenants", LISTED + ",also-listed",
                    "kafka.metadata.max.age.ms", "1000");
        }
    }

    private static CloudEvent nps(String id, String tenant) {
        ObjectNode node = (ObjectNode) EventJson.parse(("{\"specversion\":\"1.0\",\"id\":\"" + id
                + "\",\"source\":\"crm://connect\",\"type\":\"nps.responded\",\"time\":\"2026-10-01T00:00:00Z\","
                + "\"tenant\":\"" + tenant + "\",\"data\":{\"teamId\":\"t\",\"accountId\":\"acc-r\",\"score\":9}}")
                .getBytes(StandardCharsets.UTF_8));
        return CODEC.toCloudEvent(node);
    }

    private static Set<String> ids(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(r -> TopicReader.header(r, "ce_id")).collect(Collectors.toSet());
    }

    @Test
    void aTenantsTopicCarriesItsOwnEventsOnlyAndTheSharedTopicTheListedTenants() throws Exception {
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String acme = "acme-" + run;
        String other = "other-" + run;
        String unlisted = "unlisted-" + run;
        String topic = RawEventsForwarder.tenantTopic(acme);
        String own = "own-" + run;
        String foreign = "foreign-" + run;
        String shared = "shared-" + run;
        String refusedShared = "refused-shared-" + run;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, NorthstarInfra.bootstrapServers());
        // the tenant's topic appears while the service runs, as when an operator adds a tenant
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                NorthstarInfra.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
        try (KafkaProducer<String, CloudEvent> producer = new KafkaProducer<>(props, new StringSerializer(),
                new CloudEventSerializer())) {
            producer.send(new ProducerRecord<>(topic, acme + "/acc-r", nps(own, acme))).get();
            producer.send(new ProducerRecord<>(topic, other + "/acc-r", nps(foreign, other))).get();
            producer.send(new ProducerRecord<>(Topics.CRM_EVENTS_RAW, LISTED + "/acc-r", nps(shared, LISTED))).get();
            producer.send(new ProducerRecord<>(Topics.CRM_EVENTS_RAW, unlisted + "/acc-r", nps(refusedShared,
                    unlisted))).get();
        }

        List<ConsumerRecord<String, byte[]>> dlq;
        try (TopicReader reader = new TopicReader(NorthstarInfra.bootstrapServers(), Topics.CRM_EVENTS_DLQ)) {
            reader.until(r -> foreign.equals(TopicReader.header(r, "ce_id")), Duration.ofSeconds(60));
            dlq = reader.until(r -> refusedShared.equals(TopicReader.header(r, "ce_id")), Duration.ofSeconds(60));
        }
        ConsumerRecord<String, byte[]> wrongTenant = dlq.stream()
                .filter(r -> foreign.equals(TopicReader.header(r, "ce_id"))).findFirst().orElseThrow();
        String reason = TopicReader.header(wrongTenant, RawEventsForwarder.REASON);
        assertTrue(reason.contains("tenant " + other + " on " + topic), reason);
        assertTrue(reason.contains("its own events only"), reason);
        assertEquals("/tenant", TopicReader.header(wrongTenant, RawEventsForwarder.POINTER));
        assertEquals(topic, TopicReader.header(wrongTenant, RawEventsForwarder.ORIGINAL_TOPIC));
        ConsumerRecord<String, byte[]> notListed = dlq.stream()
                .filter(r -> refusedShared.equals(TopicReader.header(r, "ce_id"))).findFirst().orElseThrow();
        String sharedReason = TopicReader.header(notListed, RawEventsForwarder.REASON);
        assertTrue(sharedReason.contains("northstar.ingest.raw.shared-topic-tenants"), sharedReason);
        assertTrue(sharedReason.contains(RawEventsForwarder.tenantTopic(unlisted)), sharedReason);
        assertEquals(Topics.CRM_EVENTS_RAW, TopicReader.header(notListed, RawEventsForwarder.ORIGINAL_TOPIC));

        List<ConsumerRecord<String, byte[]>> forwarded;
        try (TopicReader reader = new TopicReader(NorthstarInfra.bootstrapServers(), Topics.CRM_EVENTS)) {
            reader.until(r -> own.equals(TopicReader.header(r, "ce_id")), Duration.ofSeconds(60));
            forwarded = reader.until(r -> shared.equals(TopicReader.header(r, "ce_id")), Duration.ofSeconds(60));
        }
        Set<String> forwardedIds = ids(forwarded);
        assertTrue(forwardedIds.containsAll(Set.of(own, shared)), "the tenant's own event and the listed tenant's");
        // both refusals were in the DLQ before this read began, so a forwarded copy would be here by now
        assertTrue(!forwardedIds.contains(foreign) && !forwardedIds.contains(refusedShared),
                "a refused event never reaches crm.events");
        assertEquals(acme + "/acc-r", forwarded.stream().filter(r -> own.equals(TopicReader.header(r, "ce_id")))
                .findFirst().orElseThrow().key());
    }
}
