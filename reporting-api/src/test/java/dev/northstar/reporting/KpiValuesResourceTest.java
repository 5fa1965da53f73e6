package dev.northstar.reporting;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.northstar.events.KpiValue;
import dev.northstar.events.Topics;
import dev.northstar.events.json.EventJson;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
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
    void csvNeutralisesEveryFormulaLeadAndKeepsNegativeNumbersNumbers() throws Exception {
        Instant at = Instant.parse("2026-11-01T00:00:00Z");
        List<KpiValue> values = new ArrayList<>();
        for (String team : List.of("=HYPERLINK(\"http://x\",\"y\")", "+1", "-2", "@SUM(A1)", "\tx", "\rx")) {
            values.add(value("csvlead", team, "calls", "2026-10", "1", 1));
        }
        values.add(new KpiValue("csvlead", "unit-team", "calls", "month", "@p", BigDecimal.ONE, BigDecimal.ONE, null,
                "=u", 1, at));
        values.add(new KpiValue("csvlead", "nps-team", "nps", "month", "2026-10", new BigDecimal("-20"),
                new BigDecimal("-2"), new BigDecimal("10"), "score", 1, at));
        publish(values);
        String read = TestTokens.token("csvlead", "read");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(read)
                .get("/v1/kpi-values?grain=month").then().body("items", hasSize(8)));
        byte[] body = given().auth().oauth2(read).accept("text/csv").get("/v1/kpi-values?grain=month")
                .then().statusCode(200).extract().asByteArray();
        Set<String> lines = Set.of(new String(body, 3, body.length - 3, StandardCharsets.UTF_8).split("\r\n"));
        assertEquals(9, lines.size(), lines::toString);
        String calls = ",calls,架電数,Calls,month,2026-10,1,1,,count,2026-11-01T00:00:00Z";
        for (String cell : List.of("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"", "\"'+1\"", "\"'-2\"", "\"'@SUM(A1)\"",
                "\"'\tx\"", "\"'\rx\"")) {
            assertTrue(lines.contains(cell + calls), () -> cell + calls + " not in " + lines);
        }
        assertTrue(lines.contains("unit-team,calls,架電数,Calls,month,\"'@p\",1,1,,\"'=u\",2026-11-01T00:00:00Z"),
                lines::toString);
        // numbers we write ourselves stay numbers, minus sign and all
        assertTrue(lines.contains("nps-team,nps,顧客満足度（NPS）,NPS,month,2026-10,-20,-2,10,score,2026-11-01T00:00:00Z"),
                lines::toString);
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
