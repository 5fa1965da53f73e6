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

    private static KpiValue cell(String kpi, String grain, String period, int n, Integer d, long version) {
        BigDecimal value = d == null ? new BigDecimal(n)
                : new BigDecimal(n).divide(new BigDecimal(d), 6, java.math.RoundingMode.HALF_EVEN);
        return new KpiValue("scoped-rollup", "alpha", kpi, grain, period, value, new BigDecimal(n),
                d == null ? null : new BigDecimal(d), d == null ? "count" : "ratio", version, AT, null, "product:A");
    }

    @Test
    void aScopesQuartersAndYearsAreItsMonthsSummedButTheExpansionRatesAsKept() throws Exception {
        KpiValuesResourceTest.publish(List.of(
                cell("win_rate", "month", "2026-10", 1, 2, 5), cell("win_rate", "month", "2026-11", 2, 3, 5),
                cell("win_rate", "month", "2027-01", 1, 1, 5),
                cell("calls", "month", "2026-10", 7, null, 5), cell("calls", "month", "2026-12", 5, null, 5),
                // an account expanding in October and in November counts once in the quarter, of the base on 1 October
                cell("expansion_rate", "month", "2026-10", 1, 4, 5), cell("expansion_rate", "month", "2026-11", 1, 5, 5),
                cell("expansion_rate", "quarter", "2026-Q4", 1, 4, 5),
                cell("expansion_rate", "year", "2026", 1, 2, 5)));
        String read = TestTokens.token("scoped-rollup", "read");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(read)
                .get("/v1/kpi-values/changes?scope=*").then().statusCode(200).body("items", hasSize(9)));
        given().auth().oauth2(read).get("/v1/kpi-values?scope=product:A&grain=quarter").then().statusCode(200)
                .body("items", hasSize(4))
                .body("items[0].kpi", equalTo("calls")).body("items[0].period", equalTo("2026-Q4"))
                .body("items[0].value", equalTo(12)).body("items[0].grain", equalTo("quarter"))
                .body("items[1].kpi", equalTo("expansion_rate")).body("items[1].numerator", equalTo(1))
                .body("items[1].denominator", equalTo(4)) // as kept, not 2/9
                .body("items[2].kpi", equalTo("win_rate")).body("items[2].period", equalTo("2026-Q4"))
                .body("items[2].numerator", equalTo(3)).body("items[2].denominator", equalTo(5))
                .body("items[2].value", equalTo(0.6f)).body("items[2].scope", equalTo("product:A"))
                .body("items[3].period", equalTo("2027-Q1")).body("items[3].value", equalTo(1.0f));
        given().auth().oauth2(read).get("/v1/kpi-values?scope=product:A&grain=year&kpi=win_rate&from=2026&to=2026")
                .then().statusCode(200).body("items", hasSize(1)).body("items[0].numerator", equalTo(3));
        // pages of a roll-up continue after their last row like every series
        String next = given().auth().oauth2(read).get("/v1/kpi-values?scope=product:A&grain=quarter&limit=2")
                .then().statusCode(200).body("items", hasSize(2)).extract().path("next");
        given().auth().oauth2(read).queryParam("cursor", next).get("/v1/kpi-values?scope=product:A&grain=quarter&limit=2")
                .then().statusCode(200).body("items", hasSize(2)).body("items[0].kpi", equalTo("win_rate"))
                .body("items[1].period", equalTo("2027-Q1"));
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
