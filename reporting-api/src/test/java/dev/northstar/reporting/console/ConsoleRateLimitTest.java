package dev.northstar.reporting.console;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.northstar.testing.NorthstarInfra;
import dev.northstar.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.Cookie;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The console spends its tenant's allowance of the API's per-tenant rate limit: past it, a 429 with Retry-After. */
@QuarkusTest
@QuarkusTestResource(NorthstarInfra.class)
@TestProfile(ConsoleRateLimitTest.Tight.class)
class ConsoleRateLimitTest {

    /** Three requests, then one every 100 s. */
    public static class Tight implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("northstar.rate-limit.burst", "3", "northstar.rate-limit.requests-per-second", "0.01");
        }
    }

    @Test
    void aTenantPastItsAllowanceGetsA429AndAnotherTenantDoesNot() {
        Cookie session = ConsoleTest.signIn("console-limited", "read");
        int ok = 0;
        Response refused = null;
        for (int i = 0; i < 10 && refused == null; i++) {
            Response r = given().redirects().follow(false).cookie(session).get("/console/insights");
            if (r.statusCode() == 429) {
                refused = r;
            } else {
                assertEquals(200, r.statusCode());
                ok++;
            }
        }
        assertEquals(3, ok);
        assertTrue(refused != null && Long.parseLong(refused.header("Retry-After")) >= 1);
        // the bearer API shares the allowance
        given().auth().oauth2(TestTokens.token("console-limited", "read")).get("/v1/teams").then().statusCode(429);
        // another tenant has its own
        given().redirects().follow(false).cookie(ConsoleTest.signIn("console-other-limit", "read"))
                .get("/console/insights").then().statusCode(200);
    }
}
