package dev.northstar.reporting;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.northstar.testing.NorthstarInfra;
import dev.northstar.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The token and endpoint rules every service shares (service-common and each service's configuration): a token must
 * be issued for Northstar's audience and for at most a day; a resource method without a role annotation is denied;
 * metrics and OpenAPI are on the management interface, not on the public port.
 */
@QuarkusTest
@QuarkusTestResource(NorthstarInfra.class)
class SecurityRulesTest {

    @TestHTTPResource(value = "/metrics", management = true)
    URL managementMetrics;

    @Inject
    Pool pool;

    @TestHTTPResource(value = "/openapi", management = true)
    URL managementOpenApi;

    @TestHTTPResource(value = "/health/ready", management = true)
    URL managementReady;

    @Test
    void aTokenMustBeForNorthstarsAudience() {
        given().auth().oauth2(TestTokens.token("sec", "read")).get("/v1/teams").then().statusCode(200);
        given().auth().oauth2(TestTokens.forAudience("another-service", "sec", "read")).get("/v1/teams").then()
                .statusCode(401);
        given().auth().oauth2(TestTokens.forAudience(null, "sec", "read")).get("/v1/teams").then().statusCode(401);
    }

    @Test
    void aTokenIssuedForLongerThanADayIsRefused() {
        given().auth().oauth2(TestTokens.issuedFor(Duration.ofHours(24), "sec", "read")).get("/v1/teams").then()
                .statusCode(200);
        given().auth().oauth2(TestTokens.issuedFor(Duration.ofHours(25), "sec", "read")).get("/v1/teams").then()
                .statusCode(401);
        given().auth().oauth2(TestTokens.issuedFor(Duration.ofDays(3650), "sec", "admin")).get("/v1/teams").then()
                .statusCode(401);
    }

    @Test
    void aResourceWithoutARoleAnnotationIsDeniedToEveryone() {
        for (String role : new String[] {"read", "ingest", "admin"}) {
            given().auth().oauth2(TestTokens.token("sec", role)).get("/v1/test-unannotated").then().statusCode(403)
                    .body(not(containsString("served without a role check")));
        }
        given().get("/v1/test-unannotated").then().statusCode(401);
    }

    @Test
    void aBodyOverTheLimitIsAProblemDocumentToo() {
        byte[] big = new byte[100 * 1024];
        java.util.Arrays.fill(big, (byte) 'a');
        given().auth().oauth2(TestTokens.token("sec", "admin")).contentType("application/json").body(big)
                .put("/v1/teams/t1/self-assessment").then().statusCode(413)
                .contentType("application/problem+json").body(containsString("\"status\":413"));
    }

    @Test
    void everyStatementOfTheServiceHasATimeout() {
        // each connection of the pool starts with the service's statement_timeout (a bound on every query)
        for (int i = 0; i < 4; i++) {
            assertEquals("30s", pool.query("SHOW statement_timeout").execute().await().atMost(Duration.ofSeconds(10))
                    .iterator().next().getString(0));
        }
    }

    @Test
    void metricsAndOpenApiAreOnTheManagementInterfaceOnly() {
        given().get("/q/metrics").then().statusCode(404);
        given().get("/q/openapi").then().statusCode(404);
        given().get("/q/health/ready").then().statusCode(404);
        given().get(managementMetrics).then().statusCode(200).body(containsString("northstar_ready"));
        given().get(managementOpenApi).then().statusCode(200).body(containsString("/v1/kpi-values"));
        given().get(managementReady).then().statusCode(200);
    }
}
