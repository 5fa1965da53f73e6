package dev.northstar.knowledge;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.northstar.testing.NorthstarInfra;
import dev.northstar.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.parsing.Parser;
import io.restassured.response.Response;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The per-tenant rate limit of service-common ({@code dev.northstar.common.RateLimit}), here in knowledge-service with
 * a tiny limit: bursts of 3 requests, then 1 a second. A tenant over it gets 429 with Retry-After and a problem;
 * another tenant at the same moment does not; forged and anonymous requests count against nobody; after the wait the
 * tenant's requests pass again.
 */
@QuarkusTest
@QuarkusTestResource(NorthstarInfra.class)
@TestProfile(RateLimitTest.TinyLimit.class)
class RateLimitTest {

    /** A limit a test reaches in a few requests; its own profile gives this test its own service. */
    public static class TinyLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("northstar.rate-limit.requests-per-second", "1", "northstar.rate-limit.burst", "3");
        }
    }

    private static final int BURST = 3;

    @TestHTTPResource(value = "/metrics", management = true)
    URL managementMetrics;

    @TestHTTPResource(value = "/openapi", management = true)
    URL managementOpenApi;

    @BeforeAll
    static void problemDocumentsAreJson() {
        RestAssured.registerParser("application/problem+json", Parser.JSON);
    }

    private static Response tags(String token) {
        return given().auth().oauth2(token).get("/v1/tags");
    }

    @Test
    void aTenantOverItsLimitGets429WithRetryAfterWhileAnotherTenantIsServed() {
        String a = TestTokens.token("limited-a", "read");
        String b = TestTokens.token("limited-b", "read");
        // requests without a valid token have no tenant: refused as before, and counted against nobody
        for (int i = 0; i < 2 * BURST; i++) {
            given().auth().oauth2(TestTokens.unsigned("limited-a", "read")).get("/v1/tags").then().statusCode(401);
            given().auth().oauth2(TestTokens.wrongSignature("limited-a", "read")).get("/v1/tags").then()
                    .statusCode(401);
            given().get("/v1/tags").then().statusCode(401);
        }
        // so tenant a still has its whole burst; then one request a second at most
        long started = System.nanoTime();
        int passed = 0;
        Response refused = null;
        while (refused == null && passed < 20) {
            Response response = tags(a);
            if (response.statusCode() == 200) {
                passed++;
            } else {
                refused = response;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        assertNotNull(refused, "never refused");
        assertTrue(passed >= BURST && passed <= BURST + (int) seconds, passed + " passed in " + seconds + " s");
        assertEquals(429, refused.statusCode(), refused.asString());
        assertEquals("application/problem+json", refused.contentType());
        assertEquals("1", refused.header("Retry-After"));
        refused.then().body("type", equalTo("https://northstar.dev/problems/rate-limited"))
                .body("status", equalTo(429))
                .body("detail", containsString("retry after 1 s"));

        // the same moment, another tenant is served
        tags(b).then().statusCode(200);

        // after the wait, tenant a is served again (the refused polls take nothing from its bucket)
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> tags(a).statusCode() == 200);

        // counted with the other refusals
        String metrics = RestAssured.get(managementMetrics).asString();
        assertTrue(metrics.lines().anyMatch(line -> line.startsWith("northstar_refusals_total")
                && line.contains("reason=\"rate-limited\"") && line.contains("status=\"429\"")), metrics);
    }

    @Test
    void theOpenApiDocumentSaysEveryOperationMayAnswer429WithRetryAfter() {
        given().queryParam("format", "json").get(managementOpenApi).then().statusCode(200)
                .body("paths.'/v1/tags'.get.responses", hasKey("429"))
                .body("paths.'/v1/tags'.get.responses.'429'.headers", hasKey("Retry-After"))
                .body("paths.'/v1/insights'.post.responses", hasKey("429"));
    }
}
