package dev.northstar.reporting;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.northstar.events.KpiValue;
import dev.northstar.testing.NorthstarInfra;
import dev.northstar.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.parsing.Parser;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The incremental feed for BI tools, polled in small pages while values keep changing: every change is
 * received once, in order, and the poller ends with every value's final state.
 */
@QuarkusTest
@QuarkusTestResource(NorthstarInfra.class)
class ChangesFeedTest {

    @BeforeAll
    static void problemDocumentsAreJson() {
        RestAssured.registerParser("application/problem+json", Parser.JSON);
    }

    @Test
    void aPollerNeverMissesAndNeverReceivesAChangeTwiceWhileValuesChange() throws Exception {
        String tenant = "feed";
        // 12 values, each updated 20 times (versions 1..20, value = version), interleaved at random
        List<KpiValue> updates = new ArrayList<>();
        Random random = new Random(3);
        int[] next = new int[12];
        while (updates.size() < 240) {
            int k = random.nextInt(12);
            if (next[k] < 20) {
                next[k]++;
                updates.add(KpiValuesResourceTest.value(tenant, "team-" + k, "calls", "2026-10",
                        Integer.toString(next[k]), next[k]));
            }
        }
        Set<String> keys = new HashSet<>();
        updates.forEach(u -> keys.add(u.key()));
        CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
            try {
                for (int from = 0; from < updates.size(); from += 20) {
                    KpiValuesResourceTest.publish(updates.subList(from, from + 20));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        String read = TestTokens.token(tenant, "read");
        Map<String, Integer> seen = new HashMap<>();
        Set<String> received = new HashSet<>();
        List<Long> seqs = new ArrayList<>();
        String[] cursor = {"0"};
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20)).until(() -> {
            JsonPath page = given().auth().oauth2(read).queryParam("since", cursor[0]).queryParam("limit", 7)
                    .get("/v1/kpi-values/changes").then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> items = page.getList("items");
            for (Map<String, Object> item : items) {
                seqs.add(((Number) item.get("seq")).longValue());
                String key = item.get("teamId") + "/" + item.get("period");
                int value = ((Number) item.get("value")).intValue();
                assertTrue(received.add(key + "=" + value), "received twice: " + key + "=" + value);
                seen.put(key, value);
            }
            cursor[0] = page.getString("next");
            return publishing.isDone() && items.isEmpty() && seen.size() == keys.size()
                    && seen.values().stream().allMatch(v -> v == 20);
        });
        publishing.join();
        for (int i = 1; i < seqs.size(); i++) {
            assertTrue(seqs.get(i) > seqs.get(i - 1), "in order");
        }
        assertEquals(keys.size(), seen.size());
        // another tenant's feed is empty; bad cursors and limits are refused
        given().auth().oauth2(TestTokens.token("feed-other", "read")).get("/v1/kpi-values/changes").then()
                .statusCode(200).body("items", hasSize(0));
        given().auth().oauth2(read).queryParam("since", "abc").get("/v1/kpi-values/changes").then().statusCode(400)
                .body("errors.pointer", contains("/since"));
        given().auth().oauth2(read).queryParam("limit", "0").get("/v1/kpi-values/changes").then().statusCode(400)
                .body("errors.pointer", contains("/limit"));
        given().get("/v1/kpi-values/changes").then().statusCode(401);
    }
}
