package dev.northstar.reporting.console;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.northstar.events.KpiValue;
import dev.northstar.events.Topics;
import dev.northstar.events.json.EventJson;
import dev.northstar.testing.NorthstarInfra;
import dev.northstar.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Cookie;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The console's business-case page against the real read model: the figures equal the business-case API's, the
 * cost month by month, an admin settling a month through the form (CSRF), a reader without the form, a user limited
 * to some teams refused, another tenant's team not found.
 */
@QuarkusTest
@QuarkusTestResource(NorthstarInfra.class)
class BusinessCasePageTest {

    private static final String T = "console-bc";
    private static final String FORM = "application/x-www-form-urlencoded; charset=UTF-8";

    private static String json(Object o) throws Exception {
        return EventJson.MAPPER.writeValueAsString(o);
    }

    private static KpiValue cell(String team, String kpi, String period, String value, String numerator,
            String denominator, String unit) {
        return new KpiValue(T, team, kpi, "month", period, value == null ? null : new BigDecimal(value),
                new BigDecimal(numerator), denominator == null ? null : new BigDecimal(denominator), unit, 1,
                Instant.parse("2026-11-01T00:00:00Z"));
    }

    private static String dataValue(String html, String row, String side) {
        Matcher m = Pattern.compile("data-row=\"" + row + "\">.*?data-side=\"" + side + "\" data-value=\"([^\"]*)\"",
                Pattern.DOTALL).matcher(html);
        assertTrue(m.find(), row + " " + side + ": " + html);
        return m.group(1);
    }

    @Test
    void thePageShowsTheApisFiguresAndAnAdminSettlesAMonthThroughIt() throws Exception {
        ConsoleTest.register(T, "alpha", "アルファ社", "partner");
        ConsoleTest.register(T, "delta", "自社営業部", "in_house");
        List<KpiValue> cells = List.of(
                cell("alpha", "revenue_won", "2026-10", "3000000", "3000000", null, "amount"),
                cell("alpha", "realized_ltv_to_date", "2026-10", "100000", "200000", "2", "amount"),
                cell("alpha", "new_customer_avg_ltv", "2026-10", "2400000", "4800000", "2", "amount"),
                cell("delta", "realized_ltv_to_date", "2026-10", "25000", "100000", "4", "amount"),
                cell("delta", "new_customer_avg_ltv", "2026-10", "1500000", "6000000", "4", "amount"));
        List<String[]> keyed = new java.util.ArrayList<>();
        for (KpiValue v : cells) {
            keyed.add(new String[] {v.key(), json(v)});
        }
        ConsoleTest.publish(Topics.KPI_VALUES, keyed);
        String read = TestTokens.token(T, "read");
        String admin = TestTokens.token(T, "admin");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            given().auth().oauth2(read).get("/v1/kpi-values?grain=month&period=2026-10").then().statusCode(200)
                    .body("items", hasSize(5));
            given().auth().oauth2(read).get("/v1/teams").then().statusCode(200).body("items", hasSize(2));
        });
        Cookie adminSession = ConsoleTest.signIn(T, "admin");
        // before any terms: the page says how to record them
        String empty = ConsoleTest.page(adminSession, "/console/teams/alpha/business-case?grain=month&period=2026-10");
        assertTrue(empty.contains("id=\"no-terms\""), empty);
        given().auth().oauth2(admin).contentType("application/json")
                .body("{\"validFrom\":\"2026-10\",\"monthlyFee\":500000,\"revenueShare\":{\"onRevenueWon\":0.1}}")
                .post("/v1/teams/alpha/contracts").then().statusCode(201);
        given().auth().oauth2(admin).contentType("application/json").body("""
                {"validFrom":"2026-10","inHouse":{"headcount":5,"monthlyCostPerHead":800000,
                 "hiringCostPerHead":1500000,"trainingCostPerHead":500000,"rampUpMonths":6}}""")
                .post("/v1/teams/delta/contracts").then().statusCode(201);
        // read as decimals (JsonPath would read them as floats)
        com.fasterxml.jackson.databind.JsonNode api = EventJson.MAPPER.readTree(given().auth().oauth2(read)
                .queryParam("grain", "month").queryParam("period", "2026-10").get("/v1/teams/alpha/business-case")
                .then().statusCode(200).extract().asString());
        String html = ConsoleTest.page(adminSession, "/console/teams/alpha/business-case?grain=month&period=2026-10");
        for (String[] row : new String[][] {{"cost", "cost"}, {"new_customers", "newCustomers"},
            {"predicted_ltv", "predictedLtv"}, {"cost_per_new_customer", "costPerNewCustomer"},
            {"ltv_to_cost", "ltvToCost"}, {"roi", "roi"}}) {
            String team = dataValue(html, row[0], "team");
            String inHouse = dataValue(html, row[0], "in-house");
            BigDecimal apiTeam = api.get("team").get(row[1]).decimalValue();
            BigDecimal apiInHouse = api.get("inHouse").get(row[1]).decimalValue();
            assertEquals(0, apiTeam.compareTo(new BigDecimal(team)), row[0] + ": API " + apiTeam + ", page " + team);
            assertEquals(0, apiInHouse.compareTo(new BigDecimal(inHouse)), row[0] + ": API " + apiInHouse + ", page "
                    + inHouse);
        }
        assertTrue(html.contains("data-row=\"difference\"><th scope=\"row\">"), html);
        assertTrue(html.contains("data-value=\"" + api.get("buildInHouse").get("difference").decimalValue().toPlainString() + "\""), html);
        assertTrue(html.contains("data-month=\"2026-10\" data-settled=\"false\""), html);
        assertTrue(html.contains("<tr data-kind=\"share_of_revenue_won\"><th scope=\"row\">受注額のレベニューシェア</th>"
                + "<td class=\"num\" data-value=\"300000\">"), html);
        // a reader sees no settle form, and a settlement it forges with its own CSRF token is refused
        Cookie readerSession = ConsoleTest.signIn(T, "read");
        String asReader = ConsoleTest.page(readerSession, "/console/teams/alpha/business-case?grain=month&period=2026-10");
        assertFalse(asReader.contains("id=\"settle\""), asReader);
        given().redirects().follow(false).cookie(readerSession).contentType(FORM)
                .formParam("_csrf", ConsoleTest.csrf(asReader)).formParam("month", "2026-10")
                .post("/console/teams/alpha/business-case/settle").then().statusCode(403);
        // the admin settles October: without the CSRF token refused, with it settled and shown so
        given().redirects().follow(false).cookie(adminSession).contentType(FORM).formParam("month", "2026-10")
                .post("/console/teams/alpha/business-case/settle").then().statusCode(403);
        given().redirects().follow(false).cookie(adminSession).contentType(FORM)
                .formParam("_csrf", ConsoleTest.csrf(html)).formParam("month", "2026-10")
                .formParam("back", "/console/teams/alpha/business-case?grain=month&period=2026-10")
                .post("/console/teams/alpha/business-case/settle").then().statusCode(303)
                .header("Location", containsString("/console/teams/alpha/business-case"));
        given().auth().oauth2(read).get("/v1/teams/alpha/settlements").then().statusCode(200)
                .body("items", hasSize(1));
        // an admin limited to alpha (the partner's own lead) cannot settle what alpha is paid, even with its CSRF token
        Cookie alphaAdmin = ConsoleTest.signInLimited(List.of("alpha"), T, "admin");
        String own = ConsoleTest.page(alphaAdmin, "/console/teams/alpha");
        given().redirects().follow(false).cookie(alphaAdmin).contentType(FORM)
                .formParam("_csrf", ConsoleTest.csrf(own)).formParam("month", "2026-11")
                .post("/console/teams/alpha/business-case/settle").then().statusCode(403);
        given().auth().oauth2(read).get("/v1/teams/alpha/settlements").then().statusCode(200)
                .body("items", hasSize(1));
        String after = ConsoleTest.page(adminSession, "/console/teams/alpha/business-case?grain=month&period=2026-10");
        assertTrue(after.contains("data-month=\"2026-10\" data-settled=\"true\""), after);
        // settling it again: an error page naming why, not a 500
        String again = given().redirects().follow(false).cookie(adminSession).contentType(FORM)
                .formParam("_csrf", ConsoleTest.csrf(after)).formParam("month", "2026-10")
                .post("/console/teams/alpha/business-case/settle").then().statusCode(409).extract().asString();
        assertTrue(again.contains("settled already"), again);
        // a user limited to the team does not see the in-house figures; another tenant does not see the team
        given().redirects().follow(false).cookie(ConsoleTest.signInLimited(List.of("alpha"), T, "read"))
                .get("/console/teams/alpha/business-case").then().statusCode(403);
        given().redirects().follow(false).cookie(ConsoleTest.signIn("console-bc-other", "admin"))
                .get("/console/teams/alpha/business-case").then().statusCode(404);
    }
}
