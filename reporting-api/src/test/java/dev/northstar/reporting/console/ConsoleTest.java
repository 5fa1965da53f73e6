package dev.northstar.reporting.console;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.northstar.events.InsightValue;
import dev.northstar.events.KpiValue;
import dev.northstar.events.Topics;
import dev.northstar.events.json.EventJson;
import dev.northstar.events.schema.EventValidator;
import dev.northstar.events.wire.EventCodec;
import dev.northstar.testing.NorthstarInfra;
import dev.northstar.testing.TestTokens;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventSerializer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.Cookie;
import io.restassured.parsing.Parser;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console against the real read model (values and insights through Kafka, decisions and targets in PostgreSQL):
 * signing in, what each page shows (numbers equal to the API's), escaping, CSRF, roles, tenants, decisions and the
 * next brief, the targets grid.
 */
@QuarkusTest
@QuarkusTestResource(NorthstarInfra.class)
class ConsoleTest {

    private static final String T = "console";
    private static final String HOSTILE_NAME = "<script>alert('team')</script>";
    private static final String HOSTILE_TEXT = "\"onmouseover=alert(1) x=\" <img src=x onerror=alert(2)>";
    private static final EventCodec CODEC = new EventCodec(new EventValidator());
    private static final String FORM = "application/x-www-form-urlencoded; charset=UTF-8";
    private static volatile boolean seeded;

    @BeforeAll
    static void problemDocumentsAreJson() {
        RestAssured.registerParser("application/problem+json", Parser.JSON);
    }

    static KpiValue v(String tenant, String team, String kpi, String period, String numerator, String denominator,
            String unit) {
        BigDecimal num = new BigDecimal(numerator);
        BigDecimal den = denominator == null ? null : new BigDecimal(denominator);
        BigDecimal value = den == null ? num : num.divide(den, 6, java.math.RoundingMode.HALF_EVEN);
        return new KpiValue(tenant, team, kpi, "month", period, value, num, den, unit, 1,
                Instant.parse("2026-11-01T00:00:00Z"));
    }

    static void publish(String topic, List<String[]> keyed) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, NorthstarInfra.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (String[] kv : keyed) {
                producer.send(new ProducerRecord<>(topic, 0, kv[0], kv[1])).get();
            }
        }
    }

    static void register(String tenant, String team, String name, String kind) throws Exception {
        ObjectNode node = (ObjectNode) EventJson.parse(("{\"specversion\":\"1.0\",\"id\":\"reg-" + team
                + "\",\"source\":\"crm://console\",\"type\":\"team.registered\",\"time\":\"2026-01-01T00:00:00Z\","
                + "\"tenant\":\"" + tenant + "\",\"data\":{\"teamId\":\"" + team + "\",\"kind\":\"" + kind + "\"}}")
                .getBytes(StandardCharsets.UTF_8));
        ((ObjectNode) node.get("data")).put("name", name);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, NorthstarInfra.bootstrapServers());
        try (KafkaProducer<String, CloudEvent> producer = new KafkaProducer<>(props, new StringSerializer(),
                new CloudEventSerializer())) {
            producer.send(new ProducerRecord<>(Topics.CRM_EVENTS, tenant + "/team", CODEC.toCloudEvent(node))).get();
        }
    }

    /** Two partners and the in-house team of "console", October and September 2026; one team of another tenant. */
    static synchronized void seed() throws Exception {
        if (seeded) {
            return;
        }
        register(T, "alpha", "アルファ社", "partner");
        register(T, "beta", HOSTILE_NAME, "partner");
        register(T, "inhouse", "本社営業部", "in_house");
        register("console-other", "secret-team", "Other tenant's team", "partner");
        List<KpiValue> values = List.of(
                v(T, "alpha", "revenue_won", "2026-10", "3000000", null, "amount"),
                v(T, "alpha", "revenue_won", "2026-09", "2000000", null, "amount"),
                v(T, "alpha", "win_rate", "2026-10", "3", "8", "rate"),
                v(T, "alpha", "win_rate", "2026-09", "1", "4", "rate"),
                v(T, "alpha", "renewal_rate", "2026-10", "9", "10", "rate"),
                v(T, "alpha", "knowledge_shared", "2026-10", "4", null, "count"),
                v(T, "beta", "revenue_won", "2026-10", "1000000", null, "amount"),
                v(T, "beta", "win_rate", "2026-10", "1", "8", "rate"),
                v(T, "inhouse", "revenue_won", "2026-10", "5000000", null, "amount"),
                v(T, "inhouse", "win_rate", "2026-10", "5", "10", "rate"),
                v("console-other", "secret-team", "revenue_won", "2026-10", "777", null, "amount"));
        publish(Topics.KPI_VALUES, values.stream().map(k -> new String[] {k.key(), json(k)}).toList());
        List<InsightValue> insights = List.of(
                new InsightValue(T, "c-i1", "alpha", null, "d1", "価格が高いと言われた", List.of("loss_reason"),
                        List.of("win_rate"), "insight.captured", Instant.parse("2026-10-05T01:00:00Z"), 1),
                new InsightValue(T, "c-i2", "alpha", null, null, HOSTILE_TEXT, List.of("competitor", "<b>tag</b>"),
                        List.of("win_rate"), "insight.captured", Instant.parse("2026-10-06T01:00:00Z"), 1),
                new InsightValue(T, "c-i3", "beta", null, null, "Beta's private remark", List.of("customer_voice"),
                        List.of("nps"), "insight.captured", Instant.parse("2026-10-07T01:00:00Z"), 1),
                // loss reasons for alpha's other four lost deals: 5 of 5 recorded, so alpha reaches level 2
                new InsightValue(T, "c-l2", "alpha", null, "d2", "予算不足", List.of("loss_reason"), List.of(),
                        "deal.lost", Instant.parse("2026-10-08T01:00:00Z"), 1),
                new InsightValue(T, "c-l3", "alpha", null, "d3", "時期尚早", List.of("loss_reason"), List.of(),
                        "deal.lost", Instant.parse("2026-10-09T01:00:00Z"), 1),
                new InsightValue(T, "c-l4", "alpha", null, "d4", "他社に決定", List.of("loss_reason"), List.of(),
                        "deal.lost", Instant.parse("2026-10-10T01:00:00Z"), 1),
                new InsightValue(T, "c-l5", "alpha", null, "d5", "要件不一致", List.of("loss_reason"), List.of(),
                        "deal.lost", Instant.parse("2026-10-11T01:00:00Z"), 1));
        publish(Topics.KNOWLEDGE_INSIGHTS, insights.stream().map(i -> new String[] {i.key(), json(i)}).toList());
        String read = TestTokens.token(T, "read");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(read)
                .queryParam("grain", "month").queryParam("period", "2026-10").get("/v1/teams/beta/report").then()
                .statusCode(200).body("teamName", equalTo(HOSTILE_NAME))
                .body("kpis.find { it.kpi == 'nps' }.insights.id", org.hamcrest.Matchers.contains("c-i3")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(read)
                .queryParam("grain", "month").queryParam("period", "2026-10").get("/v1/teams/alpha/report").then()
                .statusCode(200).body("kpis.find { it.kpi == 'win_rate' }.insights", hasSize(2))
                .body("kpis.find { it.kpi == 'revenue_won' }.previous", equalTo(2000000)));
        seeded = true;
    }

    private static String json(Object o) {
        try {
            return EventJson.MAPPER.writeValueAsString(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A session of {@code tenant} with {@code roles}, opened through the local sign-in link. */
    static Cookie signIn(String tenant, String... roles) {
        Response r = given().redirects().follow(false).queryParam("token", TestTokens.token(tenant, roles))
                .get("/console/sign-in/local");
        assertEquals(303, r.statusCode());
        assertEquals("/console/", java.net.URI.create(r.header("Location")).getPath());
        return r.detailedCookie(ConsoleAccess.SESSION_COOKIE);
    }

    static String csrf(String html) {
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(html);
        assertTrue(m.find(), html);
        return m.group(1);
    }

    static String page(Cookie session, String path) {
        return given().redirects().follow(false).cookie(session).get(path).then().statusCode(200)
                .contentType(startsWith("text/html")).extract().asString();
    }

    @Test
    void withoutASessionEveryPageSendsToSignInAndABadLinkOpensNone() {
        given().redirects().follow(false).get("/console/teams/alpha?period=2026-10").then().statusCode(303)
                .header("Location", containsString("/console/sign-in?next=%2Fconsole%2Fteams%2Falpha%3Fperiod%3D2026-10"));
        given().redirects().follow(false).get("/console/").then().statusCode(303);
        given().redirects().follow(false).get("/console/insights").then().statusCode(303);
        // a token of another key, an expired token, a token without a reading role: no session
        for (String token : List.of(TestTokens.wrongSignature(T, "admin"), TestTokens.expired(T, "admin"),
                TestTokens.token(T, "ingest"))) {
            Response r = given().redirects().follow(false).queryParam("token", token).get("/console/sign-in/local");
            assertEquals(303, r.statusCode());
            assertTrue(r.header("Location").contains("/console/sign-in?error="), r.header("Location"));
            assertTrue(r.detailedCookies().get(ConsoleAccess.SESSION_COOKIE) == null
                    || r.detailedCookie(ConsoleAccess.SESSION_COOKIE).getValue().isEmpty());
        }
        // a forged cookie is no session
        given().redirects().follow(false).cookie(ConsoleAccess.SESSION_COOKIE, "e30.AAAA").get("/console/").then()
                .statusCode(303);
        // the sign-in page itself is open and says how to sign in
        given().get("/console/sign-in").then().statusCode(200).body(containsString("./northstar up"));
    }

    @Test
    void theSessionCookieIsHttpOnlySecureAndSameSite() {
        Cookie session = signIn(T, "read");
        assertTrue(session.isHttpOnly());
        assertTrue(session.isSecured());
        assertEquals("Lax", session.getSameSite());
        assertEquals("/console", session.getPath());
    }

    @Test
    void theOverviewShowsTheTenantsTeamsWithTheApisNumbersInJapaneseFirst() throws Exception {
        seed();
        Cookie session = signIn(T, "read");
        Response r = given().cookie(session).get("/console/?grain=month&period=2026-10");
        assertEquals(200, r.statusCode());
        String html = r.asString();
        String csp = r.header("Content-Security-Policy");
        assertNotNull(csp);
        assertTrue(csp.contains("script-src 'self';"), csp);
        assertFalse(csp.replaceAll("style-src[^;]*;", "").contains("unsafe-inline"), csp);
        assertTrue(html.contains("<html lang=\"ja\">"), html);
        assertTrue(html.contains("チーム一覧"), html);
        // partners first, then in-house; the numbers as the API has them, formatted for Japanese readers
        assertTrue(html.indexOf("data-team=\"alpha\"") < html.indexOf("data-team=\"inhouse\""), html);
        assertTrue(html.contains("data-kpi=\"renewal_rate\" data-value=\"0.900000\""), html);
        assertTrue(html.contains("90.0%"), html);
        assertFalse(html.contains("secret-team"), html);
        // each team's level badge is the integration-level endpoint's level (alpha 2, the others 1)
        assertTrue(html.matches("(?s).*data-team=\"alpha\".*?data-level=\"2\".*"), html);
        for (String team : List.of("alpha", "beta", "inhouse")) {
            int level = given().auth().oauth2(TestTokens.token(T, "read"))
                    .get("/v1/teams/" + team + "/integration-level?period=2026-10").then().statusCode(200).extract()
                    .path("level");
            Matcher badge = Pattern.compile("data-team=\"" + team + "\".*?data-level=\"(\\d)\"", Pattern.DOTALL)
                    .matcher(html);
            assertTrue(badge.find(), team);
            assertEquals(level, Integer.parseInt(badge.group(1)), team);
        }
        String traditional = page(session, "/console/?grain=month&period=2026-10&set=traditional");
        assertTrue(traditional.contains("data-kpi=\"revenue_won\" data-value=\"3000000\""), traditional);
        assertTrue(traditional.contains("￥3,000,000"), traditional);
        // +50.0% against September, and a sparkline of the two months with values
        assertTrue(traditional.contains("+50.0%"), traditional);
        assertTrue(traditional.contains("data-chart=\"spark\" data-points=\"2\""), traditional);
        // English when the browser prefers it
        String en = given().cookie(session).header("Accept-Language", "en-GB,en;q=0.9,ja;q=0.5")
                .get("/console/?grain=month&period=2026-10&set=traditional").then().statusCode(200).extract().asString();
        assertTrue(en.contains("<html lang=\"en\">"), en);
        assertTrue(en.contains("Teams side by side"), en);
        assertTrue(en.contains("¥3,000,000"), en);
        // the switch: a cookie, back to the same page
        Response sw = given().redirects().follow(false).cookie(session)
                .get("/console/lang/en?back=/console/comparison");
        assertEquals(303, sw.statusCode());
        assertTrue(sw.header("Location").endsWith("/console/comparison"));
        assertEquals("en", sw.cookie(ConsoleAccess.LANG_COOKIE));
        // never back to another site
        assertTrue(given().redirects().follow(false).get("/console/lang/ja?back=//evil.example/x").header("Location")
                .endsWith("/console/"));
        // nor to a path that is no URI or climbs out of the console; neither is a 500
        for (String back : List.of("/console/a%7Bb%7C", "/console/../q/metrics", "/console/%2e%2e/x",
                "/console/x%5Cy", "/console/%0d%0aSet-Cookie:x")) {
            Response sent = given().redirects().follow(false).urlEncodingEnabled(false)
                    .get("/console/lang/ja?back=" + back);
            assertEquals(303, sent.statusCode(), back);
            assertEquals("/console/", java.net.URI.create(sent.header("Location")).getPath(), back);
        }
        // periods of years no event may carry are the default period, not a 500
        for (String period : List.of("0000-01", "0001-12", "9999-12", "1969-12")) {
            String shown = page(session, "/console/?grain=month&period=" + period);
            assertFalse(shown.contains("period=" + period), period);
        }
        assertEquals(200, given().redirects().follow(false).cookie(signIn(T, "admin"))
                .get("/console/teams/alpha/targets?grain=month&from=9999-01").statusCode());
    }

    @Test
    void theTeamPageMatchesTheScorecardAndEscapesWhatCameFromEvents() throws Exception {
        seed();
        Cookie session = signIn(T, "read");
        String html = page(session, "/console/teams/alpha?grain=month&period=2026-10");
        var card = given().auth().oauth2(TestTokens.token(T, "read")).get(
                "/v1/teams/alpha/scorecard?grain=month&period=2026-10").then().statusCode(200).extract().jsonPath();
        for (String kpi : List.of("win_rate", "revenue_won", "renewal_rate")) {
            String value = card.getString("groups.kpis.flatten().find { it.kpi == '" + kpi + "' }.value");
            Matcher m = Pattern.compile("<tr data-kpi=\"" + kpi + "\">\\s*<th[^>]*>[^<]*</th>\\s*<td class=\"value num\" "
                    + "data-value=\"([^\"]*)\"").matcher(html);
            assertTrue(m.find(), kpi + " in " + html);
            assertEquals(0, new BigDecimal(value).compareTo(new BigDecimal(m.group(1))), kpi);
        }
        // numerator and denominator on hover
        assertTrue(html.contains("title=\"3 / 8\""), html);
        // the insight's text and tag are text, not markup or attributes
        assertTrue(html.contains("&quot;onmouseover=alert(1) x=&quot; &lt;img src=x onerror=alert(2)&gt;"), html);
        assertFalse(html.contains("<img src=x"), html);
        assertTrue(html.contains("&lt;b&gt;tag&lt;/b&gt;"), html);
        // a KPI without a value says what to send
        assertTrue(html.contains("nps.responded"), html);
        // beta's page: its name escaped everywhere
        String beta = page(session, "/console/teams/beta?grain=month&period=2026-10");
        assertTrue(beta.contains("&lt;script&gt;alert(&#39;team&#39;)&lt;/script&gt;"), beta);
        assertFalse(beta.contains("<script>alert"), beta);
        String overview = page(session, "/console/?grain=month&period=2026-10");
        assertFalse(overview.contains("<script>alert"), overview);
    }

    @Test
    void anotherTenantsTeamIsTheNotFoundPage() throws Exception {
        seed();
        Cookie session = signIn(T, "admin");
        for (String path : List.of("/console/teams/secret-team", "/console/teams/secret-team/brief",
                "/console/teams/secret-team/level", "/console/teams/secret-team/targets",
                "/console/teams/no-such-team", "/console/teams/%3Cscript%3E")) {
            String html = given().redirects().follow(false).cookie(session).get(path).then().statusCode(404)
                    .contentType(startsWith("text/html")).extract().asString();
            assertTrue(html.contains("data-status=\"404\""), path);
            assertFalse(html.contains("Other tenant"), path);
        }
        String insights = page(session, "/console/insights?q=tenant");
        assertFalse(insights.contains("Other tenant"), insights);
    }

    @Test
    void theLevelPageDiagnosesTheGrainItsPeriodNames() throws Exception {
        seed();
        Cookie session = signIn(T, "read");
        String read = TestTokens.token(T, "read");
        for (String period : List.of("2026-10", "2026-Q4", "2026")) {
            int api = given().auth().oauth2(read).get("/v1/teams/alpha/integration-level?period=" + period).then()
                    .statusCode(200).extract().path("level");
            String html = page(session, "/console/teams/alpha/level?period=" + period);
            Matcher m = Pattern.compile("id=\"level\" data-level=\"(\\d)\"").matcher(html);
            assertTrue(m.find(), html);
            assertEquals(api, Integer.parseInt(m.group(1)), period);
            assertTrue(html.contains("<option value=\"" + period + "\" selected>"), period);
        }
    }

    @Test
    void aReaderSeesNoAdminFormAndAForgedWriteIsRefused() throws Exception {
        seed();
        Cookie session = signIn(T, "read");
        String level = page(session, "/console/teams/alpha/level?period=2026-10");
        assertFalse(level.contains("id=\"self-assessment\""), level);
        String brief = page(session, "/console/teams/alpha/brief?grain=month&period=2026-10");
        assertFalse(brief.contains("id=\"decision\""), brief);
        given().redirects().follow(false).cookie(session).get("/console/teams/alpha/targets").then().statusCode(403);
        String token = csrf(level);
        // the reader's own valid CSRF token does not make it an admin
        given().redirects().follow(false).cookie(session).contentType(FORM)
                .formParam("_csrf", token).formParam("meetingBeyondNumbers", "true")
                .post("/console/teams/alpha/self-assessment").then().statusCode(403);
        given().redirects().follow(false).cookie(session).contentType(FORM)
                .formParam("_csrf", token).formParam("grain", "month").formParam("period", "2026-10")
                .formParam("what", "x").formParam("owner", "y").formParam("due", "2026-12-01")
                .post("/console/teams/alpha/decisions").then().statusCode(403);
        given().redirects().follow(false).cookie(session).contentType("application/json")
                .header(ConsoleAccess.CSRF_HEADER, token).body("{\"grain\":\"month\",\"entries\":[]}")
                .post("/console/teams/alpha/targets").then().statusCode(403);
    }

    @Test
    void anAdminsWritesNeedTheSessionsCsrfTokenAndAreSeenOnReload() throws Exception {
        seed();
        Cookie session = signIn(T, "admin");
        String level = page(session, "/console/teams/alpha/level?period=2026-10");
        assertTrue(level.contains("id=\"self-assessment\""), level);
        // no token, a wrong token, another site: refused, nothing saved
        given().redirects().follow(false).cookie(session).contentType(FORM)
                .formParam("meetingBeyondNumbers", "true").post("/console/teams/alpha/self-assessment").then()
                .statusCode(403);
        given().redirects().follow(false).cookie(session).contentType(FORM)
                .formParam("_csrf", "forged").formParam("meetingBeyondNumbers", "true")
                .post("/console/teams/alpha/self-assessment").then().statusCode(403);
        given().redirects().follow(false).cookie(session).header("Sec-Fetch-Site", "cross-site")
                .contentType(FORM).formParam("_csrf", csrf(level))
                .formParam("meetingBeyondNumbers", "true").post("/console/teams/alpha/self-assessment").then()
                .statusCode(403);
        given().auth().oauth2(TestTokens.token(T, "read")).get("/v1/teams/alpha/integration-level?period=2026-10")
                .then().statusCode(200).body("selfAssessment", nullValue());
        // with it: saved, and the API and the page show it
        given().redirects().follow(false).cookie(session).contentType(FORM)
                .formParam("_csrf", csrf(level)).formParam("meetingBeyondNumbers", "true")
                .formParam("analysesFailuresTogether", "true").formParam("note", "<b>月次で振り返り</b>")
                .formParam("back", "/console/teams/alpha/level?period=2026-10")
                .post("/console/teams/alpha/self-assessment").then().statusCode(303)
                .header("Location", containsString("/console/teams/alpha/level?period=2026-10"));
        given().auth().oauth2(TestTokens.token(T, "read")).get("/v1/teams/alpha/integration-level?period=2026-10")
                .then().statusCode(200).body("selfAssessment.meetingBeyondNumbers", equalTo(true))
                .body("selfAssessment.explainsVision", equalTo(false))
                .body("selfAssessment.note", equalTo("<b>月次で振り返り</b>"));
        String after = page(session, "/console/teams/alpha/level?period=2026-10");
        assertTrue(after.contains("name=\"meetingBeyondNumbers\" value=\"true\" checked"), after);
        assertTrue(after.contains("name=\"explainsVision\" value=\"true\">"), after);
        assertTrue(after.contains("&lt;b&gt;月次で振り返り&lt;/b&gt;"), after);
    }

    @Test
    void aMeetingsDecisionsOpenTheNextPeriodsBrief() throws Exception {
        seed();
        Cookie session = signIn(T, "admin");
        String brief = page(session, "/console/teams/alpha/brief?grain=month&period=2026-09");
        for (String part : List.of("part-market", "part-customers", "part-tactics", "part-actions")) {
            assertTrue(brief.contains("<section class=\"agenda-part\" id=\"" + part + "\">"), part);
        }
        // an invalid decision is refused with what is wrong, nothing recorded
        given().redirects().follow(false).cookie(session).contentType(FORM)
                .formParam("_csrf", csrf(brief)).formParam("grain", "month").formParam("period", "2026-09")
                .formParam("what", "").formParam("owner", "田中").formParam("due", "2026-13-45")
                .post("/console/teams/alpha/decisions").then().statusCode(400);
        given().redirects().follow(false).cookie(session).contentType(FORM)
                .formParam("_csrf", csrf(brief)).formParam("grain", "month").formParam("period", "2026-09")
                .formParam("what", "失注理由を全件記録する").formParam("owner", "田中（アルファ社）")
                .formParam("ownerSide", "team").formParam("due", "2026-10-31").formParam("kpi", "win_rate")
                .post("/console/teams/alpha/decisions").then().statusCode(303)
                .header("Location", containsString("/console/teams/alpha/brief?grain=month&period=2026-09"));
        String read = TestTokens.token(T, "read");
        var listed = given().auth().oauth2(read).get("/v1/teams/alpha/decisions?grain=month&period=2026-09").then()
                .statusCode(200).body("items", hasSize(1)).body("items[0].owner", equalTo("田中（アルファ社）"))
                .body("items[0].status", equalTo("open")).body("items[0].kpi", equalTo("win_rate"))
                .extract().jsonPath();
        String id = listed.getString("items[0].id");
        String shown = page(session, "/console/teams/alpha/brief?grain=month&period=2026-09");
        assertTrue(shown.contains("data-decision=\"" + id + "\""), shown);
        // October's brief opens with September's decisions and how win_rate moved (0.25 → 0.375)
        given().auth().oauth2(read).get("/v1/teams/alpha/strategy-brief?grain=month&period=2026-10").then()
                .statusCode(200).body("lastMeeting.period", equalTo("2026-09"))
                .body("lastMeeting.decisions", hasSize(1))
                .body("lastMeeting.decisions[0].decision.what", equalTo("失注理由を全件記録する"))
                .body("lastMeeting.decisions[0].overdue", equalTo(true))
                .body("lastMeeting.decisions[0].kpi.previous", equalTo(0.25f))
                .body("lastMeeting.decisions[0].kpi.value", equalTo(0.375f));
        String october = page(session, "/console/teams/alpha/brief?grain=month&period=2026-10");
        assertTrue(october.contains("id=\"last-meeting\""), october);
        assertTrue(october.contains("失注理由を全件記録する"), october);
        String md = given().cookie(session).get("/console/teams/alpha/brief.md?grain=month&period=2026-10").then()
                .statusCode(200).extract().asString();
        assertTrue(md.contains("## 0. Decisions of the last meeting"), md);
        // marked done through the API; the status change is the admin's only
        given().auth().oauth2(read).contentType("application/json").body("{\"status\":\"done\"}")
                .patch("/v1/teams/alpha/decisions/" + id).then().statusCode(403);
        given().auth().oauth2(TestTokens.token(T, "admin")).contentType("application/json")
                .body("{\"status\":\"done\"}").patch("/v1/teams/alpha/decisions/" + id).then().statusCode(200)
                .body("status", equalTo("done"));
        given().auth().oauth2(read).get("/v1/teams/alpha/strategy-brief?grain=month&period=2026-10").then()
                .statusCode(200).body("lastMeeting.decisions[0].overdue", equalTo(false));
        // another tenant cannot read or change it
        given().auth().oauth2(TestTokens.token("console-other", "admin")).contentType("application/json")
                .body("{\"status\":\"dropped\"}").patch("/v1/teams/alpha/decisions/" + id).then().statusCode(404);
        given().auth().oauth2(TestTokens.token("console-other", "read"))
                .get("/v1/teams/alpha/decisions").then().statusCode(404);
    }

    @Test
    void theDecisionsApiNamesEveryInvalidField() throws Exception {
        seed();
        String admin = TestTokens.token(T, "admin");
        given().auth().oauth2(admin).contentType("application/json")
                .body("{\"grain\":\"month\",\"period\":\"2026-10\",\"what\":\"\",\"owner\":\"a\",\"due\":\"soon\","
                        + "\"kpi\":\"no_such_kpi\",\"ownerSide\":\"partner\"}")
                .post("/v1/teams/alpha/decisions").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.pointer", org.hamcrest.Matchers.containsInAnyOrder("/what", "/due", "/kpi", "/ownerSide"));
        given().auth().oauth2(TestTokens.token(T, "read")).contentType("application/json")
                .body("{\"grain\":\"month\",\"period\":\"2026-10\",\"what\":\"x\",\"owner\":\"a\",\"due\":\"2026-12-01\"}")
                .post("/v1/teams/alpha/decisions").then().statusCode(403);
        String location = given().auth().oauth2(admin).contentType("application/json")
                .body("{\"grain\":\"month\",\"period\":\"2026-10\",\"what\":\"x\",\"owner\":\"a\",\"due\":\"2026-12-01\"}")
                .post("/v1/teams/alpha/decisions").then().statusCode(201)
                .header("Location", containsString("/v1/teams/alpha/decisions/")).body("status", equalTo("open"))
                .extract().header("Location");
        String path = java.net.URI.create(location).getPath();
        // the Location answers, to a reader of the tenant; not through another team's path, nor to another tenant
        given().auth().oauth2(TestTokens.token(T, "read")).get(path).then().statusCode(200)
                .body("what", equalTo("x")).body("owner", equalTo("a"));
        given().auth().oauth2(TestTokens.token(T, "read")).get(path.replace("/alpha/", "/beta/")).then()
                .statusCode(404);
        given().auth().oauth2(TestTokens.token("console-other", "read")).get(path).then().statusCode(404);
        given().auth().oauth2(TestTokens.token(T, "read")).get("/v1/teams/alpha/decisions/not-a-uuid").then()
                .statusCode(404);
    }

    @Test
    void theTargetsGridSavesThroughTheTargetRules() throws Exception {
        seed();
        Cookie session = signIn(T, "admin");
        String grid = page(session, "/console/teams/inhouse/targets?grain=month&from=2026-09");
        assertTrue(grid.contains("data-kpi=\"win_rate\" data-period=\"2026-10\""), grid);
        Matcher m = Pattern.compile("data-csrf=\"([^\"]+)\"").matcher(grid);
        assertTrue(m.find());
        String token = m.group(1);
        // a bad cell refuses the whole save, naming the cell
        given().cookie(session).contentType("application/json").header(ConsoleAccess.CSRF_HEADER, token)
                .body("{\"grain\":\"month\",\"entries\":[{\"kpi\":\"win_rate\",\"period\":\"2026-10\",\"target\":\"0.6\"},"
                        + "{\"kpi\":\"calls\",\"period\":\"2026-10\",\"target\":\"1e20\"}]}")
                .post("/console/teams/inhouse/targets").then().statusCode(400)
                .body("errors[0].pointer", equalTo("/entries/1/target"));
        // every bad cell is named at once, so that the grid can mark them all
        given().cookie(session).contentType("application/json").header(ConsoleAccess.CSRF_HEADER, token)
                .body("{\"grain\":\"month\",\"entries\":[{\"kpi\":\"no_such\",\"period\":\"2026-10\",\"target\":1},"
                        + "{\"kpi\":\"calls\",\"period\":\"2026-10\",\"target\":5},"
                        + "{\"kpi\":\"calls\",\"period\":\"2026-Q4\",\"target\":\"many\"}]}")
                .post("/console/teams/inhouse/targets").then().statusCode(400)
                .body("errors.pointer", org.hamcrest.Matchers.contains("/entries/0/kpi", "/entries/2/period",
                        "/entries/2/target"));
        given().auth().oauth2(TestTokens.token(T, "read")).get("/v1/teams/inhouse/scorecard?grain=month&period=2026-10")
                .then().body("groups.kpis.flatten().find { it.kpi == 'win_rate' }.target", nullValue());
        // without the CSRF header: refused
        given().cookie(session).contentType("application/json")
                .body("{\"grain\":\"month\",\"entries\":[{\"kpi\":\"win_rate\",\"period\":\"2026-10\",\"target\":\"0.6\"}]}")
                .post("/console/teams/inhouse/targets").then().statusCode(403);
        given().cookie(session).contentType("application/json").header(ConsoleAccess.CSRF_HEADER, token)
                .body("{\"grain\":\"month\",\"entries\":[{\"kpi\":\"win_rate\",\"period\":\"2026-10\",\"target\":\"0.6\"},"
                        + "{\"kpi\":\"revenue_won\",\"period\":\"2026-11\",\"target\":4000000}]}")
                .post("/console/teams/inhouse/targets").then().statusCode(200).body("saved", equalTo(2));
        given().auth().oauth2(TestTokens.token(T, "read")).get("/v1/teams/inhouse/scorecard?grain=month&period=2026-10")
                .then().body("groups.kpis.flatten().find { it.kpi == 'win_rate' }.target", equalTo(0.6f))
                .body("groups.kpis.flatten().find { it.kpi == 'win_rate' }.attainment", equalTo(0.833333f));
        String reloaded = page(session, "/console/teams/inhouse/targets?grain=month&from=2026-09");
        assertTrue(reloaded.contains("data-kpi=\"win_rate\" data-period=\"2026-10\" value=\"0.6\""), reloaded);
        // an emptied cell removes the target
        given().cookie(session).contentType("application/json").header(ConsoleAccess.CSRF_HEADER, token)
                .body("{\"grain\":\"month\",\"entries\":[{\"kpi\":\"revenue_won\",\"period\":\"2026-11\",\"target\":null}]}")
                .post("/console/teams/inhouse/targets").then().statusCode(200);
        given().auth().oauth2(TestTokens.token(T, "read")).get("/v1/teams/inhouse/scorecard?grain=month&period=2026-11")
                .then().body("groups.kpis.flatten().find { it.kpi == 'revenue_won' }.target", nullValue());
    }

    @Test
    void theComparisonTableAndItsCsvShowTheSameRows() throws Exception {
        seed();
        Cookie session = signIn(T, "read");
        String html = page(session, "/console/comparison?kpi=revenue_won&grain=month&period=2026-10");
        assertTrue(html.contains("<tr data-team=\"alpha\">"), html);
        assertTrue(html.contains("<tr data-kind=\"partner\" class=\"pooled\">"), html);
        // partners pooled: 3,000,000 + 1,000,000
        assertTrue(html.contains("data-kpi=\"revenue_won\" data-value=\"4000000\""), html);
        String csv = given().cookie(session).get("/console/comparison/export.csv?kpi=revenue_won&grain=month&period=2026-10")
                .then().statusCode(200).contentType(startsWith("text/csv")).extract().asString();
        List<String> lines = csv.lines().toList();
        assertEquals("\uFEFFrow,team_id,team_name,kind,grain,period,revenue_won", lines.get(0));
        assertTrue(lines.contains("team,alpha,アルファ社,partner,month,2026-10,3000000"), csv);
        assertTrue(lines.contains("pooled,,,partner,month,2026-10,4000000"), csv);
        assertTrue(lines.contains("pooled,,,in_house,month,2026-10,5000000"), csv);
        assertEquals(6, lines.size(), csv);
        // a group of KPIs: one column each
        String group = page(session, "/console/comparison?kpi=axis:revenue&grain=month&period=2026-10");
        assertTrue(group.contains("data-kpi=\"win_rate\" data-value=\"0.375000\""), group);
    }

    @Test
    void insightsAreSearchedInJapaneseAndEnglishWithinTheTenant() throws Exception {
        seed();
        Cookie session = signIn(T, "read");
        String ja = given().redirects().follow(false).cookie(session).queryParam("q", "価格").queryParam("months", "24")
                .get("/console/insights").then().statusCode(200).extract().asString();
        assertTrue(ja.contains("data-insight=\"c-i1\""), ja);
        assertFalse(ja.contains("data-insight=\"c-i3\""), ja);
        String en = page(session, "/console/insights?q=PRIVATE&months=24");
        assertTrue(en.contains("data-insight=\"c-i3\""), en);
        // a LIKE wildcard is a character, not a wildcard
        String percent = given().cookie(session).queryParam("q", "%").queryParam("months", "24")
                .get("/console/insights").then().statusCode(200).extract().asString();
        assertTrue(percent.contains("id=\"no-insights\""), percent);
        String tagged = page(session, "/console/insights?tag=competitor&team=alpha&months=24");
        assertTrue(tagged.contains("data-insight=\"c-i2\""), tagged);
        assertFalse(tagged.contains("data-insight=\"c-i1\""), tagged);
        assertTrue(tagged.contains("data-chart=\"tags\""), tagged);
    }

    @Test
    void insightsArePagedWithoutSkippingOneOfTheSameMillisecond() throws Exception {
        String tenant = "console-pager";
        register(tenant, "pager", "Pager", "partner");
        List<InsightValue> insights = new ArrayList<>();
        for (int i = 1; i <= 24; i++) {
            insights.add(new InsightValue(tenant, "p-%02d".formatted(i), "pager", null, null, "note " + i,
                    List.of("customer_voice"), List.of(), "insight.captured",
                    Instant.parse("2026-11-10T01:00:00Z").plusSeconds(60L * i), 1));
        }
        // the 25th and 26th newest share a millisecond: a cursor in milliseconds would skip the 26th
        insights.add(new InsightValue(tenant, "p-x", "pager", null, null, "same millisecond, later",
                List.of("customer_voice"), List.of(), "insight.captured", Instant.parse("2026-11-01T00:00:00.000700Z"), 1));
        insights.add(new InsightValue(tenant, "p-y", "pager", null, null, "same millisecond, earlier",
                List.of("customer_voice"), List.of(), "insight.captured", Instant.parse("2026-11-01T00:00:00.000300Z"), 1));
        publish(Topics.KNOWLEDGE_INSIGHTS, insights.stream().map(i -> new String[] {i.key(), json(i)}).toList());
        Cookie session = signIn(tenant, "read");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertTrue(
                page(session, "/console/insights?months=24").contains("id=\"older\"")));
        String first = page(session, "/console/insights?months=24");
        assertTrue(first.contains("data-insight=\"p-x\""), first);
        assertFalse(first.contains("data-insight=\"p-y\""), first);
        Matcher older = Pattern.compile("id=\"older\" href=\"([^\"]+)\"").matcher(first);
        assertTrue(older.find(), first);
        String second = page(session, older.group(1).replace("&amp;", "&"));
        assertTrue(second.contains("data-insight=\"p-y\""), second);
        assertFalse(second.contains("data-insight=\"p-x\""), second);
        // a cursor that is not one falls back to the newest page (no 500)
        assertTrue(page(session, "/console/insights?months=24&before=99999999999999999999~x").contains("p-24"));
    }

    /** A session limited to some teams (the teams claim), opened through the local sign-in link. */
    static Cookie signInLimited(List<String> teams, String tenant, String... roles) {
        Response r = given().redirects().follow(false).queryParam("token", TestTokens.limited(teams, tenant, roles))
                .get("/console/sign-in/local");
        assertEquals(303, r.statusCode());
        return r.detailedCookie(ConsoleAccess.SESSION_COOKIE);
    }

    @Test
    void aPartnerLimitedToItsTeamSeesNeitherTheOtherPartnersNameNorItsNumbers() throws Exception {
        seed();
        Cookie alpha = signInLimited(List.of("alpha"), T, "admin");
        // the overview: alpha only
        String overview = page(alpha, "/console/?grain=month&period=2026-10&set=traditional");
        assertTrue(overview.contains("data-team=\"alpha\""), overview);
        assertFalse(overview.contains("data-team=\"beta\""), overview);
        assertFalse(overview.contains("data-team=\"inhouse\""), overview);
        assertFalse(overview.contains("alert(&#39;team&#39;)"), overview);
        // another team's pages, forms and exports are the 404 page, even to an admin of the tenant
        for (String path : List.of("/console/teams/beta", "/console/teams/beta/brief", "/console/teams/beta/level",
                "/console/teams/beta/targets", "/console/teams/inhouse", "/console/insights?team=beta")) {
            given().redirects().follow(false).cookie(alpha).get(path).then().statusCode(404);
        }
        String level = page(alpha, "/console/teams/alpha/level?period=2026-10");
        given().redirects().follow(false).cookie(alpha).contentType(FORM).formParam("_csrf", csrf(level))
                .formParam("meetingBeyondNumbers", "true").post("/console/teams/beta/self-assessment").then()
                .statusCode(404);
        // the comparison: alpha's row; the partners' pool is alpha + beta (one other partner), so it is hidden; the
        // in-house pool is one team's figure, hidden too
        String comparison = page(alpha, "/console/comparison?kpi=revenue_won&grain=month&period=2026-10");
        assertTrue(comparison.contains("<tr data-team=\"alpha\">"), comparison);
        assertFalse(comparison.contains("data-team=\"beta\""), comparison);
        assertFalse(comparison.contains("data-kind=\"partner\""), comparison);
        assertFalse(comparison.contains("data-kind=\"in_house\""), comparison);
        assertFalse(comparison.contains("1000000"), comparison);
        assertFalse(comparison.contains("5000000"), comparison);
        assertTrue(comparison.contains("id=\"pools-hidden\""), comparison);
        String csv = given().cookie(alpha).get("/console/comparison/export.csv?kpi=revenue_won&grain=month&period=2026-10")
                .then().statusCode(200).extract().asString();
        assertEquals(2, csv.lines().count(), csv);
        assertFalse(csv.contains("beta") || csv.contains("1000000") || csv.contains("5000000"), csv);
        // insights: alpha's only, and no other team in the filter
        String insights = page(alpha, "/console/insights?months=24");
        assertTrue(insights.contains("data-insight=\"c-i1\""), insights);
        assertFalse(insights.contains("data-insight=\"c-i3\""), insights);
        assertFalse(insights.contains("value=\"beta\""), insights);
        assertFalse(insights.contains("value=\"inhouse\""), insights);
        // the decisions API: another team's are a team that does not exist, for a limited admin too
        String limitedAdmin = TestTokens.limited(List.of("alpha"), T, "admin");
        given().auth().oauth2(limitedAdmin).get("/v1/teams/beta/decisions").then().statusCode(404);
        given().auth().oauth2(limitedAdmin).contentType("application/json")
                .body("{\"grain\":\"month\",\"period\":\"2026-10\",\"what\":\"x\",\"owner\":\"a\",\"due\":\"2026-12-01\"}")
                .post("/v1/teams/beta/decisions").then().statusCode(404);
        given().auth().oauth2(limitedAdmin).get("/v1/teams/alpha/decisions").then().statusCode(200);
        // the same tenant's unlimited reader sees all three (so the above is the claim's doing)
        String all = page(signIn(T, "read"), "/console/?grain=month&period=2026-10&set=traditional");
        assertTrue(all.contains("data-team=\"beta\"") && all.contains("data-team=\"inhouse\""), all);
        // a teams claim of another type opens no session
        Response bad = given().redirects().follow(false).queryParam("token", TestTokens.withTeamsClaim("7", T, "read"))
                .get("/console/sign-in/local");
        assertTrue(bad.header("Location").contains("error=token"), bad.header("Location"));
    }

    @Test
    void signingOutNeedsTheTokenAndEndsTheSession() {
        Cookie session = signIn(T, "read");
        String html = page(session, "/console/insights");
        given().redirects().follow(false).cookie(session).contentType(FORM)
                .post("/console/sign-in/out").then().statusCode(403);
        Response out = given().redirects().follow(false).cookie(session).contentType(FORM)
                .formParam("_csrf", csrf(html)).post("/console/sign-in/out");
        assertEquals(303, out.statusCode());
        assertEquals("", out.cookie(ConsoleAccess.SESSION_COOKIE));
    }
}
