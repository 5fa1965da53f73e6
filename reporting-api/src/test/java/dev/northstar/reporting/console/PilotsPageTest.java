package dev.northstar.reporting.console;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.northstar.events.KpiValue;
import dev.northstar.events.Topics;
import dev.northstar.events.json.EventJson;
import dev.northstar.testing.NorthstarInfra;
import dev.northstar.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Cookie;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The console's pilot page against the real read model: the report's numbers equal the pilot API's, a hostile name
 * renders as text, the navigation links to it, an admin records a pilot through the form (CSRF), a reader gets no
 * form and cannot post one, a user limited to some teams neither records one nor sees a pilot of other teams.
 */
@QuarkusTest
@QuarkusTestResource(NorthstarInfra.class)
class PilotsPageTest {

    private static final String T = "console-pilots";
    private static final String FORM = "application/x-www-form-urlencoded; charset=UTF-8";
    private static final String HOSTILE = "<script>alert('pilot')</script>";

    private static KpiValue cell(String team, String kpi, String period, String scope, long n, Long d) {
        BigDecimal num = new BigDecimal(n);
        BigDecimal den = d == null ? null : new BigDecimal(d);
        return new KpiValue(T, team, kpi, "month", period, den == null ? num
                : num.divide(den, 6, java.math.RoundingMode.HALF_EVEN), num, den, d == null ? "count" : "ratio", 1,
                Instant.parse("2026-11-01T00:00:00Z"), null, scope);
    }

    private static String dataValue(String html, String kpi, String side) {
        Matcher m = Pattern.compile("<tr data-kpi=\"" + kpi + "\">.*?data-side=\"" + side
                + "\" data-value=\"([^\"]*)\"", Pattern.DOTALL).matcher(html);
        assertTrue(m.find(), kpi + " " + side + ": " + html);
        return m.group(1);
    }

    private static Cookie signInLimited(List<String> teams, String... roles) {
        Response r = given().redirects().follow(false).queryParam("token", TestTokens.limited(teams, T, roles))
                .get("/console/sign-in/local");
        assertEquals(303, r.statusCode());
        return r.detailedCookie(ConsoleAccess.SESSION_COOKIE);
    }

    @Test
    void thePageShowsTheApisReportAndAnAdminRecordsAPilotThroughItsForm() throws Exception {
        ConsoleTest.register(T, "alpha", "アルファ社", "partner");
        ConsoleTest.register(T, "beta", "ベータ社", "partner");
        List<KpiValue> cells = List.of(
                cell("alpha", "deals_won", "2026-09", null, 5, null),
                cell("alpha", "deals_won", "2026-09", "product:payroll", 2, null),
                cell("alpha", "deals_won", "2026-08", "product:payroll", 1, null),
                cell("alpha", "win_rate", "2026-09", null, 5, 10L),
                cell("alpha", "win_rate", "2026-09", "product:payroll", 2, 3L),
                cell("alpha", "win_rate", "2026-08", "product:payroll", 1, 4L),
                cell("beta", "deals_won", "2026-09", null, 3, null));
        List<String[]> keyed = new ArrayList<>();
        for (KpiValue v : cells) {
            keyed.add(new String[] {v.key(), EventJson.MAPPER.writeValueAsString(v)});
        }
        ConsoleTest.publish(Topics.KPI_VALUES, keyed);
        String read = TestTokens.token(T, "read");
        String admin = TestTokens.token(T, "admin");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            given().auth().oauth2(read).get("/v1/kpi-values/changes?scope=*").then().statusCode(200)
                    .body("items", hasSize(4));
            given().auth().oauth2(read).get("/v1/teams").then().statusCode(200).body("items", hasSize(2));
        });
        Cookie adminSession = ConsoleTest.signIn(T, "admin");
        String empty = ConsoleTest.page(adminSession, "/console/pilots");
        assertTrue(empty.contains("id=\"no-pilots\""), empty);
        assertTrue(empty.contains("id=\"nav-pilots\" href=\"/console/pilots\" class=\"active\""), empty);
        assertTrue(empty.contains("id=\"pilot-form\""), "an admin who sees every team gets the form: " + empty);

        String id = given().auth().oauth2(admin).contentType("application/json").body("""
                {"name":"%s","teams":["alpha"],"product":"payroll","start":"2026-09","end":"2026-09",
                 "kpis":["deals_won","win_rate"]}""".formatted(HOSTILE.replace("'", "\\u0027")))
                .post("/v1/pilots").then().statusCode(201).extract().path("id");
        JsonNode api = EventJson.MAPPER.readTree(given().auth().oauth2(read).get("/v1/pilots/" + id + "/report")
                .then().statusCode(200).extract().asString());
        String html = ConsoleTest.page(adminSession, "/console/pilots?pilot=" + id);
        assertFalse(html.contains(HOSTILE), "the name renders as text: " + html);
        assertTrue(html.contains("&lt;script&gt;alert(&#39;pilot&#39;)&lt;/script&gt;"), html);
        for (JsonNode k : api.get("kpis")) {
            String kpi = k.get("kpi").asText();
            for (String[] side : new String[][] {{"inside", "inside"}, {"outside", "outside"}, {"before", "before"}}) {
                JsonNode v = k.get(side[1]).get("value");
                String shown = dataValue(html, kpi, side[0]);
                assertEquals(0, v.decimalValue().compareTo(new BigDecimal(shown)), kpi + " " + side[0]);
            }
            String diff = dataValue(html, kpi, "inside-minus-outside");
            assertEquals(0, k.get("insideMinusOutside").decimalValue().compareTo(new BigDecimal(diff)), kpi);
        }
        // by hand: deals_won inside 2, outside 3; win_rate inside 2/3, outside 3/7, before 1/4
        assertEquals("2", dataValue(html, "deals_won", "inside"));
        assertEquals("3", dataValue(html, "deals_won", "outside"));
        assertEquals("0.666667", dataValue(html, "win_rate", "inside"));
        assertEquals("0.428571", dataValue(html, "win_rate", "outside"));
        assertEquals("0.250000", dataValue(html, "win_rate", "before"));
        assertTrue(html.contains("data-side=\"inside-minus-before\" data-value=\"0.416667\" data-verdict=\"better\""),
                html);
        assertTrue(html.contains("<small class=\"parts\">(2 / 3)</small>"), "a ratio with its parts: " + html);

        // a reader: the report, no form, and a form it forges with its own CSRF token refused
        Cookie readerSession = ConsoleTest.signIn(T, "read");
        String asReader = ConsoleTest.page(readerSession, "/console/pilots");
        assertTrue(asReader.contains("data-pilot=\"" + id + "\""), asReader);
        assertFalse(asReader.contains("id=\"pilot-form\""), asReader);
        given().redirects().follow(false).cookie(readerSession).contentType(FORM)
                .formParam("_csrf", ConsoleTest.csrf(asReader)).formParam("name", "by a reader")
                .formParam("teams", "alpha").formParam("segment", "smb").formParam("start", "2026-09")
                .formParam("end", "2026-10").formParam("kpis", "win_rate").post("/console/pilots").then()
                .statusCode(403);
        // the admin: without the CSRF token refused; an invalid form a 400; a valid one recorded
        given().redirects().follow(false).cookie(adminSession).contentType(FORM).formParam("name", "no token")
                .formParam("teams", "alpha").formParam("segment", "smb").formParam("start", "2026-09")
                .formParam("end", "2026-10").formParam("kpis", "win_rate").post("/console/pilots").then()
                .statusCode(403);
        String csrf = ConsoleTest.csrf(html);
        given().redirects().follow(false).cookie(adminSession).contentType(FORM).formParam("_csrf", csrf)
                .formParam("name", "no scope").formParam("teams", "alpha").formParam("start", "2026-09")
                .formParam("end", "2026-10").formParam("kpis", "win_rate").post("/console/pilots").then()
                .statusCode(400);
        Response created = given().redirects().follow(false).cookie(adminSession).contentType(FORM)
                .formParam("_csrf", csrf).formParam("name", "SMB pilot").formParam("teams", "alpha", "beta")
                .formParam("segment", "smb").formParam("start", "2026-09").formParam("end", "2026-10")
                .formParam("kpis", "deals_won", "win_rate").post("/console/pilots");
        assertEquals(303, created.statusCode(), created.asString());
        String location = created.header("Location");
        assertTrue(location.contains("/console/pilots?pilot="), location);
        String newId = location.substring(location.indexOf("pilot=") + 6);
        given().auth().oauth2(read).get("/v1/pilots/" + newId).then().statusCode(200)
                .body("teams", org.hamcrest.Matchers.equalTo(List.of("alpha", "beta")))
                .body("scope", org.hamcrest.Matchers.equalTo("segment:smb"));
        String after = ConsoleTest.page(adminSession, "/console/pilots?pilot=" + newId);
        assertTrue(after.contains("<code>segment:smb</code>"), after);
        // no value of segment:smb in its months: the page says so instead of leaving empty cells unexplained
        assertTrue(after.contains("id=\"no-scoped-values\""), after);
        assertFalse(html.contains("id=\"no-scoped-values\""), html);

        // limited to alpha: sees the alpha pilot, not the alpha+beta one; gets no form and cannot post one
        Cookie alphaAdmin = signInLimited(List.of("alpha"), "admin");
        String limited = ConsoleTest.page(alphaAdmin, "/console/pilots");
        assertTrue(limited.contains("data-pilot=\"" + id + "\""), limited);
        assertFalse(limited.contains("data-pilot=\"" + newId + "\""), limited);
        assertFalse(limited.contains("id=\"pilot-form\""), limited);
        given().redirects().follow(false).cookie(alphaAdmin).get("/console/pilots?pilot=" + newId).then()
                .statusCode(404);
        given().redirects().follow(false).cookie(alphaAdmin).contentType(FORM)
                .formParam("_csrf", ConsoleTest.csrf(limited)).formParam("name", "mine").formParam("teams", "alpha")
                .formParam("segment", "smb").formParam("start", "2026-09").formParam("end", "2026-10")
                .formParam("kpis", "win_rate").post("/console/pilots").then().statusCode(403);
        // another tenant's session sees none of them
        Cookie other = ConsoleTest.signIn("console-pilots-other", "admin");
        String otherPage = ConsoleTest.page(other, "/console/pilots");
        assertTrue(otherPage.contains("id=\"no-pilots\""), otherPage);
        given().redirects().follow(false).cookie(other).get("/console/pilots?pilot=" + id).then().statusCode(404);
    }
}
