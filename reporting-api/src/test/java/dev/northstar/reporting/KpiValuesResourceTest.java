package dev.northstar.reporting;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.northstar.events.EventJson;
import dev.northstar.events.KpiValue;
import dev.northstar.events.Topics;
import dev.northstar.testing.NorthstarInfra;
import dev.northstar.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.parsing.Parser;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(NorthstarInfra.class)
class KpiValuesResourceTest {

    @BeforeAll
    static void problemDocumentsAreJson() {
        RestAssured.registerParser("application/problem+json", Parser.JSON);
    }

    static void publish(List<KpiValue> values) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, NorthstarInfra.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (KpiValue v : values) {
                producer.send(new ProducerRecord<>(Topics.KPI_VALUES, v.key(), EventJson.MAPPER.writeValueAsString(v)))
                        .get();
            }
        }
    }

    static KpiValue value(String tenant, String team, String kpi, String period, String value, long version) {
        return new KpiValue(tenant, team, kpi, "month", period, new BigDecimal(value), new BigDecimal(value), null,
                "count", version, Instant.parse("2026-11-01T00:00:00Z"));
    }

    @Test
    void theNewestVersionWinsEvenWhenItArrivesFirst() throws Exception {
        publish(List.of(value("rep", "partner-a", "calls", "2026-10", "7", 20),
                value("rep", "partner-a", "calls", "2026-10", "5", 10),
                value("rep", "partner-a", "calls", "2026-11", "3", 30),
                value("rep", "in-house", "calls", "2026-11", "9", 5),
                value("other", "partner-a", "calls", "2026-11", "99", 5)));
        String read = TestTokens.token("rep", "read");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(read)
                .queryParam("kpi", "calls").queryParam("grain", "month").get("/v1/kpi-values")
                .then().statusCode(200).body("items", hasSize(3)));
        given().auth().oauth2(read).queryParam("kpi", "calls").queryParam("grain", "month")
                .queryParam("teamId", "partner-a").get("/v1/kpi-values")
                .then().statusCode(200)
                .body("items", hasSize(2))
                .body("items[0].period", equalTo("2026-10"))
                .body("items[0].value", equalTo(7))
                .body("items[1].period", equalTo("2026-11"))
                .body("items[1].value", equalTo(3))
                .body("items[1].unit", equalTo("count"));
        given().auth().oauth2(read).queryParam("kpi", "calls").queryParam("grain", "month").queryParam("from", "2026-11")
                .get("/v1/kpi-values").then().statusCode(200).body("items", hasSize(2));
    }

    @Test
    void csvIsUtf8WithBomAndJapaneseLabels() throws Exception {
        publish(List.of(value("csv", "team,\"x\"", "appointments", "2026-10", "4", 1)));
        String read = TestTokens.token("csv", "read");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(read)
                .get("/v1/kpi-values?grain=month").then().body("items", hasSize(1)));
        byte[] body = given().auth().oauth2(read).accept("text/csv").get("/v1/kpi-values?grain=month")
                .then().statusCode(200).extract().asByteArray();
        assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, Arrays.copyOf(body, 3));
        String text = new String(body, 3, body.length - 3, StandardCharsets.UTF_8);
        String[] lines = text.split("\r\n");
        assertEquals("teamId,kpi,label_ja,label_en,grain,period,value,numerator,denominator,unit,updatedAt", lines[0]);
        assertEquals("\"team,\"\"x\"\"\",appointments,アポイント獲得数,Appointments set,month,2026-10,4,4,,count,"
                + "2026-11-01T00:00:00Z", lines[1]);
    }

    @Test
    void badParametersAndMissingTokensAreRefused() {
        String read = TestTokens.token("rep", "read");
        given().auth().oauth2(read).get("/v1/kpi-values?grain=fortnight").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].pointer", equalTo("/grain"));
        given().auth().oauth2(read).get("/v1/kpi-values?grain=month&from=2026-13").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/from"));
        given().get("/v1/kpi-values").then().statusCode(401);
        given().auth().oauth2(TestTokens.token("rep", "ingest")).get("/v1/kpi-values").then().statusCode(403);
        given().auth().oauth2(read).get("/v1/kpis").then().statusCode(200)
                .body("items.find { it.id == 'nps' }.labels.ja", equalTo("顧客満足度（NPS）"));
    }
}
