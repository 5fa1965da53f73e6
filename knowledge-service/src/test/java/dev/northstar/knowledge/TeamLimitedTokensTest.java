package dev.northstar.knowledge;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.northstar.testing.NorthstarInfra;
import dev.northstar.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.parsing.Parser;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 22, who sees what, for insights: a tenant with two partner firms and its in-house team, and tokens limited to
 * the first partner (their {@code teams} claim). They read, search, page, count and retag that partner's insights
 * only, get the 404 of an insight or team that does not exist for the others', may not write for another team, and no
 * body they are given names another team or its insights; the same tokens without the claim see every team.
 */
@QuarkusTest
@QuarkusTestResource(NorthstarInfra.class)
class TeamLimitedTokensTest {

    private static final String T = "know-partners";
    private static final String A = "partner-alpha";
    private static final String B = "partner-beta";
    private static final String IH = "in-house-delta";
    /** What a token limited to A must never be shown: the other teams' ids and their insights' texts. */
    private static final List<String> OTHERS = List.of(B, IH, "ベータの秘密", "Beta secret", "自社の方針");
    private static final Map<String, String> IDS = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeAll
    static void problemDocumentsAreJson() {
        RestAssured.registerParser("application/problem+json", Parser.JSON);
    }

    private static RequestSpecification limited(String role) {
        return given().auth().oauth2(TestTokens.limited(List.of(A), T, role));
    }

    private static RequestSpecification unlimited(String role) {
        return given().auth().oauth2(TestTokens.token(T, role));
    }

    private static String insight(String team, String text, String tags, String at) {
        return "{\"teamId\":\"" + team + "\",\"text\":\"" + text + "\",\"tags\":" + tags + ",\"occurredAt\":\"" + at
                + "\"}";
    }

    /**
     * A's three insights (pricing twice, a success story), B's two (pricing, competitor) and the in-house team's one
     * (strategy), written by the tenant's unlimited CRM token; their ids by text.
     */
    private static synchronized void load() {
        if (!IDS.isEmpty()) {
            return;
        }
        String[][] insights = {
            {A, "アルファ: 価格の相談が多い", "[\"pricing\"]", "2026-10-01T01:00:00Z"},
            {B, "ベータの秘密: 価格を二割下げる", "[\"pricing\"]", "2026-10-02T01:00:00Z"},
            {A, "アルファ: 導入事例ができた", "[\"success_story\"]", "2026-10-03T01:00:00Z"},
            {B, "Beta secret: the competitor's roadmap", "[\"competitor\"]", "2026-10-04T01:00:00Z"},
            {IH, "自社の方針: 価格は据え置き", "[\"pricing\",\"strategy\"]", "2026-10-05T01:00:00Z"},
            {A, "アルファ: 価格より機能", "[\"pricing\"]", "2026-10-06T01:00:00Z"}};
        for (String[] i : insights) {
            String id = unlimited("ingest").contentType("application/json").body(insight(i[0], i[1], i[2], i[3]))
                    .post("/v1/insights").then().statusCode(201).extract().path("id");
            IDS.put(i[1], id);
        }
    }

    /** The body, after checking that it names no other team than A, nor any of their insights. */
    private static String onlyA(Response response) {
        String body = response.asString();
        for (String other : OTHERS) {
            assertFalse(body.contains(other), "a body for a token limited to " + A + " names " + other + ": " + body);
        }
        return body;
    }

    private static List<String> texts(Response response) {
        onlyA(response);
        return response.then().statusCode(200).extract().path("items.text");
    }

    @Test
    void aLimitedTokenSearchesAndPagesOnlyItsTeamsInsights() {
        load();
        List<String> mine = List.of("アルファ: 価格より機能", "アルファ: 導入事例ができた", "アルファ: 価格の相談が多い");
        assertEquals(mine, texts(limited("read").get("/v1/insights")));
        assertEquals(List.of("アルファ: 価格より機能", "アルファ: 価格の相談が多い"),
                texts(limited("read").queryParam("q", "価格").get("/v1/insights")));
        assertEquals(List.of("アルファ: 価格より機能", "アルファ: 価格の相談が多い"),
                texts(limited("read").queryParam("tag", "pricing").get("/v1/insights")));
        assertEquals(List.of(), texts(limited("read").queryParam("q", "secret").get("/v1/insights")));
        assertEquals(mine, texts(limited("read").queryParam("teamId", A).get("/v1/insights")));
        // pages of one, walked with their cursors
        List<String> walked = new ArrayList<>();
        String cursor = null;
        do {
            RequestSpecification request = limited("read").queryParam("limit", 1);
            if (cursor != null) {
                request = request.queryParam("cursor", cursor);
            }
            Response page = request.get("/v1/insights");
            walked.addAll(texts(page));
            cursor = page.jsonPath().getString("next");
        } while (cursor != null && walked.size() < 10);
        assertEquals(mine, walked);
        // another team as a filter is a team that does not exist
        Response forB = limited("read").queryParam("teamId", B).get("/v1/insights");
        forB.then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://northstar.dev/problems/not-found"));
        onlyA(forB);
        limited("read").queryParam("teamId", IH).queryParam("q", "価格").get("/v1/insights").then().statusCode(404);

        // without the claim: every team's insights
        List<String> every = unlimited("read").queryParam("q", "価格").get("/v1/insights").then().statusCode(200)
                .extract().path("items.text");
        assertEquals(List.of("アルファ: 価格より機能", "自社の方針: 価格は据え置き", "ベータの秘密: 価格を二割下げる",
                "アルファ: 価格の相談が多い"), every);
        unlimited("read").queryParam("teamId", B).get("/v1/insights").then().statusCode(200).body("items", hasSize(2));
    }

    @Test
    void anotherTeamsInsightDoesNotExistForALimitedTokenAndCannotBeRetagged() {
        load();
        String a = IDS.get("アルファ: 導入事例ができた");
        String b = IDS.get("Beta secret: the competitor's roadmap");
        Response mine = limited("read").get("/v1/insights/" + a);
        mine.then().statusCode(200).body("teamId", equalTo(A)).body("text", equalTo("アルファ: 導入事例ができた"));
        onlyA(mine);
        Response forB = limited("read").get("/v1/insights/" + b);
        forB.then().statusCode(404).contentType("application/problem+json");
        assertEquals(limited("read").get("/v1/insights/" + UUID.randomUUID()).then().statusCode(404).extract()
                .asString(), onlyA(forB));

        limited("admin").contentType("application/json").body("{\"tags\":[\"success_story\",\"onboarding\"]}")
                .put("/v1/insights/" + a + "/tags").then().statusCode(200).body("tags", contains("success_story",
                        "onboarding"));
        Response retagB = limited("ingest").contentType("application/json").body("{\"tags\":[\"pricing\"]}")
                .put("/v1/insights/" + b + "/tags");
        retagB.then().statusCode(404).contentType("application/problem+json");
        onlyA(retagB);
        limited("admin").contentType("application/json").body("{\"tags\":[]}").put("/v1/insights/" + b + "/tags")
                .then().statusCode(404);
        // B's insight is as it was; the same user without the claim reads and retags it
        unlimited("read").get("/v1/insights/" + b).then().statusCode(200).body("teamId", equalTo(B))
                .body("tags", contains("competitor"));
        unlimited("admin").contentType("application/json").body("{\"tags\":[\"competitor\",\"market_trend\"]}")
                .put("/v1/insights/" + b + "/tags").then().statusCode(200)
                .body("tags", contains("competitor", "market_trend"));
    }

    @Test
    void aLimitedTokensTagTrendsCountOnlyItsTeamsInsights() {
        load();
        String range = "/v1/tags?grain=month&from=2026-10&to=2026-10";
        Response trend = limited("read").get(range);
        trend.then().statusCode(200)
                .body("items.find { it.tag == 'pricing' }.count", equalTo(2))
                .body("items.find { it.tag == 'success_story' }.count", equalTo(1));
        onlyA(trend);
        assertFalse(trend.asString().contains("competitor"), trend.asString());
        assertFalse(trend.asString().contains("strategy"), trend.asString());
        limited("read").get(range + "&teamId=" + A).then().statusCode(200)
                .body("items.find { it.tag == 'pricing' }.count", equalTo(2));
        Response forB = limited("read").get(range + "&teamId=" + B);
        forB.then().statusCode(404).contentType("application/problem+json");
        onlyA(forB);

        // without the claim: every team's counts
        unlimited("read").get(range).then().statusCode(200)
                .body("items.find { it.tag == 'pricing' }.count", equalTo(4))
                .body("items.tag", hasItem("strategy"));
        unlimited("read").get(range + "&teamId=" + B).then().statusCode(200)
                .body("items.find { it.tag == 'pricing' }.count", equalTo(1));
    }

    @Test
    void aLimitedTokenWritesInsightsForItsTeamsOnly() {
        // a tenant of its own, so that what is written here changes nothing the other tests read
        String tenant = "know-partners-write";
        String mine = given().auth().oauth2(TestTokens.limited(List.of(A), tenant, "ingest"))
                .contentType("application/json")
                .body(insight(A, "アルファ: 新しい要望", "[\"feature_request\"]", "2026-11-01T01:00:00Z"))
                .post("/v1/insights").then().statusCode(201).body("teamId", equalTo(A)).extract().path("id");
        given().auth().oauth2(TestTokens.limited(List.of(A), tenant, "read")).get("/v1/insights/" + mine).then()
                .statusCode(200).body("text", equalTo("アルファ: 新しい要望"));
        Response forB = given().auth().oauth2(TestTokens.limited(List.of(A), tenant, "admin"))
                .contentType("application/json")
                .body(insight(B, "なりすまし", "[]", "2026-11-01T01:00:00Z")).post("/v1/insights");
        forB.then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://northstar.dev/problems/team-mismatch"))
                .body("errors.pointer", contains("/teamId"));
        // nothing was written for B
        assertEquals(List.of("アルファ: 新しい要望"), given().auth().oauth2(TestTokens.token(tenant, "read"))
                .get("/v1/insights").then().statusCode(200).extract().path("items.text"));
        // an invalid insight is still a 400 naming its fields, whatever its team
        given().auth().oauth2(TestTokens.limited(List.of(A), tenant, "ingest")).contentType("application/json")
                .body("{\"teamId\":\"" + B + "\"}").post("/v1/insights")
                .then().statusCode(400).body("errors.pointer", hasItem("/text"));
    }

    @Test
    void anEmptyTeamsClaimSeesNoInsightAndAClaimOfAnotherTypeIsRefused() {
        load();
        String none = TestTokens.limited(List.of(), T, "read");
        given().auth().oauth2(none).get("/v1/insights").then().statusCode(200).body("items", hasSize(0));
        given().auth().oauth2(none).get("/v1/tags?grain=month&from=2026-10&to=2026-10").then().statusCode(200)
                .body("items", hasSize(0));
        given().auth().oauth2(none).get("/v1/insights/" + IDS.get("アルファ: 価格の相談が多い")).then().statusCode(404);
        JsonPath one = given().auth().oauth2(TestTokens.withTeamsClaim("\"" + A + "\"", T, "read"))
                .get("/v1/insights").then().statusCode(200).extract().jsonPath();
        assertTrue(one.getList("items.teamId").stream().allMatch(A::equals));
        assertEquals(3, one.getList("items").size());
        for (String bad : List.of("7", "{\"id\":\"" + A + "\"}", "[\"" + A + "\",1]", "null")) {
            given().auth().oauth2(TestTokens.withTeamsClaim(bad, T, "read")).get("/v1/insights").then()
                    .statusCode(401).contentType("application/problem+json")
                    .body("type", equalTo("https://northstar.dev/problems/unauthorized"));
        }
    }
}
