package dev.northstar.reporting;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.northstar.events.InsightValue;
import dev.northstar.events.KpiValue;
import dev.northstar.events.json.EventJson;
import dev.northstar.testing.NorthstarInfra;
import dev.northstar.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.parsing.Parser;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pilots against the real broker and database: a hand-made scenario of two pilot teams (and one outside the pilot)
 * published as overall and scoped month values over two months before the pilot and its two months; the report's
 * inside, outside and before values and differences computed by hand for a count, a ratio and an average; the
 * Markdown; validation naming each field; who may record, see and remove a pilot.
 */
@QuarkusTest
@QuarkusTestResource(NorthstarInfra.class)
class PilotsTest {

    private static final String T = "pilots";
    private static final String P = "product:payroll";
    private static final Instant AT = Instant.parse("2026-11-01T00:00:00Z");
    private static final String HOSTILE = "<script>alert(1)</script> | *価格* [x](javascript:alert(2))";

    @BeforeAll
    static void problemDocumentsAreJson() {
        RestAssured.registerParser("application/problem+json", Parser.JSON);
    }

    private static KpiValue count(String team, String kpi, String period, String scope, int n) {
        return new KpiValue(T, team, kpi, "month", period, new BigDecimal(n), new BigDecimal(n), null, "count", 1, AT,
                null, scope);
    }

    private static KpiValue ratio(String team, String kpi, String period, String scope, long n, long d) {
        return new KpiValue(T, team, kpi, "month", period,
                new BigDecimal(n).divide(new BigDecimal(d), 6, java.math.RoundingMode.HALF_EVEN), new BigDecimal(n),
                new BigDecimal(d), "ratio", 1, AT, null, scope);
    }

    private static InsightValue insight(String id, String team, String text, List<String> kpis, String at) {
        return new InsightValue(T, id, team, null, null, text, List.of("loss_reason"), kpis, "insight.captured",
                Instant.parse(at), 1);
    }

    private static final Object LOCK = new Object();
    private static boolean seeded;

    /**
     * alpha and beta are the pilot's teams (payroll, 2026-09 to 2026-10; before: 2026-07 and 2026-08); gamma is not.
     * By hand:
     * <pre>
     * deals_won  inside 3+4+2+2 = 11; overall 6+7+3+5 = 21, outside 10; before 1+2+1 = 4      (+1 better, +7 better)
     * win_rate   inside 11/20 = 0.55; overall 21/40, outside 10/20 = 0.5; before 4/10 = 0.4  (+0.05, +0.15 better)
     * new_customer_avg_ltv inside 2,000,000/2 = 1,000,000; overall 7,000,000/4, outside 5,000,000/2 = 2,500,000;
     *            before 0/0 = none                                                 (−1,500,000 worse, unknown)
     * </pre>
     * (the mean of the inside rates, 0.57, is not the pooled 0.55)
     */
    static void seed() throws Exception {
        synchronized (LOCK) {
            if (seeded) {
                return;
            }
            List<KpiValue> v = new ArrayList<>();
            // deals_won: overall and payroll
            v.add(count("alpha", "deals_won", "2026-07", null, 4));
            v.add(count("alpha", "deals_won", "2026-08", null, 5));
            v.add(count("alpha", "deals_won", "2026-09", null, 6));
            v.add(count("alpha", "deals_won", "2026-10", null, 7));
            v.add(count("alpha", "deals_won", "2026-06", P, 77)); // before the "before" months
            v.add(count("alpha", "deals_won", "2026-07", P, 1));
            v.add(count("alpha", "deals_won", "2026-08", P, 2));
            v.add(count("alpha", "deals_won", "2026-09", P, 3));
            v.add(count("alpha", "deals_won", "2026-10", P, 4));
            v.add(count("alpha", "deals_won", "2026-11", P, 99)); // after the pilot
            v.add(count("alpha", "deals_won", "2026-09", "segment:smb", 40)); // another scope
            v.add(count("beta", "deals_won", "2026-07", null, 2));
            v.add(count("beta", "deals_won", "2026-08", null, 2));
            v.add(count("beta", "deals_won", "2026-09", null, 3));
            v.add(count("beta", "deals_won", "2026-10", null, 5));
            v.add(count("beta", "deals_won", "2026-07", P, 1));
            v.add(count("beta", "deals_won", "2026-09", P, 2));
            v.add(count("beta", "deals_won", "2026-10", P, 2));
            v.add(count("gamma", "deals_won", "2026-09", null, 100)); // not a pilot team
            v.add(count("gamma", "deals_won", "2026-09", P, 50));
            // win_rate
            v.add(ratio("alpha", "win_rate", "2026-09", null, 6, 10));
            v.add(ratio("alpha", "win_rate", "2026-10", null, 7, 10));
            v.add(ratio("alpha", "win_rate", "2026-07", P, 1, 2));
            v.add(ratio("alpha", "win_rate", "2026-08", P, 2, 4));
            v.add(ratio("alpha", "win_rate", "2026-09", P, 3, 4));
            v.add(ratio("alpha", "win_rate", "2026-10", P, 4, 5));
            v.add(ratio("beta", "win_rate", "2026-09", null, 3, 10));
            v.add(ratio("beta", "win_rate", "2026-10", null, 5, 10));
            v.add(ratio("beta", "win_rate", "2026-07", P, 1, 4));
            v.add(ratio("beta", "win_rate", "2026-09", P, 2, 5));
            v.add(ratio("beta", "win_rate", "2026-10", P, 2, 6));
            v.add(ratio("gamma", "win_rate", "2026-09", P, 9, 9));
            // new_customer_avg_ltv: an average (Σ LTV ÷ customers)
            v.add(ratio("alpha", "new_customer_avg_ltv", "2026-09", null, 3_000_000, 2));
            v.add(ratio("alpha", "new_customer_avg_ltv", "2026-09", P, 1_000_000, 1));
            v.add(ratio("beta", "new_customer_avg_ltv", "2026-10", null, 4_000_000, 2));
            v.add(ratio("beta", "new_customer_avg_ltv", "2026-10", P, 1_000_000, 1));
            // another tenant's payroll values of alpha
            v.add(new KpiValue("pilots-other", "alpha", "deals_won", "month", "2026-09", BigDecimal.TEN,
                    BigDecimal.TEN, null, "count", 1, AT, null, P));
            KpiValuesResourceTest.publish(v);
            TeamReportsTest.publishInsights(List.of(
                    insight("a1", "alpha", "決裁者に会えた", List.of("win_rate"), "2026-09-15T03:00:00Z"),
                    insight("b1", "beta", HOSTILE, List.of("win_rate", "deals_won"), "2026-10-20T03:00:00Z"),
                    insight("g1", "gamma", "ガンマの話", List.of("win_rate"), "2026-09-10T03:00:00Z"),
                    insight("a0", "alpha", "開始前の話", List.of("win_rate"), "2026-08-01T03:00:00Z"),
                    insight("a2", "alpha", "受注の話", List.of("deals_won"), "2026-09-05T03:00:00Z")));
            String read = TestTokens.token(T, "read");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                given().auth().oauth2(read).get("/v1/kpi-values/changes?scope=*&limit=1000").then().statusCode(200)
                        .body("items", hasSize(21));
                given().auth().oauth2(read).get("/v1/kpi-values/changes?limit=1000").then().statusCode(200)
                        .body("items", hasSize(15));
            });
            seeded = true;
        }
    }

    private static String body(String name, String teams, String kpis) {
        return """
                {"name":"%s","teams":[%s],"product":"payroll","segment":"enterprise","start":"2026-09","end":"2026-10",
                 "kpis":[%s]}""".formatted(name, teams, kpis);
    }

    private static String create(String name, String teams) {
        Response r = given().auth().oauth2(TestTokens.token(T, "admin")).contentType("application/json")
                .body(body(name, teams, "\"deals_won\",\"win_rate\",\"new_customer_avg_ltv\",\"renewal_rate\""))
                .post("/v1/pilots");
        r.then().statusCode(201).body("scope", equalTo(P));
        String id = r.jsonPath().getString("id");
        assertTrue(r.header("Location").endsWith("/v1/pilots/" + id), r.header("Location"));
        return id;
    }

    private static BigDecimal dec(JsonNode node) {
        return node == null || node.isNull() ? null : node.decimalValue();
    }

    private static void assertDec(String expected, JsonNode actual, String what) {
        if (expected == null) {
            assertTrue(actual == null || actual.isNull(), what + ": " + actual);
            return;
        }
        assertEquals(0, new BigDecimal(expected).compareTo(dec(actual)), what + ": " + actual);
    }

    private static JsonNode kpi(JsonNode report, String id) {
        for (JsonNode k : report.get("kpis")) {
            if (k.get("kpi").asText().equals(id)) {
                return k;
            }
        }
        throw new AssertionError(id + " not in " + report);
    }

    private static void assertPart(JsonNode part, String n, String d, String value, String what) {
        assertDec(n, part.get("numerator"), what + " numerator");
        assertDec(d, part.get("denominator"), what + " denominator");
        assertDec(value, part.get("value"), what + " value");
    }

    @Test
    void theReportPoolsThePilotsTeamsInsideOutsideAndBeforeAsComputedByHand() throws Exception {
        seed();
        String id = create("給与計算パイロット " + HOSTILE, "\"alpha\",\"beta\"");
        String read = TestTokens.token(T, "read");
        // the insights travel through their own topic: the report is read once they are there
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(read)
                .get("/v1/pilots/" + id + "/report").then().statusCode(200)
                .body("kpis.find { it.kpi == 'win_rate' }.insights.id", equalTo(List.of("b1", "a1")))
                .body("kpis.find { it.kpi == 'deals_won' }.insights.id", equalTo(List.of("b1", "a2"))));
        JsonNode r = EventJson.MAPPER.readTree(given().auth().oauth2(read).get("/v1/pilots/" + id + "/report")
                .then().statusCode(200).extract().asString());
        assertEquals(P, r.get("scope").asText(), "with a product and a segment: the product scope");
        assertEquals("[\"2026-09\",\"2026-10\"]", r.get("months").toString());
        assertEquals("[\"2026-07\",\"2026-08\"]", r.get("beforeMonths").toString());
        assertEquals(2, r.get("monthsElapsed").asInt());
        assertEquals(2, r.get("monthsWithData").asInt());
        assertEquals(2, r.get("monthsWithScopedData").asInt());

        JsonNode deals = kpi(r, "deals_won");
        assertPart(deals.get("inside"), "11", "0", "11", "deals_won inside");
        assertPart(deals.get("outside"), "10", "0", "10", "deals_won outside");
        assertPart(deals.get("before"), "4", "0", "4", "deals_won before");
        assertDec("1", deals.get("insideMinusOutside"), "deals_won inside − outside");
        assertEquals("better", deals.get("versusOutside").asText());
        assertDec("7", deals.get("insideMinusBefore"), "deals_won inside − before");
        assertEquals("better", deals.get("versusBefore").asText());
        assertFalse(deals.get("lowerIsBetter").asBoolean());

        JsonNode win = kpi(r, "win_rate");
        assertPart(win.get("inside"), "11", "20", "0.55", "win_rate inside");
        assertPart(win.get("outside"), "10", "20", "0.5", "win_rate outside");
        assertPart(win.get("before"), "4", "10", "0.4", "win_rate before");
        assertDec("0.05", win.get("insideMinusOutside"), "win_rate inside − outside");
        assertDec("0.15", win.get("insideMinusBefore"), "win_rate inside − before");
        assertEquals("better", win.get("versusOutside").asText());
        assertEquals("better", win.get("versusBefore").asText());
        assertEquals(2, win.get("insightsTotal").asInt(), "gamma's and the August insight are not the pilot's");
        assertEquals(HOSTILE, win.get("insights").get(0).get("text").asText());
        assertEquals("beta", win.get("insights").get(0).get("teamId").asText());

        JsonNode ltv = kpi(r, "new_customer_avg_ltv");
        assertPart(ltv.get("inside"), "2000000", "2", "1000000", "ltv inside");
        assertPart(ltv.get("outside"), "5000000", "2", "2500000", "ltv outside");
        assertPart(ltv.get("before"), "0", "0", null, "ltv before: no customers, no average");
        assertDec("-1500000", ltv.get("insideMinusOutside"), "ltv inside − outside");
        assertEquals("worse", ltv.get("versusOutside").asText());
        assertNull(dec(ltv.get("insideMinusBefore")));
        assertEquals("unknown", ltv.get("versusBefore").asText());

        JsonNode renewal = kpi(r, "renewal_rate");
        assertPart(renewal.get("inside"), "0", "0", null, "renewal_rate without values");
        assertEquals("unknown", renewal.get("versusOutside").asText());

        // the Markdown: the same numbers, every text from users and events escaped
        String md = given().auth().oauth2(read).accept("text/markdown").get("/v1/pilots/" + id + "/report").then()
                .statusCode(200).contentType(startsWith("text/markdown")).extract().asString();
        assertTrue(md.startsWith("# Pilot / パイロット: 給与計算パイロット &lt;script&gt;alert\\(1\\)&lt;/script&gt; \\|"),
                md);
        assertTrue(md.contains("| 11 | 10 | 1 better | 4 | 7 better |"), md);
        assertTrue(md.contains("| 0.55 (11/20) | 0.5 (10/20) | 0.05 better | 0.4 (4/10) | 0.15 better |"), md);
        assertTrue(md.contains("| 1000000 (2000000/2) | 2500000 (5000000/2) | -1500000 worse | — | — unknown |"), md);
        assertTrue(md.contains("- &lt;script&gt;alert\\(1\\)&lt;/script&gt; \\| \\*価格\\*"
                + " \\[x\\]\\(javascript:alert\\(2\\)\\) — `beta`"), md);
        assertFalse(md.contains("<script>"), md);
        assertFalse(md.contains("No values of"), md);
        assertTrue(md.contains("2026-09 to 2026-10 (2 of 2 so far, 2 with data, 2 with values of the scope);"
                + " before: 2026-07 to 2026-08"), md);
    }

    @Test
    void aPilotNotStartedYetHasNoValuesAndSaysSo() throws Exception {
        seed();
        String admin = TestTokens.token(T, "admin");
        String id = given().auth().oauth2(admin).contentType("application/json").body("""
                {"name":"future","teams":["alpha"],"segment":"smb","start":"2090-01","end":"2090-02",
                 "kpis":["deals_won"]}""").post("/v1/pilots").then().statusCode(201).body("scope",
                equalTo("segment:smb")).extract().path("id");
        JsonNode r = EventJson.MAPPER.readTree(given().auth().oauth2(admin).get("/v1/pilots/" + id + "/report")
                .then().statusCode(200).extract().asString());
        assertEquals(0, r.get("monthsElapsed").asInt());
        assertEquals(0, r.get("monthsWithScopedData").asInt());
        assertEquals(2, r.get("months").size());
        assertEquals("[]", r.get("beforeMonths").toString());
        assertNull(dec(kpi(r, "deals_won").get("inside").get("value")), "months that have not happened count nothing");
        assertEquals("unknown", kpi(r, "deals_won").get("versusOutside").asText());
    }

    @Test
    void invalidPilotsAreProblemsNamingEachField() throws Exception {
        seed();
        String admin = TestTokens.token(T, "admin");
        given().auth().oauth2(admin).contentType("application/json").body("""
                {"name":"","teams":[],"product":"","start":"2026-13","end":"2026","kpis":["nope"],"colour":"red"}""")
                .post("/v1/pilots").then().statusCode(400).contentType("application/problem+json")
                .body("errors.pointer", containsInAnyOrder("/name", "/teams", "/product", "/start", "/end",
                        "/kpis/0", "/colour"));
        given().auth().oauth2(admin).contentType("application/json").body("""
                {"name":"x","teams":["alpha","alpha"],"start":"2026-10","end":"2026-09",
                 "kpis":["partner_cost","win_rate","win_rate"]}""")
                .post("/v1/pilots").then().statusCode(400).contentType("application/problem+json")
                .body("errors.pointer", containsInAnyOrder("/product", "/end", "/teams/1", "/kpis/0", "/kpis/2"));
        given().auth().oauth2(admin).contentType("application/json").body("""
                {"name":"x","teams":["alpha"],"segment":"smb","start":"2026-01","end":"2029-01","kpis":["win_rate"]}""")
                .post("/v1/pilots").then().statusCode(400).body("errors.pointer", equalTo(List.of("/end")));
        given().auth().oauth2(admin).contentType("application/json").body("""
                {"name":"x","teams":["alpha","nosuch"],"segment":"smb","start":"2026-01","end":"2026-02",
                 "kpis":["win_rate"]}""")
                .post("/v1/pilots").then().statusCode(400).body("errors.pointer", equalTo(List.of("/teams/1")));
        given().auth().oauth2(admin).contentType("application/json").body("""
                {"name":"%s","teams":["alpha"],"segment":"smb","start":"2026-01","end":"2026-02","kpis":["win_rate"]}"""
                .formatted("x".repeat(121))).post("/v1/pilots").then().statusCode(400)
                .body("errors.pointer", equalTo(List.of("/name")));
    }

    @Test
    void onlyAnAdminSeeingEveryTeamRecordsOrRemovesAPilotAndNobodyElseSeesIt() throws Exception {
        seed();
        String body = body("rules", "\"alpha\",\"beta\"", "\"win_rate\"");
        given().auth().oauth2(TestTokens.token(T, "read")).contentType("application/json").body(body)
                .post("/v1/pilots").then().statusCode(403);
        given().auth().oauth2(TestTokens.limited(List.of("alpha", "beta"), T, "admin")).contentType("application/json")
                .body(body).post("/v1/pilots").then().statusCode(403).contentType("application/problem+json");
        String id = create("rules", "\"alpha\",\"beta\"");
        // the same name again: a conflict, not a second pilot
        given().auth().oauth2(TestTokens.token(T, "admin")).contentType("application/json").body(body)
                .post("/v1/pilots").then().statusCode(409).contentType("application/problem+json");

        // another tenant: neither listed nor found
        String other = TestTokens.token("pilots-other", "admin");
        given().auth().oauth2(other).get("/v1/pilots").then().statusCode(200).body("items", hasSize(0));
        given().auth().oauth2(other).get("/v1/pilots/" + id).then().statusCode(404);
        given().auth().oauth2(other).get("/v1/pilots/" + id + "/report").then().statusCode(404);
        given().auth().oauth2(other).delete("/v1/pilots/" + id).then().statusCode(404);

        // a token limited to alpha does not see a pilot of alpha and beta; one limited to both does
        String alphaOnly = TestTokens.limited(List.of("alpha"), T, "read");
        given().auth().oauth2(alphaOnly).get("/v1/pilots").then().statusCode(200)
                .body("items.findAll { it.name == 'rules' }", hasSize(0));
        given().auth().oauth2(alphaOnly).get("/v1/pilots/" + id).then().statusCode(404);
        given().auth().oauth2(alphaOnly).get("/v1/pilots/" + id + "/report").then().statusCode(404);
        String both = TestTokens.limited(List.of("alpha", "beta"), T, "read");
        given().auth().oauth2(both).get("/v1/pilots").then().statusCode(200)
                .body("items.findAll { it.name == 'rules' }.id", equalTo(List.of(id)));
        given().auth().oauth2(both).get("/v1/pilots/" + id).then().statusCode(200).body("teams",
                equalTo(List.of("alpha", "beta")));
        given().auth().oauth2(both).get("/v1/pilots/" + id + "/report").then().statusCode(200);
        given().auth().oauth2(TestTokens.token(T, "read")).get("/v1/pilots/not-a-uuid").then().statusCode(404);

        // removal: not by a reader nor a limited admin; by an admin, once
        given().auth().oauth2(TestTokens.token(T, "read")).delete("/v1/pilots/" + id).then().statusCode(403);
        given().auth().oauth2(TestTokens.limited(List.of("alpha", "beta"), T, "admin")).delete("/v1/pilots/" + id)
                .then().statusCode(403);
        given().auth().oauth2(TestTokens.token(T, "admin")).delete("/v1/pilots/" + id).then().statusCode(204);
        given().auth().oauth2(TestTokens.token(T, "read")).get("/v1/pilots/" + id).then().statusCode(404);
        given().auth().oauth2(TestTokens.token(T, "admin")).delete("/v1/pilots/" + id).then().statusCode(404);
    }
}
