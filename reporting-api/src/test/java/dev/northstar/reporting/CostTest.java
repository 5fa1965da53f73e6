package dev.northstar.reporting;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.northstar.events.KpiValue;
import dev.northstar.testing.NorthstarInfra;
import dev.northstar.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.parsing.Parser;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A team's cost from its contract versions and its KPI values through the real broker and database: the
 * hand-computed scenario of docs/kpi-definitions.md (a change in the middle of Q4, a quarterly incentive), a value
 * that moves afterwards moving the cost with it (no settlement yet), and the cost seen only within the tenant and
 * the token's teams.
 */
@QuarkusTest
@QuarkusTestResource(NorthstarInfra.class)
class CostTest {

    private static final String T = "cost";

    @BeforeAll
    static void problemDocumentsAreJson() {
        RestAssured.registerParser("application/problem+json", Parser.JSON);
    }

    private static KpiValue cell(String kpi, String grain, String period, String value, String numerator,
            String denominator, String unit, long version) {
        return new KpiValue(T, "alpha", kpi, grain, period, new BigDecimal(value), new BigDecimal(numerator),
                denominator == null ? null : new BigDecimal(denominator), unit, version,
                Instant.parse("2026-12-01T00:00:00Z"));
    }

    private static String cost(String token, String grain, String period, int status) {
        return given().auth().oauth2(token).queryParam("grain", grain).queryParam("period", period)
                .get("/v1/teams/alpha/cost").then().statusCode(status).extract().asString();
    }

    @Test
    void theCostOfAQuarterFollowsTheTermsInForceEachMonthAndTheValuesAsTheyMove() throws Exception {
        TestTeams.register(T, new String[] {"alpha", "アルファ社", "partner"}, new String[] {"beta", "ベータ社", "partner"});
        KpiValuesResourceTest.publish(List.of(
                cell("revenue_won", "month", "2026-10", "3000000", "3000000", null, "amount", 1),
                cell("revenue_won", "month", "2026-11", "2000000", "2000000", null, "amount", 1),
                cell("renewal_rate", "quarter", "2026-Q4", "0.9", "9", "10", "rate", 1),
                // account A, won by alpha on 2026-10-15, recognises 100,000 in each of October, November, December
                // (kpi-calculator's support figure by win month)
                cell("cohort_revenue@2026-10", "month", "2026-10", "100000", "100000", null, "amount", 1),
                cell("cohort_revenue@2026-10", "month", "2026-11", "100000", "100000", null, "amount", 1),
                cell("cohort_revenue@2026-10", "month", "2026-12", "100000", "100000", null, "amount", 1)));
        String read = TestTokens.token(T, "read");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(read)
                .get("/v1/kpi-values?grain=month&teamId=alpha&kpi=revenue_won").then().statusCode(200)
                .body("items", hasSize(2)));
        // the support figures are not served as KPIs
        given().auth().oauth2(read).get("/v1/kpi-values?grain=month&teamId=alpha").then().statusCode(200)
                .body("items.kpi", not(hasItem("cohort_revenue@2026-10")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(read)
                .get("/v1/teams").then().statusCode(200).body("items.teamId", contains("alpha", "beta")));
        // before any terms: no cost, not 0
        given().auth().oauth2(read).queryParam("grain", "quarter").queryParam("period", "2026-Q4")
                .get("/v1/teams/alpha/cost").then().statusCode(200).body("total", equalTo(null))
                .body("months", hasSize(3));
        String admin = TestTokens.token(T, "admin");
        for (String terms : List.of("""
                {"validFrom":"2026-10","monthlyFee":500000,"revenueShare":{"onRevenueWon":0.1},
                 "incentives":[{"kpi":"renewal_rate","grain":"quarter","atLeast":0.9,"amount":300000}]}""", """
                {"validFrom":"2026-11","monthlyFee":400000,
                 "revenueShare":{"onRevenueWon":0.1,"onRecognizedRevenue":0.05,"months":12},
                 "incentives":[{"kpi":"renewal_rate","grain":"quarter","atLeast":0.9,"amount":300000}]}""")) {
            given().auth().oauth2(admin).contentType("application/json").body(terms).post("/v1/teams/alpha/contracts")
                    .then().statusCode(201);
        }
        // the hand-computed scenario: October 800,000; November 605,000 (5 % of A's 100,000 from version 2 on);
        // December 400,000 + 5,000 + the Q4 incentive 300,000
        given().auth().oauth2(read).queryParam("grain", "quarter").queryParam("period", "2026-Q4")
                .get("/v1/teams/alpha/cost").then().statusCode(200)
                .body("currency", equalTo("JPY"))
                .body("months.month", contains("2026-10", "2026-11", "2026-12"))
                .body("months.total", contains(800000, 605000, 705000))
                .body("total", equalTo(2110000))
                .body("missing", hasSize(0))
                .body("months[2].lines.kind", contains("fee", "share_of_revenue_won", "share_of_recognized_revenue",
                        "incentive"))
                .body("months[2].lines[2].explanation", equalTo("0.05 × revenue recognised 100000 from the customers"
                        + " won from 2026-01 to 2026-12"))
                .body("months[2].lines[3].explanation", equalTo("met: renewal_rate ≥ 0.9 in 2026-Q4 (value 0.9)"));
        given().auth().oauth2(read).queryParam("grain", "month").queryParam("period", "2026-10")
                .get("/v1/teams/alpha/cost").then().statusCode(200).body("total", equalTo(800000))
                .body("months[0].lines[1].explanation", equalTo("0.1 × revenue won 3000000"));
        // November's revenue won moves (a late deal), A's late 40,000 of November revenue arrives and Q4's renewals
        // fall below the threshold: the cost follows
        KpiValuesResourceTest.publish(List.of(
                cell("revenue_won", "month", "2026-11", "2500000", "2500000", null, "amount", 2),
                cell("cohort_revenue@2026-10", "month", "2026-11", "140000", "140000", null, "amount", 2),
                cell("renewal_rate", "quarter", "2026-Q4", "0.8", "8", "10", "rate", 2)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(read)
                .queryParam("grain", "quarter").queryParam("period", "2026-Q4").get("/v1/teams/alpha/cost").then()
                .statusCode(200).body("months.total", contains(800000, 657000, 405000)).body("total", equalTo(1862000)));
    }

    @Test
    void aSettledMonthStaysAsSettledAndWhatMovesAfterIsCarriedIntoTheFirstOpenMonth() throws Exception {
        String tenant = "cost-settle";
        TestTeams.register(tenant, new String[] {"gamma", "ガンマ社", "partner"});
        KpiValuesResourceTest.publish(List.of(
                new KpiValue(tenant, "gamma", "revenue_won", "month", "2026-10", new BigDecimal("1000000"),
                        new BigDecimal("1000000"), null, "amount", 1, Instant.parse("2026-12-01T00:00:00Z")),
                new KpiValue(tenant, "gamma", "revenue_won", "month", "2026-11", new BigDecimal("2000000"),
                        new BigDecimal("2000000"), null, "amount", 1, Instant.parse("2026-12-01T00:00:00Z"))));
        String read = TestTokens.token(tenant, "read");
        String admin = TestTokens.token(tenant, "admin");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(read)
                .get("/v1/kpi-values?grain=month&teamId=gamma&kpi=revenue_won").then().statusCode(200)
                .body("items", hasSize(2)));
        given().auth().oauth2(admin).contentType("application/json")
                .body("{\"validFrom\":\"2026-10\",\"monthlyFee\":400000,\"revenueShare\":{\"onRevenueWon\":0.1}}")
                .post("/v1/teams/gamma/contracts").then().statusCode(201);
        // a month settles after its end, and (after the first) in order; a reader cannot settle
        given().auth().oauth2(admin).contentType("application/json").body("{\"month\":\"2099-01\"}")
                .post("/v1/teams/gamma/settlements").then().statusCode(409);
        given().auth().oauth2(admin).contentType("application/json").body("{\"month\":\"2026-09\"}")
                .post("/v1/teams/gamma/settlements").then().statusCode(409);
        given().auth().oauth2(admin).contentType("application/json").body("{\"month\":\"soon\"}")
                .post("/v1/teams/gamma/settlements").then().statusCode(400).body("errors[0].pointer", equalTo("/month"));
        given().auth().oauth2(read).contentType("application/json").body("{\"month\":\"2026-10\"}")
                .post("/v1/teams/gamma/settlements").then().statusCode(403);
        // nor does the partner's own lead, even as an admin limited to its team
        given().auth().oauth2(TestTokens.limited(List.of("gamma"), tenant, "admin")).contentType("application/json")
                .body("{\"month\":\"2026-10\"}").post("/v1/teams/gamma/settlements").then().statusCode(403);
        given().auth().oauth2(admin).contentType("application/json").body("{\"month\":\"2026-10\"}")
                .post("/v1/teams/gamma/settlements").then().statusCode(201).body("total", equalTo(500000))
                .body("settled", equalTo(true));
        given().auth().oauth2(admin).contentType("application/json").body("{\"month\":\"2026-10\"}")
                .post("/v1/teams/gamma/settlements").then().statusCode(409);
        given().auth().oauth2(admin).contentType("application/json").body("{\"month\":\"2026-11\"}")
                .post("/v1/teams/gamma/settlements").then().statusCode(201).body("total", equalTo(600000));
        // November's revenue won moves by +50,000 after it was settled (a late deal)
        KpiValuesResourceTest.publish(List.of(new KpiValue(tenant, "gamma", "revenue_won", "month", "2026-11",
                new BigDecimal("2050000"), new BigDecimal("2050000"), null, "amount", 2,
                Instant.parse("2026-12-02T00:00:00Z"))));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(read)
                .queryParam("grain", "quarter").queryParam("period", "2026-Q4").get("/v1/teams/gamma/cost").then()
                .statusCode(200)
                .body("months.settled", contains(true, true, false))
                .body("months.total", contains(500000, 600000, 405000))
                .body("months[1].liveTotal", equalTo(605000))
                .body("months[2].lines.kind", contains("fee", "share_of_revenue_won", "adjustment"))
                .body("months[2].lines[2].adjusts", equalTo("2026-11"))
                .body("months[2].lines[2].amount", equalTo(5000))
                .body("total", equalTo(1505000)));
        given().auth().oauth2(read).get("/v1/teams/gamma/settlements").then().statusCode(200)
                .body("items.month", contains("2026-10", "2026-11")).body("items.total", contains(500000, 600000));
        // two settlements racing from the same state cannot both be stored: a second "first" month is refused by the
        // table's key even when no check in the code saw the first (V12)
        var racing = new dev.northstar.reporting.entity.CostSettlement();
        racing.tenant = tenant;
        racing.teamId = "gamma";
        racing.month = "2026-09";
        racing.previousMonth = "";
        racing.contractId = java.util.UUID.randomUUID();
        racing.total = BigDecimal.ONE;
        racing.lines = "[]";
        racing.settledAt = java.time.OffsetDateTime.now();
        Throwable refused = org.junit.jupiter.api.Assertions.assertThrows(Throwable.class,
                () -> io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(() -> settlements.add(racing)));
        org.junit.jupiter.api.Assertions.assertTrue(dev.northstar.reporting.repository.Entities.isUniqueViolation(refused), String.valueOf(refused));
        given().auth().oauth2(read).get("/v1/teams/gamma/settlements").then().statusCode(200)
                .body("items.month", contains("2026-10", "2026-11"));
        // another tenant neither reads nor settles them
        given().auth().oauth2(TestTokens.token("cost-other", "admin")).get("/v1/teams/gamma/settlements").then()
                .statusCode(404);
        given().auth().oauth2(TestTokens.token("cost-other", "admin")).contentType("application/json")
                .body("{\"month\":\"2026-12\"}").post("/v1/teams/gamma/settlements").then().statusCode(404);
    }

    @Inject
    dev.northstar.reporting.contract.AutomaticClose close;

    @Inject
    dev.northstar.reporting.repository.SettlementRepository settlements;

    @Test
    void monthsCloseByThemselvesTheConfiguredDaysAfterTheirEndInOrderAndOnce() throws Throwable {
        // cost-auto settles 3 days after a month's end, cost-auto-late 5 (application.properties, test profile)
        for (String tenant : List.of("cost-auto", "cost-auto-late")) {
            TestTeams.register(tenant, new String[] {"auto", "Auto", "partner"});
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth()
                    .oauth2(TestTokens.token(tenant, "read")).get("/v1/teams").then().statusCode(200)
                    .body("items.teamId", contains("auto")));
            given().auth().oauth2(TestTokens.token(tenant, "admin")).contentType("application/json")
                    .body("{\"validFrom\":\"2026-09\",\"monthlyFee\":100000}").post("/v1/teams/auto/contracts").then()
                    .statusCode(201);
        }
        // on 2026-12-04: September, October and November are due at 3 days; at 5, November is not (due on the 6th)
        // on a Vert.x context, as the scheduler runs it (Hibernate Reactive needs one)
        int settled = io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(() -> close.run(
                java.time.LocalDate.of(2026, 12, 4)));
        assertEquals(5, settled);
        given().auth().oauth2(TestTokens.token("cost-auto", "read")).get("/v1/teams/auto/settlements").then()
                .statusCode(200).body("items.month", contains("2026-09", "2026-10", "2026-11"))
                .body("items.total", contains(100000, 100000, 100000))
                .body("items[0].settledBy", equalTo("automatic close after 3 days"));
        given().auth().oauth2(TestTokens.token("cost-auto-late", "read")).get("/v1/teams/auto/settlements").then()
                .statusCode(200).body("items.month", contains("2026-09", "2026-10"));
        // once: a second run settles nothing again
        assertEquals(0, io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(() -> close.run(
                java.time.LocalDate.of(2026, 12, 4))));
    }

    @Test
    void aCostIsMonthlyAndOnlyForTheTeamsATokenSees() throws Exception {
        TestTeams.register(T, new String[] {"alpha", "アルファ社", "partner"}, new String[] {"beta", "ベータ社", "partner"});
        String read = TestTokens.token(T, "read");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(read)
                .get("/v1/teams").then().statusCode(200).body("items.teamId", contains("alpha", "beta")));
        given().auth().oauth2(read).queryParam("grain", "week").queryParam("period", "2026-W45")
                .get("/v1/teams/alpha/cost").then().statusCode(400).body("errors[0].pointer", equalTo("/grain"));
        given().auth().oauth2(read).queryParam("grain", "quarter").queryParam("period", "2026-13")
                .get("/v1/teams/alpha/cost").then().statusCode(400).body("errors[0].pointer", equalTo("/period"));
        cost(TestTokens.token("cost-other", "read"), "month", "2026-10", 404);
        cost(TestTokens.limited(List.of("beta"), T, "read"), "month", "2026-10", 404);
        cost(TestTokens.limited(List.of("alpha"), T, "read"), "month", "2026-10", 200);
        cost(TestTokens.token(T, "ingest"), "month", "2026-10", 403);
    }
}
