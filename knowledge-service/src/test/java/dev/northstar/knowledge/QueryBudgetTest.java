package dev.northstar.knowledge;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;

import dev.northstar.testing.NorthstarInfra;
import dev.northstar.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.parsing.Parser;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Searches, lists and tag trends run within the query budget or are refused with a problem that says how to narrow
 * them — never a 500, never a wait. The budget here is tiny (20 ms) and one tenant has 120,000 insights, so that
 * whatever has to read all of them (a one-character term, which has no trigram; a tag only the oldest insight
 * carries; ten years of months) cannot finish — each takes 10 to 30 times the budget on a 2-core machine — while
 * what an index narrows (well under a millisecond) still does.
 */
@QuarkusTest
@QuarkusTestResource(NorthstarInfra.class)
@TestProfile(QueryBudgetTest.TinyBudget.class)
class QueryBudgetTest {

    /** A budget that a full read of the tenant cannot meet; its own profile gives this test its own database. */
    public static class TinyBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("northstar.knowledge.query-budget", "20ms");
        }
    }

    private static final String TENANT = "know-broad";
    private static final int INSIGHTS = 120_000;
    private static boolean loaded;

    @Inject
    Pool pool;

    @BeforeAll
    static void problemDocumentsAreJson() {
        RestAssured.registerParser("application/problem+json", Parser.JSON);
    }

    /**
     * 120,000 insights of team "bulk" (280 characters each), one every 40 minutes from 2017 to 2026, none with a '#'
     * or the tag "rare"; and one of team "small", older than all of them, with both. Loaded straight into the table
     * (as the search benchmark does; through the API it would take minutes), as already published, so that the
     * outbox does not spend the test's CPU sending them to Kafka.
     */
    @BeforeEach
    void load() {
        if (loaded) {
            return;
        }
        pool.query("""
                INSERT INTO insight (id, tenant, team_id, text, tags, origin_type, occurred_at, search_text,
                                     published_version)
                SELECT gen_random_uuid(), '%1$s', 'bulk', t, ARRAY['common', 'tag-' || (g %% 40)], 'api',
                       timestamptz '2017-01-01 00:00Z' + g * interval '40 minutes', lower(t), 1
                FROM generate_series(1, %2$d) AS g,
                     LATERAL (SELECT 'Customer call ' || g || ': '
                                     || repeat('asked about pricing and the renewal again. ', 6) AS t) AS x;
                INSERT INTO insight (id, tenant, team_id, text, tags, origin_type, occurred_at, search_text)
                VALUES (gen_random_uuid(), '%1$s', 'small', 'Order #42 arrived late', ARRAY['rare'], 'api',
                        timestamptz '2016-12-31 23:00Z', 'order #42 arrived late');
                ANALYZE insight""".formatted(TENANT, INSIGHTS)).execute().await().atMost(Duration.ofMinutes(5));
        loaded = true;
    }

    private static String read() {
        return TestTokens.token(TENANT, "read");
    }

    @Test
    void aOneCharacterTermThatMustBeLookedForInEveryInsightIsRefusedAndSaysHowToNarrowIt() {
        given().auth().oauth2(read()).queryParam("q", "#").get("/v1/insights").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://northstar.dev/problems/search-too-broad"))
                .body("status", equalTo(400))
                .body("detail", containsString("20 ms"))
                .body("detail", containsString("teamId or from/to"))
                .body("detail", containsString("longer term"))
                .body("errors.pointer", contains("/q"));
        // the advice works: the same term within one team is found at once
        given().auth().oauth2(read()).queryParam("q", "#").queryParam("teamId", "small").get("/v1/insights").then()
                .statusCode(200).body("items.text", contains("Order #42 arrived late"));
    }

    @Test
    void searchesAndListsThatAnIndexNarrowsAreAnsweredWithinTheBudget() {
        given().auth().oauth2(read()).queryParam("q", "pricing").get("/v1/insights").then().statusCode(200)
                .body("items", hasSize(50)).body("items.text", everyItem(containsString("pricing")))
                .body("items[0].text", containsString("Customer call " + INSIGHTS + ":"));
        given().auth().oauth2(read()).get("/v1/insights?limit=3").then().statusCode(200)
                .body("items.text", contains(containsString("call " + INSIGHTS + ":"),
                        containsString("call " + (INSIGHTS - 1) + ":"), containsString("call " + (INSIGHTS - 2) + ":")));
        given().auth().oauth2(read()).queryParam("tag", "tag-7").get("/v1/insights?limit=2").then().statusCode(200)
                .body("items.tags", everyItem(contains("common", "tag-7")));
    }

    @Test
    void aListByATagThatOnlyTheOldestInsightCarriesIsRefusedUnlessNarrowed() {
        given().auth().oauth2(read()).queryParam("tag", "rare").get("/v1/insights").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://northstar.dev/problems/search-too-broad"))
                .body("detail", containsString("teamId or from/to"))
                .body("errors.pointer", contains("/tag"));
        given().auth().oauth2(read()).queryParam("tag", "rare").queryParam("teamId", "small").get("/v1/insights")
                .then().statusCode(200).body("items.text", contains("Order #42 arrived late"));
        given().auth().oauth2(read()).queryParam("tag", "rare").queryParam("to", "2017-01-01").get("/v1/insights")
                .then().statusCode(200).body("items.text", contains("Order #42 arrived late"));
    }

    @Test
    void aTrendOverTenYearsOfEveryInsightIsRefusedAndANarrowOneIsCounted() {
        given().auth().oauth2(read()).get("/v1/tags?grain=month&from=2017-01&to=2026-12").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://northstar.dev/problems/trend-too-broad"))
                .body("detail", containsString("20 ms"))
                .body("errors.pointer", containsInAnyOrder("/from", "/to"));
        given().auth().oauth2(read()).get("/v1/tags?grain=year&teamId=small&from=2017&to=2026").then()
                .statusCode(200).body("items.tag", contains("rare")).body("items.period", contains("2017"))
                .body("items.count", contains(1));
    }
}
