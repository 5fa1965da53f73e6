package dev.northstar.knowledge;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.northstar.events.Grain;
import dev.northstar.events.InsightValue;
import dev.northstar.events.Topics;
import dev.northstar.events.json.EventJson;
import dev.northstar.testing.NorthstarInfra;
import dev.northstar.testing.TestTokens;
import dev.northstar.testing.TopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.parsing.Parser;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The insight API against the real database and broker: create, search, pages, retag, trends, refusals. */
@QuarkusTest
@QuarkusTestResource(NorthstarInfra.class)
class InsightsApiTest {

    @BeforeAll
    static void problemDocumentsAreJson() {
        RestAssured.registerParser("application/problem+json", Parser.JSON);
    }

    private static String create(String tenant, String json) {
        return given().auth().oauth2(TestTokens.token(tenant, "ingest")).contentType("application/json").body(json)
                .post("/v1/insights").then().statusCode(201).extract().path("id");
    }

    private static String insight(String team, String text, String tags, String at) {
        return "{\"teamId\":\"" + team + "\",\"text\":\"" + text + "\",\"tags\":" + tags + ",\"occurredAt\":\"" + at
                + "\"}";
    }

    /** The texts found with these query parameters (name, value, name, value, ...). */
    private static List<String> texts(String tenant, String... params) {
        var request = given().auth().oauth2(TestTokens.token(tenant, "read"));
        for (int i = 0; i < params.length; i += 2) {
            request = request.queryParam(params[i], params[i + 1]);
        }
        return request.get("/v1/insights").then().statusCode(200).extract().path("items.text");
    }

    @Test
    void createdInsightsHaveALocationNormalisedTagsAndKpiLinksAndArePublished() {
        String tenant = "know-create";
        var response = given().auth().oauth2(TestTokens.token(tenant, "ingest")).contentType("application/json")
                .body("{\"teamId\":\"partner-a\",\"accountId\":\"acc-1\",\"text\":\"  競合が来春にAI機能を出す  \","
                        + "\"tags\":[\"ｃｏｍｐｅｔｉｔｏｒ\",\" Market_Trend \",\"competitor\"],"
                        + "\"occurredAt\":\"2026-10-01T10:00:00+09:00\"}")
                .post("/v1/insights").then().statusCode(201)
                .header("Location", containsString("/v1/insights/"))
                .body("text", equalTo("競合が来春にAI機能を出す"))
                .body("tags", contains("competitor", "market_trend"))
                .body("kpis", contains("win_rate"))
                .body("origin", equalTo("api"))
                .body("occurredAt", equalTo("2026-10-01T01:00:00Z")).extract();
        String id = response.path("id");
        given().auth().oauth2(TestTokens.token(tenant, "read")).get(java.net.URI.create(response.header("Location"))
                .getPath()).then()
                .statusCode(200).body("id", equalTo(id)).body("accountId", equalTo("acc-1"));

        // explicit KPI links stay through a retag; derived ones follow the tags
        String explicit = create(tenant, "{\"teamId\":\"partner-a\",\"text\":\"値引きの相談が多い\",\"tags\":[\"pricing\"],"
                + "\"kpis\":[\"renewal_rate\"]}");
        given().auth().oauth2(TestTokens.token(tenant, "admin")).contentType("application/json")
                .body("{\"tags\":[\"objection\"]}").put("/v1/insights/" + explicit + "/tags").then().statusCode(200)
                .body("tags", contains("objection")).body("kpis", contains("renewal_rate"));
        given().auth().oauth2(TestTokens.token(tenant, "ingest")).contentType("application/json")
                .body("{\"tags\":[\"customer_voice\", \"ＣＵＳＴＯＭＥＲ_VOICE\"]}").put("/v1/insights/" + id + "/tags").then()
                .statusCode(200).body("tags", contains("customer_voice")).body("kpis", contains("nps"));

        // every insight and every change reaches knowledge.insights, newest version last
        Map<String, InsightValue> published = new HashMap<>();
        try (TopicReader reader = new TopicReader(NorthstarInfra.bootstrapServers(), Topics.KNOWLEDGE_INSIGHTS)) {
            reader.until(r -> {
                InsightValue v = read(r.value());
                published.merge(v.key(), v, (a, b) -> a.version() >= b.version() ? a : b);
                InsightValue mine = published.get(tenant + "/" + id);
                return mine != null && mine.tags().equals(List.of("customer_voice"))
                        && published.containsKey(tenant + "/" + explicit);
            }, Duration.ofSeconds(30));
        }
        InsightValue mine = published.get(tenant + "/" + id);
        assertEquals(List.of("nps"), mine.kpis());
        assertEquals("partner-a", mine.teamId());
        assertTrue(mine.version() > 1);
    }

    private static InsightValue read(byte[] json) {
        try {
            return EventJson.MAPPER.readValue(json, InsightValue.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void searchFindsSubstringsInJapaneseAndEnglishLiterallyAndCombinesWithFilters() {
        String tenant = "know-search";
        create(tenant, insight("partner-a", "価格が高すぎるとの声", "[\"pricing\",\"customer_voice\"]", "2026-10-01T01:00:00Z"));
        create(tenant, insight("partner-b", "競合他社が20%オフのキャンペーン", "[\"competitor\"]", "2026-10-02T01:00:00Z"));
        create(tenant, insight("partner-a", "Customers ask for SSO with their identity provider", "[\"feature_request\"]",
                "2026-10-03T01:00:00Z"));
        create(tenant, insight("partner-a", "200 units ordered, no_discount clause", "[]", "2026-11-04T01:00:00Z"));
        create(tenant, insight("inhouse", "He said \\\"it's too expensive\\\" — 価格 again", "[\"pricing\"]",
                "2026-11-05T01:00:00Z"));

        assertEquals(List.of("He said \"it's too expensive\" — 価格 again", "価格が高すぎるとの声"), texts(tenant, "q", "価格"));
        assertEquals(List.of("競合他社が20%オフのキャンペーン"), texts(tenant, "q", "20%"));        // % is a literal
        assertEquals(List.of("200 units ordered, no_discount clause"), texts(tenant, "q", "no_d"));
        assertEquals(List.of(), texts(tenant, "q", "0_u"));                                   // _ is no wildcard
        assertEquals(List.of("Customers ask for SSO with their identity provider"), texts(tenant, "q", "ＳＳＯ"));
        assertEquals(List.of("He said \"it's too expensive\" — 価格 again"), texts(tenant, "q", "\"it's"));
        assertEquals(List.of(), texts(tenant, "q", "%%%"));
        // filters, alone and with q
        assertEquals(List.of("価格が高すぎるとの声"), texts(tenant, "q", "価格", "teamId", "partner-a"));
        assertEquals(List.of("He said \"it's too expensive\" — 価格 again", "価格が高すぎるとの声"),
                texts(tenant, "tag", "ＰＲＩＣＩＮＧ"));
        assertEquals(List.of("200 units ordered, no_discount clause", "Customers ask for SSO with their identity provider",
                "競合他社が20%オフのキャンペーン"), texts(tenant, "from", "2026-10-02", "to", "2026-11-04"));
        assertEquals(List.of("Customers ask for SSO with their identity provider"),
                texts(tenant, "from", "2026-10-03T00:00:00Z", "to", "2026-10-04T00:00:00Z"));
        // another tenant finds nothing of it
        assertEquals(List.of(), texts("know-other", "q", "価格"));
    }

    @Test
    void pagesNeitherSkipNorRepeatWhileInsightsArrive() {
        String tenant = "know-pages";
        for (int i = 0; i < 25; i++) {
            create(tenant, insight("partner-a", "note " + i, "[\"market_trend\"]",
                    String.format("2026-09-%02dT01:00:00Z", i + 1)));
        }
        String read = TestTokens.token(tenant, "read");
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonPath page = given().auth().oauth2(read).get("/v1/insights?limit=10" + (cursor == null ? ""
                    : "&cursor=" + cursor)).then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.text"));
            cursor = page.getString("next");
            pages++;
            // while a client pages, insights arrive: newer than everything, and one as old as the middle
            create(tenant, insight("partner-a", "arrived " + pages, "[]", "2026-10-15T01:00:00Z"));
        } while (cursor != null);
        List<String> expected = new ArrayList<>();
        for (int i = 24; i >= 0; i--) {
            expected.add("note " + i);
        }
        assertEquals(expected, seen);
        assertEquals(3, pages);
    }

    @Test
    void tagTrendsCountPerPeriodInTheTenantsZone() {
        String tenant = "know-trends";
        create(tenant, insight("partner-a", "a", "[\"competitor\",\"pricing\"]", "2026-09-30T14:59:00Z")); // Sep in Tokyo
        create(tenant, insight("partner-a", "b", "[\"competitor\"]", "2026-09-30T15:00:00Z"));             // 1 Oct there
        create(tenant, insight("partner-a", "c", "[\"competitor\"]", "2026-10-20T01:00:00Z"));
        create(tenant, insight("partner-b", "d", "[\"competitor\"]", "2026-10-21T01:00:00Z"));
        String read = TestTokens.token(tenant, "read");
        given().auth().oauth2(read).get("/v1/tags?grain=month&teamId=partner-a&from=2026-01&to=2026-12").then()
                .statusCode(200)
                .body("items.findAll { it.tag == 'competitor' }.period", contains("2026-09", "2026-10"))
                .body("items.findAll { it.tag == 'competitor' }.count", contains(1, 2))
                .body("items.findAll { it.tag == 'pricing' }.count", contains(1));
        given().auth().oauth2(read).get("/v1/tags?grain=quarter&from=2026-Q4&to=2026-Q4").then().statusCode(200)
                .body("items.tag", contains("competitor")).body("items.count", contains(3));
        given().auth().oauth2(read).get("/v1/tags?grain=fortnight").then().statusCode(400)
                .body("errors.pointer", contains("/grain"));
        given().auth().oauth2(read).get("/v1/tags?grain=week&from=2026-10").then().statusCode(400)
                .body("errors.pointer", contains("/from"));
    }

    @Test
    void aTagTrendWithoutARangeCoversTheTwelveMonthsEndingWithTheCurrentPeriod() {
        String tenant = "know-trend-default";
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
        LocalDate today = LocalDate.now(tokyo);
        create(tenant, insight("partner-a", "now", "[\"fresh\"]", today.atStartOfDay(tokyo).toInstant().toString()));
        create(tenant, insight("partner-a", "then", "[\"ancient\"]",
                today.minusMonths(13).atStartOfDay(tokyo).toInstant().toString()));
        String read = TestTokens.token(tenant, "read");
        // neither end: the current month and the eleven before it
        given().auth().oauth2(read).get("/v1/tags").then().statusCode(200)
                .body("grain", equalTo("month"))
                .body("from", equalTo(Grain.MONTH.label(today.minusMonths(11))))
                .body("to", equalTo(Grain.MONTH.label(today)))
                .body("items.tag", contains("fresh")).body("items.period", contains(Grain.MONTH.label(today)))
                .body("omittedTags", equalTo(0));
        // one end: twelve months from it, forwards or backwards
        String thirteenAgo = Grain.MONTH.label(today.minusMonths(13));
        given().auth().oauth2(read).get("/v1/tags?from=" + thirteenAgo).then().statusCode(200)
                .body("from", equalTo(thirteenAgo)).body("to", equalTo(Grain.MONTH.label(today.minusMonths(2))))
                .body("items.tag", contains("ancient"));
        given().auth().oauth2(read).get("/v1/tags?to=" + thirteenAgo).then().statusCode(200)
                .body("from", equalTo(Grain.MONTH.label(today.minusMonths(24)))).body("to", equalTo(thirteenAgo))
                .body("items.tag", contains("ancient"));
        // in days: 366 or 365 of them, ending today in the tenant's zone
        given().auth().oauth2(read).get("/v1/tags?grain=day").then().statusCode(200)
                .body("from", equalTo(today.plusDays(1).minusMonths(12).toString()))
                .body("to", equalTo(today.toString()))
                .body("items.tag", contains("fresh")).body("items.period", contains(today.toString()));
    }

    @Test
    void aTagTrendSpansAtMostAYearOfDaysThreeYearsOfWeeksAndTenYearsOfMonthsQuartersOrYears() {
        String read = TestTokens.token("know-trend-span", "read");
        String[][] cases = {
            // grain, the widest range allowed, one period more
            {"day", "2025-01-01", "2026-01-01", "2024-12-31"},
            {"week", "2024-W01", "2026-W53", "2023-W52"},
            {"month", "2017-01", "2026-12", "2016-12"},
            {"quarter", "2017-Q1", "2026-Q4", "2016-Q4"},
            {"year", "2017", "2026", "2016"},
        };
        for (String[] c : cases) {
            given().auth().oauth2(read).get("/v1/tags?grain=" + c[0] + "&from=" + c[1] + "&to=" + c[2]).then()
                    .statusCode(200).body("from", equalTo(c[1])).body("to", equalTo(c[2]));
            given().auth().oauth2(read).get("/v1/tags?grain=" + c[0] + "&from=" + c[3] + "&to=" + c[2]).then()
                    .statusCode(400).contentType("application/problem+json")
                    .body("errors.pointer", containsInAnyOrder("/from", "/to"))
                    .body("errors[0].message", containsString("at most"));
        }
    }

    @Test
    void aTagTrendListsTheMostFrequentTagsAndSaysHowManyItLeftOut() {
        String tenant = "know-trend-top";
        create(tenant, insight("partner-a", "1", "[\"a\",\"b\",\"c\",\"d\"]", "2026-10-05T01:00:00Z"));
        create(tenant, insight("partner-a", "2", "[\"a\",\"b\"]", "2026-11-05T01:00:00Z"));
        create(tenant, insight("partner-a", "3", "[\"a\"]", "2026-11-06T01:00:00Z"));
        String read = TestTokens.token(tenant, "read");
        String range = "/v1/tags?grain=month&from=2026-10&to=2026-11";
        // a: 3, b: 2, then c and d with 1 each (c first by name)
        given().auth().oauth2(read).get(range + "&limit=2").then().statusCode(200)
                .body("limit", equalTo(2))
                .body("items.tag", contains("a", "a", "b", "b"))
                .body("items.period", contains("2026-10", "2026-11", "2026-10", "2026-11"))
                .body("items.count", contains(1, 2, 1, 1))
                .body("omittedTags", equalTo(2));
        given().auth().oauth2(read).get(range + "&limit=3").then().statusCode(200)
                .body("items.tag", contains("a", "a", "b", "b", "c")).body("omittedTags", equalTo(1));
        given().auth().oauth2(read).get(range).then().statusCode(200)
                .body("limit", equalTo(20)).body("items", hasSize(6)).body("omittedTags", equalTo(0));
        // 25 tags on one insight: 20 listed by default, 5 left out and said so
        create(tenant, "{\"teamId\":\"partner-a\",\"text\":\"many\",\"tags\":" + manyTags(25)
                + ",\"occurredAt\":\"2025-05-05T01:00:00Z\"}");
        given().auth().oauth2(read).get("/v1/tags?grain=year&from=2025&to=2025").then().statusCode(200)
                .body("items", hasSize(20)).body("omittedTags", equalTo(5));
        given().auth().oauth2(read).get("/v1/tags?grain=year&from=2025&to=2025&limit=50").then().statusCode(200)
                .body("items", hasSize(25)).body("omittedTags", equalTo(0));
        for (String bad : List.of("0", "51", "many")) {
            given().auth().oauth2(read).get(range + "&limit=" + bad).then().statusCode(400)
                    .body("errors.pointer", contains("/limit"));
        }
    }

    @Test
    void badInputIsA400NamingTheFieldAndNothingIsStored() {
        String tenant = "know-bad";
        String ingest = TestTokens.token(tenant, "ingest");
        String[][] cases = {
            {"{\"teamId\":\"a\",\"text\":\"   \"}", "/text"},
            {"{\"teamId\":\"a\",\"text\":\"" + "あ".repeat(10_001) + "\"}", "/text"},
            {"{\"teamId\":\"a\",\"text\":\"x\",\"tags\":" + manyTags(5000) + "}", "/tags"},
            {"{\"teamId\":\"a\",\"text\":\"x\",\"tags\":[\"ok\",\"   \",7]}", "/tags/1"},
            {"{\"teamId\":\"a/../b\",\"text\":\"x\"}", "/teamId"},
            {"{\"text\":\"x\"}", "/teamId"},
            {"{\"teamId\":\"a\",\"text\":\"x\",\"kpis\":[\"happiness\"]}", "/kpis/0"},
            {"{\"teamId\":\"a\",\"text\":\"x\",\"occurredAt\":\"yesterday\"}", "/occurredAt"},
            {"{\"teamId\":\"a\",\"text\":\"x\",\"sentiment\":1}", "/sentiment"},
            {"[1,2]", ""},
        };
        for (String[] c : cases) {
            given().auth().oauth2(ingest).contentType("application/json").body(c[0].getBytes(
                    java.nio.charset.StandardCharsets.UTF_8)).post("/v1/insights").then().statusCode(400)
                    .contentType("application/problem+json").body("errors.pointer", hasItem(c[1]));
        }
        given().auth().oauth2(ingest).contentType("application/json").body("{\"teamId\":\"a\",\"text\":")
                .post("/v1/insights").then().statusCode(400).contentType("application/problem+json");
        String read = TestTokens.token(tenant, "read");
        given().auth().oauth2(read).get("/v1/insights").then().statusCode(200).body("items", empty());
        given().auth().oauth2(read).get("/v1/insights?cursor=djE6MTIzOmFiYzpkZWY").then().statusCode(400)
                .body("errors.pointer", contains("/cursor"));
        given().auth().oauth2(read).get("/v1/insights?cursor=%27%3B--").then().statusCode(400)
                .body("errors.pointer", contains("/cursor"));
        given().auth().oauth2(read).get("/v1/insights?limit=0").then().statusCode(400)
                .body("errors.pointer", contains("/limit"));
        given().auth().oauth2(read).get("/v1/insights?limit=abc&from=soon").then().statusCode(400)
                .body("errors.pointer", containsInAnyOrder("/limit", "/from"));
        given().auth().oauth2(read).get("/v1/insights?q=" + "x".repeat(201)).then().statusCode(400)
                .body("errors.pointer", contains("/q"));
        given().auth().oauth2(read).get("/v1/insights/not-a-uuid").then().statusCode(404);
        // roles and tokens
        given().auth().oauth2(read).contentType("application/json").body("{\"teamId\":\"a\",\"text\":\"x\"}")
                .post("/v1/insights").then().statusCode(403);
        given().contentType("application/json").body("{\"teamId\":\"a\",\"text\":\"x\"}").post("/v1/insights").then()
                .statusCode(401);
        given().auth().oauth2(TestTokens.unsigned(tenant, "ingest")).contentType("application/json")
                .body("{\"teamId\":\"a\",\"text\":\"x\"}").post("/v1/insights").then().statusCode(401);
    }

    @Test
    void anotherTenantsInsightIsNotFoundForReadingOrRetagging() {
        String id = create("know-owner", insight("partner-a", "秘密の情報", "[\"pricing\"]", "2026-10-01T01:00:00Z"));
        given().auth().oauth2(TestTokens.token("know-stranger", "read")).get("/v1/insights/" + id).then()
                .statusCode(404).body("title", equalTo("Not found")).body("detail", not(nullValue()));
        given().auth().oauth2(TestTokens.token("know-stranger", "admin")).contentType("application/json")
                .body("{\"tags\":[\"x\"]}").put("/v1/insights/" + id + "/tags").then().statusCode(404);
        given().auth().oauth2(TestTokens.token("know-owner", "read")).get("/v1/insights/" + id).then()
                .statusCode(200).body("tags", contains("pricing"));
        given().auth().oauth2(TestTokens.token("know-stranger", "read")).get("/v1/tags").then().statusCode(200)
                .body("items", hasSize(0));
    }

    private static String manyTags(int n) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            out.append(i == 0 ? "" : ",").append("\"t").append(i).append('"');
        }
        return out.append(']').toString();
    }
}
