package dev.northstar.reporting;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.northstar.events.KpiValue;
import dev.northstar.events.Topics;
import dev.northstar.events.json.EventJson;
import dev.northstar.testing.NorthstarInfra;
import dev.northstar.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.parsing.Parser;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
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
 * {@code /v1/kpi-values} beyond one page: JSON pages walked with their cursor (keyset: every value once, in order,
 * also while values arrive), cursors and limits refused by pointer, and CSV streamed in chunks of three rows (the
 * profile's chunk size) however many rows there are.
 */
@QuarkusTest
@TestProfile(KpiValuesPagingTest.SmallCsvChunks.class)
@QuarkusTestResource(NorthstarInfra.class)
class KpiValuesPagingTest {

    @io.quarkus.test.common.http.TestHTTPResource(value = "/openapi", management = true)
    java.net.URL openApi;


    /** CSV exports read three rows at a time, so that a few rows take several chunks. */
    public static class SmallCsvChunks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("northstar.reporting.kpi-values-csv-chunk", "3");
        }
    }

    private static final Instant AT = Instant.parse("2026-11-01T00:00:00Z");
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final List<String> TEAMS = List.of("ta", "tb", "tc");
    private static final List<String> KPIS = List.of("appointments", "calls");
    private static final List<String> PERIODS = List.of("2026-01", "2026-02");

    @BeforeAll
    static void problemDocumentsAreJson() {
        RestAssured.registerParser("application/problem+json", Parser.JSON);
    }

    private static KpiValue value(String tenant, String team, String kpi, String period, int value, long version) {
        return new KpiValue(tenant, team, kpi, "month", period, BigDecimal.valueOf(value), BigDecimal.valueOf(value),
                null, "count", version, AT);
    }

    private static void publish(List<KpiValue> values) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, NorthstarInfra.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (KpiValue v : values) {
                producer.send(new ProducerRecord<>(Topics.KPI_VALUES, v.key(), EventJson.MAPPER.writeValueAsString(v)));
            }
            producer.flush();
        }
    }

    /**
     * Twelve values of {@code tenant}, three teams × two KPIs × two months, value 1–12 in the order of the series;
     * returns them in that order as "team/kpi/period=value".
     */
    private static List<String> twelve(String tenant) throws Exception {
        List<KpiValue> values = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (String team : TEAMS) {
            for (String kpi : KPIS) {
                for (String period : PERIODS) {
                    values.add(value(tenant, team, kpi, period, values.size() + 1, 1));
                    expected.add(team + "/" + kpi + "/" + period + "=" + values.size());
                }
            }
        }
        // published backwards: the order of the series is the database's, not the order of arrival
        Collections.reverse(values);
        publish(values);
        String read = TestTokens.token(tenant, "read");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(read)
                .get("/v1/kpi-values?grain=month&limit=100").then().statusCode(200).body("items", hasSize(12)));
        return expected;
    }

    private static RequestSpecification as(String tenant) {
        return given().auth().oauth2(TestTokens.token(tenant, "read"));
    }

    private static List<String> rows(JsonPath page) {
        List<Map<String, Object>> items = page.getList("items");
        return items.stream().map(i -> i.get("teamId") + "/" + i.get("kpi") + "/" + i.get("period") + "="
                + i.get("value")).toList();
    }

    /** Walks every page of the query from {@code cursor}: the rows, and each page's size. */
    private static List<String> walk(String tenant, String query, String cursor, List<Integer> sizes) {
        List<String> rows = new ArrayList<>();
        String next = cursor;
        do {
            RequestSpecification request = as(tenant);
            if (next != null) {
                request = request.queryParam("cursor", next);
            }
            JsonPath page = request.get("/v1/kpi-values?" + query).then().statusCode(200).extract().jsonPath();
            rows.addAll(rows(page));
            sizes.add(page.getList("items").size());
            next = page.getString("next");
        } while (next != null && sizes.size() < 100);
        return rows;
    }

    @Test
    void walkingTheCursorReturnsEveryValueOnceInOrder() throws Exception {
        publish(List.of(value("paging-other", "tb", "calls", "2026-01", 999, 1),
                value("paging-other", "tbb", "calls", "2026-01", 998, 1)));
        List<String> expected = twelve("paging");

        // one page holds them all: next is there, and null
        JsonPath all = as("paging").get("/v1/kpi-values?grain=month&limit=100").then().statusCode(200)
                .body("$", hasKey("next")).body("next", nullValue()).extract().jsonPath();
        assertEquals(expected, rows(all));
        // the default limit holds them all too, as before paging
        as("paging").get("/v1/kpi-values?grain=month").then().statusCode(200).body("items", hasSize(12))
                .body("next", nullValue());

        List<Integer> sizes = new ArrayList<>();
        assertEquals(expected, walk("paging", "grain=month&limit=5", null, sizes));
        assertEquals(List.of(5, 5, 2), sizes);
        // a last page that is exactly full: its next is null, not a cursor to an empty page
        sizes.clear();
        assertEquals(expected, walk("paging", "grain=month&limit=4", null, sizes));
        assertEquals(List.of(4, 4, 4), sizes);
        sizes.clear();
        assertEquals(expected.stream().filter(r -> r.contains("/calls/")).toList(),
                walk("paging", "grain=month&limit=1&kpi=calls", null, sizes));
        assertEquals(List.of(1, 1, 1, 1, 1, 1), sizes);
    }

    @Test
    void aWalkContinuesAfterItsLastRowWhileValuesArriveAndChange() throws Exception {
        List<String> expected = twelve("paging-live");
        JsonPath first = as("paging-live").get("/v1/kpi-values?grain=month&limit=5").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(expected.subList(0, 5), rows(first));
        String cursor = first.getString("next");
        assertNotNull(cursor);

        // between the pages: a value before the cursor, a newer version of one already read, a value after it
        publish(List.of(value("paging-live", "aa", "calls", "2026-01", 100, 1),
                value("paging-live", "ta", "calls", "2026-01", 300, 2),
                value("paging-live", "tz", "calls", "2026-01", 200, 1)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as("paging-live")
                .get("/v1/kpi-values?grain=month&limit=100").then().statusCode(200).body("items", hasSize(14))
                .body("items.find { it.teamId == 'ta' && it.kpi == 'calls' && it.period == '2026-01' }.value",
                        equalTo(300)));

        // the rest starts right after the fifth row (an offset of 5 would now repeat it, "aa" having come first)
        List<String> rest = new ArrayList<>(expected.subList(5, 12));
        rest.add("tz/calls/2026-01=200");
        List<Integer> sizes = new ArrayList<>();
        assertEquals(rest, walk("paging-live", "grain=month&limit=5", cursor, sizes));
        assertEquals(List.of(5, 3), sizes);
    }

    @Test
    void moreValuesThanTheDefaultLimitComeInPagesOfAThousand() throws Exception {
        LocalDate day0 = LocalDate.of(2024, 1, 1);
        List<KpiValue> values = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            values.add(new KpiValue("paging-big", "big", "calls", "day", day0.plusDays(i).toString(),
                    BigDecimal.valueOf(i), BigDecimal.valueOf(i), null, "count", 1, AT));
        }
        publish(values);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> as("paging-big")
                .get("/v1/kpi-values?grain=day&limit=10000").then().statusCode(200).body("items", hasSize(1001)));
        JsonPath first = as("paging-big").get("/v1/kpi-values?grain=day").then().statusCode(200)
                .body("items", hasSize(1000)).body("items[999].period", equalTo(day0.plusDays(999).toString()))
                .extract().jsonPath();
        as("paging-big").queryParam("cursor", first.getString("next")).get("/v1/kpi-values?grain=day").then()
                .statusCode(200).body("items.period", contains(day0.plusDays(1000).toString()))
                .body("items[0].value", equalTo(1000)).body("next", nullValue());

        // the CSV has all 1001, read three at a time (334 reads)
        List<String> lines = csv(as("paging-big").accept("text/csv").get("/v1/kpi-values?grain=day"));
        assertEquals(1002, lines.size());
        for (int i = 0; i < 1001; i++) {
            assertEquals("big,calls,架電数,Calls,day," + day0.plusDays(i) + "," + i + "," + i
                    + ",,count,2026-11-01T00:00:00Z", lines.get(i + 1));
        }
    }

    /** The lines of a CSV response, after checking that it is one, starts with the BOM and has the header. */
    private static List<String> csv(Response response) {
        byte[] body = response.then().statusCode(200).contentType(startsWith("text/csv")).extract().asByteArray();
        assertArrayEquals(BOM, Arrays.copyOf(body, 3));
        List<String> lines = List.of(new String(body, 3, body.length - 3, StandardCharsets.UTF_8).split("\r\n"));
        assertEquals("teamId,kpi,label_ja,label_en,grain,period,value,numerator,denominator,unit,updatedAt",
                lines.get(0));
        return lines;
    }

    private static List<String> csvRows(String tenant, String query) {
        List<String> lines = csv(as(tenant).accept("text/csv").get("/v1/kpi-values?" + query));
        return lines.subList(1, lines.size()).stream().map(l -> l.split(",")).map(f -> f[0] + "/" + f[1] + "/" + f[5]
                + "=" + f[6]).toList();
    }

    @Test
    void csvStreamsEveryValueAChunkAtATime() throws Exception {
        List<String> expected = twelve("paging-csv");
        // 12 rows: four full chunks and an empty read; 6 rows: two full chunks; 2 and 1: less than one; 0: the header
        assertEquals(expected, csvRows("paging-csv", "grain=month"));
        assertEquals(expected.stream().filter(r -> r.contains("/calls/")).toList(),
                csvRows("paging-csv", "grain=month&kpi=calls"));
        assertEquals(List.of(expected.get(2), expected.get(3)),
                csvRows("paging-csv", "grain=month&teamId=ta&kpi=calls"));
        assertEquals(List.of(expected.get(11)), csvRows("paging-csv", "grain=month&teamId=tc&kpi=calls&from=2026-02"));
        assertEquals(List.of(), csvRows("paging-csv", "grain=quarter"));
        // written as it is read: chunked, no length known in advance
        as("paging-csv").accept("text/csv").get("/v1/kpi-values?grain=month").then().statusCode(200)
                .header("Content-Type", "text/csv;charset=UTF-8").header("Transfer-Encoding", "chunked")
                .header("Content-Length", nullValue());
        // the CSV is the whole series: no limit, no cursor
        as("paging-csv").accept("text/csv").get("/v1/kpi-values?grain=month&limit=5").then().statusCode(400)
                .contentType("application/problem+json").body("errors.pointer", contains("/limit"));
        as("paging-csv").accept("text/csv").get("/v1/kpi-values?grain=month&cursor=abc").then().statusCode(400)
                .body("errors.pointer", contains("/cursor"));
        as("paging-csv").accept("text/csv").get("/v1/kpi-values?grain=fortnight").then().statusCode(400)
                .body("errors.pointer", contains("/grain"));
    }

    @Test
    void theOpenApiDocumentDescribesThePagesAndTheirRefusals() {
        given().accept("application/json").get(openApi + "?format=json").then().statusCode(200)
                .body("paths.'/v1/kpi-values'.get.parameters.name", hasItems("teamId", "kpi", "grain", "from", "to",
                        "limit", "cursor"))
                .body("paths.'/v1/kpi-values'.get.parameters.find { it.name == 'limit' }.description",
                        equalTo("Values per JSON page: 1 to 10000, default 1000 (refused with text/csv)"))
                .body("paths.'/v1/kpi-values'.get.summary", startsWith("A series of KPI values: JSON a page"))
                .body("paths.'/v1/kpi-values'.get.responses.'400'.content", hasKey("application/problem+json"))
                .body("paths.'/v1/kpi-values'.get.responses.'200'.content", hasKey("text/csv"))
                .body("paths.'/v1/kpi-values'.get.responses.'200'.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/Series"));
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aBadCursorOrLimitIsRefusedByName() throws Exception {
        twelve("paging-bad");
        publish(List.of(value("paging-thief", "tz", "calls", "2026-01", 1, 1)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as("paging-thief")
                .get("/v1/kpi-values?grain=month").then().statusCode(200).body("items", hasSize(1)));
        String cursor = as("paging-bad").get("/v1/kpi-values?grain=month&limit=2").then().statusCode(200)
                .extract().path("next");
        assertNotNull(cursor);
        as("paging-bad").queryParam("cursor", cursor).get("/v1/kpi-values?grain=month&limit=2").then()
                .statusCode(200).body("items.teamId", contains("ta", "ta"))
                .body("items.kpi", contains("calls", "calls"));

        // another tenant's token with that cursor: refused, and nothing of either tenant in the answer
        as("paging-thief").queryParam("cursor", cursor).get("/v1/kpi-values?grain=month&limit=2").then()
                .statusCode(400).contentType("application/problem+json").body("errors.pointer", contains("/cursor"))
                .body("items", nullValue());
        // the same tenant with other filters: refused, its position belongs to other rows
        for (String other : List.of("grain=month&kpi=calls", "grain=quarter", "grain=month&teamId=ta",
                "grain=month&from=2026-01", "grain=month&to=2026-02")) {
            as("paging-bad").queryParam("cursor", cursor).get("/v1/kpi-values?" + other).then().statusCode(400)
                    .body("errors.pointer", contains("/cursor"));
        }
        String fingerprint = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8)
                .replaceAll(".*\"q\":\"([^\"]+)\".*", "$1");
        for (String bad : List.of("abc", "!!!", "e30", base64("[1,2,3,4,5]"), base64("{\"v\":1}"),
                base64("{\"v\":2,\"q\":\"" + fingerprint + "\",\"t\":\"ta\",\"k\":\"calls\",\"p\":\"2026-01\"}"),
                base64("{\"v\":1,\"q\":\"" + fingerprint + "\",\"t\":\"ta\\u0000\",\"k\":\"calls\",\"p\":\"2026-01\"}"),
                base64("{\"v\":1,\"q\":\"" + fingerprint + "\",\"t\":1,\"k\":\"calls\",\"p\":\"2026-01\"}"),
                cursor + "x".repeat(3000), cursor.substring(0, cursor.length() / 2))) {
            as("paging-bad").queryParam("cursor", bad).get("/v1/kpi-values?grain=month&limit=2").then()
                    .statusCode(400).contentType("application/problem+json")
                    .body("errors.pointer", contains("/cursor"));
        }
        // a cursor made by hand for this query is just a position in the caller's own rows
        as("paging-bad").queryParam("cursor", base64("{\"v\":1,\"q\":\"" + fingerprint
                + "\",\"t\":\"tc\",\"k\":\"calls\",\"p\":\"2026-01\"}")).get("/v1/kpi-values?grain=month&limit=2")
                .then().statusCode(200).body("items.teamId", contains("tc")).body("items.value", contains(12))
                .body("next", nullValue());

        for (String limit : List.of("0", "-1", "10001", "ten", "1.5", "2147483648")) {
            as("paging-bad").get("/v1/kpi-values?grain=month&limit=" + limit).then().statusCode(400)
                    .contentType("application/problem+json").body("errors.pointer", contains("/limit"));
        }
        // Quarkus REST passes an empty parameter as absent: the default limit, the first page
        as("paging-bad").get("/v1/kpi-values?grain=month&limit=&cursor=").then().statusCode(200)
                .body("items", hasSize(12));
        as("paging-bad").get("/v1/kpi-values?grain=month&limit=10000").then().statusCode(200)
                .body("items", hasSize(12));
        as("paging-bad").get("/v1/kpi-values?grain=month&limit=0&cursor=abc").then().statusCode(400)
                .body("errors.pointer", containsInAnyOrder("/limit", "/cursor"));
        assertNull(as("paging-bad").get("/v1/kpi-values?grain=month&limit=12").then().statusCode(200)
                .extract().path("next"));
    }
}
