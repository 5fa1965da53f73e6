package dev.northstar.reporting;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.northstar.events.KpiValue;
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
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scoped KPI values (a product line or a market segment) through the real broker into their own table: served with
 * {@code ?scope=}, never mixed into the overall values, limited like them to the token's tenant and teams.
 */
@QuarkusTest
@QuarkusTestResource(NorthstarInfra.class)
class ScopedValuesTest {

    private static final Instant AT = Instant.parse("2026-11-01T00:00:00Z");

    @BeforeAll
    static void problemDocumentsAreJson() {
        RestAssured.registerParser("application/problem+json", Parser.JSON);
    }

    private static KpiValue winRate(String tenant, String team, String scope, int won, int decided, long version) {
        return new KpiValue(tenant, team, "win_rate", "month", "2026-10",
                new BigDecimal(won).divide(new BigDecimal(decided), 6, java.math.RoundingMode.HALF_EVEN),
                new BigDecimal(won), new BigDecimal(decided), "ratio", version, AT, null, scope);
    }

    @Test
    void scopedValuesAreServedBesideTheOverallOnesAndNeverMixedIn() throws Exception {
        KpiValuesResourceTest.publish(List.of(
                winRate("scoped", "alpha", null, 2, 3, 5),
                winRate("scoped", "alpha", "product:A", 1, 2, 5),
                winRate("scoped", "alpha", "product:B", 1, 1, 5),
                winRate("scoped", "alpha", "segment:enterprise", 2, 2, 5),
                winRate("scoped", "alpha", "segment:smb", 0, 1, 4),
                winRate("scoped", "alpha", "segment:smb", 0, 2, 3), // older: loses
                winRate("scoped", "beta", "product:A", 3, 4, 5),
                winRate("scoped-other", "alpha", "product:A", 9, 9, 5)));
        String read = TestTokens.token("scoped", "read");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(read)
                .get("/v1/kpi-values/changes?scope=*").then().statusCode(200).body("items", hasSize(5)));

        // the overall series holds the overall value only, without a scope field
        given().auth().oauth2(read).get("/v1/kpi-values?kpi=win_rate").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].numerator", equalTo(2))
                .body("items[0].denominator", equalTo(3)).body("items[0]", not(hasKey("scope")));
        given().auth().oauth2(read).get("/v1/kpi-values/changes").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0]", not(hasKey("scope")));

        given().auth().oauth2(read).get("/v1/kpi-values?kpi=win_rate&scope=product:A").then().statusCode(200)
                .body("items", hasSize(2))
                .body("items[0].teamId", equalTo("alpha")).body("items[0].scope", equalTo("product:A"))
                .body("items[0].numerator", equalTo(1)).body("items[0].denominator", equalTo(2))
                .body("items[1].teamId", equalTo("beta")).body("items[1].numerator", equalTo(3));
        given().auth().oauth2(read).get("/v1/kpi-values?scope=segment:smb").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].denominator", equalTo(1));
        given().auth().oauth2(read).get("/v1/kpi-values/changes?scope=segment:enterprise").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].scope", equalTo("segment:enterprise"))
                .body("items[0].numerator", equalTo(2));

        byte[] csv = given().auth().oauth2(read).accept("text/csv").get("/v1/kpi-values?scope=product:B")
                .then().statusCode(200).extract().asByteArray();
        String[] lines = new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8).split("\r\n");
        assertEquals("teamId,kpi,label_ja,label_en,grain,period,value,numerator,denominator,unit,updatedAt,scope",
                lines[0]);
        assertEquals(2, lines.length);
        assertEquals("product:B", lines[1].substring(lines[1].lastIndexOf(',') + 1));
    }

    @Test
    void aLimitedTokenReadsOnlyItsTeamsScopesAndAnotherTenantNone() throws Exception {
        KpiValuesResourceTest.publish(List.of(winRate("scoped-limits", "alpha", "product:A", 1, 2, 5),
                winRate("scoped-limits", "beta", "product:A", 3, 4, 5)));
        String read = TestTokens.token("scoped-limits", "read");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(read)
                .get("/v1/kpi-values/changes?scope=*").then().statusCode(200).body("items", hasSize(2)));
        String alphaOnly = TestTokens.limited(List.of("alpha"), "scoped-limits", "read");
        given().auth().oauth2(alphaOnly).get("/v1/kpi-values?scope=product:A").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].teamId", equalTo("alpha"));
        given().auth().oauth2(alphaOnly).get("/v1/kpi-values/changes?scope=*").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].teamId", equalTo("alpha"));
        given().auth().oauth2(alphaOnly).get("/v1/kpi-values?scope=product:A&teamId=beta").then().statusCode(404);
        String other = TestTokens.token("scoped-nobody", "read");
        given().auth().oauth2(other).get("/v1/kpi-values/changes?scope=*").then().statusCode(200)
                .body("items", hasSize(0));
    }

    @Test
    void aBadScopeIsAProblemNamingIt() {
        String read = TestTokens.token("scoped", "read");
        for (String bad : List.of("A", "product:", "region:x", "*", "product:" + "x".repeat(65))) {
            given().auth().oauth2(read).queryParam("scope", bad).get("/v1/kpi-values").then().statusCode(400)
                    .contentType("application/problem+json").body("errors[0].pointer", equalTo("/scope"));
        }
        for (String grain : List.of("day", "week")) {
            given().auth().oauth2(read).queryParam("scope", "product:A").queryParam("grain", grain)
                    .get("/v1/kpi-values").then().statusCode(400).body("errors[0].pointer", equalTo("/grain"));
        }
        given().auth().oauth2(read).queryParam("scope", "product:A").queryParam("grain", "quarter")
                .get("/v1/kpi-values").then().statusCode(200);
        given().auth().oauth2(read).queryParam("scope", "segment:").get("/v1/kpi-values/changes").then()
                .statusCode(400).body("errors[0].pointer", equalTo("/scope"));
    }
}
