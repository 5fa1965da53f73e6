package dev.northstar.reporting;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.northstar.events.Topics;
import dev.northstar.events.json.EventJson;
import dev.northstar.events.schema.EventValidator;
import dev.northstar.events.wire.EventCodec;
import dev.northstar.testing.NorthstarInfra;
import dev.northstar.testing.TestTokens;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventSerializer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The team registry from team.registered on the real crm.events, beside teams known only from their values. */
@QuarkusTest
@QuarkusTestResource(NorthstarInfra.class)
class TeamsTest {

    private static final EventCodec CODEC = new EventCodec(new EventValidator());

    private static CloudEvent registered(String id, String time, String team, String name, String kind) {
        ObjectNode node = (ObjectNode) EventJson.parse(("{\"specversion\":\"1.0\",\"id\":\"" + id
                + "\",\"source\":\"crm://teams\",\"type\":\"team.registered\",\"time\":\"" + time
                + "\",\"tenant\":\"teams-t\",\"data\":{\"teamId\":\"" + team + "\",\"name\":\"" + name
                + "\",\"kind\":\"" + kind + "\"}}").getBytes(StandardCharsets.UTF_8));
        return CODEC.toCloudEvent(node);
    }

    @Test
    void teamsComeFromTheirRegistrationsAndTheLatestRegistrationWins() throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, NorthstarInfra.bootstrapServers());
        try (KafkaProducer<String, CloudEvent> producer = new KafkaProducer<>(props, new StringSerializer(),
                new CloudEventSerializer())) {
            for (CloudEvent e : List.of(
                    registered("t2", "2026-06-01T00:00:00Z", "partner-alpha", "アルファ営業支援株式会社", "partner"),
                    registered("t1", "2026-01-01T00:00:00Z", "partner-alpha", "旧アルファ", "partner"),
                    registered("t3", "2026-01-01T00:00:00Z", "inhouse", "自社営業部", "in_house"))) {
                producer.send(new ProducerRecord<>(Topics.CRM_EVENTS, "teams-t/team", e)).get();
            }
        }
        KpiValuesResourceTest.publish(List.of(KpiValuesResourceTest.value("teams-t", "mystery-team", "calls",
                "2026-10", "4", 1)));
        String read = TestTokens.token("teams-t", "read");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(read).get("/v1/teams")
                .then().statusCode(200)
                .body("items.teamId", contains("inhouse", "mystery-team", "partner-alpha"))
                .body("items.kind", contains("in_house", null, "partner"))
                .body("items.name", contains("自社営業部", null, "アルファ営業支援株式会社")));
        given().auth().oauth2(TestTokens.token("teams-other", "read")).get("/v1/teams").then().statusCode(200)
                .body("items", hasSize(0));
        given().get("/v1/teams").then().statusCode(401);
        given().auth().oauth2(TestTokens.token("teams-t", "ingest")).get("/v1/teams").then().statusCode(403);
    }
}
