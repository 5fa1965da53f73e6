package dev.northstar.reporting;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.northstar.events.KpiValue;
import dev.northstar.events.Topics;
import dev.northstar.events.json.EventJson;
import dev.northstar.testing.NorthstarInfra;
import dev.northstar.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.parsing.Parser;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * reporting-api's consumers follow the same rule as the calculator's: a kpi.values record that does not read, or one
 * the database refuses for good, goes to the quarantine and every other value is materialised; the tenant's admins
 * list what was put aside at {@code GET /v1/quarantine}, and nobody else sees it.
 */
@QuarkusTest
@QuarkusTestResource(NorthstarInfra.class)
class QuarantineTest {

    @Inject
    Pool pool;

    @BeforeAll
    static void problemDocumentsAreJson() {
        RestAssured.registerParser("application/problem+json", Parser.JSON);
    }

    @AfterEach
    void dropTrigger() {
        pool.query("DROP TRIGGER IF EXISTS poison ON kpi_value").execute().await().atMost(Duration.ofSeconds(10));
    }

    private static void publish(List<String[]> keyedJson) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, NorthstarInfra.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (String[] kv : keyedJson) {
                producer.send(new ProducerRecord<>(Topics.KPI_VALUES, kv[0], kv[1]));
            }
            producer.flush();
        }
    }

    private static String[] value(String tenant, String team, String period, String value) throws Exception {
        KpiValue v = KpiValuesResourceTest.value(tenant, team, "calls", period, value, 5);
        return new String[] {v.key(), EventJson.MAPPER.writeValueAsString(v)};
    }

    @Test
    void unreadableAndRefusedValuesAreQuarantinedAndListedToTheirTenantsAdminsOnly() throws Exception {
        pool.query("""
                CREATE OR REPLACE FUNCTION refuse_poison() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION 'refused for the test' USING ERRCODE = '22023'; END $$ LANGUAGE plpgsql;
                CREATE TRIGGER poison BEFORE INSERT ON kpi_value FOR EACH ROW
                WHEN (NEW.team_id = 'poison-team') EXECUTE FUNCTION refuse_poison();""").execute()
                .await().atMost(Duration.ofSeconds(10));
        publish(List.of(
                new String[] {"rq/t1/calls/month/2026-09", "{\"tenant\":\"rq\",\"teamId\":"},
                value("rq", "t1", "2026-09", "7"),
                value("rq", "poison-team", "2026-09", "3"),
                value("rq", "t2", "2026-09", "9")));
        String read = TestTokens.token("rq", "read");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(read)
                .get("/v1/kpi-values?kpi=calls&grain=month").then().statusCode(200).body("items", hasSize(2)));
        given().auth().oauth2(read).get("/v1/kpi-values?kpi=calls&grain=month").then()
                .body("items.teamId", equalTo(List.of("t1", "t2")));
        String admin = TestTokens.token("rq", "admin");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(admin).get("/v1/quarantine")
                .then().statusCode(200).body("items", hasSize(2)));
        given().auth().oauth2(admin).get("/v1/quarantine").then()
                .body("items.consumerGroup", equalTo(List.of("reporting-api", "reporting-api")))
                .body("items.topic", equalTo(List.of(Topics.KPI_VALUES, Topics.KPI_VALUES)))
                .body("items.find { it.key == 'rq/poison-team/calls/month/2026-09' }.reason",
                        containsString("SQLSTATE 22023"))
                .body("items.find { it.key == 'rq/t1/calls/month/2026-09' }.reason",
                        containsString("not a readable KpiValue"))
                .body("items.find { it.key == 'rq/t1/calls/month/2026-09' }.value",
                        equalTo("{\"tenant\":\"rq\",\"teamId\":"));
        // pages of one, walked with the cursor, give the same two
        String next = given().auth().oauth2(admin).get("/v1/quarantine?limit=1").then().statusCode(200)
                .body("items", hasSize(1)).extract().path("next");
        given().auth().oauth2(admin).queryParam("limit", 1).queryParam("cursor", next).get("/v1/quarantine").then()
                .statusCode(200).body("items", hasSize(1)).body("next", equalTo(null));
        // another tenant's admin sees none of it; a reader may not list it; bad parameters are named
        given().auth().oauth2(TestTokens.token("rq-other", "admin")).get("/v1/quarantine").then().statusCode(200)
                .body("items", hasSize(0));
        given().auth().oauth2(read).get("/v1/quarantine").then().statusCode(403);
        given().get("/v1/quarantine").then().statusCode(401);
        given().auth().oauth2(admin).get("/v1/quarantine?cursor=bm9wZQ").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].pointer", equalTo("/cursor"));
        given().auth().oauth2(admin).get("/v1/quarantine?limit=0").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/limit"));
        assertEquals(200, given().auth().oauth2(admin).get("/v1/quarantine?limit=1000").statusCode());
    }
}
