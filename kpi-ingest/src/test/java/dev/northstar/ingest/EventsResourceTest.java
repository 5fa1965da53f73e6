package dev.northstar.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.northstar.events.Topics;
import dev.northstar.events.json.EventJson;
import dev.northstar.testing.NorthstarInfra;
import dev.northstar.testing.TestTokens;
import dev.northstar.testing.TopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.parsing.Parser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(NorthstarInfra.class)
class EventsResourceTest {

    private static final String TENANT = "acme";
    private final String ingest = TestTokens.token(TENANT, "ingest");

    @BeforeAll
    static void problemDocumentsAreJson() {
        RestAssured.registerParser("application/problem+json", Parser.JSON);
    }

    static String call(String id, String account, String time) {
        return """
                {"specversion":"1.0","id":"%s","source":"crm://test","type":"call.logged","time":"%s",
                 "tenant":"acme","data":{"teamId":"partner-a","accountId":"%s","keyPerson":true,"outcome":"connected"}}
                """.formatted(id, time, account);
    }

    private static String id() {
        return "evt-" + UUID.randomUUID();
    }

    private static List<ConsumerRecord<String, byte[]>> awaitOnTopic(String id) {
        try (TopicReader reader = new TopicReader(NorthstarInfra.bootstrapServers(), Topics.CRM_EVENTS)) {
            return reader.until(r -> id.equals(TopicReader.header(r, "ce_id")), Duration.ofSeconds(30));
        }
    }

    @Test
    void structuredModeIsAcceptedOnlyOnceKafkaHasTheEvent() {
        String id = id();
        given().auth().oauth2(ingest).contentType("application/cloudevents+json")
                .body(call(id, "acc-1", "2026-10-31T23:30:00Z"))
                .when().post("/v1/events")
                .then().statusCode(202).body("accepted", equalTo(1)).body("duplicates", equalTo(0));
        ConsumerRecord<String, byte[]> record = awaitOnTopic(id).stream()
                .filter(r -> id.equals(TopicReader.header(r, "ce_id"))).findFirst().orElseThrow();
        assertEquals("acme/acc-1", record.key());
        assertEquals("call.logged", TopicReader.header(record, "ce_type"));
        assertEquals("acme", TopicReader.header(record, "ce_tenant"));
        assertEquals("crm://test", TopicReader.header(record, "ce_source"));
        String data = new String(record.value(), StandardCharsets.UTF_8);
        assertEquals("{\"teamId\":\"partner-a\",\"accountId\":\"acc-1\",\"keyPerson\":true,\"outcome\":\"connected\"}",
                data);
    }

    @Test
    void binaryModeCarriesAttributesInHeaders() {
        String id = id();
        given().auth().oauth2(ingest).contentType("application/json")
                .header("ce-specversion", "1.0").header("ce-id", id).header("ce-source", "crm://binary")
                .header("ce-type", "nps.responded").header("ce-time", "2026-10-15T09:30:00+09:00")
                .header("ce-tenant", TENANT)
                .body("{\"teamId\":\"in-house\",\"accountId\":\"acc-9\",\"score\":10,\"comment\":\"とても良い\"}")
                .when().post("/v1/events")
                .then().statusCode(202).body("accepted", equalTo(1));
        ConsumerRecord<String, byte[]> record = awaitOnTopic(id).stream()
                .filter(r -> id.equals(TopicReader.header(r, "ce_id"))).findFirst().orElseThrow();
        assertEquals("acme/acc-9", record.key());
        assertEquals("nps.responded", TopicReader.header(record, "ce_type"));
    }

    @Test
    void binaryModeWithoutAttributesNamesTheMissingHeaders() {
        given().auth().oauth2(ingest).contentType("application/json").header("ce-specversion", "1.0")
                .body("{\"teamId\":\"t\",\"accountId\":\"a\",\"score\":5}")
                .when().post("/v1/events")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.pointer", hasItem("/id"))
                .body("errors.message", hasItem("is required (header ce-id)"))
                .body("errors.pointer", hasItem("/tenant"));
    }

    @Test
    void aBatchIsAcceptedWholeAndKeyedPerAccount() {
        String a = id();
        String b = id();
        String c = id();
        String batch = "[" + call(a, "acc-2", "2026-10-01T10:00:00Z") + "," + call(b, "acc-3", "2026-10-01T10:00:00Z")
                + "," + call(c, "acc-2", "2026-10-02T10:00:00Z") + "]";
        given().auth().oauth2(ingest).contentType("application/cloudevents-batch+json").body(batch)
                .when().post("/v1/events/batch")
                .then().statusCode(202).body("accepted", equalTo(3));
        List<ConsumerRecord<String, byte[]>> records = awaitOnTopic(c);
        awaitOnTopic(b);
        awaitOnTopic(a);
        assertEquals(1, records.stream().filter(r -> c.equals(TopicReader.header(r, "ce_id"))).count());
    }

    @Test
    void oneBadItemRefusesTheWholeBatchNamingEachBadIndex() {
        String good = id();
        String bad1 = "{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"crm://t\",\"type\":\"nps.responded\","
                + "\"time\":\"2026-10-01T10:00:00Z\",\"tenant\":\"acme\",\"data\":{\"teamId\":\"t\",\"accountId\":\"acc-4\","
                + "\"score\":11}}";
        String bad2 = "{\"specversion\":\"1.0\",\"id\":\"y\",\"source\":\"crm://t\",\"type\":\"deal.won\","
                + "\"time\":\"2026-10-01T10:00:00Z\",\"tenant\":\"acme\",\"data\":{\"teamId\":\"t\",\"accountId\":\"acc-4\","
                + "\"dealId\":\"d\",\"currency\":\"JPY\",\"kind\":\"new_business\",\"amount\":1e309}}";
        given().auth().oauth2(ingest).contentType("application/cloudevents-batch+json")
                .body("[" + call(good, "acc-4", "2026-10-01T10:00:00Z") + "," + bad1 + "," + bad2 + "]")
                .when().post("/v1/events/batch")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://northstar.dev/problems/invalid-request"))
                .body("detail", containsString("2 of 3"))
                .body("errors", hasSize(2))
                .body("errors[0].pointer", equalTo("/1/data/score"))
                .body("errors[1].pointer", equalTo("/2/data/amount"));
        // a later event of the same account lands on the same partition after anything sent before it
        String marker = id();
        given().auth().oauth2(ingest).contentType("application/cloudevents+json")
                .body(call(marker, "acc-4", "2026-10-03T10:00:00Z")).post("/v1/events").then().statusCode(202);
        List<ConsumerRecord<String, byte[]>> records = awaitOnTopic(marker);
        assertFalse(records.stream().anyMatch(r -> good.equals(TopicReader.header(r, "ce_id"))));
    }

    @Test
    void aSecondCopyIsAcknowledgedAsDuplicateAndNotSentAgain() {
        String id = id();
        String event = call(id, "acc-8", "2026-10-01T10:00:00Z");
        given().auth().oauth2(ingest).contentType("application/cloudevents+json").body(event).post("/v1/events")
                .then().statusCode(202).body("accepted", equalTo(1)).body("duplicates", equalTo(0));
        given().auth().oauth2(ingest).contentType("application/cloudevents+json").body(event).post("/v1/events")
                .then().statusCode(202).body("accepted", equalTo(0)).body("duplicates", equalTo(1));
        String other = id();
        // the same id from another source is another event; a copy inside one batch is a duplicate
        String otherSource = event.replace("crm://test", "crm://other");
        given().auth().oauth2(ingest).contentType("application/cloudevents-batch+json")
                .body("[" + otherSource + "," + call(other, "acc-8", "2026-10-02T10:00:00Z") + "," + event + ","
                        + otherSource + "]")
                .post("/v1/events/batch")
                .then().statusCode(202).body("accepted", equalTo(2)).body("duplicates", equalTo(2));
        String marker = id();
        given().auth().oauth2(ingest).contentType("application/cloudevents+json")
                .body(call(marker, "acc-8", "2026-10-03T10:00:00Z")).post("/v1/events").then().statusCode(202);
        List<ConsumerRecord<String, byte[]>> records = awaitOnTopic(marker);
        assertEquals(1, records.stream().filter(r -> id.equals(TopicReader.header(r, "ce_id"))
                && "crm://test".equals(TopicReader.header(r, "ce_source"))).count());
        assertEquals(1, records.stream().filter(r -> id.equals(TopicReader.header(r, "ce_id"))
                && "crm://other".equals(TopicReader.header(r, "ce_source"))).count());
        assertEquals(1, records.stream().filter(r -> other.equals(TopicReader.header(r, "ce_id"))).count());
    }

    @Test
    void anEventOfAnotherTenantIsForbidden() {
        String id = id();
        given().auth().oauth2(TestTokens.token("other", "ingest")).contentType("application/cloudevents+json")
                .body(call(id, "acc-5", "2026-10-01T10:00:00Z"))
                .when().post("/v1/events")
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://northstar.dev/problems/tenant-mismatch"))
                .body("errors[0].pointer", equalTo("/tenant"));
    }

    @Test
    void tokensAreCheckedBeforeAnything() {
        String body = call(id(), "acc-6", "2026-10-01T10:00:00Z");
        given().contentType("application/cloudevents+json").body(body).post("/v1/events")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.expired(TENANT, "ingest")).contentType("application/cloudevents+json")
                .body(body).post("/v1/events").then().statusCode(401);
        given().auth().oauth2(TestTokens.wrongSignature(TENANT, "ingest")).contentType("application/cloudevents+json")
                .body(body).post("/v1/events").then().statusCode(401);
        given().auth().oauth2(TestTokens.unsigned(TENANT, "ingest")).contentType("application/cloudevents+json")
                .body(body).post("/v1/events").then().statusCode(401);
        given().auth().oauth2(TestTokens.token(TENANT, "read")).contentType("application/cloudevents+json")
                .body(body).post("/v1/events").then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void malformedAndHostileBodiesAreRefusedClearly() {
        given().auth().oauth2(ingest).contentType("application/cloudevents+json").body("{\"specversion\":")
                .post("/v1/events").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].message", containsString("end-of-input"))
                .body("errors[0].pointer", equalTo(""));
    }

    /** Found by the hostile-input suite: each of these was a 500 (or a 503) before. */
    @Test
    void nulCharactersUnparsableSourcesAndBlankMediaTypesAreRefusedNotFailed() throws Exception {
        ObjectNode event = (ObjectNode) EventJson.parse(getClass().getClassLoader()
                .getResourceAsStream("northstar/examples/call.logged.json").readAllBytes());
        event.put("tenant", TENANT);
        event.put("id", "nul-\u0000-id");
        given().auth().oauth2(ingest).contentType("application/cloudevents+json").body(event.toString())
                .post("/v1/events").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].message", containsString("at /id"));
        event.put("id", "bad-source");
        for (String source : new String[] {"crm://hos{tile", "9999-12-31T23:59:59Z", "%"}) {
            event.put("source", source);
            given().auth().oauth2(ingest).contentType("application/cloudevents+json").body(event.toString())
                    .post("/v1/events").then().statusCode(400).body("errors.pointer", hasItem("/source"));
        }
        HttpResponse<String> blank = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/v1/events"))
                        .header("Authorization", "Bearer " + ingest).header("Content-Type", "")
                        .POST(HttpRequest.BodyPublishers.ofString(event.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(415, blank.statusCode(), blank.body());
        given().urlEncodingEnabled(false).auth().oauth2(ingest).get("/v1/events/a%00b").then().statusCode(400);
    }

    /** Found by the end-to-end benchmark: overlapping batches in different orders deadlocked the register (503). */
    @Test
    void overlappingBatchesInDifferentOrdersNeverDeadlock() throws Exception {
        ObjectNode template = (ObjectNode) EventJson.parse(getClass().getClassLoader()
                .getResourceAsStream("northstar/examples/call.logged.json").readAllBytes());
        template.put("tenant", TENANT);
        List<String> events = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            events.add(template.deepCopy().put("id", "overlap-" + UUID.randomUUID()).toString());
        }
        java.util.concurrent.ConcurrentLinkedQueue<String> answers = new java.util.concurrent.ConcurrentLinkedQueue<>();
        List<Thread> threads = new java.util.ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int seed = t;
            Thread thread = new Thread(() -> {
                for (int round = 0; round < 5; round++) {
                    List<String> shuffled = new java.util.ArrayList<>(events);
                    java.util.Collections.shuffle(shuffled, new java.util.Random(seed * 100 + round));
                    String body = given().auth().oauth2(ingest).contentType("application/cloudevents-batch+json")
                            .body("[" + String.join(",", shuffled) + "]").post("/v1/events/batch").then().extract()
                            .asString();
                    answers.add(body);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        // each answer is an acceptance (some of them all duplicates) or "in flight elsewhere", never a register failure
        assertEquals(20, answers.size());
        assertEquals(List.of(), answers.stream().filter(a -> a.contains("did not answer")).toList());
        // and every event is accepted exactly once: what the concurrent requests did not accept, a last one does
        long accepted = answers.stream().filter(a -> a.contains("\"accepted\""))
                .mapToLong(a -> EventJson.parse(a.getBytes(StandardCharsets.UTF_8)).get("accepted").asLong()).sum();
        given().auth().oauth2(ingest).contentType("application/cloudevents-batch+json")
                .body("[" + String.join(",", events) + "]").post("/v1/events/batch").then().statusCode(202)
                .body("accepted", equalTo((int) (200 - accepted))).body("duplicates", equalTo((int) accepted));
    }

    @Test
    void deeplyNestedJsonIsRefused() {
        given().auth().oauth2(ingest).contentType("application/cloudevents+json")
                .body(("[".repeat(100_000) + "]".repeat(100_000)).getBytes(StandardCharsets.UTF_8))
                .post("/v1/events").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void invalidUtf8AndOtherMediaTypesAreRefused() {
        given().auth().oauth2(ingest).contentType("application/cloudevents+json")
                .body(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'})
                .post("/v1/events").then().statusCode(400);
        given().auth().oauth2(ingest).contentType("text/plain").body("hello")
                .post("/v1/events").then().statusCode(415).contentType("application/problem+json");
    }

    @Test
    void aBodyOverOneMebibyteIsTooLarge() throws Exception {
        // the server refuses by Content-Length before reading: a client that asks first (Expect: 100-continue, as
        // curl does for large bodies) reads the 413 as a problem document without sending the body. A raw exchange:
        // the JDK's client waits for ever on a final answer to 100-continue that has a body
        try (java.net.Socket socket = new java.net.Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /v1/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + ingest + "\r\nContent-Type: application/cloudevents+json\r\nExpect: 100-continue\r\n"
                    + "Content-Length: " + 10 * 1024 * 1024 + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
            assertTrue(answer.toLowerCase(java.util.Locale.ROOT).contains("content-type: application/problem+json"),
                    answer);
            assertTrue(answer.contains("\"status\":413"), answer);
        }
    }

    @Test
    void aBatchOverTheLimitIsTooLarge() {
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i <= 1000; i++) {
            batch.append(i == 0 ? "" : ",").append(call("big-" + i, "acc-7", "2026-10-01T10:00:00Z"));
        }
        given().auth().oauth2(ingest).contentType("application/cloudevents-batch+json").body(batch.append("]").toString())
                .post("/v1/events/batch").then().statusCode(413).contentType("application/problem+json")
                .body("detail", containsString("1001"));
    }
}
