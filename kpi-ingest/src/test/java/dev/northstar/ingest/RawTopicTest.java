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
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The raw-topic path against the real broker: valid events to crm.events once, invalid ones to the DLQ. */
@QuarkusTest
@QuarkusTestResource(NorthstarInfra.class)
class RawTopicTest {

    private static final EventCodec CODEC = new EventCodec(new EventValidator());

    private static CloudEvent nps(String id, int score) {
        ObjectNode node = (ObjectNode) EventJson.parse(("{\"specversion\":\"1.0\",\"id\":\"" + id
                + "\",\"source\":\"crm://connect\",\"type\":\"nps.responded\",\"time\":\"2026-10-01T00:00:00Z\","
                + "\"tenant\":\"raw\",\"data\":{\"teamId\":\"t\",\"accountId\":\"acc-r\",\"score\":" + score + "}}")
                .getBytes());
        return CODEC.toCloudEvent(node);
    }

    @Test
    void validEventsAreForwardedOnceAndInvalidOnesDeadLettered() throws Exception {
        String good = "raw-" + UUID.randomUUID();
        String bad = "raw-" + UUID.randomUUID();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, NorthstarInfra.bootstrapServers());
        try (KafkaProducer<String, CloudEvent> producer = new KafkaProducer<>(props, new StringSerializer(),
                new CloudEventSerializer());
                KafkaProducer<String, byte[]> plain = new KafkaProducer<>(props, new StringSerializer(),
                        new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.CRM_EVENTS_RAW, "raw/acc-r", nps(good, 9))).get();
            producer.send(new ProducerRecord<>(Topics.CRM_EVENTS_RAW, "raw/acc-r", nps(bad, 11))).get();
            producer.send(new ProducerRecord<>(Topics.CRM_EVENTS_RAW, "raw/acc-r", nps(good, 9))).get();
            plain.send(new ProducerRecord<>(Topics.CRM_EVENTS_RAW, "raw/acc-r", "not an event".getBytes())).get();
        }
        List<ConsumerRecord<String, byte[]>> dlq;
        try (TopicReader reader = new TopicReader(NorthstarInfra.bootstrapServers(), Topics.CRM_EVENTS_DLQ)) {
            dlq = reader.until(r -> "not an event".equals(new String(r.value())), Duration.ofSeconds(60));
        }
        ConsumerRecord<String, byte[]> invalid = dlq.stream().filter(r -> bad.equals(TopicReader.header(r, "ce_id")))
                .findFirst().orElseThrow();
        assertEquals("/data/score", TopicReader.header(invalid, RawEventsForwarder.POINTER));
        assertTrue(TopicReader.header(invalid, RawEventsForwarder.REASON).contains("must be at most 10"));
        assertEquals(Topics.CRM_EVENTS_RAW, TopicReader.header(invalid, RawEventsForwarder.ORIGINAL_TOPIC));
        assertTrue(Long.parseLong(TopicReader.header(invalid, RawEventsForwarder.ORIGINAL_OFFSET)) >= 0);
        ConsumerRecord<String, byte[]> garbage = dlq.stream().filter(r -> "not an event".equals(new String(r.value())))
                .findFirst().orElseThrow();
        assertTrue(TopicReader.header(garbage, RawEventsForwarder.REASON).startsWith("not a CloudEvent"));

        List<ConsumerRecord<String, byte[]>> forwarded;
        try (TopicReader reader = new TopicReader(NorthstarInfra.bootstrapServers(), Topics.CRM_EVENTS)) {
            forwarded = reader.until(r -> good.equals(TopicReader.header(r, "ce_id")), Duration.ofSeconds(30));
        }
        // everything raw was handled before the DLQ got its last record, so a second copy would be here by now
        assertEquals(1, forwarded.stream().filter(r -> good.equals(TopicReader.header(r, "ce_id"))).count());
        assertEquals(0, forwarded.stream().filter(r -> bad.equals(TopicReader.header(r, "ce_id"))).count());
        assertEquals("raw/acc-r", forwarded.stream().filter(r -> good.equals(TopicReader.header(r, "ce_id")))
                .findFirst().orElseThrow().key());
    }
}
