package dev.northstar.ingest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.northstar.events.Topics;
import dev.northstar.testing.NorthstarInfra;
import dev.northstar.testing.TestTokens;
import dev.northstar.testing.TopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The broker stops in the middle of a stream of requests: no 202 for an event Kafka does not have, 503 with
 * Retry-After meanwhile, readiness DOWN and UP again by itself, and afterwards every 202 event on
 * {@code crm.events} exactly once.
 */
@QuarkusTest
@QuarkusTestResource(NorthstarInfra.class)
@TestProfile(BrokerOutageTest.ShortAckTimeout.class)
class BrokerOutageTest {

    /** A short ack timeout keeps the outage short; its own profile gives this test its own broker. */
    public static class ShortAckTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("northstar.ingest.ack-timeout", "2s");
        }
    }

    private final String ingest = TestTokens.token("outage", "ingest");

    @TestHTTPResource(value = "/health/ready", management = true)
    URL ready;

    private Response send(int i) {
        return given().auth().oauth2(ingest).contentType("application/cloudevents+json")
                .body(EventsResourceTest.call("outage-" + i, "acc-" + (i % 5), "2026-10-01T10:00:00Z")
                        .replace("\"tenant\":\"acme\"", "\"tenant\":\"outage\""))
                .post("/v1/events");
    }

    private int readiness() {
        return given().get(ready).statusCode();
    }

    @Test
    void noEventIsAcknowledgedThatKafkaDoesNotHave() throws Exception {
        List<String> acknowledged = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        int i = 0;
        for (; acknowledged.size() < 20; i++) {
            assertEquals(202, send(i).statusCode());
            acknowledged.add("outage-" + i);
        }
        NorthstarInfra.interruptBroker();
        await().atMost(Duration.ofSeconds(30)).until(() -> readiness() == 503);
        for (int tries = 0; tries < 3; tries++, i++) {
            Response response = send(i);
            assertEquals(503, response.statusCode(), response.asString());
            assertEquals("5", response.header("Retry-After"));
            assertEquals("application/problem+json", response.contentType());
            // a send that timed out may have been written: the answer must not promise otherwise
            String detail = response.jsonPath().getString("detail");
            assertTrue(detail.contains("some may have been written") && detail.contains("Resending the same events is "
                    + "safe"), detail);
            refused.add("outage-" + i);
        }
        NorthstarInfra.restoreBroker();
        await().atMost(Duration.ofSeconds(60)).until(() -> readiness() == 200);
        int resumed = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (resumed < 20 && System.nanoTime() < deadline) {
            // the refused ones first: a retry after a 503 is safe
            String id = refused.isEmpty() ? "outage-" + i++ : refused.remove(0);
            Response response = send(Integer.parseInt(id.substring(7)));
            if (response.statusCode() == 202) {
                acknowledged.add(id);
                resumed++;
            } else {
                assertEquals(503, response.statusCode(), response.asString());
                refused.add(id);
            }
        }
        assertEquals(20, resumed);
        assertTrue(refused.isEmpty(), "every refused event was accepted on retry");

        try (TopicReader reader = new TopicReader(NorthstarInfra.bootstrapServers(), Topics.CRM_EVENTS)) {
            Set<String> wanted = Set.copyOf(acknowledged);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                records.clear();
                records.addAll(reader.poll());
                return records.stream().map(r -> TopicReader.header(r, "ce_id")).collect(Collectors.toSet())
                        .containsAll(wanted);
            });
            Map<String, Long> copies = records.stream().map(r -> TopicReader.header(r, "ce_id"))
                    .filter(wanted::contains).collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertEquals(wanted.size(), copies.size());
            copies.forEach((id, n) -> assertEquals(1L, n, id + " is on the topic " + n + " times"));
        }
    }
}
