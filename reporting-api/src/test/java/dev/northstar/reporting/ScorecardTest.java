package dev.northstar.reporting;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import dev.northstar.events.KpiValue;
import dev.northstar.testing.NorthstarInfra;
import dev.northstar.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.parsing.Parser;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A scorecard against hand-computed changes and attainments, targets, and the refusals around them. */
@QuarkusTest
@QuarkusTestResource(NorthstarInfra.class)
class ScorecardTest {

    @BeforeAll
    static void problemDocumentsAreJson() {
        RestAssured.registerParser("application/problem+json", Parser.JSON);
    }

    private static KpiValue value(String kpi, String period, String value, String numerator, String denominator,
            String unit) {
        return new KpiValue("score", "partner-a", kpi, "month", period, new BigDecimal(value),
                new BigDecimal(numerator), denominator == null ? null : new BigDecimal(denominator), unit, 1,
                Instant.parse("2026-11-01T00:00:00Z"));
    }

    private static String line(String kpi, String field) {
        return "groups.kpis.flatten().find { it.kpi == '" + kpi + "' }." + field;
    }

    @Test
    void aScorecardShowsEachKpiWithItsPreviousPeriodChangeTargetAndAttainment() throws Exception {
        KpiValuesResourceTest.publish(List.of(
                value("calls", "2026-10", "120", "120", null, "count"),
                value("calls", "2026-09", "100", "100", null, "count"),
                value("win_rate", "2026-10", "0.25", "1", "4", "rate"),
                value("win_rate", "2026-09", "0.2", "1", "5", "rate"),
                value("nps", "2026-10", "-10", "-1", "10", "score")));
        String admin = TestTokens.token("score", "admin");
        for (String[] t : new String[][] {{"calls", "150"}, {"win_rate", "0.3"}, {"nps", "20"}}) {
            given().auth().oauth2(admin).contentType("application/json").body("{\"target\":" + t[1] + "}")
                    .put("/v1/targets/partner-a/" + t[0] + "/month/2026-10").then().statusCode(200)
                    .body("target.toString()", equalTo(t[1]));
        }
        String read = TestTokens.token("score", "read");
        await().untilAsserted(() -> given().auth().oauth2(read).get("/v1/teams/partner-a/scorecard?grain=month"
                + "&period=2026-10").then().statusCode(200).body(line("nps", "value"), equalTo(-10)));
        given().auth().oauth2(read).get("/v1/teams/partner-a/scorecard?grain=month&period=2026-10").then()
                .statusCode(200)
                .body("previousPeriod", equalTo("2026-09"))
                .body("groups[0].axis", equalTo("activity")).body("groups[0].generation", equalTo("traditional"))
                .body("groups[0].kpis.kpi", contains("calls", "appointments"))
                .body(line("calls", "value"), equalTo(120)).body(line("calls", "previous"), equalTo(100))
                .body(line("calls", "change"), equalTo(20)).body(line("calls", "changeRate"), equalTo(0.2f))
                .body(line("calls", "target"), equalTo(150)).body(line("calls", "attainment"), equalTo(0.8f))
                .body(line("win_rate", "numerator"), equalTo(1)).body(line("win_rate", "denominator"), equalTo(4))
                .body(line("win_rate", "change"), equalTo(0.05f)).body(line("win_rate", "changeRate"), equalTo(0.25f))
                .body(line("win_rate", "attainment"), equalTo(0.833333f))
                .body(line("nps", "previous"), nullValue()).body(line("nps", "change"), nullValue())
                .body(line("nps", "attainment"), equalTo(-0.5f))
                .body(line("appointments", "value"), nullValue()).body(line("appointments", "target"), nullValue())
                .body(line("knowledge_shared", "labels.ja"), equalTo("ナレッジの共有数"));
        // another tenant's team does not exist; nor does a team nobody has heard of
        given().auth().oauth2(TestTokens.token("score-other", "read"))
                .get("/v1/teams/partner-a/scorecard?grain=month&period=2026-10").then().statusCode(404);
        given().auth().oauth2(read).get("/v1/teams/nobody/scorecard?grain=month&period=2026-10").then()
                .statusCode(404);
        given().auth().oauth2(read).get("/v1/teams/partner-a/scorecard?grain=month&period=2026-W40").then()
                .statusCode(400).body("errors.pointer", contains("/period"));
        // targets: admins only, valid ones only
        given().auth().oauth2(read).contentType("application/json").body("{\"target\":1}")
                .put("/v1/targets/partner-a/calls/month/2026-10").then().statusCode(403);
        given().auth().oauth2(admin).contentType("application/json").body("{\"target\":\"lots\"}")
                .put("/v1/targets/partner-a/happiness/fortnight/2026-10").then().statusCode(400)
                .body("errors.pointer", contains("/kpi", "/grain", "/target"));
        given().auth().oauth2(admin).contentType("application/json").body("{\"target\":1e400}")
                .put("/v1/targets/partner-a/calls/month/2026-10").then().statusCode(400);
        given().auth().oauth2(TestTokens.token("score-other", "read")).get("/v1/teams").then()
                .body("items", hasSize(0));
    }
}
