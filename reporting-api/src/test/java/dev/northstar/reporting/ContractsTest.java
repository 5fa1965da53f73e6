package dev.northstar.reporting;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.northstar.testing.NorthstarInfra;
import dev.northstar.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.parsing.Parser;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Contract terms (issue 23): versions recorded by an admin, in force from a month until the next, never overwritten
 * (not even by SQL), every invalid field named, and seen only within the tenant and the token's teams.
 */
@QuarkusTest
@QuarkusTestResource(NorthstarInfra.class)
class ContractsTest {

    private static final String T = "contracts";
    private static boolean registered;

    @Inject
    Pool pool;

    @BeforeAll
    static void problemDocumentsAreJson() {
        RestAssured.registerParser("application/problem+json", Parser.JSON);
    }

    private static RequestSpecification admin() {
        return given().auth().oauth2(TestTokens.token(T, "admin")).contentType("application/json");
    }

    private static synchronized void teams() throws Exception {
        if (registered) {
            return;
        }
        TestTeams.register(T, new String[] {"alpha", "アルファ社", "partner"},
                new String[] {"beta", "ベータ社", "partner"}, new String[] {"gamma", "ガンマ社", "partner"},
                new String[] {"delta", "自社営業部", "in_house"});
        TestTeams.register("contracts-other", new String[] {"alpha", "Other tenant's alpha", "partner"});
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(TestTokens.token(T, "read"))
                .get("/v1/teams").then().statusCode(200).body("items.teamId", containsInAnyOrder("alpha", "beta",
                        "gamma", "delta")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth()
                .oauth2(TestTokens.token("contracts-other", "read")).get("/v1/teams").then().statusCode(200)
                .body("items.teamId", contains("alpha")));
        registered = true;
    }

    @Test
    void versionsAreInForceFromTheirMonthUntilTheNextAndNeverOverwritten() throws Exception {
        teams();
        String v1 = admin().body("""
                {"validFrom":"2026-10","monthlyFee":500000,"revenueShare":{"onRevenueWon":0.1},
                 "incentives":[{"kpi":"renewal_rate","grain":"quarter","atLeast":0.9,"amount":300000}]}""")
                .post("/v1/teams/alpha/contracts").then().statusCode(201)
                .header("Location", containsString("/v1/teams/alpha/contracts/"))
                .body("terms.monthlyFee", equalTo(500000)).body("terms.revenueShare.onRevenueWon", equalTo(0.1f))
                .body("terms.incentives[0].kpi", equalTo("renewal_rate")).body("inForceUntil", nullValue())
                .extract().path("id");
        String v2 = admin().body("""
                {"validFrom":"2026-11","monthlyFee":400000,
                 "revenueShare":{"onRevenueWon":0.1,"onRecognizedRevenue":0.05,"months":12},
                 "incentives":[{"kpi":"renewal_rate","grain":"quarter","atLeast":0.9,"amount":300000}],
                 "note":"second year: a share of what its customers pay"}""")
                .post("/v1/teams/alpha/contracts").then().statusCode(201).extract().path("id");
        String read = TestTokens.token(T, "read");
        given().auth().oauth2(read).get("/v1/teams/alpha/contracts").then().statusCode(200)
                .body("items.id", contains(v1, v2)).body("items.inForceUntil", contains("2026-11", null))
                .body("items.replaced", contains(false, false));
        given().auth().oauth2(read).get("/v1/teams/alpha/contracts/in-force?month=2026-09").then().statusCode(404)
                .body("detail", containsString("2026-09"));
        given().auth().oauth2(read).get("/v1/teams/alpha/contracts/in-force?month=2026-10").then().statusCode(200)
                .body("id", equalTo(v1));
        given().auth().oauth2(read).get("/v1/teams/alpha/contracts/in-force?month=2027-03").then().statusCode(200)
                .body("id", equalTo(v2)).body("terms.revenueShare.months", equalTo(12));
        // a correction of November: a new version of the same month replaces v2 from then on; v2 stays listed
        String v3 = admin().body("""
                {"validFrom":"2026-11","monthlyFee":450000,"revenueShare":{"onRevenueWon":0.1}}""")
                .post("/v1/teams/alpha/contracts").then().statusCode(201).extract().path("id");
        given().auth().oauth2(read).get("/v1/teams/alpha/contracts").then().statusCode(200)
                .body("items.id", contains(v1, v2, v3)).body("items.replaced", contains(false, true, false));
        given().auth().oauth2(read).get("/v1/teams/alpha/contracts/in-force?month=2026-12").then().statusCode(200)
                .body("id", equalTo(v3)).body("terms.monthlyFee", equalTo(450000));
        given().auth().oauth2(read).get("/v1/teams/alpha/contracts/" + v2).then().statusCode(200)
                .body("terms.monthlyFee", equalTo(400000)).body("replaced", equalTo(true));
        // not even SQL changes or removes a version
        for (String sql : List.of("UPDATE team_contract SET monthly_fee = 1 WHERE tenant = 'contracts'",
                "DELETE FROM team_contract WHERE tenant = 'contracts'")) {
            Throwable failure = pool.query(sql).execute().onItem().<Throwable>transform(rows -> null)
                    .onFailure().recoverWithItem(e -> e).await().atMost(Duration.ofSeconds(10));
            assertTrue(failure != null && failure.getMessage().contains("never changed or deleted"), sql);
        }
        given().auth().oauth2(read).get("/v1/teams/alpha/contracts/" + v1).then().statusCode(200)
                .body("terms.monthlyFee", equalTo(500000));
    }

    @Test
    void anInHouseTeamRecordsItsLoadedCost() throws Exception {
        teams();
        admin().body("""
                {"validFrom":"2026-10","inHouse":{"headcount":5,"monthlyCostPerHead":800000,
                 "hiringCostPerHead":1500000,"trainingCostPerHead":500000,"rampUpMonths":6}}""")
                .post("/v1/teams/delta/contracts").then().statusCode(201)
                .body("terms.inHouse.headcount", equalTo(5)).body("terms.inHouse.rampUpMonths", equalTo(6));
        // a partner's terms on an in-house team, and the other way round, are refused by name
        admin().body("{\"validFrom\":\"2026-10\",\"monthlyFee\":1}").post("/v1/teams/delta/contracts").then()
                .statusCode(400).body("errors.pointer", contains("/monthlyFee"));
        admin().body("{\"validFrom\":\"2026-10\",\"inHouse\":{\"headcount\":1,\"monthlyCostPerHead\":1}}")
                .post("/v1/teams/beta/contracts").then().statusCode(400).body("errors.pointer", contains("/inHouse"));
    }

    @Test
    void everyInvalidFieldIsNamedAtOnce() throws Exception {
        teams();
        admin().body("""
                {"validFrom":"2026-13","monthlyFee":-1,
                 "revenueShare":{"onRevenueWon":1.5,"months":0},
                 "incentives":[{"kpi":"happiness","grain":"week","amount":1},{"kpi":"nps","grain":"month","atLeast":50,
                   "atMost":60,"amount":0.0000001}],
                 "surprise":true}""")
                .post("/v1/teams/gamma/contracts").then().statusCode(400).contentType("application/problem+json")
                .body("errors.pointer", containsInAnyOrder("/surprise", "/validFrom", "/monthlyFee",
                        "/revenueShare/onRevenueWon", "/revenueShare/months", "/incentives/0/kpi",
                        "/incentives/0/grain", "/incentives/1/amount"));
        // what the constraints cannot see alone: one threshold, the months of a recognised-revenue share, some term
        admin().body("""
                {"validFrom":"2026-10","revenueShare":{"onRecognizedRevenue":0.05},
                 "incentives":[{"kpi":"nps","grain":"month","amount":1}]}""")
                .post("/v1/teams/gamma/contracts").then().statusCode(400)
                .body("errors.pointer", contains("/revenueShare/months", "/incentives/0"));
        admin().body("{\"validFrom\":\"2026-10\"}").post("/v1/teams/gamma/contracts").then().statusCode(400)
                .body("errors[0].pointer", equalTo(""));
        // thresholds are KPI values: bounded like a cell, never an exponent to expand
        admin().body("""
                {"validFrom":"2026-10","incentives":[{"kpi":"nps","grain":"month","atLeast":1e999999999,"amount":1},
                 {"kpi":"nps","grain":"month","atMost":-1E+20,"amount":1},
                 {"kpi":"nps","grain":"month","atLeast":0.0000001,"amount":1}]}""")
                .post("/v1/teams/gamma/contracts").then().statusCode(400)
                .body("errors.pointer", containsInAnyOrder("/incentives/0/atLeast", "/incentives/0/atLeast",
                        "/incentives/1/atMost", "/incentives/1/atMost", "/incentives/2/atLeast"));
        // an incentive judged on a cost KPI would include itself in what it is judged on: refused
        admin().body("""
                {"validFrom":"2026-10","monthlyFee":1,
                 "incentives":[{"kpi":"ltv_to_cost","grain":"quarter","atLeast":3,"amount":1000000},
                 {"kpi":"partner_cost","grain":"month","atMost":500000,"amount":1}]}""")
                .post("/v1/teams/gamma/contracts").then().statusCode(400)
                .body("errors.pointer", contains("/incentives/0/kpi", "/incentives/1/kpi"));
        // a string where an object belongs is a 400, not a 500
        admin().body("{\"validFrom\":\"2026-10\",\"revenueShare\":\"ten percent\"}").post("/v1/teams/gamma/contracts")
                .then().statusCode(400).body("errors.pointer", contains("/revenueShare"));
        given().auth().oauth2(TestTokens.token(T, "read")).get("/v1/teams/gamma/contracts").then().statusCode(200)
                .body("items", hasSize(0));
        given().auth().oauth2(TestTokens.token(T, "read")).get("/v1/teams/gamma/contracts/in-force?month=soon").then()
                .statusCode(400).body("errors[0].pointer", equalTo("/month"));
    }

    @Test
    void onlyTheTenantsAdminsWriteAndOnlyItsTeamsReadersRead() throws Exception {
        teams();
        String location = admin().body("{\"validFrom\":\"2026-10\",\"monthlyFee\":700000}")
                .post("/v1/teams/beta/contracts").then().statusCode(201).extract().header("Location");
        String path = URI.create(location).getPath();
        // a reader reads, never writes
        given().auth().oauth2(TestTokens.token(T, "read")).contentType("application/json")
                .body("{\"validFrom\":\"2026-10\",\"monthlyFee\":1}").post("/v1/teams/beta/contracts").then()
                .statusCode(403);
        given().auth().oauth2(TestTokens.token(T, "ingest")).get(path).then().statusCode(403);
        // another tenant: its own alpha has no such version, beta does not exist for it, and it records nothing here
        String other = TestTokens.token("contracts-other", "admin");
        given().auth().oauth2(other).get(path).then().statusCode(404);
        given().auth().oauth2(other).get(path.replace("/beta/", "/alpha/")).then().statusCode(404);
        given().auth().oauth2(other).contentType("application/json").body("{\"validFrom\":\"2026-10\",\"monthlyFee\":1}")
                .post("/v1/teams/beta/contracts").then().statusCode(404);
        given().auth().oauth2(other).get("/v1/teams/alpha/contracts").then().statusCode(200).body("items", hasSize(0));
        // a partner's lead (limited to alpha) reads alpha's terms only; beta's are a team that does not exist
        String alphaLead = TestTokens.limited(List.of("alpha"), T, "read");
        given().auth().oauth2(alphaLead).get("/v1/teams/alpha/contracts").then().statusCode(200);
        String forBeta = given().auth().oauth2(alphaLead).get(path).then().statusCode(404).extract().asString();
        String forNobody = given().auth().oauth2(alphaLead).get("/v1/teams/nobody/contracts").then().statusCode(404)
                .extract().asString();
        assertEquals(forNobody, given().auth().oauth2(alphaLead).get("/v1/teams/beta/contracts").then()
                .statusCode(404).extract().asString());
        assertTrue(!forBeta.contains("700000"), forBeta);
        // an admin limited to alpha (a partner's own lead) records no terms: not another team's (404), nor its own
        // pay (403)
        String alphaAdmin = TestTokens.limited(List.of("alpha"), T, "admin");
        given().auth().oauth2(alphaAdmin).contentType("application/json")
                .body("{\"validFrom\":\"2026-10\",\"monthlyFee\":1}").post("/v1/teams/beta/contracts").then()
                .statusCode(404);
        given().auth().oauth2(alphaAdmin).contentType("application/json")
                .body("{\"validFrom\":\"2026-10\",\"monthlyFee\":99999999}").post("/v1/teams/alpha/contracts")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(alphaAdmin).get("/v1/teams/alpha/contracts").then().statusCode(200)
                .body("items.monthlyFee", not(hasItem(99999999)));
    }
}
