package dev.northstar.reporting;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.restassured.parsing.Parser;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 22, who sees what: a tenant with three partner firms and its in-house team, and a token limited to the first
 * partner (its {@code teams} claim). On every endpoint it reads that partner's real figures, gets the 404 of a team
 * that does not exist for another partner's, and no body it is given (JSON, CSV, feed pages) names another team; the
 * same user's token without the claim still sees every team.
 */
@QuarkusTest
@QuarkusTestResource(NorthstarInfra.class)
class TeamLimitedTokensTest {

    private static final String T = "partners";
    private static final String A = "partner-alpha";
    private static final String B = "partner-beta";
    private static final String C = "partner-gamma";
    private static final String IH = "in-house-delta";
    private static final Map<String, String> NAMES = Map.of(A, "アルファ販売", B, "ベータ商事", C, "ガンマ営業",
            IH, "自社営業部");
    /** What a token limited to A must never be shown: the other teams' ids and names. */
    private static final List<String> OTHERS = List.of(B, NAMES.get(B), C, NAMES.get(C), IH, NAMES.get(IH));
    private static final EventCodec CODEC = new EventCodec(new EventValidator());
    private static boolean loaded;

    @BeforeAll
    static void problemDocumentsAreJson() {
        RestAssured.registerParser("application/problem+json", Parser.JSON);
    }

    private static String readA() {
        return TestTokens.limited(List.of(A), T, "read");
    }

    private static String adminA() {
        return TestTokens.limited(List.of(A), T, "admin");
    }

    private static RequestSpecification as(String token) {
        return given().auth().oauth2(token);
    }

    private static CloudEvent registered(String team, String kind) {
        ObjectNode node = (ObjectNode) EventJson.parse(("{\"specversion\":\"1.0\",\"id\":\"reg-" + team
                + "\",\"source\":\"crm://partners\",\"type\":\"team.registered\",\"time\":\"2026-01-01T00:00:00Z\","
                + "\"tenant\":\"" + T + "\",\"data\":{\"teamId\":\"" + team + "\",\"name\":\"" + NAMES.get(team)
                + "\",\"kind\":\"" + kind + "\"}}").getBytes(StandardCharsets.UTF_8));
        return CODEC.toCloudEvent(node);
    }

    private static KpiValue value(String team, String kpi, String period, String value, String numerator,
            String denominator, String unit) {
        return new KpiValue(T, team, kpi, "month", period, new BigDecimal(value), new BigDecimal(numerator),
                denominator == null ? null : new BigDecimal(denominator), unit, 1,
                Instant.parse("2026-11-01T00:00:00Z"));
    }

    private static String kpi(String id, String field) {
        return "kpis.find { it.kpi == '" + id + "' }." + field;
    }

    /**
     * The four teams registered; calls of every team (A 100, B 50, C 30, in-house 80) and of A and B the month
     * before; win rates of A (1 of 4) and B (3 of 4); A's NPS.
     */
    private static synchronized void load() throws Exception {
        if (loaded) {
            return;
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, NorthstarInfra.bootstrapServers());
        try (KafkaProducer<String, CloudEvent> producer = new KafkaProducer<>(props, new StringSerializer(),
                new CloudEventSerializer())) {
            for (CloudEvent e : List.of(registered(A, "partner"), registered(B, "partner"), registered(C, "partner"),
                    registered(IH, "in_house"))) {
                producer.send(new ProducerRecord<>(Topics.CRM_EVENTS, T + "/team", e)).get();
            }
        }
        KpiValuesResourceTest.publish(List.of(
                value(A, "calls", "2026-10", "100", "100", null, "count"),
                value(B, "calls", "2026-10", "50", "50", null, "count"),
                value(C, "calls", "2026-10", "30", "30", null, "count"),
                value(IH, "calls", "2026-10", "80", "80", null, "count"),
                value(A, "calls", "2026-09", "90", "90", null, "count"),
                value(B, "calls", "2026-09", "40", "40", null, "count"),
                value(A, "win_rate", "2026-10", "0.25", "1", "4", "rate"),
                value(B, "win_rate", "2026-10", "0.75", "3", "4", "rate"),
                value(A, "nps", "2026-10", "50", "5", "10", "score")));
        String read = TestTokens.token(T, "read");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            as(read).get("/v1/teams").then().statusCode(200).body("items.teamId", contains(IH, A, B, C))
                    .body("items.name", hasItem(NAMES.get(C)));
            as(read).get("/v1/kpi-values?grain=month&limit=100").then().statusCode(200).body("items", hasSize(9));
        });
        loaded = true;
    }

    /** The body, after checking that it names no other team than A. */
    private static String onlyA(Response response) {
        String body = response.asString();
        for (String other : OTHERS) {
            assertFalse(body.contains(other), "a body for a token limited to " + A + " names " + other + ": " + body);
        }
        return body;
    }

    /** The 404 of a team that does not exist, for {@code team} (another partner's): the very same document. */
    private static void noSuchTeam(Response forB, Response forNobody) {
        forB.then().statusCode(404).contentType("application/problem+json");
        forNobody.then().statusCode(404);
        assertEquals(forNobody.asString(), forB.asString());
        assertTrue(forB.asString().contains("No such team"), forB.asString());
    }

    @Test
    void aLimitedTokenListsOnlyItsTeamsAndReadsOnlyItsTeamsCardsReportsBriefsAndLevels() throws Exception {
        load();
        Response teams = as(readA()).get("/v1/teams");
        teams.then().statusCode(200).body("items.teamId", contains(A)).body("items.name", contains(NAMES.get(A)))
                .body("items.kind", contains("partner"));
        onlyA(teams);

        String query = "?grain=month&period=2026-10";
        Response card = as(readA()).get("/v1/teams/" + A + "/scorecard" + query);
        card.then().statusCode(200).body("teamId", equalTo(A))
                .body("groups.kpis.flatten().find { it.kpi == 'calls' }.value", equalTo(100))
                .body("groups.kpis.flatten().find { it.kpi == 'calls' }.previous", equalTo(90))
                .body("groups.kpis.flatten().find { it.kpi == 'win_rate' }.value", equalTo(0.25f));
        onlyA(card);
        Response report = as(readA()).get("/v1/teams/" + A + "/report" + query);
        report.then().statusCode(200).body("teamName", equalTo(NAMES.get(A))).body(kpi("calls", "value"), equalTo(100))
                .body(kpi("calls", "previous"), equalTo(90));
        onlyA(report);
        Response brief = as(readA()).get("/v1/teams/" + A + "/strategy-brief" + query);
        brief.then().statusCode(200).body("teamId", equalTo(A)).body("teamName", equalTo(NAMES.get(A)));
        onlyA(brief);
        Response markdown = as(readA()).accept("text/markdown").get("/v1/teams/" + A + "/strategy-brief" + query);
        markdown.then().statusCode(200).contentType(startsWith("text/markdown"));
        assertTrue(onlyA(markdown).contains("# Strategy brief / 戦略会議ブリーフ: " + NAMES.get(A)));
        Response level = as(readA()).get("/v1/teams/" + A + "/integration-level?period=2026-10");
        level.then().statusCode(200).body("teamId", equalTo(A)).body("teamName", equalTo(NAMES.get(A)))
                .body("level", notNullValue());
        onlyA(level);

        // another partner's team is a team that does not exist, on every path, JSON or Markdown
        for (String path : List.of("scorecard", "report", "strategy-brief")) {
            noSuchTeam(as(readA()).get("/v1/teams/" + B + "/" + path + query),
                    as(readA()).get("/v1/teams/nobody/" + path + query));
        }
        noSuchTeam(as(readA()).accept("text/markdown").get("/v1/teams/" + IH + "/strategy-brief" + query),
                as(readA()).accept("text/markdown").get("/v1/teams/nobody/strategy-brief" + query));
        noSuchTeam(as(readA()).get("/v1/teams/" + C + "/integration-level?period=2026-10"),
                as(readA()).get("/v1/teams/nobody/integration-level?period=2026-10"));

        // the same user without the claim: every team, as before
        String read = TestTokens.token(T, "read");
        as(read).get("/v1/teams").then().statusCode(200).body("items.teamId", contains(IH, A, B, C))
                .body("items.name", contains(NAMES.get(IH), NAMES.get(A), NAMES.get(B), NAMES.get(C)));
        as(read).get("/v1/teams/" + B + "/scorecard" + query).then().statusCode(200)
                .body("groups.kpis.flatten().find { it.kpi == 'calls' }.value", equalTo(50));
        as(read).get("/v1/teams/" + B + "/report" + query).then().statusCode(200)
                .body("teamName", equalTo(NAMES.get(B))).body(kpi("win_rate", "value"), equalTo(0.75f));
        as(read).get("/v1/teams/" + C + "/integration-level?period=2026-10").then().statusCode(200)
                .body("teamName", equalTo(NAMES.get(C)));
    }

    @Test
    void aLimitedAdminSetsTargetsAndSelfAssessmentsOfItsTeamsOnly() throws Exception {
        load();
        String answers = "{\"meetingBeyondNumbers\":true,\"explainsVision\":true,\"analysesFailuresTogether\":true,"
                + "\"proposesImprovements\":false,\"note\":\"月次で確認\"}";
        as(adminA()).contentType("application/json").body("{\"target\":150}")
                .put("/v1/targets/" + A + "/calls/month/2026-10").then().statusCode(200).body("teamId", equalTo(A))
                .body("target.toString()", equalTo("150"));
        Response targetB = as(adminA()).contentType("application/json").body("{\"target\":999}")
                .put("/v1/targets/" + B + "/calls/month/2026-10");
        targetB.then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://northstar.dev/problems/not-found"))
                .body("detail", equalTo("No such team."));
        onlyA(targetB);
        as(adminA()).contentType("application/json").body(answers).put("/v1/teams/" + A + "/self-assessment").then()
                .statusCode(200).body("proposesImprovements", equalTo(false)).body("note", equalTo("月次で確認"));
        noSuchTeam(as(adminA()).contentType("application/json").body(answers)
                        .put("/v1/teams/" + B + "/self-assessment"),
                as(adminA()).contentType("application/json").body(answers).put("/v1/teams/nobody/self-assessment"));

        // A's target and answers are there; nothing was written for B
        as(readA()).get("/v1/teams/" + A + "/scorecard?grain=month&period=2026-10").then().statusCode(200)
                .body("groups.kpis.flatten().find { it.kpi == 'calls' }.target", equalTo(150));
        as(readA()).get("/v1/teams/" + A + "/integration-level?period=2026-10").then().statusCode(200)
                .body("selfAssessedLevel", notNullValue());
        String read = TestTokens.token(T, "read");
        as(read).get("/v1/teams/" + B + "/scorecard?grain=month&period=2026-10").then().statusCode(200)
                .body("groups.kpis.flatten().find { it.kpi == 'calls' }.value", equalTo(50))
                .body("groups.kpis.flatten().find { it.kpi == 'calls' }.target", nullValue());
        as(read).get("/v1/teams/" + B + "/integration-level?period=2026-10").then().statusCode(200)
                .body("selfAssessedLevel", nullValue());
        // the same admin without the claim still sets B's
        as(TestTokens.token(T, "admin")).contentType("application/json").body("{\"target\":60}")
                .put("/v1/targets/" + B + "/calls/month/2026-09").then().statusCode(200).body("teamId", equalTo(B));
    }

    @Test
    void aLimitedTokenComparesItsTeamsAndSeesAPoolOnlyWhereTwoOtherTeamsContribute() throws Exception {
        load();
        String query = "/v1/comparison?grain=month&period=2026-10";
        Response mine = as(readA()).get(query);
        mine.then().statusCode(200).body("teams.teamId", contains(A)).body("teams.name", contains(NAMES.get(A)))
                .body(kpi("calls", "teams." + A + ".value"), equalTo(100))
                .body(kpi("win_rate", "teams." + A + ".value"), equalTo(0.25f))
                .body(kpi("calls", "teams.keySet()"), contains(A))
                // calls: B and C besides A, so the partners' pool is shown (100 + 50 + 30)
                .body(kpi("calls", "byKind.partner.value"), equalTo(180))
                // the in-house pool is one team: that team's figures, hidden
                .body(kpi("calls", "byKind"), not(hasKey("in_house")))
                // win rate: B alone besides A, so the pool minus A's own would be B's: hidden
                .body(kpi("win_rate", "byKind"), not(hasKey("partner")))
                .body(kpi("nps", "byKind"), not(hasKey("partner")));
        onlyA(mine);
        Response chosen = as(readA()).get(query + "&teamIds=" + A);
        chosen.then().statusCode(200).body("teams.teamId", contains(A))
                .body(kpi("calls", "byKind.partner.value"), equalTo(180));
        onlyA(chosen);
        Response forB = as(readA()).get(query + "&teamIds=" + A + "," + B);
        forB.then().statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("No such team: " + B));
        as(readA()).get(query + "&teamIds=" + A + ",nobody").then().statusCode(404)
                .body("type", equalTo(forB.jsonPath().getString("type")))
                .body("title", equalTo(forB.jsonPath().getString("title")));
        as(readA()).get(query + "&teamIds=" + IH).then().statusCode(404);

        // without the claim: every team side by side, pooled over the teams compared
        as(TestTokens.token(T, "read")).get(query).then().statusCode(200).body("teams.teamId", contains(IH, A, B, C))
                .body(kpi("calls", "teams." + B + ".value"), equalTo(50))
                .body(kpi("calls", "byKind.partner.value"), equalTo(180))
                .body(kpi("calls", "byKind.in_house.value"), equalTo(80))
                .body(kpi("win_rate", "byKind.partner.value"), equalTo(0.5f));
    }

    private static List<String> rows(JsonPath page) {
        List<Map<String, Object>> items = page.getList("items");
        return items.stream().map(i -> i.get("teamId") + "/" + i.get("kpi") + "/" + i.get("period") + "="
                + i.get("value")).toList();
    }

    @Test
    void aLimitedTokensSeriesPagesCsvAndCursorsHoldOnlyItsTeamsRows() throws Exception {
        load();
        List<String> expected = List.of(A + "/calls/2026-09=90", A + "/calls/2026-10=100", A + "/nps/2026-10=50",
                A + "/win_rate/2026-10=0.25");
        Response all = as(readA()).get("/v1/kpi-values?grain=month");
        all.then().statusCode(200).body("next", nullValue());
        assertEquals(expected, rows(all.jsonPath()));
        onlyA(all);
        // pages of one, walked with their cursors: A's four rows, and nothing after them
        List<String> walked = new ArrayList<>();
        String next = null;
        String firstCursor = null;
        do {
            RequestSpecification request = as(readA());
            if (next != null) {
                request = request.queryParam("cursor", next);
            }
            Response page = request.get("/v1/kpi-values?grain=month&limit=1");
            page.then().statusCode(200);
            onlyA(page);
            walked.addAll(rows(page.jsonPath()));
            next = page.jsonPath().getString("next");
            firstCursor = firstCursor == null ? next : firstCursor;
        } while (next != null && walked.size() < 20);
        assertEquals(expected, walked);
        // a cursor moved back before every team still reads A's rows only: the teams are in every page's query
        ObjectNode cursor = (ObjectNode) EventJson.parse(Base64.getUrlDecoder().decode(firstCursor));
        cursor.put("t", "").put("k", "").put("p", "");
        String rewound = Base64.getUrlEncoder().withoutPadding().encodeToString(cursor.toString()
                .getBytes(StandardCharsets.UTF_8));
        Response again = as(readA()).queryParam("cursor", rewound).get("/v1/kpi-values?grain=month&limit=10");
        again.then().statusCode(200);
        assertEquals(expected, rows(again.jsonPath()));
        onlyA(again);
        // a cursor of the unlimited token's query is not one of this query's
        String unlimitedCursor = as(TestTokens.token(T, "read")).get("/v1/kpi-values?grain=month&limit=1").then()
                .statusCode(200).extract().path("next");
        as(readA()).queryParam("cursor", unlimitedCursor).get("/v1/kpi-values?grain=month&limit=1").then()
                .statusCode(400).body("errors.pointer", contains("/cursor"));
        // its own team as a filter; another team's is a team that does not exist
        Response filtered = as(readA()).get("/v1/kpi-values?grain=month&teamId=" + A + "&kpi=calls");
        assertEquals(expected.subList(0, 2), rows(filtered.then().statusCode(200).extract().jsonPath()));
        noSuchTeam(as(readA()).get("/v1/kpi-values?grain=month&teamId=" + B),
                as(readA()).get("/v1/kpi-values?grain=month&teamId=nobody"));

        // CSV: A's rows only
        Response csv = as(readA()).accept("text/csv").get("/v1/kpi-values?grain=month");
        byte[] body = csv.then().statusCode(200).contentType(startsWith("text/csv")).extract().asByteArray();
        assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, Arrays.copyOf(body, 3));
        List<String> lines = List.of(new String(body, 3, body.length - 3, StandardCharsets.UTF_8).split("\r\n"));
        assertEquals(5, lines.size(), lines.toString());
        assertEquals(expected, lines.subList(1, 5).stream().map(l -> l.split(","))
                .map(f -> f[0] + "/" + f[1] + "/" + f[5] + "=" + f[6]).toList());
        onlyA(csv);
        noSuchTeam(as(readA()).accept("text/csv").get("/v1/kpi-values?grain=month&teamId=" + B),
                as(readA()).accept("text/csv").get("/v1/kpi-values?grain=month&teamId=nobody"));

        // without the claim: every team's rows
        String read = TestTokens.token(T, "read");
        as(read).get("/v1/kpi-values?grain=month").then().statusCode(200).body("items", hasSize(9))
                .body("items.teamId", hasItem(B));
        String everyCsv = as(read).accept("text/csv").get("/v1/kpi-values?grain=month").then().statusCode(200)
                .extract().asString();
        assertTrue(everyCsv.contains(B + ",calls,"), everyCsv);
        as(read).get("/v1/kpi-values?grain=month&teamId=" + B).then().statusCode(200).body("items", hasSize(3));
    }

    @Test
    void aLimitedTokensChangeFeedHoldsOnlyItsTeamsChanges() throws Exception {
        load();
        List<String> changed = new ArrayList<>();
        String since = "0";
        for (int pages = 0; pages < 50; pages++) {
            Response page = as(readA()).queryParam("since", since).queryParam("limit", 2).get("/v1/kpi-values/changes");
            page.then().statusCode(200);
            onlyA(page);
            JsonPath json = page.jsonPath();
            List<Map<String, Object>> items = json.getList("items");
            items.forEach(i -> changed.add(i.get("teamId") + "/" + i.get("kpi") + "/" + i.get("period")));
            since = json.getString("next");
            if (items.isEmpty()) {
                break;
            }
        }
        assertEquals(List.of(A + "/calls/2026-09", A + "/calls/2026-10", A + "/nps/2026-10", A + "/win_rate/2026-10"),
                changed.stream().sorted().toList());
        // without the claim: every team's changes
        List<Map<String, Object>> every = as(TestTokens.token(T, "read")).queryParam("limit", 100)
                .get("/v1/kpi-values/changes").then().statusCode(200).extract().jsonPath().getList("items");
        assertEquals(9, every.size());
        assertTrue(every.stream().anyMatch(i -> B.equals(i.get("teamId"))));
    }

    @Test
    void theQuarantineIsRefusedToALimitedAdminAndTheCatalogueIsTheSameForEveryone() throws Exception {
        load();
        Response quarantine = as(adminA()).get("/v1/quarantine");
        quarantine.then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://northstar.dev/problems/forbidden"));
        onlyA(quarantine);
        as(TestTokens.token(T, "admin")).get("/v1/quarantine").then().statusCode(200).body("items", notNullValue());

        Response catalogue = as(readA()).get("/v1/kpis");
        catalogue.then().statusCode(200);
        assertEquals(as(TestTokens.token(T, "read")).get("/v1/kpis").then().statusCode(200).extract().asString(),
                catalogue.asString());
    }

    @Test
    void anEmptyTeamsClaimSeesNoTeamAndAClaimOfAnotherTypeIsRefused() throws Exception {
        load();
        String none = TestTokens.limited(List.of(), T, "read");
        as(none).get("/v1/teams").then().statusCode(200).body("items", hasSize(0));
        as(none).get("/v1/kpi-values?grain=month").then().statusCode(200).body("items", hasSize(0));
        as(none).get("/v1/kpi-values/changes").then().statusCode(200).body("items", hasSize(0));
        as(none).get("/v1/comparison?grain=month&period=2026-10").then().statusCode(200).body("teams", hasSize(0))
                // a pool of three other partners is still the partners' benchmark
                .body(kpi("calls", "byKind.partner.value"), equalTo(180));
        as(none).get("/v1/teams/" + A + "/scorecard?grain=month&period=2026-10").then().statusCode(404);
        // one id as a string is that team
        as(TestTokens.withTeamsClaim("\"" + A + "\"", T, "read")).get("/v1/teams").then().statusCode(200)
                .body("items.teamId", contains(A));
        for (String bad : List.of("7", "{\"id\":\"" + A + "\"}", "[\"" + A + "\",1]", "null")) {
            String token = TestTokens.withTeamsClaim(bad, T, "read");
            as(token).get("/v1/teams").then().statusCode(401).contentType("application/problem+json")
                    .body("type", equalTo("https://northstar.dev/problems/unauthorized"));
            as(token).get("/v1/kpi-values?grain=month").then().statusCode(401);
        }
    }
}
