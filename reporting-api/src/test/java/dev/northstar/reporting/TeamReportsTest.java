package dev.northstar.reporting;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

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
import io.restassured.parsing.Parser;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A hand-made month of a partner team, through the real kpi.values and knowledge.insights topics: the report, the
 * strategy brief (JSON and Markdown) and the integration level against numbers worked out by hand.
 */
@QuarkusTest
@QuarkusTestResource(NorthstarInfra.class)
class TeamReportsTest {

    private static final String T = "brief";
    private static final EventCodec CODEC = new EventCodec(new EventValidator());

    @BeforeAll
    static void problemDocumentsAreJson() {
        RestAssured.registerParser("application/problem+json", Parser.JSON);
    }

    private static KpiValue v(String team, String kpi, String period, String numerator, String denominator,
            String unit) {
        BigDecimal num = new BigDecimal(numerator);
        BigDecimal den = denominator == null ? null : new BigDecimal(denominator);
        BigDecimal value = den == null ? num : "score".equals(unit)
                ? num.movePointRight(2).divide(den, 2, java.math.RoundingMode.HALF_EVEN)
                : num.divide(den, 6, java.math.RoundingMode.HALF_EVEN);
        return new KpiValue(T, team, kpi, "month", period, value, num, den, unit, 1,
                Instant.parse("2026-11-01T00:00:00Z"));
    }

    private static InsightValue insight(String tenant, String id, String deal, String text, List<String> tags,
            List<String> kpis, String at, long version) {
        return new InsightValue(tenant, id, "partner-b", null, deal, text, tags, kpis, "insight.captured",
                Instant.parse(at), version);
    }

    /** Publishes insights to one partition, in order, so that the last one seen means all were read. */
    static void publishInsights(List<InsightValue> insights) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, NorthstarInfra.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (InsightValue i : insights) {
                producer.send(new ProducerRecord<>(Topics.KNOWLEDGE_INSIGHTS, 0, i.key(),
                        EventJson.MAPPER.writeValueAsString(i))).get();
            }
        }
    }

    private static void register(String team, String name) throws Exception {
        register(T, team, name);
    }

    private static void register(String tenant, String team, String name) throws Exception {
        ObjectNode node = (ObjectNode) EventJson.parse(("{\"specversion\":\"1.0\",\"id\":\"reg-" + team
                + "\",\"source\":\"crm://brief\",\"type\":\"team.registered\",\"time\":\"2026-01-01T00:00:00Z\","
                + "\"tenant\":\"" + tenant + "\",\"data\":{\"teamId\":\"" + team + "\",\"kind\":\"partner\"}}")
                .getBytes(StandardCharsets.UTF_8));
        ((ObjectNode) node.get("data")).put("name", name);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, NorthstarInfra.bootstrapServers());
        try (KafkaProducer<String, CloudEvent> producer = new KafkaProducer<>(props, new StringSerializer(),
                new CloudEventSerializer())) {
            producer.send(new ProducerRecord<>(Topics.CRM_EVENTS, tenant + "/team", CODEC.toCloudEvent(node))).get();
        }
    }

    private static String entry(String kpi, String field) {
        return "kpis.find { it.kpi == '" + kpi + "' }." + field;
    }

    /** partner-b's October 2026 and September 2026 (Tokyo), and its insights. */
    private static void partnerB() throws Exception {
        register("partner-b", "パートナーB社");
        List<KpiValue> values = new ArrayList<>(List.of(
                v("partner-b", "calls", "2026-10", "120", null, "count"),
                v("partner-b", "calls", "2026-09", "100", null, "count"),
                v("partner-b", "appointments", "2026-10", "30", null, "count"),
                v("partner-b", "appointments", "2026-09", "20", null, "count"),
                v("partner-b", "appointment_quality", "2026-10", "2", "10", "rate"),
                v("partner-b", "appointment_quality", "2026-09", "4", "10", "rate"),
                v("partner-b", "win_rate", "2026-10", "1", "4", "rate"),
                v("partner-b", "win_rate", "2026-09", "2", "4", "rate"),
                v("partner-b", "nps", "2026-10", "-1", "10", "score"),
                v("partner-b", "nps", "2026-09", "1", "5", "score"),
                v("partner-b", "knowledge_shared", "2026-10", "1", null, "count"),
                v("partner-b", "knowledge_shared_success", "2026-10", "1", null, "count"),
                v("partner-b", "renewal_rate", "2026-10", "1", "2", "rate"),
                v("partner-b", "new_customer_avg_ltv", "2026-10", "4800", "1", "amount")));
        KpiValuesResourceTest.publish(values);
        String admin = TestTokens.token(T, "admin");
        for (String[] t : new String[][] {{"win_rate", "0.4"}, {"calls", "100"}}) {
            given().auth().oauth2(admin).contentType("application/json").body("{\"target\":" + t[1] + "}")
                    .put("/v1/targets/partner-b/" + t[0] + "/month/2026-10").then().statusCode(200);
        }
        publishInsights(List.of(
                insight(T, "i1", "d1", "価格が高すぎるとの声（競合: ライバル社）", List.of("loss_reason", "competitor"),
                        List.of("win_rate"), "2026-10-05T01:00:00Z", 1),
                insight(T, "i2", "d2", "決裁者に会えなかった", List.of("loss_reason"), List.of("win_rate"),
                        "2026-10-20T01:00:00Z", 1),
                // 00:30 on 1 November in Tokyo: November, not October
                insight(T, "i3", null, "競合が無料プランを開始", List.of("competitor"), List.of("win_rate"),
                        "2026-10-31T15:30:00Z", 1),
                insight(T, "i4", null, "サポートの返信が遅い", List.of("customer_voice", "detractor"), List.of("nps"),
                        "2026-10-10T01:00:00Z", 1),
                insight(T, "i5", null, "導入3ヶ月で追加ライセンス", List.of("success_story"),
                        List.of("expansion_rate", "knowledge_shared"), "2026-10-12T01:00:00Z", 1),
                // 23:59:59 on 30 September in Tokyo: the previous period
                insight(T, "i6", null, "競合の値下げ", List.of("competitor"), List.of("win_rate"),
                        "2026-09-30T14:59:59Z", 1),
                // the retag (version 2) arrives before the original (version 1): version 2 stays
                insight(T, "i7", null, "市場は統合型へ", List.of("market_trend", "pricing"), List.of("win_rate"),
                        "2026-10-03T01:00:00Z", 2),
                insight(T, "i7", null, "市場は統合型へ", List.of("market_trend"), List.of("win_rate"),
                        "2026-10-03T01:00:00Z", 1),
                insight("brief-other", "x1", null, "他テナントの秘密", List.of("competitor"), List.of("win_rate"),
                        "2026-10-06T01:00:00Z", 1),
                insight(T, "i8", null, "ライバル社が新機能<script>を発表", List.of("competitor"), List.of("win_rate"),
                        "2026-10-15T01:00:00Z", 1)));
    }

    @Test
    void aReportShowsEachKpiWithTheInsightsLinkedToItInThePeriod() throws Exception {
        partnerB();
        String read = TestTokens.token(T, "read");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(read)
                .queryParam("grain", "month").queryParam("period", "2026-10").get("/v1/teams/partner-b/report")
                .then().statusCode(200).body("teamName", equalTo("パートナーB社"))
                .body(entry("win_rate", "insights.id"), contains("i2", "i8", "i1", "i7"))
                .body(entry("new_customer_avg_ltv", "value"), equalTo(4800.0f))
                .body(entry("nps", "value"), equalTo(-10.0f)));
        given().auth().oauth2(read).queryParam("grain", "month").queryParam("period", "2026-10")
                .get("/v1/teams/partner-b/report").then().statusCode(200)
                .body("kind", equalTo("partner")).body("previousPeriod", equalTo("2026-09"))
                .body(entry("win_rate", "insightCount"), equalTo(4))
                .body(entry("win_rate", "insights.find { it.id == 'i7' }.tags"), contains("market_trend", "pricing"))
                .body(entry("win_rate", "target"), equalTo(0.4f))
                .body(entry("win_rate", "attainment"), equalTo(0.625f))
                .body(entry("win_rate", "change"), equalTo(-0.25f))
                .body(entry("nps", "insights.text"), contains("サポートの返信が遅い"))
                .body(entry("expansion_rate", "insights.id"), contains("i5"))
                .body(entry("expansion_rate", "value"), nullValue())
                .body(entry("calls", "insightCount"), equalTo(0))
                .body("tags.tag", contains("competitor", "loss_reason", "customer_voice", "detractor", "market_trend",
                        "pricing", "success_story"))
                .body("tags[0].count", equalTo(2)).body("tags[0].previous", equalTo(1))
                .body("tags[0].change", equalTo(1))
                .body("tags.find { it.tag == 'pricing' }.change", equalTo(1));
        // November holds the insight of 00:30 Tokyo time on the 1st
        given().auth().oauth2(read).queryParam("grain", "month").queryParam("period", "2026-11")
                .get("/v1/teams/partner-b/report").then().statusCode(200)
                .body(entry("win_rate", "insights.id"), contains("i3"))
                .body("tags.find { it.tag == 'competitor' }.previous", equalTo(2));
        // brief-other has its own partner-b (from its insight x1) and sees only that one's data
        given().auth().oauth2(TestTokens.token("brief-other", "read")).queryParam("grain", "month")
                .queryParam("period", "2026-10").get("/v1/teams/partner-b/report").then().statusCode(200)
                .body("teamName", nullValue()).body(entry("win_rate", "insights.id"), contains("x1"))
                .body(entry("calls", "value"), nullValue()).body(entry("win_rate", "target"), nullValue());
        // a tenant without partner-b gets a 404 on every endpoint, with nothing of brief's data
        String other = TestTokens.token("brief-third", "admin");
        for (String path : List.of("report", "strategy-brief", "scorecard")) {
            given().auth().oauth2(other).queryParam("grain", "month").queryParam("period", "2026-10")
                    .get("/v1/teams/partner-b/" + path).then().statusCode(404)
                    .body(not(containsString("パートナーB")));
        }
        given().auth().oauth2(other).queryParam("period", "2026-10").get("/v1/teams/partner-b/integration-level")
                .then().statusCode(404);
        given().auth().oauth2(other).contentType("application/json").body(answers(true, true, true, true))
                .put("/v1/teams/partner-b/self-assessment").then().statusCode(404);
        given().auth().oauth2(read).queryParam("grain", "month").queryParam("period", "2026-10")
                .get("/v1/teams/partner-b/report").then().body(not(containsString("他テナントの秘密")));
        given().auth().oauth2(read).queryParam("grain", "month").queryParam("period", "2026-13")
                .get("/v1/teams/partner-b/report").then().statusCode(400).body("errors.pointer", contains("/period"));
        given().auth().oauth2(TestTokens.token(T, "ingest")).queryParam("grain", "month")
                .queryParam("period", "2026-10").get("/v1/teams/partner-b/report").then().statusCode(403);
        given().queryParam("grain", "month").queryParam("period", "2026-10").get("/v1/teams/partner-b/report").then()
                .statusCode(401);
    }

    @Test
    void theStrategyBriefFollowsTheFourPartAgendaAndItsRules() throws Exception {
        partnerB();
        String read = TestTokens.token(T, "read");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(read)
                .queryParam("grain", "month").queryParam("period", "2026-10").get("/v1/teams/partner-b/strategy-brief")
                .then().statusCode(200).body("market.insights.id", contains("i8", "i1", "i7"))
                .body("customers.kpis.find { it.kpi == 'nps' }.value", equalTo(-10.0f)));
        given().auth().oauth2(read).accept("application/json").queryParam("grain", "month")
                .queryParam("period", "2026-10").get("/v1/teams/partner-b/strategy-brief").then().statusCode(200)
                .body("market.tags.tag", contains("competitor", "market_trend", "pricing"))
                .body("market.tags.change", contains(1, 1, 1))
                .body("customers.tags.find { it.tag == 'loss_reason' }.count", equalTo(2))
                .body("customers.insights.id", contains("i2", "i5", "i4", "i1"))
                .body("customers.kpis.kpi", contains("nps", "renewal_rate", "onboarding_completion_rate",
                        "expansion_rate"))
                .body("tactics.gains.kpi", contains("appointments", "calls"))
                .body("tactics.falls.kpi", contains("nps", "appointment_quality", "win_rate"))
                .body("tactics.falls[0].changeRate", equalTo(-1.5f))
                .body("tactics.targetsMissed.kpi", contains("win_rate"))
                .body("tactics.targetsMet.kpi", contains("calls"))
                .body("actions.rule", contains("target-missed", "fall", "fall", "competitor-pressure",
                        "loss-reasons-missing", "failures-unshared", "voice-not-fed-back", "quantity-over-quality",
                        "detractors"))
                .body("actions.kpi", contains("win_rate", "nps", "appointment_quality", "win_rate", "win_rate",
                        "knowledge_shared_failure", "product_feedback", "appointment_quality", "nps"))
                .body("actions.owner", contains("team", "joint", "joint", "head_office", "team", "joint", "team",
                        "team", "head_office"))
                .body("actions[0].evidence", equalTo("25.0% against a target of 40.0% (62.5% attained)"))
                .body("actions[1].evidence", equalTo("20 → -10 (-150.0%)"))
                .body("actions[3].evidence", startsWith("competitor mentions 1 → 2; latest: 「ライバル社が新機能<script>"))
                .body("actions[4].evidence", equalTo("1 of 3 lost deals have no loss reason"))
                .body("actions[4].actionJa", equalTo("失注した案件ごとに失注理由を記録する。"))
                .body("actions[6].evidence", equalTo("1 customer remark(s), no product feedback"))
                .body("actions[7].evidence", equalTo("appointments 20 → 30, appointment quality 40.0% → 20.0%"))
                .body("actions[8].evidence", equalTo("NPS -10 with 1 detractor comment(s)"));
        String md = given().auth().oauth2(read).accept("text/markdown").queryParam("grain", "month")
                .queryParam("period", "2026-10").get("/v1/teams/partner-b/strategy-brief").then().statusCode(200)
                .contentType(startsWith("text/markdown")).extract().asString();
        org.junit.jupiter.api.Assertions.assertTrue(md.startsWith(
                "# Strategy brief / 戦略会議ブリーフ: パートナーB社 — 2026-10\n"), md);
        for (String line : List.of("## 1. Market and competitor moves / 市場・競合の動き",
                "| competitor | 2 | 1 | +1 |",
                "## 2. Customer insight / 顧客インサイト",
                "| 顧客満足度（NPS） / NPS | -10 | 20 | -150.0% |",
                "## 3. Review of tactics / 施策の振り返り",
                "| 受注率 / Win rate | 25.0% | 40.0% | 62.5% |",
                "## 4. Proposed actions / 決定事項（案）",
                "| 5 | Record why each lost deal was lost. | 失注した案件ごとに失注理由を記録する。 | team |"
                        + " 1 of 3 lost deals have no loss reason | `loss-reasons-missing` |")) {
            org.junit.jupiter.api.Assertions.assertTrue(md.contains(line + "\n"), () -> line + " missing in\n" + md);
        }
        // text from users cannot inject markup into the meeting's document
        org.junit.jupiter.api.Assertions.assertTrue(md.contains("ライバル社が新機能&lt;script&gt;を発表"), md);
        org.junit.jupiter.api.Assertions.assertFalse(md.contains("<script>"), md);
    }

    @Test
    void theMarkdownBriefShowsHostileTextAsTextAndShortensBetweenCharacters() throws Exception {
        String tenant = "brief-md";
        String name = "Evil | Co\n# Owned `x` <script>alert(1)</script> [x](javascript:alert(1)) ![i](x)";
        String text = "a|b\r\n## not a heading `code` <script>alert(1)</script> [x](javascript:alert(1)) ![i](x) *em*";
        register(tenant, "partner-x", name);
        publishInsights(List.of(
                new InsightValue(tenant, "h1", "partner-x", null, null, text,
                        List.of("competitor", "<img src=x onerror=alert(1)>|", "a\nb`c`"), List.of("win_rate"),
                        "insight.captured", Instant.parse("2026-10-05T01:00:00Z"), 1),
                // the 119th character is 🍣, whose low surrogate is the 120th UTF-16 unit: where the cut falls
                new InsightValue(tenant, "y1", "partner-y", null, null, "x".repeat(118) + "🍣🍣🍣",
                        List.of("competitor"), List.of("win_rate"), "insight.captured",
                        Instant.parse("2026-10-06T01:00:00Z"), 1)));
        String read = TestTokens.token(tenant, "read");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(read)
                .queryParam("grain", "month").queryParam("period", "2026-10").get("/v1/teams/partner-x/strategy-brief")
                .then().statusCode(200).body("teamName", equalTo(name)).body("market.insights.id", contains("h1")));
        // JSON carries the text as it is; the evidence is cut to 120 characters, the emoji kept whole
        given().auth().oauth2(read).queryParam("grain", "month").queryParam("period", "2026-10")
                .get("/v1/teams/partner-x/strategy-brief").then().statusCode(200)
                .body("market.insights[0].text", equalTo(text));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(read)
                .queryParam("grain", "month").queryParam("period", "2026-10").get("/v1/teams/partner-y/strategy-brief")
                .then().statusCode(200).body("actions.find { it.rule == 'competitor-pressure' }.evidence",
                        equalTo("competitor mentions 0 → 1; latest: 「" + "x".repeat(118) + "🍣…」")));

        String md = given().auth().oauth2(read).accept("text/markdown").queryParam("grain", "month")
                .queryParam("period", "2026-10").get("/v1/teams/partner-x/strategy-brief").then().statusCode(200)
                .contentType(startsWith("text/markdown")).extract().asString();
        List<String> lines = md.lines().toList();
        org.junit.jupiter.api.Assertions.assertFalse(md.contains("<"), md);
        org.junit.jupiter.api.Assertions.assertFalse(md.contains(">"), md);
        org.junit.jupiter.api.Assertions.assertEquals(9, lines.stream().filter(l -> l.startsWith("#")).count(), md);
        org.junit.jupiter.api.Assertions.assertEquals(4, MarkdownText.assertTablesKeepTheirColumns(md), md);
        String escapedName = "Evil \\| Co \\# Owned \\`x\\` &lt;script&gt;alert\\(1\\)&lt;/script&gt;"
                + " \\[x\\]\\(javascript:alert\\(1\\)\\) \\!\\[i\\]\\(x\\)";
        String escapedText = "a\\|b \\#\\# not a heading \\`code\\` &lt;script&gt;alert\\(1\\)&lt;/script&gt;"
                + " \\[x\\]\\(javascript:alert\\(1\\)\\) \\!\\[i\\]\\(x\\) \\*em\\*";
        org.junit.jupiter.api.Assertions.assertEquals("# Strategy brief / 戦略会議ブリーフ: " + escapedName + " — 2026-10",
                lines.get(0));
        org.junit.jupiter.api.Assertions.assertTrue(lines.contains("- " + escapedText
                + " — competitor, &lt;img src=x onerror=alert\\(1\\)&gt;\\|, a b\\`c\\` (2026-10-05T01:00:00Z)"), md);
        String action = lines.stream().filter(l -> l.endsWith(" | `competitor-pressure` |")).findFirst().orElseThrow();
        org.junit.jupiter.api.Assertions.assertEquals("competitor mentions 0 → 1; latest: 「" + escapedText + "」",
                MarkdownText.cells(action).get(4), md);
        // still readable: what a renderer shows is the text, on one line
        org.junit.jupiter.api.Assertions.assertEquals(text.replace("\r\n", " "), MarkdownText.unescape(escapedText));
        org.junit.jupiter.api.Assertions.assertEquals(name.replace("\n", " "), MarkdownText.unescape(escapedName));
    }

    private static String answers(boolean meeting, boolean vision, boolean failures, boolean improvements) {
        return "{\"meetingBeyondNumbers\":" + meeting + ",\"explainsVision\":" + vision
                + ",\"analysesFailuresTogether\":" + failures + ",\"proposesImprovements\":" + improvements
                + ",\"note\":\"定例会で確認\"}";
    }

    private static String signal(String id, String field) {
        return "signals.find { it.id == '" + id + "' }." + field;
    }

    @Test
    void theIntegrationLevelCombinesTheDataWithTheSelfAssessment() throws Exception {
        partnerB();
        KpiValuesResourceTest.publish(List.of(
                v("partner-c", "knowledge_shared", "2026-10", "3", null, "count"),
                v("partner-c", "knowledge_shared_failure", "2026-10", "1", null, "count"),
                v("partner-c", "win_rate", "2026-10", "1", "2", "rate"),
                v("partner-c", "product_feedback", "2026-10", "2", null, "count"),
                v("partner-c", "nps", "2026-10", "3", "4", "score"),
                v("partner-c", "renewal_rate", "2026-10", "1", "1", "rate"),
                v("partner-c", "onboarding_completion_rate", "2026-10", "1", "2", "rate"),
                v("partner-c", "expansion_rate", "2026-10", "0", "3", "rate")));
        publishInsights(List.of(new InsightValue(T, "c1", "partner-c", null, "dc1", "予算凍結", List.of("loss_reason"),
                List.of("win_rate"), "deal.lost", Instant.parse("2026-10-08T00:00:00Z"), 1)));
        String read = TestTokens.token(T, "read");
        String admin = TestTokens.token(T, "admin");
        // partner-b: too little knowledge, loss reasons for 2 of 3 lost deals, no feedback; 3 of 5 customer KPIs
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(read)
                .queryParam("period", "2026-10").get("/v1/teams/partner-b/integration-level").then().statusCode(200)
                .body(signal("loss_reasons_recorded", "observed"), equalTo(0.666667f)));
        given().auth().oauth2(read).queryParam("period", "2026-10").get("/v1/teams/partner-b/integration-level")
                .then().statusCode(200)
                .body("level", equalTo(1)).body("dataLevel", equalTo(1)).body("selfAssessedLevel", nullValue())
                .body("basis", equalTo("data")).body("levelName.ja", equalTo("業務代行"))
                .body("signals.id", contains("knowledge_flowing", "loss_reasons_recorded", "product_feedback_arriving",
                        "customer_value_covered"))
                .body("signals.status", contains("not_met", "not_met", "not_met", "met"))
                .body(signal("knowledge_flowing", "observed"), equalTo(1))
                .body(signal("knowledge_flowing", "threshold"), equalTo(2))
                .body(signal("loss_reasons_recorded", "evidence"), equalTo("2 of 3 lost deals have a loss reason"))
                .body(signal("customer_value_covered", "observed"), equalTo(0.6f))
                .body("next.level", equalTo(2))
                .body("next.steps", contains("Share at least 2 success or failure case(s) in 2026-10 (now 1).",
                        "Record a loss reason for at least 80.0% of lost deals (now 66.7%).",
                        "Answer the four self-check questions (PUT /v1/teams/partner-b/self-assessment)."))
                .body("next.stepsJa", contains("2026-10 に成功・失敗事例を 2 件以上共有する（現在 1 件）。",
                        "失注案件の 80.0% 以上に失注理由を記録する（現在 66.7%）。",
                        "4つの自己評価の質問に回答する（統合レベルのページ、または PUT /v1/teams/partner-b/self-assessment）。"));
        // partner-c: every signal met, so the data says 3; the self-assessment says 2, and the lower counts
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(read)
                .queryParam("period", "2026-10").get("/v1/teams/partner-c/integration-level").then().statusCode(200)
                .body("dataLevel", equalTo(3)));
        given().auth().oauth2(read).contentType("application/json").body(answers(true, false, true, true))
                .put("/v1/teams/partner-c/self-assessment").then().statusCode(403);
        given().auth().oauth2(admin).contentType("application/json").body(answers(true, false, true, true))
                .put("/v1/teams/partner-c/self-assessment").then().statusCode(200)
                .body("explainsVision", equalTo(false)).body("note", equalTo("定例会で確認"))
                .body("answeredAt", not(nullValue()));
        given().auth().oauth2(read).queryParam("period", "2026-10").get("/v1/teams/partner-c/integration-level")
                .then().statusCode(200)
                .body("level", equalTo(2)).body("dataLevel", equalTo(3)).body("selfAssessedLevel", equalTo(2))
                .body("basis", equalTo("data and self-assessment"))
                .body(signal("loss_reasons_recorded", "observed"), equalTo(1.0f))
                .body(signal("customer_value_covered", "evidence"), equalTo("4 of 5 customer-value KPIs have a value:"
                        + " nps, renewal_rate, onboarding_completion_rate, expansion_rate"))
                .body("next.name.en", equalTo("strategic integration"))
                .body("next.steps", contains("Make sure the partner can explain the company's vision and strategy in"
                        + " its own words."));
        given().auth().oauth2(admin).contentType("application/json").body(answers(true, true, true, true))
                .put("/v1/teams/partner-c/self-assessment").then().statusCode(200);
        given().auth().oauth2(read).queryParam("period", "2026-10").get("/v1/teams/partner-c/integration-level")
                .then().statusCode(200).body("level", equalTo(3)).body("next", nullValue());
        // a quarter needs three months' worth: 6 articles, 3 feedback items
        given().auth().oauth2(read).queryParam("period", "2026-Q4").get("/v1/teams/partner-c/integration-level")
                .then().statusCode(200).body(signal("knowledge_flowing", "threshold"), equalTo(6))
                .body(signal("product_feedback_arriving", "threshold"), equalTo(3))
                .body("dataLevel", equalTo(1));
        // refusals
        given().auth().oauth2(read).queryParam("period", "2026-W43").get("/v1/teams/partner-c/integration-level")
                .then().statusCode(400).body("errors.pointer", contains("/period"));
        given().auth().oauth2(admin).contentType("application/json")
                .body("{\"meetingBeyondNumbers\":\"yes\",\"explainsVision\":true,\"proposesImprovements\":true,"
                        + "\"mood\":1,\"note\":5}")
                .put("/v1/teams/partner-c/self-assessment").then().statusCode(400)
                .body("errors.pointer", containsInAnyOrder("/meetingBeyondNumbers", "/analysesFailuresTogether",
                        "/note", "/mood"));
        given().auth().oauth2(admin).contentType("application/json").body("[1,2")
                .put("/v1/teams/partner-c/self-assessment").then().statusCode(400);
        given().auth().oauth2(admin).contentType("application/json").body(answers(true, true, true, true))
                .put("/v1/teams/nobody/self-assessment").then().statusCode(404);
        given().auth().oauth2(read).get("/v1/teams/..%2F..%2Fetc/integration-level").then().statusCode(404);
    }
}
