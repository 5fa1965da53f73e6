package dev.northstar.reporting;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cost KPIs in the read model through the real broker and database (docs/kpi-definitions.md, "The KPIs"): the
 * hand-computed scenario's months and quarter for partner_cost, cost per new customer, LTV ÷ cost and paid ÷ cost;
 * a moving value moving them; a settled month staying as settled with the adjustment carried; served by the feeds
 * (JSON, CSV, changes) and the scorecard; never taken from the topic; another tenant sees none.
 */
@QuarkusTest
@QuarkusTestResource(NorthstarInfra.class)
class CostKpisTest {

    private static final String T = "cost-kpis";
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void problemDocumentsAreJson() {
        RestAssured.registerParser("application/problem+json", Parser.JSON);
    }

    private static KpiValue cell(String team, String kpi, String grain, String period, String value, String numerator,
            String denominator, String unit, long version) {
        return new KpiValue(T, team, kpi, grain, period, value == null ? null : new BigDecimal(value),
                new BigDecimal(numerator), denominator == null ? null : new BigDecimal(denominator), unit, version,
                Instant.parse("2026-12-01T00:00:00Z"));
    }

    /** The team's cost KPIs as served: "kpi grain period" → [value, numerator, denominator] (null when absent). */
    private static Map<String, BigDecimal[]> served(String token, String team) throws Exception {
        Map<String, BigDecimal[]> out = new HashMap<>();
        for (String grain : List.of("month", "quarter", "year")) {
            for (String kpi : List.of("partner_cost", "cost_per_new_customer", "ltv_to_cost",
                    "realized_revenue_to_cost", "payback_months")) {
                String body = given().auth().oauth2(token).queryParam("grain", grain).queryParam("teamId", team)
                        .queryParam("kpi", kpi).queryParam("limit", 500).get("/v1/kpi-values").then().statusCode(200)
                        .extract().asString();
                for (JsonNode item : JSON.readTree(body).path("items")) {
                    out.put(kpi + " " + grain + " " + item.path("period").asText(), new BigDecimal[] {
                        decimal(item.path("value")), decimal(item.path("numerator")), decimal(item.path("denominator"))});
                }
            }
        }
        return out;
    }

    private static BigDecimal at(Map<String, BigDecimal[]> served, String key, int part) {
        BigDecimal[] v = served.get(key);
        return v == null ? null : v[part];
    }

    private static BigDecimal decimal(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? null : n.decimalValue();
    }

    private static void same(String expected, BigDecimal actual, String what) {
        if (expected == null) {
            assertNull(actual, what);
        } else {
            assertTrue(actual != null && new BigDecimal(expected).compareTo(actual) == 0,
                    what + ": expected " + expected + ", served " + actual);
        }
    }

    @Test
    void theCostKpisFollowTheTermsTheValuesAndTheSettlementsAndAreServedLikeEveryKpi() throws Exception {
        TestTeams.register(T, new String[] {"alpha", "アルファ社", "partner"}, new String[] {"beta", "ベータ社", "partner"});
        String read = TestTokens.token(T, "read");
        String admin = TestTokens.token(T, "admin");
        // the scenario's values: revenue won in October and November, Q4's renewal rate 0.9 (the incentive), three
        // new customers in October (five in the quarter) with their predicted LTV and what they paid so far; and a
        // cost KPI that something other than reporting-api put on kpi.values, which is never taken
        KpiValuesResourceTest.publish(List.of(
                cell("alpha", "revenue_won", "month", "2026-10", "3000000", "3000000", null, "amount", 1),
                cell("alpha", "revenue_won", "month", "2026-11", "2000000", "2000000", null, "amount", 1),
                cell("alpha", "renewal_rate", "quarter", "2026-Q4", "0.9", "9", "10", "rate", 1),
                cell("alpha", "realized_ltv_to_date", "month", "2026-10", "150000", "450000", "3", "amount", 1),
                cell("alpha", "realized_ltv_to_date", "quarter", "2026-Q4", "120000", "600000", "5", "amount", 1),
                cell("alpha", "new_customer_avg_ltv", "month", "2026-10", "3000000", "9000000", "3", "amount", 1),
                cell("alpha", "new_customer_avg_ltv", "quarter", "2026-Q4", "3000000", "15000000", "5", "amount", 1),
                // the support figure: the MRR at win of the new customers (never served as a KPI)
                cell("alpha", "new_customer_mrr", "month", "2026-10", "66666.666667", "200000", "3", "amount", 1),
                cell("alpha", "new_customer_mrr", "quarter", "2026-Q4", "64000", "320000", "5", "amount", 1),
                cell("beta", "partner_cost", "month", "2026-10", "1", "1", null, "amount", 99),
                cell("beta", "calls", "month", "2026-10", "7", "7", null, "count", 1)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(read)
                .get("/v1/kpi-values?grain=month&teamId=beta&kpi=calls").then().statusCode(200)
                .body("items[0].value", equalTo(7)));
        given().auth().oauth2(admin).contentType("application/json").body("""
                {"validFrom":"2026-10","monthlyFee":500000,"revenueShare":{"onRevenueWon":0.1},
                 "incentives":[{"kpi":"renewal_rate","grain":"quarter","atLeast":0.9,"amount":300000}]}""")
                .post("/v1/teams/alpha/contracts").then().statusCode(201);
        given().auth().oauth2(admin).contentType("application/json").body("""
                {"validFrom":"2026-11","monthlyFee":400000,"revenueShare":{"onRevenueWon":0.1},
                 "incentives":[{"kpi":"renewal_rate","grain":"quarter","atLeast":0.9,"amount":300000}]}""")
                .post("/v1/teams/alpha/contracts").then().statusCode(201);
        // October 500,000 + 300,000; November 400,000 + 200,000; December 400,000 + 0 + the Q4 incentive 300,000
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, BigDecimal[]> v = served(read, "alpha");
            same("800000", at(v, "partner_cost month 2026-10", 0), "October");
            same("600000", at(v, "partner_cost month 2026-11", 0), "November");
            same("700000", at(v, "partner_cost month 2026-12", 0), "December");
            same("2100000", at(v, "partner_cost quarter 2026-Q4", 0), "Q4");
            same("2100000", at(v, "partner_cost year 2026", 0), "2026");
        });
        Map<String, BigDecimal[]> v = served(read, "alpha");
        same("266666.666667", at(v, "cost_per_new_customer month 2026-10", 0), "800,000 ÷ 3");
        same("800000", at(v, "cost_per_new_customer month 2026-10", 1), "its numerator");
        same("3", at(v, "cost_per_new_customer month 2026-10", 2), "its denominator");
        same("420000", at(v, "cost_per_new_customer quarter 2026-Q4", 0), "2,100,000 ÷ 5");
        same(null, at(v, "cost_per_new_customer month 2026-11", 0), "no new customer in November: empty, not 0");
        same("11.25", at(v, "ltv_to_cost month 2026-10", 0), "9,000,000 ÷ 800,000");
        same("7.142857", at(v, "ltv_to_cost quarter 2026-Q4", 0), "15,000,000 ÷ 2,100,000");
        same("0", at(v, "ltv_to_cost month 2026-11", 0), "cost and no customer won: 0 ×");
        same("0.5625", at(v, "realized_revenue_to_cost month 2026-10", 0), "450,000 ÷ 800,000");
        same("0.285714", at(v, "realized_revenue_to_cost quarter 2026-Q4", 0), "600,000 ÷ 2,100,000");
        // payback: cost ÷ (MRR at win × the tenant's gross margin 0.8)
        same("5", at(v, "payback_months month 2026-10", 0), "800,000 ÷ (200,000 × 0.8)");
        same("160000", at(v, "payback_months month 2026-10", 2), "its denominator");
        same("8.203125", at(v, "payback_months quarter 2026-Q4", 0), "2,100,000 ÷ 256,000");
        same(null, at(v, "payback_months month 2026-11", 0), "no new customer in November: no payback");
        given().auth().oauth2(read).get("/v1/kpi-values?grain=month&kpi=new_customer_mrr").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/kpi"));
        assertFalse(changesAfter(read, 0).keySet().stream().anyMatch(k -> k.startsWith("new_customer_mrr")),
                "a support figure is never served");
        assertFalse(v.containsKey("partner_cost month 2026-09"), "no cost before the first terms");
        // the topic's partner_cost for beta was never taken, and beta (no terms) has no cost KPI at all
        assertTrue(served(read, "beta").isEmpty(), "beta has no terms");

        // recomputing what did not move adds nothing to the change feed
        long last = lastChange(read);
        given().auth().oauth2(admin).contentType("application/json").body("{\"month\":\"2026-10\"}")
                .post("/v1/teams/alpha/settlements").then().statusCode(201);
        // settling October (as computed) moves no value; wait until the settlement's refresh ran: a later mark
        // (November's revenue moving by +500,000) is computed after it
        KpiValuesResourceTest.publish(List.of(
                cell("alpha", "revenue_won", "month", "2026-11", "2500000", "2500000", null, "amount", 2)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> same("650000",
                at(served(read, "alpha"), "partner_cost month 2026-11", 0), "November with +50,000 of share"));
        Map<String, Long> changed = changesAfter(read, last);
        assertFalse(changed.containsKey("partner_cost month 2026-10"), "October did not move: " + changed);
        assertTrue(changed.containsKey("partner_cost month 2026-11"), String.valueOf(changed));
        assertTrue(changed.containsKey("partner_cost quarter 2026-Q4"), String.valueOf(changed));
        // November settled at 650,000; it moves again by +100,000 of revenue: December carries +10,000
        given().auth().oauth2(admin).contentType("application/json").body("{\"month\":\"2026-11\"}")
                .post("/v1/teams/alpha/settlements").then().statusCode(201);
        KpiValuesResourceTest.publish(List.of(
                cell("alpha", "revenue_won", "month", "2026-11", "2600000", "2600000", null, "amount", 3)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, BigDecimal[]> after = served(read, "alpha");
            same("710000", at(after, "partner_cost month 2026-12", 0), "December + the adjustment for November");
            same("650000", at(after, "partner_cost month 2026-11", 0), "November as settled");
            same("2160000", at(after, "partner_cost quarter 2026-Q4", 0), "Q4");
            same("8.4375", at(after, "payback_months quarter 2026-Q4", 0), "2,160,000 ÷ 256,000");
        });
        // the same figures as the cost endpoint's, and in the scorecard (a group of its own), the CSV
        String costBody = given().auth().oauth2(read).queryParam("grain", "quarter").queryParam("period", "2026-Q4")
                .get("/v1/teams/alpha/cost").then().statusCode(200).extract().asString();
        same("2160000", JSON.readTree(costBody).path("total").decimalValue(), "the cost endpoint");
        String card = given().auth().oauth2(read).get("/v1/teams/alpha/scorecard?grain=quarter&period=2026-Q4").then()
                .statusCode(200).extract().asString();
        JsonNode investment = null;
        for (JsonNode g : JSON.readTree(card).path("groups")) {
            if (g.path("axis").asText().equals("investment")) {
                investment = g;
            }
        }
        assertTrue(investment != null, card);
        assertEquals("partner_cost", investment.path("kpis").get(0).path("kpi").asText());
        same("2160000", investment.path("kpis").get(0).path("value").decimalValue(), "scorecard");
        String csv = new String(given().auth().oauth2(read).accept("text/csv")
                .get("/v1/kpi-values?grain=quarter&teamId=alpha&kpi=partner_cost").then().statusCode(200).extract()
                .asByteArray(), StandardCharsets.UTF_8);
        assertTrue(csv.contains("\nalpha,partner_cost,パートナーコスト,Cost,quarter,2026-Q4,2160000,2160000,,amount,"), csv);
        given().auth().oauth2(read).get("/v1/kpis").then().statusCode(200)
                .body("items.find { it.id == 'partner_cost' }.axis", equalTo("investment"))
                .body("items.find { it.id == 'partner_cost' }.better", equalTo("lower"))
                .body("items.find { it.id == 'ltv_to_cost' }.unit", equalTo("multiple"));
        // another tenant sees none of it
        String other = TestTokens.token("cost-kpis-other", "read");
        given().auth().oauth2(other).get("/v1/kpi-values?grain=month&kpi=partner_cost").then().statusCode(200)
                .body("items.size()", equalTo(0));
    }

    private static long lastChange(String token) throws Exception {
        long since = 0;
        while (true) {
            JsonNode page = JSON.readTree(given().auth().oauth2(token).queryParam("since", since)
                    .queryParam("limit", 1000).get("/v1/kpi-values/changes").then().statusCode(200).extract().asString());
            if (page.path("items").isEmpty()) {
                return since;
            }
            since = page.path("next").asLong();
        }
    }

    private static Map<String, Long> changesAfter(String token, long since) throws Exception {
        Map<String, Long> out = new HashMap<>();
        JsonNode page = JSON.readTree(given().auth().oauth2(token).queryParam("since", since).queryParam("limit", 1000)
                .get("/v1/kpi-values/changes").then().statusCode(200).extract().asString());
        for (JsonNode item : page.path("items")) {
            out.put(item.path("kpi").asText() + " " + item.path("grain").asText() + " " + item.path("period").asText(),
                    item.path("seq").asLong());
        }
        return out;
    }
}
