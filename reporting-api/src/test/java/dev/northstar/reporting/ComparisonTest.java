package dev.northstar.reporting;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.northstar.events.KpiValue;
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
import io.restassured.RestAssured;
import io.restassured.parsing.Parser;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Partners and the in-house team side by side, pooled by kind, against hand-computed numbers. */
@QuarkusTest
@QuarkusTestResource(NorthstarInfra.class)
class ComparisonTest {

    private static final EventCodec CODEC = new EventCodec(new EventValidator());

    @BeforeAll
    static void problemDocumentsAreJson() {
        RestAssured.registerParser("application/problem+json", Parser.JSON);
    }

    private static CloudEvent registered(String team, String kind) {
        ObjectNode node = (ObjectNode) EventJson.parse(("{\"specversion\":\"1.0\",\"id\":\"reg-" + team
                + "\",\"source\":\"crm://cmp\",\"type\":\"team.registered\",\"time\":\"2026-01-01T00:00:00Z\","
                + "\"tenant\":\"cmp\",\"data\":{\"teamId\":\"" + team + "\",\"name\":\"" + team + " 社\",\"kind\":\""
                + kind + "\"}}").getBytes(StandardCharsets.UTF_8));
        return CODEC.toCloudEvent(node);
    }

    private static KpiValue value(String team, String kpi, String value, String numerator, String denominator,
            String unit) {
        return new KpiValue("cmp", team, kpi, "month", "2026-10", new BigDecimal(value), new BigDecimal(numerator),
                denominator == null ? null : new BigDecimal(denominator), unit, 1, Instant.parse("2026-11-01T00:00:00Z"));
    }

    private static String kpi(String id, String field) {
        return "kpis.find { it.kpi == '" + id + "' }." + field;
    }

    @Test
    void teamsSideBySideWithPartnersAndInHousePooledByKind() throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, NorthstarInfra.bootstrapServers());
        try (KafkaProducer<String, CloudEvent> producer = new KafkaProducer<>(props, new StringSerializer(),
                new CloudEventSerializer())) {
            for (CloudEvent e : List.of(registered("p1", "partner"), registered("p2", "partner"),
                    registered("ih", "in_house"))) {
                producer.send(new ProducerRecord<>(Topics.CRM_EVENTS, "cmp/team", e)).get();
            }
        }
        KpiValuesResourceTest.publish(List.of(
                value("p1", "calls", "100", "100", null, "count"),
                value("p2", "calls", "50", "50", null, "count"),
                value("ih", "calls", "80", "80", null, "count"),
                value("p1", "win_rate", "0.25", "1", "4", "rate"),
                value("p2", "win_rate", "0.75", "3", "4", "rate"),
                value("ih", "win_rate", "0.4", "2", "5", "rate"),
                value("p1", "nps", "50", "5", "10", "score")));
        String read = TestTokens.token("cmp", "read");
        await().untilAsserted(() -> given().auth().oauth2(read).get("/v1/comparison?grain=month&period=2026-10")
                .then().statusCode(200).body("teams.teamId", contains("ih", "p1", "p2"))
                .body("teams.kind", contains("in_house", "partner", "partner"))
                .body(kpi("nps", "teams.p1.value"), equalTo(50)));
        given().auth().oauth2(read).get("/v1/comparison?grain=month&period=2026-10").then().statusCode(200)
                .body(kpi("calls", "teams.p2.value"), equalTo(50))
                .body(kpi("calls", "byKind.partner.value"), equalTo(150))
                .body(kpi("calls", "byKind.in_house.value"), equalTo(80))
                // pooled: (1 + 3) / (4 + 4), not the mean of 0.25 and 0.75 weighted wrongly
                .body(kpi("win_rate", "byKind.partner.value"), equalTo(0.5f))
                .body(kpi("win_rate", "byKind.partner.denominator"), equalTo(8))
                .body(kpi("win_rate", "byKind.in_house.value"), equalTo(0.4f))
                .body(kpi("nps", "byKind.partner.value"), equalTo(50.0f))     // 5 of 10 answers, net, in %
                .body(kpi("nps", "byKind.in_house"), nullValue())
                .body(kpi("appointments", "teams.p1"), nullValue());
        given().auth().oauth2(read).get("/v1/comparison?grain=month&period=2026-10&teamIds=p1,ih").then()
                .statusCode(200).body("teams.teamId", contains("p1", "ih"))
                .body(kpi("win_rate", "byKind.partner.value"), equalTo(0.25f));
        given().auth().oauth2(read).get("/v1/comparison?grain=month&period=2026-10&teamIds=p1,nobody").then()
                .statusCode(404);
        given().auth().oauth2(TestTokens.token("cmp-other", "read"))
                .get("/v1/comparison?grain=month&period=2026-10&teamIds=p1").then().statusCode(404);
        given().auth().oauth2(TestTokens.token("cmp-other", "read"))
                .get("/v1/comparison?grain=month&period=2026-10").then().statusCode(200).body("teams", hasSize(0));
        given().auth().oauth2(read).get("/v1/comparison?grain=month&period=2026-13").then().statusCode(400)
                .body("errors.pointer", contains("/period"));
    }
}
