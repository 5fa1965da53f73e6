package dev.northstar.knowledge;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
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
import io.restassured.RestAssured;
import io.restassured.parsing.Parser;
import java.time.Duration;
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
class InsightsFromEventsTest {

    private static final EventCodec CODEC = new EventCodec(new EventValidator());

    @BeforeAll
    static void problemDocumentsAreJson() {
        RestAssured.registerParser("application/problem+json", Parser.JSON);
    }

    static CloudEvent event(String id, String type, String time, String data) {
        return event("know", id, type, time, data);
    }

    static CloudEvent event(String tenant, String id, String type, String time, String data) {
        ObjectNode node = (ObjectNode) EventJson.parse(("{\"specversion\":\"1.0\",\"id\":\"" + id
                + "\",\"source\":\"crm://k\",\"type\":\"" + type + "\",\"time\":\"" + time
                + "\",\"tenant\":\"" + tenant + "\",\"data\":" + data + "}").getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
        return CODEC.toCloudEvent(node);
    }

    @Test
    void insightBearingEventsBecomeTaggedInsightsOnce() throws Exception {
        CloudEvent lost = event("l1", "deal.lost", "2026-10-01T01:00:00Z", "{\"teamId\":\"partner-a\",\"accountId\":"
                + "\"acc-1\",\"dealId\":\"d1\",\"reason\":\"価格が高すぎるとの声\",\"competitor\":\"ライバル社\"}");
        List<CloudEvent> events = List.of(lost,
                event("n1", "nps.responded", "2026-10-02T01:00:00Z", "{\"teamId\":\"partner-a\",\"accountId\":"
                        + "\"acc-1\",\"score\":3,\"comment\":\"問い合わせへの返答が遅い\"}"),
                event("n2", "nps.responded", "2026-10-03T01:00:00Z", "{\"teamId\":\"partner-a\",\"accountId\":"
                        + "\"acc-1\",\"score\":10}"),
                event("c1", "call.logged", "2026-10-04T01:00:00Z", "{\"teamId\":\"partner-a\",\"accountId\":"
                        + "\"acc-1\",\"keyPerson\":false,\"outcome\":\"busy\"}"),
                event("f1", "feedback.submitted", "2026-10-05T01:00:00Z", "{\"teamId\":\"partner-a\","
                        + "\"text\":\"SSO が欲しい\",\"tags\":[\" ＳＳＯ \"]}"),
                lost);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, NorthstarInfra.bootstrapServers());
        try (KafkaProducer<String, CloudEvent> producer = new KafkaProducer<>(props, new StringSerializer(),
                new CloudEventSerializer())) {
            for (CloudEvent e : events) {
                producer.send(new ProducerRecord<>(Topics.CRM_EVENTS, "know/acc-1", e)).get();
            }
        }
        String read = TestTokens.token("know", "read");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(read).get("/v1/insights")
                .then().statusCode(200).body("items", hasSize(3)));
        String id = given().auth().oauth2(read).get("/v1/insights").then().statusCode(200)
                .body("items[0].origin", equalTo("feedback.submitted"))
                .body("items[0].tags", contains("feature_request", "sso"))
                .body("items[0].kpis", contains("product_feedback"))
                .body("items[1].tags", contains("customer_voice", "detractor"))
                .body("items[1].kpis", contains("nps"))
                .body("items[2].text", equalTo("価格が高すぎるとの声（競合: ライバル社）"))
                .body("items[2].tags", contains("loss_reason", "competitor"))
                .body("items[2].kpis", contains("win_rate"))
                .extract().path("items[2].id");
        given().auth().oauth2(read).get("/v1/insights?tag=ＬＯＳＳ_reason").then().body("items", hasSize(1));
        given().auth().oauth2(read).get("/v1/insights/" + id).then().statusCode(200).body("dealId", equalTo("d1"));
        given().auth().oauth2(TestTokens.token("other", "read")).get("/v1/insights/" + id).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(TestTokens.token("other", "read")).get("/v1/insights").then().body("items", hasSize(0));
        given().get("/v1/insights").then().statusCode(401);
    }

    @Test
    void knowledgeArticlesAndCapturedInsightsBecomeInsightsWithTheirTagsAndLinks() throws Exception {
        CloudEvent success = event("know2", "k1", "knowledge.shared", "2026-10-06T01:00:00Z", "{\"teamId\":\"partner-b\","
                + "\"articleId\":\"a1\",\"kind\":\"success\",\"title\":\"役員向け提案の見せ方\","
                + "\"body\":\"導入事例を3枚にまとめた\",\"tags\":[\"Enterprise\"]}");
        List<CloudEvent> events = List.of(success,
                event("know2", "k2", "knowledge.shared", "2026-10-07T01:00:00Z", "{\"teamId\":\"partner-b\","
                        + "\"articleId\":\"a2\",\"kind\":\"failure\",\"title\":\"値引きが早すぎた\"}"),
                event("know2", "i1", "insight.captured", "2026-10-08T01:00:00Z", "{\"teamId\":\"partner-b\","
                        + "\"accountId\":\"acc-9\",\"dealId\":\"d9\",\"text\":\"競合が90日の無料トライアルを開始\","
                        + "\"tags\":[\"Competitor\",\"ｐｒｉｃｉｎｇ\"]}"),
                event("know2", "i2", "insight.captured", "2026-10-09T01:00:00Z", "{\"teamId\":\"partner-b\","
                        + "\"text\":\"展示会で物流業界の関心が高い\",\"tags\":[\"market_trend\"],"
                        + "\"kpis\":[\"appointments\"]}"),
                success);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, NorthstarInfra.bootstrapServers());
        try (KafkaProducer<String, CloudEvent> producer = new KafkaProducer<>(props, new StringSerializer(),
                new CloudEventSerializer())) {
            for (CloudEvent e : events) {
                producer.send(new ProducerRecord<>(Topics.CRM_EVENTS, "know2/partner-b", e)).get();
            }
        }
        String read = TestTokens.token("know2", "read");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(read)
                .get("/v1/insights?teamId=partner-b").then().statusCode(200).body("items", hasSize(4)));
        given().auth().oauth2(read).get("/v1/insights?teamId=partner-b").then().statusCode(200)
                .body("items[0].origin", equalTo("insight.captured"))
                .body("items[0].tags", contains("market_trend"))
                .body("items[0].kpis", contains("appointments"))          // explicit links win
                .body("items[1].tags", contains("competitor", "pricing"))
                .body("items[1].kpis", contains("win_rate", "renewal_rate"))
                .body("items[1].dealId", equalTo("d9"))
                .body("items[2].origin", equalTo("knowledge.shared"))
                .body("items[2].tags", contains("failure_story"))
                .body("items[2].kpis", contains("knowledge_shared"))
                .body("items[3].text", equalTo("役員向け提案の見せ方\n導入事例を3枚にまとめた"))
                .body("items[3].tags", contains("success_story", "enterprise"))
                .body("items[3].kpis", contains("expansion_rate", "knowledge_shared"));
    }
}
