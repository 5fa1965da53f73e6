package dev.northstar.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.northstar.events.json.EventJson;
import dev.northstar.infra.LocalKeys;
import dev.northstar.stack.LocalStack;
import dev.northstar.stack.Northstar;
import dev.northstar.stack.Probe;
import dev.northstar.stack.demo.CrmStream;
import dev.northstar.stack.demo.DemoLoader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console's pages against a running local stack ({@code ./northstar up --demo}): for each page, the server's
 * time (p50 and p99 of {@code requests} sequential GETs with a session cookie, after a warm-up) and the time headless
 * Chromium takes from navigation start until the page is fully drawn (loaded, and every {@code .chart} — ECharts'
 * {@code div.chart}s, the server's SVG sparklines — has its {@code data-points}); printed as a Markdown table per
 * scale.
 *
 * <p>Scales: {@code demo} is the demo tenant as {@code ./northstar up --demo} loaded it (3 teams, 7 months);
 * {@code large} is 20 teams × 5 years in the tenant {@value #LARGE_TENANT}, loaded into the running stack once
 * (the demo generator makes 3 teams from a seed: 7 seeds make 21, one dropped, each copy's teams, accounts and
 * deals renamed so that nothing is shared; about 1.4 million events through kpi-ingest, then the consumers' lag
 * waited to 0; {@code .northstar/bench-large-loaded} notes it, and a load cut short is sent again, its events
 * duplicates). {@code both} runs the two.
 *
 * <p>Usage: {@code ConsoleBenchmark [demo|large|both] [requests=200] [loads=20]}; {@code -Dbench.console.url}
 * (reporting-api, {@code http://localhost:8084}) and {@code -Dbench.console.ingest} ({@code http://localhost:8081}) for
 * other ports; the local keys from {@code .northstar/keys}.
 */
public final class ConsoleBenchmark {

    static final String LARGE_TENANT = "bench-large";
    static final int LARGE_TEAMS = 20;
    static final int LARGE_MONTHS = 60;
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final String CHROMIUM = System.getProperty("northstar.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("northstar.chromedriver", "/usr/bin/chromedriver");
    /**
     * Injected before any of the page's own scripts (CDP, so not subject to the page's CSP): notes
     * {@code performance.now()} — milliseconds since navigation start — once the document is complete and every
     * .chart has data-points.
     */
    private static final String DRAWN_PROBE = """
            (() => {
              const check = () => {
                if (window.__northstarDrawn !== undefined || document.readyState !== 'complete') return;
                for (const c of document.querySelectorAll('.chart')) {
                  if (!c.hasAttribute('data-points')) return;
                }
                window.__northstarDrawn = performance.now();
                window.__northstarCharts = document.querySelectorAll('.chart').length;
              };
              new MutationObserver(check).observe(document, {subtree: true, childList: true, attributes: true,
                  attributeFilter: ['data-points']});
              window.addEventListener('load', () => setTimeout(check, 0));
            })();""";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private final String reporting;
    private final String ingest;
    private final LocalKeys keys;
    /** Written once the large scale is in and caught up, in the stack's folder (an interrupted load is sent again). */
    private final Path largeLoaded;
    private final PrintStream out;

    private ConsoleBenchmark(String reporting, String ingest, LocalKeys keys, Path largeLoaded, PrintStream out) {
        this.reporting = reporting;
        this.ingest = ingest;
        this.keys = keys;
        this.largeLoaded = largeLoaded;
        this.out = out;
    }

    /** A page of the console: its name, and its path for a team (pages that are not a team's ignore it). */
    private record Page(String name, java.util.function.Function<String, String> path) {
    }

    /** One page's figures. */
    private record Row(String page, double serverP50, double serverP99, double drawnP50, double drawnP99, int charts,
            long points) {
    }

    public static void main(String[] args) throws Exception {
        String scale = args.length > 0 ? args[0] : "both";
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int loads = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        if (!List.of("demo", "large", "both").contains(scale)) {
            System.err.println("usage: ConsoleBenchmark [demo|large|both] [requests=200] [loads=20]");
            System.exit(2);
        }
        Path root = Path.of(System.getProperty("northstar.root", ".")).toAbsolutePath().normalize();
        Path home = LocalStack.Options.defaults(root).home();
        Path keyDir = home.resolve("keys");
        if (!Files.exists(keyDir.resolve(LocalKeys.PRIVATE_KEY_FILE))) {
            throw new IllegalStateException("no local keys in " + keyDir + ": start the stack first (./northstar up"
                    + " --demo)");
        }
        ConsoleBenchmark bench = new ConsoleBenchmark(System.getProperty("bench.console.url", "http://localhost:8084"),
                System.getProperty("bench.console.ingest", "http://localhost:8081"), LocalKeys.loadOrCreate(keyDir),
                home.resolve("bench-large-loaded"), System.out);
        Map<String, List<Row>> tables = new LinkedHashMap<>();
        if (!scale.equals("large")) {
            tables.put(bench.describe(Northstar.DEMO_TENANT), bench.measure(Northstar.DEMO_TENANT, requests, loads));
        }
        if (!scale.equals("demo")) {
            bench.loadLarge();
            tables.put(bench.describe(LARGE_TENANT), bench.measure(LARGE_TENANT, requests, loads));
        }
        bench.out.println();
        tables.forEach((title, rows) -> bench.print(title, rows, requests, loads));
    }

    // ----------------------------------------------------------------------------------------------- measuring

    private List<Page> pages(String month) {
        return List.of(
                new Page("overview", t -> "/console/?grain=month&period=" + month),
                new Page("team", t -> "/console/teams/" + t + "?grain=month&period=" + month),
                new Page("comparison", t -> "/console/comparison?kpi=calls&grain=month&period=" + month),
                new Page("strategy meeting", t -> "/console/teams/" + t + "/brief?grain=month&period=" + month),
                new Page("integration level", t -> "/console/teams/" + t + "/level"),
                new Page("insights", t -> "/console/insights"),
                new Page("insights, searched", t -> "/console/insights?q=%E7%AB%B6%E5%90%88&team=" + t),
                new Page("targets", t -> "/console/teams/" + t + "/targets?grain=month"));
    }

    private List<Row> measure(String tenant, int requests, int loads) throws Exception {
        List<String> teams = teams(tenant);
        String month = YearMonth.now(TOKYO).minusMonths(1).toString();
        String cookie = signIn(tenant);
        List<Row> rows = new ArrayList<>();
        ChromeDriver browser = browser();
        try {
            browser.get(reporting + "/console/sign-in/local?token=" + token(tenant, "admin"));
            for (Page page : pages(month)) {
                out.printf(Locale.ROOT, "%s: %s…%n", tenant, page.name());
                List<Long> server = new ArrayList<>();
                for (int i = -Math.max(10, requests / 10); i < requests; i++) {
                    String path = page.path().apply(teams.get(Math.floorMod(i, teams.size())));
                    long t0 = System.nanoTime();
                    HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(reporting + path))
                            .timeout(Duration.ofSeconds(60)).header("Cookie", cookie).header("Accept", "text/html")
                            .header("Accept-Language", "ja").build(), HttpResponse.BodyHandlers.discarding());
                    long took = System.nanoTime() - t0;
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException(path + " answered " + response.statusCode());
                    }
                    if (i >= 0) {
                        server.add(took);
                    }
                }
                List<Double> drawn = new ArrayList<>();
                int charts = 0;
                long points = 0;
                for (int i = -2; i < loads; i++) {
                    String path = page.path().apply(teams.get(Math.floorMod(i, teams.size())));
                    Drawn d = drawn(browser, reporting + path);
                    if (i >= 0) {
                        drawn.add(d.millis());
                    }
                    charts = d.charts();
                    points = d.points();
                }
                Collections.sort(server);
                Collections.sort(drawn);
                rows.add(new Row(page.name(), percentile(server, 0.50) / 1e6, percentile(server, 0.99) / 1e6,
                        percentileOf(drawn, 0.50), percentileOf(drawn, 0.99), charts, points));
            }
        } finally {
            browser.quit();
        }
        return rows;
    }

    /** A page drawn: milliseconds from navigation start, its charts and their points. */
    record Drawn(double millis, int charts, long points) {
    }

    /** Loads {@code url} and waits until it is fully drawn (loaded, every .chart with data-points). */
    static Drawn drawn(ChromeDriver browser, String url) {
        browser.get(url);
        JavascriptExecutor js = browser;
        new WebDriverWait(browser, Duration.ofSeconds(120), Duration.ofMillis(20)).until(d ->
                js.executeScript("return window.__northstarDrawn !== undefined"));
        return new Drawn(((Number) js.executeScript("return window.__northstarDrawn")).doubleValue(),
                ((Number) js.executeScript("return window.__northstarCharts")).intValue(),
                ((Number) js.executeScript("let n = 0; for (const c of document.querySelectorAll('.chart'))"
                        + " n += parseInt(c.dataset.points, 10) || 0; return n;")).longValue());
    }

    /** Headless Chromium in Japanese with the drawn probe on every document. */
    static ChromeDriver browser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000",
                "--lang=ja", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                "--disable-features=Translate,MediaRouter", "--password-store=basic");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "ja"));
        ChromeDriver driver = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile()).usingAnyFreePort().build(), options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(120));
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", DRAWN_PROBE));
        return driver;
    }

    private void print(String title, List<Row> rows, int requests, int loads) {
        out.println("### " + title);
        out.println();
        out.printf(Locale.ROOT, "| page | server p50 (ms) | server p99 (ms) | drawn p50 (ms) | drawn p99 (ms) | charts |"
                + " points |%n");
        out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (Row r : rows) {
            out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.0f | %.0f | %d | %,d |%n", r.page(), r.serverP50(),
                    r.serverP99(), r.drawnP50(), r.drawnP99(), r.charts(), r.points());
        }
        out.printf(Locale.ROOT, "%nServer: %d sequential requests per page with the session cookie (teams in turn),"
                + " after a warm-up. Drawn: %d loads per page in headless Chromium, navigation start until loaded and"
                + " every .chart has data-points (warm browser cache).%n%n", requests, loads);
    }

    private static double percentile(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private static double percentileOf(List<Double> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    // ------------------------------------------------------------------------------------------------- the data

    private String describe(String tenant) throws Exception {
        return String.format(Locale.ROOT, "%s: %d teams%s", tenant, teams(tenant).size(),
                tenant.equals(LARGE_TENANT) ? " × " + LARGE_MONTHS / 12 + " years" : " (./northstar up --demo)");
    }

    private List<String> teams(String tenant) throws Exception {
        List<String> teams = listTeams(tenant);
        if (teams.isEmpty()) {
            throw new IllegalStateException("tenant " + tenant + " has no teams: is the stack up with its data"
                    + " (./northstar up --demo)?");
        }
        return teams;
    }

    /**
     * 20 teams × 5 years into {@value #LARGE_TENANT}, once: seven copies of the demo generator's three teams (seeds
     * 1 to 7), each copy's ids renamed ({@code partner-alpha-3}, {@code c3-deal-17}…), the seventh without its
     * in-house team; then waits until every consumer of the stack has caught up.
     */
    private void loadLarge() throws Exception {
        int have = listTeams(LARGE_TENANT).size();
        if (have >= LARGE_TEAMS && Files.exists(largeLoaded)) {
            out.printf("%s already has %d teams (%s): not loaded again%n", LARGE_TENANT, have, largeLoaded);
            return;
        }
        LocalDate start = LocalDate.now(TOKYO).withDayOfMonth(1).minusMonths(LARGE_MONTHS);
        DemoLoader loader = new DemoLoader(ingest, token(LARGE_TENANT, "ingest"));
        long sent = 0;
        long t0 = System.nanoTime();
        int copies = copies();
        for (int copy = 1; copy <= copies; copy++) {
            List<ObjectNode> events = largeCopy(copy, start, LARGE_MONTHS + 1, Instant.now());
            loader.send(events, 500);
            sent += events.size();
            out.printf(Locale.ROOT, "%s: copy %d of %d sent (%,d events so far, %.0f s)%n", LARGE_TENANT, copy,
                    copies, sent, (System.nanoTime() - t0) / 1e9);
        }
        awaitConsumersCaughtUp();
        Files.writeString(largeLoaded, Instant.now() + " " + sent + " events\n");
        out.printf(Locale.ROOT, "%s: %,d events in, consumers caught up after %.0f s%n", LARGE_TENANT, sent,
                (System.nanoTime() - t0) / 1e9);
    }

    /** How many copies of the demo's teams make {@value #LARGE_TEAMS} teams. */
    static int copies() {
        return (LARGE_TEAMS + CrmStream.DEMO_TEAMS.size() - 1) / CrmStream.DEMO_TEAMS.size();
    }

    /**
     * One copy (1 to {@link #copies()}) of the demo generator's teams for {@value #LARGE_TENANT}: seed {@code copy},
     * its ids renamed, the last copy without the teams past {@value #LARGE_TEAMS}.
     */
    static List<ObjectNode> largeCopy(int copy, LocalDate start, int months, Instant until) {
        int teamsLeft = LARGE_TEAMS - (copy - 1) * CrmStream.DEMO_TEAMS.size();
        List<String> kept = CrmStream.DEMO_TEAMS.stream().limit(teamsLeft).map(CrmStream.Profile::teamId).toList();
        List<ObjectNode> events = new ArrayList<>(CrmStream.generate(copy, LARGE_TENANT, start, months, until));
        for (Iterator<ObjectNode> it = events.iterator(); it.hasNext(); ) {
            ObjectNode data = (ObjectNode) it.next().get("data");
            if (!kept.contains(data.path("teamId").asText())) {
                it.remove();
            } else {
                rename(data, copy);
            }
        }
        return events;
    }

    /** A copy's own ids: its teams {@code <team>-<copy>}, every other id of a record {@code c<copy>-<id>}. */
    static void rename(ObjectNode data, int copy) {
        List<String> fields = new ArrayList<>();
        data.fieldNames().forEachRemaining(fields::add);
        for (String field : fields) {
            JsonNode value = data.get(field);
            if (!value.isTextual() || !field.endsWith("Id")) {
                continue;
            }
            data.put(field, field.equals("teamId") ? value.asText() + "-" + copy : "c" + copy + "-" + value.asText());
        }
        if (data.has("name") && data.has("kind")) {
            data.put("name", data.get("name").asText() + " " + copy);
        }
    }

    /** Until every service's consumer lag is 0 in two readings 15 s apart (the lag is measured every 10 s). */
    private void awaitConsumersCaughtUp() {
        URI base = URI.create(reporting);
        List<String> management = LocalStack.SERVICES.stream().map(s -> base.getScheme() + "://" + base.getHost()
                + ":" + (s.managementPort() + base.getPort() - 8084)).toList();
        long deadline = System.nanoTime() + TimeUnit.HOURS.toNanos(2);
        int zeros = 0;
        while (zeros < 2) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the consumers did not catch up within 2 hours");
            }
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(15));
            long lag = management.stream().mapToLong(m -> Probe.metricSum(http, m, "northstar_consumer_lag{")).sum();
            out.printf(Locale.ROOT, "  consumer lag %,d%n", lag);
            zeros = lag == 0 ? zeros + 1 : 0;
        }
    }

    // ---------------------------------------------------------------------------------------------- HTTP helpers

    private String token(String tenant, String role) {
        return keys.token(tenant, List.of(role), Duration.ofHours(12));
    }

    /** The Cookie header of a console session of the tenant's admin. */
    private String signIn(String tenant) throws Exception {
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(reporting
                + "/console/sign-in/local?token=" + token(tenant, "admin"))).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 303) {
            throw new IllegalStateException("local sign-in answered " + response.statusCode());
        }
        return response.headers().allValues("Set-Cookie").stream().map(c -> c.split(";", 2)[0])
                .collect(Collectors.joining("; "));
    }

    private List<String> listTeams(String tenant) throws Exception {
        List<String> teams = new ArrayList<>();
        get("/v1/teams", tenant).get("items").forEach(t -> teams.add(t.get("teamId").asText()));
        return teams;
    }

    private JsonNode get(String path, String tenant) throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(reporting + path))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token(tenant, "read")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + " for " + tenant);
        }
        return EventJson.parse(response.body());
    }
}
