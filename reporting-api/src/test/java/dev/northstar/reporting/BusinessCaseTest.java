package dev.northstar.reporting;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.northstar.events.KpiValue;
import dev.northstar.testing.NorthstarInfra;
import dev.northstar.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.parsing.Parser;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The business case on a hand-made scenario through the real broker and database (docs/kpi-definitions.md, "The
 * business case answer"): partner alpha (fee 500,000 + 10 % of revenue won) against the in-house team delta (5
 * people at 800,000, each hired and trained for 2,000,000 over 6 months) in October 2026.
 */
@QuarkusTest
@QuarkusTestResource(NorthstarInfra.class)
class BusinessCaseTest {

    private static final String T = "bcase";

    @BeforeAll
    static void problemDocumentsAreJson() {
        RestAssured.registerParser("application/problem+json", Parser.JSON);
    }

    private static KpiValue cell(String team, String kpi, String value, String numerator, String denominator,
            String unit) {
        return new KpiValue(T, team, kpi, "month", "2026-10", value == null ? null : new BigDecimal(value),
                new BigDecimal(numerator), denominator == null ? null : new BigDecimal(denominator), unit, 1,
                Instant.parse("2026-11-01T00:00:00Z"));
    }

    @Test
    void aPartnerAgainstTheInHouseTeamAndAgainstBuildingItInHouse() throws Exception {
        TestTeams.register(T, new String[] {"alpha", "アルファ社", "partner"},
                new String[] {"delta", "自社営業部", "in_house"});
        KpiValuesResourceTest.publish(List.of(
                cell("alpha", "revenue_won", "3000000", "3000000", null, "amount"),
                cell("alpha", "realized_ltv_to_date", "100000", "200000", "2", "amount"),
                cell("alpha", "new_customer_avg_ltv", "2400000", "4800000", "2", "amount"),
                cell("delta", "revenue_won", "2000000", "2000000", null, "amount"),
                cell("delta", "realized_ltv_to_date", "25000", "100000", "4", "amount"),
                cell("delta", "new_customer_avg_ltv", "1500000", "6000000", "4", "amount"),
                // the support figure of payback: MRR at win of the new customers (not a served KPI)
                cell("alpha", "new_customer_mrr", "50000", "100000", "2", "amount"),
                cell("delta", "new_customer_mrr", "37500", "150000", "4", "amount")));
        String read = TestTokens.token(T, "read");
        String admin = TestTokens.token(T, "admin");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(read)
                .get("/v1/kpi-values?grain=month&period=2026-10").then().statusCode(200).body("items", hasSize(6)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(read).get("/v1/teams").then()
                .statusCode(200).body("items", hasSize(2)));
        given().auth().oauth2(admin).contentType("application/json")
                .body("{\"validFrom\":\"2026-10\",\"monthlyFee\":500000,\"revenueShare\":{\"onRevenueWon\":0.1}}")
                .post("/v1/teams/alpha/contracts").then().statusCode(201);
        given().auth().oauth2(admin).contentType("application/json").body("""
                {"validFrom":"2026-10","inHouse":{"headcount":5,"monthlyCostPerHead":800000,
                 "hiringCostPerHead":1500000,"trainingCostPerHead":500000,"rampUpMonths":6}}""")
                .post("/v1/teams/delta/contracts").then().statusCode(201);
        given().auth().oauth2(read).queryParam("grain", "month").queryParam("period", "2026-10")
                .get("/v1/teams/alpha/business-case").then().statusCode(200)
                .body("teamName", equalTo("アルファ社")).body("currency", equalTo("JPY"))
                // alpha: 500,000 + 300,000; 2 new customers, predicted LTV 4,800,000, paid 200,000 so far
                .body("team.cost", equalTo(800000)).body("team.newCustomers", equalTo(2))
                .body("team.costPerNewCustomer", equalTo(400000)).body("team.ltvToCost", equalTo(6))
                .body("team.realizedRevenueToCost", equalTo(0.25f)).body("team.roi", equalTo(5))
                // delta: 5 × 800,000 + 5 hires × 2,000,000 ÷ 6 months
                .body("inHouse.teams[0]", equalTo("delta"))
                .body("inHouse.cost", equalTo(5666666.666667f)).body("inHouse.newCustomers", equalTo(4))
                .body("inHouse.ltvToCost", equalTo(1.058824f))
                // in-house: 4 customers in 5 person-months; alpha's 2 take 2.5 people for the month
                .body("buildInHouse.newCustomersPerPersonMonth", equalTo(0.8f))
                .body("buildInHouse.peopleNeeded", equalTo(2.5f))
                .body("buildInHouse.runningCost", equalTo(2000000))
                .body("buildInHouse.oneOffCost", equalTo(5000000))
                .body("buildInHouse.total", equalTo(7000000))
                .body("buildInHouse.difference", equalTo(6200000));
        // payback: the cost over the new customers' monthly gross profit (margin 1), once the cost KPIs are computed
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(read)
                .queryParam("grain", "month").queryParam("period", "2026-10").get("/v1/teams/alpha/business-case")
                .then().statusCode(200)
                .body("team.monthlyGrossProfit", equalTo(100000)).body("team.paybackMonths", equalTo(8))
                .body("inHouse.monthlyGrossProfit", equalTo(150000))
                .body("inHouse.paybackMonths", equalTo(37.777778f)));
        String md = given().auth().oauth2(read).accept("text/markdown").queryParam("grain", "month")
                .queryParam("period", "2026-10").get("/v1/teams/alpha/business-case").then().statusCode(200)
                .contentType(containsString("text/markdown")).extract().asString();
        org.junit.jupiter.api.Assertions.assertTrue(md.contains("| Cost / コスト | 800000 | 5666666.666667 |"), md);
        org.junit.jupiter.api.Assertions.assertTrue(md.contains("| People needed / 必要人数 | 2.5 |"), md);
        org.junit.jupiter.api.Assertions.assertTrue(md.contains("| Payback in months / 投資回収期間（月） | 8 | 37.777778 |"),
                md);
        org.junit.jupiter.api.Assertions.assertTrue(md.contains("| In-house minus this team / 差額 | 6200000 |"), md);
        // a token limited to a team does not see the in-house figures; another tenant does not see the team
        given().auth().oauth2(TestTokens.limited(List.of("alpha"), T, "read")).queryParam("grain", "month")
                .queryParam("period", "2026-10").get("/v1/teams/alpha/business-case").then().statusCode(403);
        given().auth().oauth2(TestTokens.token("bcase-other", "read")).queryParam("grain", "month")
                .queryParam("period", "2026-10").get("/v1/teams/alpha/business-case").then().statusCode(404);
        given().auth().oauth2(read).queryParam("grain", "week").queryParam("period", "2026-W40")
                .get("/v1/teams/alpha/business-case").then().statusCode(400).body("errors[0].pointer", equalTo("/grain"));
    }
}
