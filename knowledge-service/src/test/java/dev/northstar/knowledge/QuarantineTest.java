package dev.northstar.knowledge;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.northstar.common.kafka.QuarantineTopic;
import dev.northstar.events.Topics;
import dev.northstar.testing.NorthstarInfra;
import dev.northstar.testing.TestTokens;
import dev.northstar.testing.TopicReader;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventSerializer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * knowledge-service follows the calculator's rule: an event with a time outside the contract (written around
 * kpi-ingest) and an insight the database refuses for good go to the quarantine; every other insight is stored.
 */
@QuarkusTest
@QuarkusTestResource(NorthstarInfra.class)
class QuarantineTest {

    @Inject
    Pool pool;

    @AfterEach
    void dropTrigger() {
        pool.query("DROP TRIGGER IF EXISTS poison ON insight").execute().await().atMost(Duration.ofSeconds(10));
    }

    private static Properties props() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, NorthstarInfra.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return props;
    }

    private static CloudEvent feedback(String id, String text) {
        return InsightsFromEventsTest.event("kq", id, "feedback.submitted", "2026-10-05T01:00:00Z",
                "{\"teamId\":\"partner-q\",\"text\":\"" + text + "\",\"tags\":[\"x\"]}");
    }

    @Test
    void poisonRecordsAreQuarantinedAndTheOtherInsightsStored() throws Exception {
        pool.query("""
                CREATE OR REPLACE FUNCTION refuse_poison() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION 'refused for the test' USING ERRCODE = '22023'; END $$ LANGUAGE plpgsql;
                CREATE TRIGGER poison BEFORE INSERT ON insight FOR EACH ROW
                WHEN (NEW.text LIKE '%毒%') EXECUTE FUNCTION refuse_poison();""").execute()
                .await().atMost(Duration.ofSeconds(10));
        RecordHeaders headers = new RecordHeaders();
        byte[] far;
        try (CloudEventSerializer serializer = new CloudEventSerializer()) {
            serializer.configure(Map.of(), false);
            far = serializer.serialize(Topics.CRM_EVENTS, headers, feedback("kq-far", "遠い未来"));
        }
        headers.remove("ce_time");
        headers.add("ce_time", "9999-12-31T23:00:00-09:00".getBytes(StandardCharsets.UTF_8));
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(props(), new StringSerializer(),
                new ByteArraySerializer());
                KafkaProducer<String, CloudEvent> events = new KafkaProducer<>(props(), new StringSerializer(),
                        new CloudEventSerializer())) {
            raw.send(new ProducerRecord<>(Topics.CRM_EVENTS, null, "kq/partner-q", far, headers)).get();
            events.send(new ProducerRecord<>(Topics.CRM_EVENTS, "kq/partner-q", feedback("kq-1", "SSO が欲しい")));
            events.send(new ProducerRecord<>(Topics.CRM_EVENTS, "kq/partner-q", feedback("kq-2", "毒のある一言")));
            events.send(new ProducerRecord<>(Topics.CRM_EVENTS, "kq/partner-q", feedback("kq-3", "CSV 出力が欲しい")));
            events.flush();
        }
        String read = TestTokens.token("kq", "read");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(read).get("/v1/insights")
                .then().statusCode(200).body("items", hasSize(2)));
        given().auth().oauth2(read).get("/v1/insights").then()
                .body("items.text", containsInAnyOrder("CSV 出力が欲しい", "SSO が欲しい"));
        List<ConsumerRecord<String, byte[]>> put;
        try (TopicReader reader = new TopicReader(NorthstarInfra.bootstrapServers(), Topics.QUARANTINE)) {
            reader.until(r -> "kq-2".equals(TopicReader.header(r, "ce_id")), Duration.ofSeconds(60));
            put = reader.until(r -> "kq-far".equals(TopicReader.header(r, "ce_id")), Duration.ofSeconds(60)).stream()
                    .filter(r -> "kq".equals(TopicReader.header(r, QuarantineTopic.TENANT))).toList();
        }
        assertEquals(2, put.size(), put.toString());
        for (ConsumerRecord<String, byte[]> r : put) {
            assertEquals("knowledge-service", TopicReader.header(r, QuarantineTopic.GROUP));
            String reason = TopicReader.header(r, QuarantineTopic.REASON);
            if ("kq-far".equals(TopicReader.header(r, "ce_id"))) {
                assertTrue(reason.startsWith("not a valid event: /time "), reason);
            } else {
                assertTrue(reason.contains("SQLSTATE 22023"), reason);
            }
        }
    }
}
