package dev.northstar.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.northstar.faults.KpiFeed;
import dev.northstar.faults.KpiOracle;
import dev.northstar.stack.LocalStack;
import dev.northstar.stack.Northstar;
import dev.northstar.stack.Probe;
import dev.northstar.stack.demo.CrmStream;
import dev.northstar.stack.demo.DemoLoader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The web console in headless Chromium against the whole stack with the demo's data: signed in as the demo tenant's
 * admin, every page is visited (a screenshot of each under {@code target/console-screenshots}), every number the
 * console shows equals, as a decimal, the one the JSON API serves, every chart drew points, the language switches
 * both ways, a target, a self-assessment and a meeting decision are saved and still there after a reload, the strategy
 * meeting prints to a PDF with its four agenda headings, a read-only user gets no forms and another tenant's team is a
 * 404 — and the browser's console has no SEVERE entry anywhere (script errors, failed loads, CSP violations).
 *
 * <p>One stack for the class; the data is settled before the first page (every KPI cell equal to the oracle's,
 * every insight in knowledge-service and in reporting-api's read model), so that page and API are read from the
 * same state.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {

    private static final String TENANT = Northstar.DEMO_TENANT;
    /** Another tenant, with a team of its own that the demo tenant must not see. */
    private static final String OTHER_TENANT = "elsewhere";
    private static final String OTHER_TEAM = "elsewhere-team";
    private static final long SEED = 20261126L;
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final String SHOTS = "; screenshots and PDFs in " + Browser.SCREENSHOTS;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static LocalStack stack;
    private static String base;
    private static List<ObjectNode> events;
    /** The month every page is looked at in: the last full month of the demo (its previous month has data too). */
    private static String month;
    /** The demo tenant's teams, as /v1/teams lists them. */
    private static List<String> teams;
    private static Browser admin;
    private static Browser reader;

    @BeforeAll
    static void startStackWithTheDemo() throws Exception {
        // this run's screenshots only (the harness's own, BrowserTest's, stay)
        if (Files.isDirectory(Browser.SCREENSHOTS)) {
            try (var old = Files.list(Browser.SCREENSHOTS)) {
                for (Path file : old.filter(f -> !f.getFileName().toString().startsWith("harness-")).toList()) {
                    Files.delete(file);
                }
            }
        }
        Path root = Path.of(System.getProperty("northstar.root", "../..")).toAbsolutePath().normalize();
        Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        LocalStack.Options defaults = LocalStack.Options.defaults(root);
        stack = LocalStack.start(new LocalStack.Options(root, root.resolve("deploy/system-tests/target/console-stack"),
                0, 0, -1, 3, true, Duration.ofSeconds(120), defaults.jvmArgs()), System.out);
        base = stack.url("reporting-api");
        // the demo as ./northstar up --demo loads it: six months back from the first of this month, up to now
        LocalDate start = LocalDate.now(TOKYO).withDayOfMonth(1).minusMonths(6);
        events = CrmStream.generate(SEED, TENANT, start, 7, Instant.now());
        month = YearMonth.now(TOKYO).minusMonths(1).toString();
        long t0 = System.nanoTime();
        new DemoLoader(stack.url("kpi-ingest"), token(TENANT, "ingest")).send(events, 500);
        new DemoLoader(stack.url("kpi-ingest"), token(OTHER_TENANT, "ingest")).send(otherTenantsEvents(), 500);
        awaitSettled();
        System.out.printf(Locale.ROOT, "Demo: %,d events sent and settled in %.1f s; month %s, teams %s%n",
                events.size(), (System.nanoTime() - t0) / 1e9, month, teams);
    }

    @AfterAll
    static void stop() {
        for (Browser browser : new Browser[] {admin, reader}) {
            if (browser != null) {
                browser.close();
            }
        }
        if (stack != null) {
            stack.close();
        }
    }

    /** Any SEVERE entry of a browser's console fails the test during which it appeared. */
    @AfterEach
    void noSevereEntryInTheBrowsersConsole() {
        for (Browser browser : new Browser[] {admin, reader}) {
            if (browser != null) {
                List<String> severe = browser.takeSevere();
                assertEquals(List.of(), severe, "SEVERE entries in the browser's console" + SHOTS);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------- the tests

    @Test
    @Order(1)
    void withoutASessionEveryPageGoesToSignInAndLocalSignInSetsAnHttpOnlySession() throws Exception {
        String team = teams.get(0);
        for (String path : List.of("/console/", "/console/?grain=month&period=" + month,
                "/console/teams/" + team + "?grain=month&period=" + month, "/console/comparison",
                "/console/teams/" + team + "/brief", "/console/teams/" + team + "/level", "/console/insights",
                "/console/teams/" + team + "/targets?grain=month")) {
            HttpResponse<String> response = get(path, null, "ja");
            assertEquals(303, response.statusCode(), path + " without a session");
            String location = response.headers().firstValue("Location").orElse("");
            assertTrue(URI.create(base + path).resolve(location).getPath().equals("/console/sign-in"),
                    path + " redirects to " + location);
        }
        HttpResponse<String> signIn = get("/console/sign-in/local?token=" + token(TENANT, "read"), null, "ja");
        assertEquals(303, signIn.statusCode(), signIn.body());
        assertEquals("/console/", URI.create(base + "/console/sign-in/local")
                .resolve(signIn.headers().firstValue("Location").orElse("")).getPath());
        List<String> cookies = signIn.headers().allValues("Set-Cookie");
        assertTrue(cookies.stream().anyMatch(c -> c.toLowerCase(Locale.ROOT).contains("httponly")),
                "an HttpOnly session cookie: " + cookies);
        // the admin's browser signs in the same way (and lands on the overview)
        assertTrue(admin().cookies().stream().anyMatch(c -> c.isHttpOnly()), "the browser's session cookie is HttpOnly: "
                + admin.cookies());
    }

    @Test
    @Order(2)
    void theOverviewShowsEveryTeamsNumbersLevelAndSparklines() throws Exception {
        Map<String, Integer> charts = admin().open(base + "/console/?grain=month&period=" + month, "overview");
        assertChrome(admin, "ja");
        admin.await("table#overview");
        List<WebElement> rows = admin.all("table#overview tr[data-team]");
        assertEquals(new TreeSet<>(teams), rows.stream().map(r -> r.getDomAttribute("data-team"))
                .collect(Collectors.toCollection(TreeSet::new)), "the overview's teams" + SHOTS);
        List<String> differences = new ArrayList<>();
        for (WebElement row : rows) {
            String team = row.getDomAttribute("data-team");
            Map<String, JsonNode> card = scorecard(team, month);
            Map<String, Integer> drawn = pointsOfTwelveMonths(team, month);
            List<WebElement> cells = row.findElements(By.cssSelector("td[data-kpi]"));
            if (cells.isEmpty()) {
                differences.add(team + ": no td[data-kpi] cell");
            }
            for (WebElement cell : cells) {
                String kpi = cell.getDomAttribute("data-kpi");
                JsonNode line = card.get(kpi);
                if (line == null) {
                    differences.add(team + " " + kpi + ": not a KPI of the scorecard");
                    continue;
                }
                compare(differences, team + " " + kpi, line.get("value"), cell);
                // the sparkline: one point per month of the twelve ending with this one that has a value
                List<WebElement> spark = cell.findElements(By.cssSelector(".chart[data-chart=spark]"));
                if (spark.size() != 1) {
                    differences.add(team + " " + kpi + ": " + spark.size() + " sparklines");
                } else if (!String.valueOf(drawn.getOrDefault(kpi, 0)).equals(spark.get(0).getDomAttribute(
                        "data-points"))) {
                    differences.add(team + " " + kpi + ": the sparkline drew " + spark.get(0).getDomAttribute(
                            "data-points") + " points, the API has " + drawn.getOrDefault(kpi, 0) + " values");
                }
            }
            List<WebElement> level = row.findElements(By.cssSelector("span.level[data-level]"));
            int expected = api("/v1/teams/" + team + "/integration-level?period=" + month, "read").get("level").asInt();
            if (level.size() != 1) {
                differences.add(team + ": " + level.size() + " span.level[data-level] in its row, 1 expected");
            } else if (!String.valueOf(expected).equals(level.get(0).getDomAttribute("data-level").strip())) {
                differences.add(team + ": level " + level.get(0).getDomAttribute("data-level") + ", API " + expected);
            }
        }
        assertEquals(List.of(), differences, "the overview against /v1/teams/{id}/scorecard, integration-level and"
                + " kpi-values" + SHOTS);
        assertTrue(charts.values().stream().mapToInt(Integer::intValue).sum() > 0, charts + SHOTS);
    }

    @Test
    @Order(3)
    void eachTeamsPageShowsItsScorecardTrendsAndInsights() throws Exception {
        List<String> differences = new ArrayList<>();
        for (String team : teams) {
            admin().open(base + "/console/teams/" + team + "?grain=month&period=" + month, "team-" + team);
            assertChrome(admin, "ja");
            admin.await("table#scorecard");
            Map<String, JsonNode> card = scorecard(team, month);
            List<WebElement> rows = admin.all("table#scorecard tr[data-kpi]");
            assertEquals(card.keySet(), rows.stream().map(r -> r.getDomAttribute("data-kpi"))
                    .collect(Collectors.toCollection(TreeSet::new)), team + ": the scorecard's KPIs" + SHOTS);
            for (WebElement row : rows) {
                String kpi = row.getDomAttribute("data-kpi");
                JsonNode line = card.get(kpi);
                for (String[] column : new String[][] {{"value", "value"}, {"previous", "previous"},
                        {"target", "target"}, {"attainment", "attainment"}}) {
                    List<WebElement> cell = row.findElements(By.cssSelector("td." + column[0] + "[data-value]"));
                    if (cell.size() != 1) {
                        differences.add(team + " " + kpi + ": " + cell.size() + " td." + column[0] + "[data-value]");
                    } else {
                        compare(differences, team + " " + kpi + " " + column[0], line.get(column[1]), cell.get(0));
                    }
                }
            }
            // a trend per KPI over the twelve months ending with this one: a point per month with a value
            Map<String, Integer> drawn = pointsOfTwelveMonths(team, month);
            List<WebElement> trends = admin.all("div.chart[data-chart=trend][data-kpi]");
            assertFalse(trends.isEmpty(), team + ": trend charts" + SHOTS);
            for (WebElement trend : trends) {
                String kpi = trend.getDomAttribute("data-kpi");
                if (!String.valueOf(drawn.getOrDefault(kpi, 0)).equals(trend.getDomAttribute("data-points"))) {
                    differences.add(team + " " + kpi + ": the trend drew " + trend.getDomAttribute("data-points")
                            + " points, the API has " + drawn.getOrDefault(kpi, 0) + " values");
                }
            }
            assertTrue(trends.stream().anyMatch(t -> Integer.parseInt(t.getDomAttribute("data-points")) > 0),
                    team + ": no trend drew a point" + SHOTS);
            long insights = 0;
            for (JsonNode entry : api("/v1/teams/" + team + "/report?grain=month&period=" + month, "read").get("kpis")) {
                insights += entry.get("insights").size();
            }
            if (insights > 0 && admin.all("li.insight").isEmpty()) {
                differences.add(team + ": the report links " + insights + " insights to its KPIs, the page shows no"
                        + " li.insight");
            }
        }
        assertEquals(List.of(), differences, "team pages against /v1/teams/{id}/scorecard" + SHOTS);
    }

    @Test
    @Order(4)
    void theComparisonEqualsTheApiAndItsCsvTheTable() throws Exception {
        JsonNode comparison = api("/v1/comparison?grain=month&period=" + month, "read");
        for (String kpi : List.of("calls", "win_rate")) {
            Map<String, Integer> charts = admin().open(base + "/console/comparison?kpi=" + kpi + "&grain=month&period="
                    + month, "comparison-" + kpi);
            assertChrome(admin, "ja");
            admin.await("table#comparison");
            JsonNode row = null;
            for (JsonNode r : comparison.get("kpis")) {
                if (r.get("kpi").asText().equals(kpi)) {
                    row = r;
                }
            }
            assertNotNull(row, kpi + " in /v1/comparison");
            // what the table shows, key (team id or kind) to value; and what the API says
            Map<String, BigDecimal> shown = new TreeMap<>();
            Map<String, JsonNode> served = new TreeMap<>();
            row.get("teams").fields().forEachRemaining(e -> served.put(e.getKey(), e.getValue().path("value")));
            row.get("byKind").fields().forEachRemaining(e -> served.put("kind:" + e.getKey(),
                    e.getValue().path("value")));
            List<String> differences = new ArrayList<>();
            for (WebElement tr : admin.all("table#comparison tr[data-team], table#comparison tr[data-kind]")) {
                String key = tr.getDomAttribute("data-team") != null ? tr.getDomAttribute("data-team")
                        : "kind:" + tr.getDomAttribute("data-kind");
                List<WebElement> cell = tr.findElements(By.cssSelector("td.value[data-value]"));
                if (cell.size() != 1) {
                    differences.add(kpi + " " + key + ": " + cell.size() + " td.value[data-value]");
                    continue;
                }
                shown.put(key, value(cell.get(0)));
                if (!served.containsKey(key)) {
                    differences.add(kpi + " " + key + ": shown, not in /v1/comparison");
                } else {
                    compare(differences, kpi + " " + key, served.get(key), cell.get(0));
                }
            }
            Set<String> missing = new TreeSet<>(served.keySet());
            missing.removeAll(shown.keySet());
            if (!missing.isEmpty()) {
                differences.add(kpi + ": in /v1/comparison, not in the table: " + missing);
            }
            assertEquals(List.of(), differences, "the comparison against /v1/comparison" + SHOTS);
            long values = shown.values().stream().filter(v -> v != null).count();
            assertEquals(values, (long) charts.getOrDefault("comparison/" + kpi, -1), kpi + ": the comparison chart's"
                    + " points, one per value of the table; charts " + charts + SHOTS);

            // the CSV: a row per row of the table (team_id, or the kind of a pooled row), the KPI's raw value
            String csvUrl = admin.await("a#csv").getDomProperty("href");
            HttpResponse<String> csv = HTTP.send(HttpRequest.newBuilder(URI.create(csvUrl))
                    .header("Cookie", admin.cookieHeader()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, csv.statusCode(), csvUrl + ": " + csv.body());
            List<List<String>> lines = Csv.parse(csv.body());
            assertTrue(lines.size() >= 2, "a header and rows: " + csv.body());
            List<String> header = lines.get(0).stream().map(String::strip).toList();
            int teamColumn = header.indexOf("team_id");
            int kindColumn = header.indexOf("kind");
            int valueColumn = header.indexOf(kpi);
            assertTrue(teamColumn >= 0 && kindColumn >= 0 && valueColumn >= 0, "columns team_id, kind and " + kpi
                    + " in the CSV's header " + header);
            Map<String, BigDecimal> exported = new TreeMap<>();
            for (List<String> line : lines.subList(1, lines.size())) {
                String team = line.get(teamColumn).strip();
                String key = team.isEmpty() ? "kind:" + line.get(kindColumn).strip() : team;
                String raw = valueColumn < line.size() ? line.get(valueColumn).strip() : "";
                assertFalse(exported.containsKey(key), key + " twice in the CSV:\n" + csv.body());
                exported.put(key, raw.isEmpty() ? null : new BigDecimal(raw));
            }
            assertEquals(shown.keySet(), exported.keySet(), "the CSV's rows against the table's:\n" + csv.body());
            for (Map.Entry<String, BigDecimal> e : shown.entrySet()) {
                BigDecimal got = exported.get(e.getKey());
                if (e.getValue() == null ? got != null : got == null || got.compareTo(e.getValue()) != 0) {
                    differences.add("CSV " + kpi + " " + e.getKey() + ": " + got + ", the table shows " + e.getValue());
                }
            }
            assertEquals(List.of(), differences, "the CSV against the table" + SHOTS);
        }
    }

    @Test
    @Order(5)
    void theStrategyMeetingKeepsADecisionCopiesMarkdownAndPrintsItsFourParts() throws Exception {
        String team = "partner-beta";
        String url = base + "/console/teams/" + team + "/brief?grain=month&period=" + month;
        admin().open(url, "brief-" + team);
        assertChrome(admin, "ja");
        List<WebElement> parts = admin.all("section.agenda-part");
        assertEquals(4, parts.size(), "section.agenda-part" + SHOTS);
        List<String> headings = new ArrayList<>();
        for (WebElement part : parts) {
            List<WebElement> h2 = part.findElements(By.tagName("h2"));
            assertEquals(1, h2.size(), "one h2 in each agenda part" + SHOTS);
            assertFalse(h2.get(0).getText().isBlank(), "an agenda part's heading" + SHOTS);
            headings.add(h2.get(0).getText().strip());
        }
        // the Markdown copied is the brief's as the API serves it
        String markdown = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/teams/" + team
                        + "/strategy-brief?grain=month&period=" + month)).header("Accept", "text/markdown")
                .header("Authorization", "Bearer " + token(TENANT, "read")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String copied = admin.clipboardAfter(() -> admin.await("button#copy-markdown").click());
        assertEquals(markdown.strip(), copied.strip(), "the Markdown copied against the API's" + SHOTS);

        String what = "ブラウザテストの決定 " + System.nanoTime();
        WebElement form = admin.await("form#decision");
        form.findElement(By.name("what")).sendKeys(what);
        form.findElement(By.name("owner")).sendKeys("佐藤");
        // a date input's typed format follows the locale; the value property does not
        admin.js("const due = arguments[0]; due.value = arguments[1];"
                + " due.dispatchEvent(new Event('input', {bubbles: true}));"
                + " due.dispatchEvent(new Event('change', {bubbles: true}));",
                form.findElement(By.name("due")), LocalDate.now(TOKYO).plusDays(14).toString());
        Select kpi = new Select(form.findElement(By.name("kpi")));
        kpi.getOptions().stream().filter(o -> "win_rate".equals(o.getDomAttribute("value"))).findFirst()
                .ifPresentOrElse(o -> kpi.selectByValue("win_rate"), () -> kpi.selectByIndex(
                        kpi.getOptions().size() - 1));
        form.findElement(By.cssSelector("[type=submit]")).click();
        admin.await("the decision listed", d -> d.findElements(By.cssSelector("li.decision")).stream()
                .anyMatch(li -> li.getText().contains(what)));
        admin.settle("brief-decision-saved");
        admin.open(url, "brief-reloaded");
        assertTrue(admin.all("li.decision").stream().anyMatch(li -> li.getText().contains(what)
                && li.getText().contains("佐藤")), "the decision after a reload" + SHOTS);

        String pdf = Browser.pdfText(admin.print("brief-" + team)).replaceAll("\\s+", "");
        for (String heading : headings) {
            assertTrue(pdf.contains(heading.replaceAll("\\s+", "")), "the printed brief has " + heading
                    + " (see brief-" + team + ".pdf)" + SHOTS);
        }
    }

    @Test
    @Order(6)
    void theIntegrationLevelKeepsTheSelfAssessment() throws Exception {
        String team = "partner-alpha";
        String url = base + "/console/teams/" + team + "/level?period=" + month;
        String api = "/v1/teams/" + team + "/integration-level?period=" + month;
        admin().open(url, "level-" + team);
        assertChrome(admin, "ja");
        JsonNode level = api(api, "read");
        assertEquals(level.get("level").asText(), admin.await("#level[data-level]").getDomAttribute("data-level")
                .strip(), "the level" + SHOTS);
        Set<String> signals = new TreeSet<>();
        level.get("signals").forEach(s -> signals.add(s.get("id").asText()));
        assertEquals(signals, admin.all("table#signals tr[data-signal]").stream()
                .map(tr -> tr.getDomAttribute("data-signal")).collect(Collectors.toCollection(TreeSet::new)),
                "the signals" + SHOTS);

        Map<String, Boolean> answers = new LinkedHashMap<>();
        answers.put("meetingBeyondNumbers", true);
        answers.put("explainsVision", false);
        answers.put("analysesFailuresTogether", true);
        answers.put("proposesImprovements", false);
        String note = "ブラウザから保存 " + System.nanoTime();
        WebElement form = admin.await("form#self-assessment");
        for (Map.Entry<String, Boolean> answer : answers.entrySet()) {
            WebElement box = form.findElement(By.name(answer.getKey()));
            if (box.isSelected() != answer.getValue()) {
                box.click();
            }
        }
        WebElement textarea = form.findElement(By.name("note"));
        textarea.clear();
        textarea.sendKeys(note);
        form.findElement(By.cssSelector("[type=submit]")).click();
        admin.await("the self-assessment stored (integration-level's selfAssessment has the note)", d -> note.equals(
                apiUnchecked(api, "read").path("selfAssessment")
                        .path("note").asText(null)));
        admin.settle("level-saved");
        admin.open(url, "level-reloaded");
        WebElement reloaded = admin.await("form#self-assessment");
        for (Map.Entry<String, Boolean> answer : answers.entrySet()) {
            assertEquals(answer.getValue(), reloaded.findElement(By.name(answer.getKey())).isSelected(),
                    answer.getKey() + " after a reload" + SHOTS);
        }
        assertEquals(note, reloaded.findElement(By.name("note")).getDomProperty("value"), "the note" + SHOTS);
        JsonNode after = api(api, "read");
        answers.forEach((k, v) -> assertEquals(v, after.get("selfAssessment").get(k).asBoolean(), k + " in the API"));
        assertEquals(after.get("level").asText(), admin.await("#level[data-level]").getDomAttribute("data-level")
                .strip(), "the level after the self-assessment" + SHOTS);
    }

    @Test
    @Order(7)
    void insightsAreListedSearchedAndTheirTagsCharted() {
        Map<String, Integer> charts = admin().open(base + "/console/insights", "insights");
        assertChrome(admin, "ja");
        assertFalse(admin.all("li.insight").isEmpty(), "li.insight" + SHOTS);
        assertTrue(charts.getOrDefault("tags", 0) > 0, "the tags chart drew " + charts + SHOTS);
        admin.open(base + "/console/insights?team=partner-beta", "insights-partner-beta");
        assertFalse(admin.all("li.insight").isEmpty(), "partner-beta's insights" + SHOTS);
        admin.open(base + "/console/insights?tag=competitor", "insights-tag-competitor");
        assertFalse(admin.all("li.insight").isEmpty(), "insights tagged competitor" + SHOTS);
        String q = "競合";
        admin.open(base + "/console/insights?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8), "insights-search");
        List<WebElement> found = admin.all("li.insight");
        assertFalse(found.isEmpty(), "insights with " + q + SHOTS);
        for (WebElement li : found) {
            assertTrue(li.getText().contains(q), "a search result without " + q + ": " + li.getText() + SHOTS);
        }
        // the pages go back in time through a#older (a cursor), not a page number
        admin.open(base + "/console/insights", "insights-again");
        String newest = admin.all("li.insight").get(0).getDomAttribute("data-insight");
        admin.await("a#older").click();
        admin.await("the next page", d -> d.findElements(By.cssSelector("li.insight")).stream().findFirst()
                .map(li -> !newest.equals(li.getDomAttribute("data-insight"))).orElse(false));
        admin.settle("insights-older");
        assertFalse(admin.all("li.insight").isEmpty(), "the older page's insights" + SHOTS);
    }

    @Test
    @Order(8)
    void aTargetSavedIsShownAfterAReloadAndServedByTheScorecard() throws Exception {
        String team = "partner-alpha";
        String url = base + "/console/teams/" + team + "/targets?grain=month";
        admin().open(url, "targets-" + team);
        assertChrome(admin, "ja");
        admin.await("table#targets");
        List<WebElement> inputs = admin.all("table#targets input[data-kpi][data-period]");
        assertFalse(inputs.isEmpty(), "target inputs" + SHOTS);
        WebElement input = inputs.stream().filter(i -> "calls".equals(i.getDomAttribute("data-kpi"))
                && month.equals(i.getDomAttribute("data-period"))).findFirst().orElse(inputs.get(0));
        String kpi = input.getDomAttribute("data-kpi");
        String period = input.getDomAttribute("data-period");
        BigDecimal target = new BigDecimal("4321.5");
        input.clear();
        input.sendKeys(target.toPlainString());
        admin.await("button#save-targets").click();
        admin.await("#save-status to say it saved", d -> !d.findElement(By.id("save-status")).getText().isBlank());
        admin.screenshot("targets-saved");
        admin.open(url, "targets-reloaded");
        String shown = admin.await("table#targets input[data-kpi='" + kpi + "'][data-period='" + period + "']")
                .getDomProperty("value");
        assertTrue(shown != null && !shown.isBlank() && new BigDecimal(shown.strip()).compareTo(target) == 0,
                kpi + " " + period + " after a reload: " + shown + SHOTS);
        JsonNode line = scorecard(team, period).get(kpi);
        assertTrue(decimal(line.get("target")) != null && decimal(line.get("target")).compareTo(target) == 0,
                "the scorecard's target of " + kpi + " in " + period + ": " + line);
    }

    @Test
    @Order(9)
    void theNavigationLinksLeadToTheirPages() {
        admin().open(base + "/console/?grain=month&period=" + month, "nav-start");
        admin.await("a#nav-comparison").click();
        admin.await("table#comparison");
        admin.settle("nav-comparison");
        admin.await("a#nav-insights").click();
        admin.await("li.insight");
        admin.settle("nav-insights");
        admin.await("a#nav-overview").click();
        admin.await("table#overview");
        admin.settle("nav-overview");
        assertEquals("/console/", URI.create(admin.driver().getCurrentUrl()).getPath());
    }

    @Test
    @Order(10)
    void theLanguageSwitchesBothWaysAndStays() throws Exception {
        String url = base + "/console/?grain=month&period=" + month;
        admin().open(url, "lang-ja");
        assertEquals("ja", admin.pageLanguage(), "a browser preferring Japanese" + SHOTS);
        admin.await("a#lang-en").click();
        admin.await("html[lang=en]", d -> "en".equals(admin.pageLanguage()) ? true : null);
        admin.settle("lang-en");
        admin.reload("lang-en-reloaded");
        assertEquals("en", admin.pageLanguage(), "English after a reload" + SHOTS);
        admin.open(base + "/console/teams/" + teams.get(0) + "?grain=month&period=" + month, "team-en");
        assertEquals("en", admin.pageLanguage(), "English on the next page" + SHOTS);
        admin.await("a#lang-ja").click();
        admin.await("html[lang=ja]", d -> "ja".equals(admin.pageLanguage()) ? true : null);
        admin.settle("lang-ja-again");
        admin.reload("lang-ja-reloaded");
        assertEquals("ja", admin.pageLanguage(), "Japanese after a reload" + SHOTS);
        // a new session follows the browser's Accept-Language
        for (String language : List.of("en", "ja")) {
            String cookie = sessionCookie("read", language);
            Document page = Jsoup.parse(get("/console/?grain=month&period=" + month, cookie, language).body());
            assertEquals(language, page.selectFirst("html").attr("lang"), "Accept-Language " + language);
        }
    }

    @Test
    @Order(11)
    void aReaderGetsNoFormsAndAnotherTenantsTeamIsNotFound() throws Exception {
        reader = Browser.start("read", "en");
        reader.open(base + "/console/", "sign-in");
        assertEquals("/console/sign-in", URI.create(reader.driver().getCurrentUrl()).getPath(),
                "without a session" + SHOTS);
        signIn(reader, "read", "read-overview");
        assertChrome(reader, "en");
        String team = "partner-alpha";
        reader.open(base + "/console/teams/" + team + "/brief?grain=month&period=" + month, "read-brief");
        assertEquals(4, reader.all("section.agenda-part").size(), "the brief for a reader" + SHOTS);
        assertFalse(reader.has("form#decision"), "a reader gets no decision form" + SHOTS);
        reader.open(base + "/console/teams/" + team + "/level", "read-level");
        reader.await("#level[data-level]");
        assertFalse(reader.has("form#self-assessment"), "a reader gets no self-assessment form" + SHOTS);
        // the targets grid is the admins': a reader's is the 403 page, without the button
        HttpResponse<String> targets = get("/console/teams/" + team + "/targets?grain=month", reader.cookieHeader(),
                "en");
        assertEquals(403, targets.statusCode(), "a reader's targets page");
        assertTrue(Jsoup.parse(targets.body()).select("button#save-targets").isEmpty(), "no button#save-targets");
        // a decision a reader forges with its own session's CSRF token is refused, and not recorded
        String csrf = reader.await("input[name=_csrf]").getDomAttribute("value");
        String forged = "forged by a reader " + System.nanoTime();
        HttpResponse<String> write = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/console/teams/" + team
                        + "/decisions")).header("Cookie", reader.cookieHeader())
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(
                        form(Map.of("_csrf", csrf, "grain", "month", "period", month, "what", forged, "owner", "x",
                                "due", LocalDate.now(TOKYO).plusDays(7).toString())))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, write.statusCode(), "a reader's decision: " + write.body());
        assertFalse(api("/v1/teams/" + team + "/decisions?grain=month&period=" + month, "read").toString()
                .contains(forged), "the forged decision recorded");
        reader.open(base + "/console/teams/" + team + "?grain=month&period=" + month, "read-team");
        reader.open(base + "/console/comparison?kpi=calls&grain=month&period=" + month, "read-comparison");
        reader.open(base + "/console/insights", "read-insights");

        // the other tenant's team exists (its own reader sees it), yet is no page of the demo tenant's
        assertEquals(200, HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/teams/" + OTHER_TEAM
                        + "/scorecard?grain=month&period=" + YearMonth.now(TOKYO)))
                .header("Authorization", "Bearer " + token(OTHER_TENANT, "read")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode());
        for (Browser browser : List.of(reader, admin())) {
            for (String path : List.of("/console/teams/" + OTHER_TEAM + "?grain=month&period=" + month,
                    "/console/teams/" + OTHER_TEAM + "/brief?grain=month&period=" + month,
                    "/console/teams/" + OTHER_TEAM + "/level", "/console/teams/" + OTHER_TEAM + "/targets?grain=month",
                    "/console/teams/no-such-team")) {
                HttpResponse<String> response = get(path, browser.cookieHeader(), "en");
                // the targets grid is refused to a reader whichever team it names (a 403 that tells nothing of the
                // team); every other page of another tenant's team is the 404 page
                int expected = browser == reader && path.contains("/targets") ? 403 : 404;
                assertEquals(expected, response.statusCode(), path + " for the demo tenant's " + browser.who()
                        + " session: " + response.body());
                assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/html"),
                        path + ": a page, " + response.headers().firstValue("Content-Type"));
                // in the session's language (the ns_lang cookie the switch left), a page like the others
                assertTrue(Set.of("ja", "en").contains(Jsoup.parse(response.body()).selectFirst("html").attr("lang")),
                        path + ": html[lang]");
                assertFalse(response.body().contains("余所のチーム"), path + ": nothing of the other tenant's team");
            }
        }
    }

    // -------------------------------------------------------------------------------------------------- the setup

    /** A team of another tenant with one call, so that its id exists, only elsewhere. */
    private static List<ObjectNode> otherTenantsEvents() throws Exception {
        String now = Instant.now().minusSeconds(3600).toString();
        return List.of((ObjectNode) JSON.readTree("""
                {"specversion":"1.0","id":"team-1","source":"crm://elsewhere","type":"team.registered",
                 "time":"%s","tenant":"%s","data":{"teamId":"%s","name":"余所のチーム","kind":"partner"}}"""
                .formatted(now, OTHER_TENANT, OTHER_TEAM)), (ObjectNode) JSON.readTree("""
                {"specversion":"1.0","id":"call-1","source":"crm://elsewhere","type":"call.logged",
                 "time":"%s","tenant":"%s","data":{"teamId":"%s","accountId":"acc-1","contactRole":"executive",
                 "keyPerson":true,"outcome":"connected","durationSeconds":300}}"""
                .formatted(now, OTHER_TENANT, OTHER_TEAM)));
    }

    @Test
    @Order(12)
    void theDemosContractsGiveACostAndABusinessCaseFromItsNumbers() throws Exception {
        // as ./northstar up --demo records them: the three teams' terms, partner-alpha's first two months settled
        YearMonth start = YearMonth.now(TOKYO).minusMonths(6);
        assertEquals(4, new dev.northstar.stack.demo.DemoContracts(base, token(TENANT, "admin")).record(start));
        // partner-alpha's settled months: its fee, 5 % of its revenue won, 100,000 when it set 40 appointments
        JsonNode settled = api("/v1/teams/partner-alpha/settlements", "read").get("items");
        assertEquals(2, settled.size(), settled.toString());
        for (int i = 0; i < 2; i++) {
            String m = start.plusMonths(i).toString();
            BigDecimal won = monthValue("partner-alpha", "revenue_won", m);
            BigDecimal appointments = monthValue("partner-alpha", "appointments", m);
            BigDecimal expected = new BigDecimal("600000").add(new BigDecimal("0.05").multiply(won))
                    .add(appointments.compareTo(new BigDecimal("40")) >= 0 ? new BigDecimal("100000") : BigDecimal.ZERO);
            assertEquals(m, settled.get(i).get("month").asText());
            assertEquals(0, expected.compareTo(settled.get(i).get("total").decimalValue()),
                    m + ": " + settled.get(i));
        }
        // partner-beta's quarter after its terms changed: a cost, new customers, the in-house comparison
        String quarter = dev.northstar.events.Grain.QUARTER.label(start.plusMonths(3).atDay(1));
        JsonNode bc = api("/v1/teams/partner-beta/business-case?grain=quarter&period=" + quarter, "read");
        assertTrue(bc.get("team").get("cost").decimalValue().signum() > 0, bc.toString());
        assertTrue(bc.get("inHouse").get("cost").decimalValue().signum() > 0, bc.toString());
        assertEquals("inhouse", bc.get("inHouse").get("teams").get(0).asText(), bc.toString());
        assertEquals("[]", bc.get("missing").toString(), "the share of recognised revenue is computed: " + bc);
        System.out.println("Demo business case, partner-beta " + quarter + ": " + bc);
        // the console's page shows the same figures, and the settled months as settled
        admin().open(base + "/console/teams/partner-beta/business-case?grain=quarter&period=" + quarter,
                "business-case-partner-beta");
        assertChrome(admin, "ja");
        for (String[] row : new String[][] {{"cost", "cost"}, {"new_customers", "newCustomers"},
            {"cost_per_new_customer", "costPerNewCustomer"}, {"roi", "roi"}}) {
            for (String[] side : new String[][] {{"team", "team"}, {"in-house", "inHouse"}}) {
                String shown = admin.await("table#business-case tr[data-row='" + row[0] + "'] td[data-side='"
                        + side[0] + "']").getDomAttribute("data-value");
                assertEquals(0, bc.get(side[1]).get(row[1]).decimalValue().compareTo(new BigDecimal(shown)),
                        row[0] + " " + side[0] + SHOTS);
            }
        }
        assertEquals(3, admin.all("table.cost-month").size(), "a table per month of the quarter" + SHOTS);
        admin.open(base + "/console/teams/partner-alpha/business-case?grain=month&period=" + start,
                "business-case-partner-alpha-settled");
        assertEquals("true", admin.await("table.cost-month[data-month='" + start + "']").getDomAttribute(
                "data-settled"), "partner-alpha's first month is settled" + SHOTS);
        assertEquals(0, settled.get(0).get("total").decimalValue().compareTo(new BigDecimal(admin.await(
                "table.cost-month td.total").getDomAttribute("data-value"))), "its total as settled" + SHOTS);
    }

    @Test
    @Order(13)
    void theDemosPilotHasAReportPageWithTheApisNumbers() throws Exception {
        // as ./northstar up --demo records it: partner-beta on payroll, the last three months and this one
        YearMonth current = YearMonth.now(TOKYO);
        String id = new dev.northstar.stack.demo.DemoPilots(base, token(TENANT, "admin")).record(current);
        assertEquals(id, new dev.northstar.stack.demo.DemoPilots(base, token(TENANT, "admin")).record(current),
                "a second load finds the pilot already there");
        JsonNode report = api("/v1/pilots/" + id + "/report", "read");
        assertEquals("product:payroll", report.get("scope").asText(), report.toString());
        assertEquals(4, report.get("monthsElapsed").asInt(), report.toString());
        System.out.println("Demo pilot report: " + report);
        // outside is overall minus inside, part by part: together they are partner-beta's overall deals won
        BigDecimal overall = BigDecimal.ZERO;
        for (int i = 3; i >= 0; i--) {
            overall = overall.add(monthValue("partner-beta", "deals_won", current.minusMonths(i).toString()));
        }
        JsonNode deals = null;
        for (JsonNode k : report.get("kpis")) {
            if (k.get("kpi").asText().equals("deals_won")) {
                deals = k;
            }
        }
        assertNotNull(deals, report.toString());
        assertEquals(0, overall.compareTo(deals.get("inside").get("numerator").decimalValue()
                .add(deals.get("outside").get("numerator").decimalValue())), deals.toString());
        assertTrue(overall.signum() > 0, "partner-beta won deals in the pilot's months: " + deals);
        // inside is what the calculator computed in the scope: partner-beta's payroll deals of those months, as the
        // scoped feed serves them (every third demo account sells payroll, so some, never all)
        BigDecimal payroll = BigDecimal.ZERO;
        for (int i = 3; i >= 0; i--) {
            JsonNode items = api("/v1/kpi-values?grain=month&kpi=deals_won&teamId=partner-beta&scope=product:payroll"
                    + "&from=" + current.minusMonths(i) + "&to=" + current.minusMonths(i), "read").get("items");
            payroll = payroll.add(items.isEmpty() ? BigDecimal.ZERO : items.get(0).get("value").decimalValue());
        }
        assertTrue(report.get("monthsWithScopedData").asInt() > 0, report.toString());
        assertEquals(0, payroll.compareTo(deals.get("inside").get("numerator").decimalValue()), deals.toString());
        assertTrue(payroll.signum() > 0 && payroll.compareTo(overall) < 0, "payroll is a part: " + payroll + " of "
                + overall);

        admin().open(base + "/console/pilots?pilot=" + id, "pilot-report");
        assertChrome(admin, "ja");
        assertTrue(admin.has("a#nav-pilots.active"), "the navigation's Pilots link" + SHOTS);
        assertEquals(dev.northstar.stack.demo.DemoPilots.NAME, admin.await("#pilot-name").getText(), SHOTS);
        assertEquals(report.get("kpis").size(), admin.all("table#pilot-report tbody tr").size(), SHOTS);
        int numbers = 0;
        for (JsonNode k : report.get("kpis")) {
            String kpi = k.get("kpi").asText();
            for (String[] side : new String[][] {{"inside", "inside"}, {"outside", "outside"}, {"before", "before"},
                {"inside-minus-outside", "insideMinusOutside"}, {"inside-minus-before", "insideMinusBefore"}}) {
                JsonNode v = side[1].startsWith("insideMinus") ? k.get(side[1]) : k.get(side[1]).get("value");
                String shown = admin.await("table#pilot-report tr[data-kpi='" + kpi + "'] td[data-side='" + side[0]
                        + "']").getDomAttribute("data-value");
                if (v == null || v.isNull()) {
                    assertTrue(shown == null || shown.isEmpty(), kpi + " " + side[0] + ": " + shown + SHOTS);
                } else {
                    assertEquals(0, v.decimalValue().compareTo(new BigDecimal(shown)), kpi + " " + side[0] + SHOTS);
                    numbers++;
                }
            }
        }
        assertTrue(numbers > 0, "the report table shows numbers" + SHOTS);
        assertEquals(0, overall.compareTo(new BigDecimal(admin.await("table#pilot-report tr[data-kpi='deals_won']"
                + " td[data-side='inside']").getDomAttribute("data-value")).add(new BigDecimal(admin.await(
                "table#pilot-report tr[data-kpi='deals_won'] td[data-side='outside']").getDomAttribute("data-value")))),
                "deals won inside and outside on the page" + SHOTS);
    }

    /** A team's month value of a KPI as /v1/kpi-values serves it (0 when it has none). */
    private static BigDecimal monthValue(String team, String kpi, String month) throws Exception {
        JsonNode items = api("/v1/kpi-values?grain=month&kpi=" + kpi + "&teamId=" + team + "&from=" + month + "&to="
                + month, "read").get("items");
        return items.isEmpty() ? BigDecimal.ZERO : items.get(0).get("value").decimalValue();
    }

    /**
     * Waits until what the pages show can no longer change: every month cell before this month equal to the oracle's
     * over the demo's events (the pages compare the last full month and its previous one), every insight those events
     * carry in knowledge-service, every consumer downstream caught up (for this month's cells, which the integration
     * level reads), and reporting-api's insight read model (which the report, the brief and the integration
     * level read) counting the same tags as knowledge-service in the months looked at; the other tenant's team
     * registered. Cells of other grains or this month that still differ from the oracle's are printed, not failed:
     * the console shows what the API serves, and this test compares the two.
     */
    private static void awaitSettled() throws Exception {
        Map<String, BigDecimal[]> oracle = KpiOracle.compute(events, TOKYO, BigDecimal.ONE, "JPY");
        String thisMonth = YearMonth.now(TOKYO).toString();
        KpiFeed feed = new KpiFeed(HttpClient.newHttpClient(), base, () -> token(TENANT, "read"));
        await("every month cell before this month equal to the oracle's").atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                    feed.read();
                    List<String> differences = differences(oracle, feed.values()).stream()
                            .filter(d -> d.contains("/month/") && !d.contains("/month/" + thisMonth)).toList();
                    assertEquals(List.of(), differences.stream().limit(10).toList(), differences.size()
                            + " cells differ");
                });
        teams = new ArrayList<>();
        api("/v1/teams", "read").get("items").forEach(t -> teams.add(t.get("teamId").asText()));
        assertEquals(CrmStream.DEMO_TEAMS.stream().map(CrmStream.Profile::teamId).sorted().toList(),
                teams.stream().sorted().toList());
        long carried = events.stream().filter(ConsoleBrowserIT::carriesAnInsight).count();
        await("every insight in knowledge-service").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertEquals(carried, knowledgeInsights()));
        awaitConsumersCaughtUp();
        feed.read();
        List<String> rest = differences(oracle, feed.values());
        if (!rest.isEmpty()) {
            System.out.printf("%d cells of other grains or this month differ from the oracle's (served by the API as"
                    + " they are):%n", rest.size());
            rest.stream().limit(40).forEach(d -> System.out.println("  " + d));
        }
        await("reporting-api's insights as knowledge-service's").atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                    for (String team : teams) {
                        for (String period : List.of(month, thisMonth)) {
                            assertEquals(knowledgeTags(team, period), reportTags(team, period), team + " " + period);
                        }
                    }
                });
        await("the other tenant's team").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertTrue(api("/v1/teams", "read", OTHER_TENANT).get("items").toString()
                        .contains(OTHER_TEAM)));
    }

    /** Cells that differ: oracle's and served numerator/denominator, or one side missing. */
    private static List<String> differences(Map<String, BigDecimal[]> oracle, Map<String, BigDecimal[]> served) {
        List<String> out = new ArrayList<>();
        oracle.forEach((key, want) -> {
            BigDecimal[] got = served.get(key);
            if (got == null || got[0].compareTo(want[0]) != 0 || got[1].compareTo(want[1]) != 0) {
                out.add(key + ": oracle " + want[0] + "/" + want[1] + ", served "
                        + (got == null ? "nothing" : got[0] + "/" + got[1]));
            }
        });
        served.keySet().stream().filter(k -> !oracle.containsKey(k)).forEach(k -> out.add(k + ": served, not in the"
                + " oracle"));
        return out;
    }

    /**
     * Until the consumer groups of the services downstream of crm.events have no record left to read, in two rounds
     * of the lag monitor (it measures every 10 s). (kpi-ingest's raw forwarder publishes no lag in the local stack;
     * that it forwarded everything shows in the oracle's month cells and knowledge-service's insights.)
     */
    private static void awaitConsumersCaughtUp() {
        int[] zeros = {0};
        await("every consumer caught up").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(11))
                .untilAsserted(() -> {
                    List<String> behind = new ArrayList<>();
                    for (String service : List.of("kpi-calculator", "knowledge-service", "reporting-api")) {
                        String metrics = Probe.scrape(HTTP, stack.managementUrl(service));
                        if (!metrics.contains("northstar_consumer_lag{")) {
                            behind.add(service + ": no northstar_consumer_lag yet");
                        }
                        metrics.lines().filter(l -> l.startsWith("northstar_consumer_lag{")
                                && Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)) != 0)
                                .forEach(l -> behind.add(service + ": " + l));
                    }
                    zeros[0] = behind.isEmpty() ? zeros[0] + 1 : 0;
                    assertEquals(List.of(), behind, "consumers behind");
                    assertTrue(zeros[0] >= 2, "one round of the lag monitor at 0 so far");
                });
    }

    /** What knowledge-service makes an insight of (as the domain defines it; see FaultRun's expected insights). */
    private static boolean carriesAnInsight(ObjectNode event) {
        JsonNode data = event.get("data");
        return switch (event.get("type").asText()) {
            case "deal.lost", "feedback.submitted", "knowledge.shared", "insight.captured" -> true;
            case "nps.responded" -> !data.path("comment").asText("").isBlank();
            default -> false;
        };
    }

    private static long knowledgeInsights() throws Exception {
        long count = 0;
        String cursor = null;
        do {
            JsonNode page = json(stack.url("knowledge-service") + "/v1/insights?limit=200"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)),
                    token(TENANT, "read"));
            count += page.get("items").size();
            cursor = page.path("next").isTextual() ? page.get("next").asText() : null;
        } while (cursor != null);
        return count;
    }

    private static Map<String, Long> knowledgeTags(String team, String period) throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        JsonNode trend = json(stack.url("knowledge-service") + "/v1/tags?grain=month&limit=50&teamId=" + team
                + "&from=" + period + "&to=" + period, token(TENANT, "read"));
        trend.get("items").forEach(i -> counts.merge(i.get("tag").asText(), i.get("count").asLong(), Long::sum));
        counts.values().removeIf(c -> c == 0);
        return counts;
    }

    private static Map<String, Long> reportTags(String team, String period) throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        api("/v1/teams/" + team + "/report?grain=month&period=" + period, "read").get("tags")
                .forEach(t -> counts.put(t.get("tag").asText(), t.get("count").asLong()));
        counts.values().removeIf(c -> c == 0);
        return counts;
    }

    // ------------------------------------------------------------------------------------------------- the helpers

    private static String token(String tenant, String role) {
        return stack.keys().token(tenant, List.of(role), Duration.ofHours(2));
    }

    /** The demo tenant's admin in a Japanese browser, signed in on first use. */
    private static Browser admin() {
        if (admin == null) {
            admin = Browser.start("admin", "ja");
            signIn(admin, "admin", "overview-signed-in");
        }
        return admin;
    }

    /** Signs the browser in through the local sign-in with a fresh token of the demo tenant; lands on /console/. */
    private static void signIn(Browser browser, String role, String shot) {
        browser.open(base + "/console/sign-in/local?token=" + token(TENANT, role), shot);
        assertEquals("/console/", URI.create(browser.driver().getCurrentUrl()).getPath(), "signed in as " + role
                + " at " + browser.driver().getCurrentUrl() + SHOTS);
    }

    /** A session of the demo tenant signed in outside the browser: the Cookie header to send with it. */
    private static String sessionCookie(String role, String language) throws Exception {
        HttpResponse<String> response = get("/console/sign-in/local?token=" + token(TENANT, role), null, language);
        assertEquals(303, response.statusCode(), response.body());
        return response.headers().allValues("Set-Cookie").stream().map(c -> c.split(";", 2)[0])
                .collect(Collectors.joining("; "));
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    /** A console page fetched outside the browser, redirects not followed. */
    private static HttpResponse<String> get(String path, String cookie, String language) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Accept", "text/html").header("Accept-Language", language);
        if (cookie != null && !cookie.isEmpty()) {
            request.header("Cookie", cookie);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The checks every signed-in page passes: its language, the language links, the navigation. */
    private static void assertChrome(Browser browser, String language) {
        assertEquals(language, browser.pageLanguage(), "html[lang] on " + browser.where() + SHOTS);
        for (String css : List.of("a#lang-ja", "a#lang-en", "a#nav-overview", "a#nav-comparison", "a#nav-insights",
                "a#nav-pilots")) {
            assertTrue(browser.has(css), css + " on " + browser.where() + SHOTS);
        }
    }

    /** How many months of the twelve ending with {@code period} have a value, per KPI of the team (/v1/kpi-values). */
    private static Map<String, Integer> pointsOfTwelveMonths(String team, String period) throws Exception {
        Map<String, Integer> counts = new TreeMap<>();
        String from = YearMonth.parse(period).minusMonths(11).toString();
        String cursor = null;
        do {
            JsonNode page = api("/v1/kpi-values?grain=month&limit=1000&teamId=" + team + "&from=" + from + "&to="
                    + period + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)),
                    "read");
            for (JsonNode item : page.get("items")) {
                if (decimal(item.get("value")) != null) {
                    counts.merge(item.get("kpi").asText(), 1, Integer::sum);
                }
            }
            cursor = page.path("next").isTextual() ? page.get("next").asText() : null;
        } while (cursor != null);
        return counts;
    }

    /** Every line of a team's scorecard for a month, by KPI. */
    private static Map<String, JsonNode> scorecard(String team, String period) throws Exception {
        Map<String, JsonNode> lines = new TreeMap<>();
        for (JsonNode group : api("/v1/teams/" + team + "/scorecard?grain=month&period=" + period, "read")
                .get("groups")) {
            group.get("kpis").forEach(line -> lines.put(line.get("kpi").asText(), line));
        }
        return lines;
    }

    private static JsonNode api(String path, String role) throws Exception {
        return api(path, role, TENANT);
    }

    private static JsonNode api(String path, String role, String tenant) throws Exception {
        return json(base + path, token(tenant, role));
    }

    private static JsonNode apiUnchecked(String path, String role) {
        try {
            return api(path, role);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String url, String token) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            fail(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** A JSON decimal as the API serves it (a number or its text); null when null or absent. */
    static BigDecimal decimal(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        return node.isNumber() ? node.decimalValue() : new BigDecimal(node.asText().strip());
    }

    /** A cell's data-value: null when empty. */
    private static BigDecimal value(WebElement cell) {
        String raw = cell.getDomAttribute("data-value");
        return raw == null || raw.isBlank() ? null : new BigDecimal(raw.strip());
    }

    /** Notes a difference between the API's decimal and the cell's data-value (equal as numbers, or both null). */
    private static void compare(List<String> differences, String what, JsonNode served, WebElement cell) {
        BigDecimal want = decimal(served);
        BigDecimal shown;
        try {
            shown = value(cell);
        } catch (NumberFormatException e) {
            differences.add(what + ": data-value '" + cell.getDomAttribute("data-value") + "' is not a decimal");
            return;
        }
        if (want == null ? shown != null : shown == null || want.compareTo(shown) != 0) {
            differences.add(what + ": shown " + shown + ", API " + want);
        }
    }

    /** Just enough CSV (RFC 4180: quotes, doubled quotes, CRLF; a UTF-8 BOM ignored) to read the console's export. */
    static final class Csv {

        private Csv() {
        }

        static List<List<String>> parse(String text) {
            String s = text.startsWith("\uFEFF") ? text.substring(1) : text;
            List<List<String>> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        cell.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    row.add(cell.toString());
                    cell.setLength(0);
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                        i++;
                    }
                    row.add(cell.toString());
                    cell.setLength(0);
                    if (!(row.size() == 1 && row.get(0).isEmpty())) {
                        rows.add(row);
                    }
                    row = new ArrayList<>();
                } else {
                    cell.append(c);
                }
            }
            if (cell.length() > 0 || !row.isEmpty()) {
                row.add(cell.toString());
                rows.add(row);
            }
            return rows;
        }
    }
}
