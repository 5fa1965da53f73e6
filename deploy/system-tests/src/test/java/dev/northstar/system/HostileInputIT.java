package dev.northstar.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.northstar.events.json.EventJson;
import dev.northstar.events.schema.EventValidator;
import dev.northstar.infra.LocalKeys;
import dev.northstar.stack.LocalStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile input and tenant isolation against the whole stack started as {@code ./northstar up} starts it.
 *
 * <p>Hostile: more than 10,000 generated requests across every endpoint of every service — mutated and truncated
 * JSON, wrong types, huge numbers and strings, deep nesting, Unicode edge cases and invalid UTF-8, {@code %}, {@code _}
 * and quotes in searches, path traversal in ids, wrong media types, and JWTs with {@code alg: none}, expired, with a
 * wrong signature, of another tenant or without the role. No answer may be a 5xx, nothing may be accepted that the
 * contract refuses (every event answered 202 is re-validated here), and every service must still be ready.
 *
 * <p>Isolation: every endpoint called with another tenant's valid tokens (each role) returns 403 or 404, or a 200
 * without any of the first tenant's data.
 */
class HostileInputIT {

    private static final String A = "iso-a";
    private static final String B = "iso-b";
    private static final String SECRET_TEAM = "secret-team-a";
    private static final String SECRET_TEXT = "秘密のA社情報";
    private static final EventValidator VALIDATOR = new EventValidator();
    private static LocalStack stack;

    static {
        // a server closes a connection after refusing a request it cannot parse (414, 413); the JDK client then
        // retries GETs on a fresh connection but not PUTs and POSTs, and reports "received no bytes" instead —
        // retry them too, as any HTTP client library does for a connection that was closed before the request
        System.setProperty("jdk.httpclient.enableAllMethodRetry", "true");
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void startStack() throws Exception {
        Path root = Path.of(System.getProperty("northstar.root", "../..")).toAbsolutePath().normalize();
        Path home = Path.of("target", "hostile-stack").toAbsolutePath();
        Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        LocalStack.Options defaults = LocalStack.Options.defaults(root);
        stack = LocalStack.start(new LocalStack.Options(root, home, 0, 0, -1, 3, true, Duration.ofSeconds(120),
                defaults.jvmArgs()), System.out);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    /** One request: service, method, path (with query), content type, body, bearer token (null for none). */
    record Call(String service, String method, String path, String contentType, byte[] body, String token,
            boolean legitimateAuth, String kind) {
    }

    /** A client of its own for requests the server answers by closing the connection (see send). */
    private static final HttpClient HEAVY = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private static HttpResponse<String> send(Call c) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(stack.url(c.service()) + c.path()))
                .timeout(Duration.ofSeconds(30));
        if (c.token() != null) {
            b.header("Authorization", "Bearer " + c.token());
        }
        if (c.contentType() != null) {
            b.header("Content-Type", c.contentType());
        }
        HttpRequest.BodyPublisher body = c.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(c.body());
        b.method(c.method(), body);
        // the servers close the connection after refusing a request line over their limit (414) or a body over
        // 1 MiB (413): such requests get a client of their own, so that no other request meets a closed connection
        boolean closesConnection = c.kind().equals("huge") || c.path().length() > 4000;
        return (closesConnection ? HEAVY : HTTP).send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String token(String tenant, String... roles) {
        return stack.keys().token(tenant, List.of(roles), Duration.ofHours(1));
    }

    private static String event(String tenant, String id, String team) {
        return """
                {"specversion":"1.0","id":"%s","source":"crm://hostile","type":"call.logged",
                 "time":"2026-10-15T01:00:00Z","tenant":"%s",
                 "data":{"teamId":"%s","accountId":"acc-1","contactRole":"executive","keyPerson":true,
                         "outcome":"connected","durationSeconds":120}}""".formatted(id, tenant, team);
    }

    // ---------------------------------------------------------------- isolation

    @Test
    void anotherTenantsTokensSeeNothingOfTheFirstTenant() throws Exception {
        String ingestA = token(A, "ingest");
        String adminA = token(A, "admin");
        assertEquals(202, send(new Call("kpi-ingest", "POST", "/v1/events", "application/cloudevents+json",
                event(A, "iso-1", SECRET_TEAM).getBytes(StandardCharsets.UTF_8), ingestA, true, "seed")).statusCode());
        HttpResponse<String> insight = send(new Call("knowledge-service", "POST", "/v1/insights", "application/json",
                ("{\"text\":\"" + SECRET_TEXT + "\",\"tags\":[\"competitor\"],\"teamId\":\"" + SECRET_TEAM + "\"}")
                        .getBytes(StandardCharsets.UTF_8), ingestA, true, "seed"));
        assertEquals(201, insight.statusCode(), insight.body());
        String insightId = EventJson.MAPPER.readTree(insight.body()).get("id").asText();
        assertEquals(200, send(new Call("reporting-api", "PUT", "/v1/targets/" + SECRET_TEAM + "/calls/month/2026-10",
                "application/json", "{\"target\":5}".getBytes(StandardCharsets.UTF_8), adminA, true, "seed"))
                .statusCode());
        String readA = token(A, "read");
        // the insight is dated now: it shows in this month's report (Tokyo)
        String month = java.time.YearMonth.now(java.time.ZoneId.of("Asia/Tokyo")).toString();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertTrue(send(new Call("reporting-api", "GET",
                "/v1/teams/" + SECRET_TEAM + "/report?grain=month&period=" + month, null, null, readA, true, "seed"))
                .body().contains(SECRET_TEXT)));
        assertEquals(200, send(new Call("reporting-api", "PUT", "/v1/teams/" + SECRET_TEAM + "/self-assessment",
                "application/json", "{\"meetingBeyondNumbers\":true,\"explainsVision\":true,\"analysesFailuresTogether\":true,\"proposesImprovements\":false}"
                        .getBytes(StandardCharsets.UTF_8), adminA, true, "seed")).statusCode());

        // a meeting decision and a contract version of the secret team, both carrying the secret text
        HttpResponse<String> decision = send(new Call("reporting-api", "POST", "/v1/teams/" + SECRET_TEAM
                + "/decisions", "application/json", ("{\"grain\":\"month\",\"period\":\"2026-10\",\"what\":\""
                + SECRET_TEXT + "\",\"owner\":\"A's owner\",\"due\":\"2026-12-01\"}").getBytes(StandardCharsets.UTF_8),
                adminA, true, "seed"));
        assertEquals(201, decision.statusCode(), decision.body());
        String decisionPath = java.net.URI.create(decision.headers().firstValue("Location").orElseThrow()).getPath();
        HttpResponse<String> contract = send(new Call("reporting-api", "POST", "/v1/teams/" + SECRET_TEAM
                + "/contracts", "application/json", ("{\"validFrom\":\"2026-10\",\"monthlyFee\":123456,\"note\":\""
                + SECRET_TEXT + "\"}").getBytes(StandardCharsets.UTF_8), adminA, true, "seed"));
        assertEquals(201, contract.statusCode(), contract.body());
        String contractPath = java.net.URI.create(contract.headers().firstValue("Location").orElseThrow()).getPath();
        HttpResponse<String> pilot = send(new Call("reporting-api", "POST", "/v1/pilots", "application/json",
                ("{\"name\":\"" + SECRET_TEXT + "\",\"teams\":[\"" + SECRET_TEAM + "\"],\"product\":\"secret-line\","
                + "\"start\":\"2026-09\",\"end\":\"2026-10\",\"kpis\":[\"calls\"]}").getBytes(StandardCharsets.UTF_8),
                adminA, true, "seed"));
        assertEquals(201, pilot.statusCode(), pilot.body());
        String pilotPath = java.net.URI.create(pilot.headers().firstValue("Location").orElseThrow()).getPath();

        byte[] insightBody = "{\"text\":\"b's own\",\"tags\":[\"x\"],\"teamId\":\"b-team\"}"
                .getBytes(StandardCharsets.UTF_8);
        // B's own data, so that the same tokens can be shown to work for B (a 401 for an unrelated reason would
        // otherwise pass every refusal below)
        assertEquals(202, send(new Call("kpi-ingest", "POST", "/v1/events", "application/cloudevents+json",
                event(B, "b-own-1", "b-team").getBytes(StandardCharsets.UTF_8), token(B, "ingest"), true, "seed"))
                .statusCode());
        HttpResponse<String> bInsight = send(new Call("knowledge-service", "POST", "/v1/insights", "application/json",
                "{\"text\":\"B社だけの情報\",\"tags\":[\"pricing\"],\"teamId\":\"b-team\"}"
                        .getBytes(StandardCharsets.UTF_8), token(B, "admin"), true, "seed"));
        assertEquals(201, bInsight.statusCode(), bInsight.body());
        String bInsightId = EventJson.MAPPER.readTree(bInsight.body()).get("id").asText();
        List<String> failures = new ArrayList<>();
        int calls = 0;
        for (String role : List.of("ingest", "read", "admin")) {
            String b = token(B, role);
            List<Call> matrix = List.of(
                    new Call("kpi-ingest", "POST", "/v1/events", "application/cloudevents+json",
                            event(A, "iso-b-1", SECRET_TEAM).getBytes(StandardCharsets.UTF_8), b, true, "ingest"),
                    new Call("kpi-ingest", "POST", "/v1/events/batch", "application/cloudevents-batch+json",
                            ("[" + event(A, "iso-b-2", SECRET_TEAM) + "]").getBytes(StandardCharsets.UTF_8), b, true,
                            "batch"),
                    new Call("knowledge-service", "GET", "/v1/insights/" + insightId, null, null, b, true, "get"),
                    new Call("knowledge-service", "GET", "/v1/insights?q=" + enc(SECRET_TEXT), null, null, b, true,
                            "search"),
                    new Call("knowledge-service", "GET", "/v1/insights?teamId=" + SECRET_TEAM, null, null, b, true,
                            "list"),
                    new Call("knowledge-service", "PUT", "/v1/insights/" + insightId + "/tags", "application/json",
                            "{\"tags\":[\"hijacked\"]}".getBytes(StandardCharsets.UTF_8), b, true, "retag"),
                    new Call("knowledge-service", "GET", "/v1/tags?teamId=" + SECRET_TEAM, null, null, b, true, "tags"),
                    new Call("knowledge-service", "POST", "/v1/insights", "application/json", insightBody, b, true,
                            "create"),
                    new Call("reporting-api", "GET", "/v1/teams", null, null, b, true, "teams"),
                    new Call("reporting-api", "GET", "/v1/kpi-values?grain=month&teamId=" + SECRET_TEAM, null, null, b,
                            true, "series"),
                    new Call("reporting-api", "GET", "/v1/kpi-values?grain=month&teamId=" + SECRET_TEAM, "text/csv",
                            null, b, true, "csv"),
                    new Call("reporting-api", "GET", "/v1/kpi-values/changes", null, null, b, true, "changes"),
                    new Call("reporting-api", "GET", "/v1/kpis", null, null, b, true, "kpis"),
                    new Call("reporting-api", "GET", "/v1/comparison?grain=month&period=2026-10", null, null, b, true,
                            "comparison"),
                    new Call("reporting-api", "GET", "/v1/comparison?grain=month&period=2026-10&teamIds=" + SECRET_TEAM,
                            null, null, b, true, "comparison-team"));
            List<Call> perTeam = new ArrayList<>(matrix);
            for (String p : List.of("scorecard", "report", "strategy-brief")) {
                for (String period : List.of("2026-10", month)) {
                    perTeam.add(new Call("reporting-api", "GET", "/v1/teams/" + SECRET_TEAM + "/" + p
                            + "?grain=month&period=" + period, null, null, b, true, p));
                }
            }
            perTeam.add(new Call("reporting-api", "GET", "/v1/teams/" + SECRET_TEAM + "/integration-level?period=2026-10",
                    null, null, b, true, "level"));
            for (String path : List.of("/v1/teams/" + SECRET_TEAM + "/decisions", decisionPath,
                    "/v1/teams/" + SECRET_TEAM + "/contracts", "/v1/teams/" + SECRET_TEAM + "/contracts/in-force?month=2026-10",
                    contractPath, "/v1/teams/" + SECRET_TEAM + "/cost?grain=month&period=2026-10",
                    "/v1/teams/" + SECRET_TEAM + "/settlements",
                    "/v1/teams/" + SECRET_TEAM + "/business-case?grain=month&period=2026-10", "/v1/pilots", pilotPath,
                    pilotPath + "/report", "/v1/kpi-values?grain=month&scope=product:secret-line&teamId=" + SECRET_TEAM,
                    "/v1/kpi-values/changes?scope=*")) {
                perTeam.add(new Call("reporting-api", "GET", path, null, null, b, true, "read-" + path));
            }
            perTeam.add(new Call("reporting-api", "POST", "/v1/teams/" + SECRET_TEAM + "/decisions", "application/json",
                    "{\"grain\":\"month\",\"period\":\"2026-10\",\"what\":\"x\",\"owner\":\"b\",\"due\":\"2026-12-01\"}"
                            .getBytes(StandardCharsets.UTF_8), b, true, "decide"));
            perTeam.add(new Call("reporting-api", "PATCH", decisionPath, "application/json",
                    "{\"status\":\"dropped\"}".getBytes(StandardCharsets.UTF_8), b, true, "decision-status"));
            perTeam.add(new Call("reporting-api", "POST", "/v1/teams/" + SECRET_TEAM + "/contracts", "application/json",
                    "{\"validFrom\":\"2026-10\",\"monthlyFee\":1}".getBytes(StandardCharsets.UTF_8), b, true,
                    "contract"));
            perTeam.add(new Call("reporting-api", "POST", "/v1/teams/" + SECRET_TEAM + "/settlements", "application/json",
                    "{\"month\":\"2026-10\"}".getBytes(StandardCharsets.UTF_8), b, true, "settle"));
            perTeam.add(new Call("reporting-api", "DELETE", pilotPath, null, null, b, true, "pilot-delete"));
            perTeam.add(new Call("reporting-api", "PUT", "/v1/teams/" + SECRET_TEAM + "/self-assessment",
                    "application/json", "{\"meetingBeyondNumbers\":false,\"explainsVision\":false,\"analysesFailuresTogether\":false,\"proposesImprovements\":false}"
                            .getBytes(StandardCharsets.UTF_8), b, true, "self-assessment"));
            for (Call c : perTeam) {
                HttpResponse<String> r = send(c);
                calls++;
                int s = r.statusCode();
                boolean leaked = r.body().contains(SECRET_TEXT) || r.body().contains(insightId)
                        || r.body().contains(SECRET_TEAM) && s < 300 && !c.kind().equals("create");
                boolean refusedOrEmpty = s == 403 || s == 404 || s == 401 || (s >= 200 && s < 300 && !leaked);
                if (leaked || !refusedOrEmpty || s >= 500) {
                    failures.add(role + " " + c.method() + " " + c.path() + " → " + s + " " + abbreviate(r.body()));
                }
                // B may create its own insight for a team id that happens to match: that is B's, not A's
            }
        }
        assertEquals(List.of(), failures);
        // and A's data is unchanged by B's attempts
        JsonNode a = EventJson.MAPPER.readTree(send(new Call("knowledge-service", "GET", "/v1/insights/" + insightId,
                null, null, readA, true, "check")).body());
        assertEquals("[\"competitor\"]", a.get("tags").toString());
        String level = send(new Call("reporting-api", "GET", "/v1/teams/" + SECRET_TEAM
                + "/integration-level?period=2026-10", null, null, readA, true, "check")).body();
        assertTrue(level.contains("\"explainsVision\":true"), level);
        String decided = send(new Call("reporting-api", "GET", decisionPath, null, null, readA, true, "check")).body();
        assertTrue(decided.contains("\"status\":\"open\""), decided);
        String versions = send(new Call("reporting-api", "GET", "/v1/teams/" + SECRET_TEAM + "/contracts", null, null,
                readA, true, "check")).body();
        assertEquals(1, EventJson.MAPPER.readTree(versions).get("items").size(), versions);
        HttpResponse<String> stillThere = send(new Call("reporting-api", "GET", pilotPath, null, null, readA, true,
                "check"));
        assertTrue(stillThere.statusCode() == 200 && stillThere.body().contains(SECRET_TEXT), stillThere.body());
        // and the very same tokens of B do read B's own data
        String readB = token(B, "read");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            HttpResponse<String> series = send(new Call("reporting-api", "GET",
                    "/v1/kpi-values?kpi=calls&grain=month&teamId=b-team", null, null, readB, true, "check"));
            assertEquals(200, series.statusCode(), series.body());
            assertTrue(series.body().contains("\"teamId\":\"b-team\"") && series.body().contains("\"value\":1"),
                    series.body());
        });
        for (String role : List.of("ingest", "read", "admin")) {
            HttpResponse<String> own = send(new Call("knowledge-service", "GET", "/v1/insights/" + bInsightId, null,
                    null, token(B, role), true, "check"));
            if (role.equals("ingest")) {
                assertEquals(403, own.statusCode(), "reading insights needs read or admin: " + own.body());
            } else {
                assertEquals(200, own.statusCode(), own.body());
                assertTrue(own.body().contains("B社だけの情報"), own.body());
            }
        }
        HttpResponse<String> bTeams = send(new Call("reporting-api", "GET", "/v1/teams", null, null, readB, true,
                "check"));
        assertTrue(bTeams.statusCode() == 200 && bTeams.body().contains("b-team"), bTeams.body());
        System.out.printf("Tenant isolation: %d calls with another tenant's tokens (3 roles × every endpoint), no"
                + " leak; the same tokens read their own tenant's data%n", calls);
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String describe(Call c) {
        return c.method() + " " + c.service() + abbreviate(c.path()) + " [" + c.contentType() + "] "
                + (c.body() == null ? "" : abbreviate(new String(c.body(), StandardCharsets.UTF_8)));
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    // ---------------------------------------------------------------- hostile input

    private static final String[] HOSTILE_STRINGS = {"", " ", "\u0000", "\ud800", "\udfff", "\ufeff", "\u202e悪",
        "𠮷野家🍣", "'; DROP TABLE insight; --", "%", "_", "%_%", "\\", "\"", "'", "../../etc/passwd",
        "..%2f..%2fetc%2fpasswd", "<script>alert(1)</script>", "${jndi:ldap://x/a}", "a".repeat(70_000),
        "日本語".repeat(5000), "\r\n\r\nHTTP/1.1 200 OK", "null", "NaN", "-0", "1e999999"};
    private static final String[] HOSTILE_JSON = {"null", "true", "1e999999", "-1e999999", "123456789012345678901234567890",
        "-1", "0", "0.0000000000000000000001", "[]", "{}", "[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]", "\"\"",
        "{\"$gt\":\"\"}", "\"2026-02-30T00:00:00Z\"", "\"9999-12-31T23:59:59Z\"", "\"0000-01-01T00:00:00Z\""};
    private static final String[] HOSTILE_IDS = {"..", "..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2f", "..%252f",
        "a'b", "a%00b", "x".repeat(300), "%F0%9F%8D%A3", "%E0%80%AF", "%C0%AE%C0%AE", "%FF%FE", "a%20b",
        "00000000-0000-0000-0000-000000000000", "-1", "%25", "_", "*"};

    /** Valid bodies to mutate, per endpoint. */
    private record Template(String service, String method, String path, String contentType, String body,
            String[] roles) {
    }

    private static List<Template> templates(String insightId) {
        String ev = event("hostile", "h-1", "team-h");
        return List.of(
                new Template("kpi-ingest", "POST", "/v1/events", "application/cloudevents+json", ev,
                        new String[] {"ingest"}),
                new Template("kpi-ingest", "POST", "/v1/events/batch", "application/cloudevents-batch+json",
                        "[" + ev + "," + event("hostile", "h-2", "team-h") + "]", new String[] {"ingest"}),
                new Template("kpi-ingest", "POST", "/v1/events", "application/json",
                        "{\"teamId\":\"team-h\",\"accountId\":\"acc-1\",\"contactRole\":\"staff\",\"keyPerson\":false,"
                                + "\"outcome\":\"connected\",\"durationSeconds\":5}", new String[] {"ingest"}),
                new Template("knowledge-service", "POST", "/v1/insights", "application/json",
                        "{\"text\":\"価格が高い\",\"tags\":[\"pricing\"],\"teamId\":\"team-h\",\"accountId\":\"acc-1\","
                                + "\"kpis\":[\"win_rate\"]}", new String[] {"ingest", "admin"}),
                new Template("knowledge-service", "PUT", "/v1/insights/" + insightId + "/tags", "application/json",
                        "{\"tags\":[\"pricing\",\"competitor\"]}", new String[] {"ingest", "admin"}),
                new Template("reporting-api", "PUT", "/v1/targets/team-h/calls/month/2026-10", "application/json",
                        "{\"target\":100}", new String[] {"admin"}),
                new Template("reporting-api", "PUT", "/v1/teams/team-h/self-assessment", "application/json",
                        "{\"meetingBeyondNumbers\":true,\"explainsVision\":false,\"analysesFailuresTogether\":true,"
                                + "\"proposesImprovements\":false,\"note\":\"n\"}", new String[] {"admin"}));
    }

    private static final String[] GETS = {
        "knowledge-service /v1/insights?q={s}", "knowledge-service /v1/insights?q={s}&limit={s}",
        "knowledge-service /v1/insights?tag={s}&teamId={s}", "knowledge-service /v1/insights?from={s}&to={s}",
        "knowledge-service /v1/insights?cursor={s}", "knowledge-service /v1/insights/{id}",
        "knowledge-service /v1/tags?teamId={s}&grain={s}&from={s}", "reporting-api /v1/kpi-values?grain={s}&kpi={s}",
        "reporting-api /v1/kpi-values?grain=month&teamId={s}&from={s}&to={s}", "reporting-api /v1/kpi-values/changes?since={s}&limit={s}",
        "reporting-api /v1/teams/{id}/scorecard?grain={s}&period={s}", "reporting-api /v1/teams/{id}/report?grain=month&period={s}",
        "reporting-api /v1/teams/{id}/strategy-brief?grain={s}&period=2026-10", "reporting-api /v1/teams/{id}/integration-level?period={s}",
        "reporting-api /v1/comparison?grain={s}&period={s}&teamIds={s}", "reporting-api /v1/teams", "reporting-api /v1/kpis",
        "kpi-calculator /v1/anything/{id}", "kpi-ingest /v1/events/{id}"};

    @Test
    void tenThousandHostileRequestsGetNoServerErrorAndAcceptNothingInvalid() throws Exception {
        String adminH = token("hostile", "admin");
        HttpResponse<String> created = send(new Call("knowledge-service", "POST", "/v1/insights", "application/json",
                "{\"text\":\"seed\",\"tags\":[\"pricing\"],\"teamId\":\"team-h\"}".getBytes(StandardCharsets.UTF_8),
                adminH, true, "seed"));
        assertEquals(201, created.statusCode(), created.body());
        String insightId = EventJson.MAPPER.readTree(created.body()).get("id").asText();
        List<Template> templates = templates(insightId);
        PrivateKey stranger = LocalKeys.strangerKey();
        Random random = new Random(20261127);
        List<Call> calls = new ArrayList<>();
        int total = 10_400;
        for (int i = 0; i < total; i++) {
            boolean get = random.nextInt(3) == 0;
            int auth = random.nextInt(10);
            String[] roles;
            String service;
            String method;
            String path;
            String contentType = null;
            byte[] body = null;
            if (get) {
                String[] spec = GETS[random.nextInt(GETS.length)].split(" ", 2);
                service = spec[0];
                method = "GET";
                path = fill(spec[1], random);
                roles = new String[] {"read"};
            } else {
                Template t = templates.get(random.nextInt(templates.size()));
                service = t.service();
                method = t.method();
                path = t.path().replace("h-1", "h-" + i);
                contentType = random.nextInt(25) == 0 ? List.of("text/plain", "application/xml", "multipart/form-data",
                        "application/json; charset=latin1", "").get(random.nextInt(5)) : t.contentType();
                body = mutate(t.body().replace("\"h-1\"", "\"h-" + i + "\"").replace("\"h-2\"", "\"h-" + i + "b\""),
                        random);
                roles = t.roles();
            }
            String role = roles[random.nextInt(roles.length)];
            String token;
            boolean legitimate = false;
            switch (auth) {
                case 0 -> token = null;
                case 1 -> token = List.of("garbage", "a.b.c", "", "Bearer x", "eyJhbGciOiJub25lIn0.e30.")
                        .get(random.nextInt(5));
                case 2 -> token = algNone("hostile", role);
                case 3 -> token = LocalKeys.sign(stranger, LocalKeys.ISSUER, "hostile", List.of(role), Instant.now(),
                        Duration.ofHours(1));
                // signed by the trusted key, expired two hours ago
                case 4 -> token = stack.keys().tokenAt("hostile", List.of(role), Instant.now().minus(Duration.ofHours(3)),
                        Duration.ofHours(1));
                case 5 -> token = token("hostile", "nothing-useful");
                case 6 -> {
                    // a valid token of another tenant: legitimate for that tenant's own data, never for ingesting
                    // events that name "hostile"
                    token = token("hostile-other", role);
                    legitimate = true;
                }
                default -> {
                    token = token("hostile", role);
                    legitimate = true;
                }
            }
            calls.add(new Call(service, method, path, contentType, body, token, legitimate,
                    auth == 6 ? "other-tenant" : get ? "get" : "write"));
        }
        // a few of the heaviest: 10 MB, 100,000 levels of nesting, invalid UTF-8
        String ingest = token("hostile", "ingest");
        byte[] tenMegabytes = new byte[10 * 1024 * 1024];
        java.util.Arrays.fill(tenMegabytes, (byte) 'a');
        calls.add(new Call("kpi-ingest", "POST", "/v1/events", "application/cloudevents+json", tenMegabytes, ingest,
                true, "huge"));
        calls.add(new Call("knowledge-service", "POST", "/v1/insights", "application/json", tenMegabytes, adminH, true,
                "huge"));
        calls.add(new Call("kpi-ingest", "POST", "/v1/events/batch", "application/cloudevents-batch+json",
                "[".repeat(100_000).getBytes(StandardCharsets.UTF_8), ingest, true, "deep"));
        calls.add(new Call("reporting-api", "PUT", "/v1/teams/team-h/self-assessment", "application/json",
                "{\"a\":".repeat(100_000).getBytes(StandardCharsets.UTF_8), adminH, true, "deep"));
        calls.add(new Call("kpi-ingest", "POST", "/v1/events", "application/cloudevents+json",
                new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}, ingest, true,
                "utf8"));

        Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger accepted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        // the heaviest go last, one at a time, so that their closed connections meet no other request
        List<Call> ordered = new ArrayList<>(calls.stream().filter(c -> !c.kind().equals("huge")).toList());
        List<Call> huge = calls.stream().filter(c -> c.kind().equals("huge")).toList();
        for (Call c : ordered) {
            pool.submit(() -> {
                try {
                    HttpResponse<String> r = send(c);
                    int s = r.statusCode();
                    statuses.computeIfAbsent(c.service() + " " + s, k -> new AtomicInteger()).incrementAndGet();
                    if (s >= 500) {
                        failures.add(describe(c) + " → " + s + " " + abbreviate(r.body()));
                    } else if (s < 300 && !c.legitimateAuth()) {
                        failures.add("accepted without a valid token: " + describe(c) + " → " + s);
                    } else if (s == 202 && c.service().equals("kpi-ingest")) {
                        accepted.incrementAndGet();
                        String problem = c.kind().equals("other-tenant") ? "another tenant's token" : contractProblem(c);
                        if (problem != null) {
                            failures.add("ingest accepted what the contract refuses (" + problem + "): "
                                    + abbreviate(new String(c.body(), StandardCharsets.UTF_8)));
                        }
                    }
                } catch (java.io.IOException e) {
                    if (c.kind().equals("huge")) {
                        // the server may answer 413 and close before the client has sent 10 MB
                        statuses.computeIfAbsent(c.service() + " closed", k -> new AtomicInteger()).incrementAndGet();
                    } else {
                        failures.add(describe(c) + " → " + e);
                    }
                } catch (Exception e) {
                    failures.add(describe(c) + " → " + e);
                }
            });
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.MINUTES));
        for (Call c : huge) {
            try {
                int s = send(c).statusCode();
                statuses.computeIfAbsent(c.service() + " " + s, k -> new AtomicInteger()).incrementAndGet();
                if (s != 413) {
                    failures.add(describe(c) + " → " + s + " (expected 413)");
                }
            } catch (java.io.IOException e) {
                // the server may answer 413 and close before the client has sent 10 MB
                statuses.computeIfAbsent(c.service() + " closed", k -> new AtomicInteger()).incrementAndGet();
            }
        }
        Map<String, Integer> summary = new TreeMap<>();
        statuses.forEach((k, v) -> summary.put(k, v.get()));
        System.out.printf("Hostile input: %d requests; answers by service and status %s; %d events accepted, each"
                + " valid%n", calls.size(), summary, accepted.get());
        Files.write(Path.of("target", "hostile-failures.txt"), failures);
        assertEquals(List.of(), new ArrayList<>(failures).subList(0, Math.min(20, failures.size())));
        assertTrue(calls.size() >= 10_000);
        for (String service : stack.services().keySet()) {
            assertEquals(200, HTTP.send(HttpRequest.newBuilder(URI.create(stack.managementUrl(service) + "/q/health/ready"))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode(), service + " still ready");
        }
    }

    // ---------------------------------------------------------------- poison events, end to end

    /** Times at and beyond the contract's edges, and times that are not times. */
    private static final String[] HOSTILE_TIMES = {"9999-12-31T23:00:00-09:00", "9999-12-31T23:59:59Z",
        "0000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "1969-12-31T23:59:59Z",
        "1970-01-01T00:00:00Z", "1970-01-01T00:00:00+14:00", "1970-01-01T00:00:00-12:00", "2100-12-31T23:59:59-12:00",
        "2100-12-31T23:59:59.999999999+14:00", "2101-01-01T00:00:00Z", "2024-02-29T00:00:00Z", "2026-02-29T00:00:00Z",
        "2026-10-15T24:00:00Z", "2026-10-15T09:30:00+18:00", "2026-10-15T09:30:60Z", "2026-10-15T09:30:00.1234567890Z"};

    private static ObjectNode example(String type) {
        try (java.io.InputStream in = HostileInputIT.class.getClassLoader()
                .getResourceAsStream("northstar/examples/" + type + ".json")) {
            return (ObjectNode) EventJson.MAPPER.readTree(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The live defect of the hardening issue, and every relative of it: each hostile time and value the generator knows,
     * in every field of every event type, is sent to kpi-ingest. Each is answered 400 or 202 — and after all of them,
     * with no check of our own validator on what was accepted, the calculator's lag returns to 0, every consumer is
     * alive and ready, and another tenant's events sent afterwards are computed and visible in reporting-api.
     */
    @Test
    void everyHostileTimeAndValueIsRefusedOrComputedAndNoTenantIsHeldUp() throws Exception {
        String tenant = "poison-e2e";
        String ingest = token(tenant, "ingest");
        List<Call> calls = new ArrayList<>();
        int n = 0;
        for (dev.northstar.events.EventType type : dev.northstar.events.EventType.values()) {
            ObjectNode base = example(type.wireName());
            base.put("tenant", tenant);
            for (String time : HOSTILE_TIMES) {
                ObjectNode e = base.deepCopy();
                e.put("id", "p-" + n++);
                e.put("time", time);
                calls.add(new Call("kpi-ingest", "POST", "/v1/events", "application/cloudevents+json",
                        e.toString().getBytes(StandardCharsets.UTF_8), ingest, true, "poison"));
            }
            List<String> fields = new ArrayList<>();
            base.get("data").fieldNames().forEachRemaining(fields::add);
            for (String field : fields) {
                List<String> values = new ArrayList<>(List.of(HOSTILE_JSON));
                for (String text : HOSTILE_STRINGS) {
                    values.add(EventJson.MAPPER.valueToTree(text).toString());
                }
                for (String value : values) {
                    ObjectNode e = base.deepCopy();
                    e.put("id", "p-" + n++);
                    ((ObjectNode) e.get("data")).put(field, "__HOSTILE__");
                    String json = e.toString().replace("\"__HOSTILE__\"", value);
                    calls.add(new Call("kpi-ingest", "POST", "/v1/events", "application/cloudevents+json",
                            json.getBytes(StandardCharsets.UTF_8), ingest, true, "poison"));
                }
            }
        }
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (Call c : calls) {
            pool.submit(() -> {
                try {
                    int s = send(c).statusCode();
                    statuses.computeIfAbsent(s, k -> new AtomicInteger()).incrementAndGet();
                    if (s != 202 && s != 400) {
                        failures.add(s + " for " + describe(c));
                    }
                } catch (Exception e) {
                    failures.add(e + " for " + describe(c));
                }
            });
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.MINUTES));
        assertEquals(List.of(), new ArrayList<>(failures).subList(0, Math.min(20, failures.size())));
        assertTrue(statuses.getOrDefault(202, new AtomicInteger()).get() > 0, "some were valid: " + statuses);

        // another tenant, after all of it: its calls are computed and visible
        String bystander = "bystander-e2e";
        String ingestB = token(bystander, "ingest");
        for (int i = 0; i < 10; i++) {
            String call = event(bystander, "b-" + i, "by-team").replace("\"accountId\":\"acc-1\"",
                    "\"accountId\":\"acc-b" + i + "\"");
            assertEquals(202, send(new Call("kpi-ingest", "POST", "/v1/events", "application/cloudevents+json",
                    call.getBytes(StandardCharsets.UTF_8), ingestB, true, "bystander")).statusCode());
        }
        String readB = token(bystander, "read");
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            String body = send(new Call("reporting-api", "GET", "/v1/kpi-values?kpi=calls&grain=month&teamId=by-team",
                    null, null, readB, true, "check")).body();
            assertTrue(body.contains("\"period\":\"2026-10\"") && body.contains("\"value\":10"), body);
        });
        // and the calculator has read everything: its lag is back to 0 (the lag monitor measures every 10 s)
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(stack.managementUrl("kpi-calculator")
                    + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            double lag = metrics.lines().filter(l -> l.startsWith("northstar_consumer_lag{")
                    && l.contains("group=\"kpi-calculator\"")).mapToDouble(l -> Double.parseDouble(
                            l.substring(l.lastIndexOf(' ') + 1))).sum();
            assertTrue(metrics.contains("northstar_consumer_lag{") && lag == 0, "calculator lag " + lag);
        });
        for (String service : stack.services().keySet()) {
            for (String probe : List.of("/q/health/live", "/q/health/ready")) {
                assertEquals(200, HTTP.send(HttpRequest.newBuilder(URI.create(stack.managementUrl(service) + probe))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode(), service + probe);
            }
        }
        System.out.printf("Poison events: %d sent to every field of every type, answers %s; calculator lag 0 and"
                + " another tenant computed after them%n", calls.size(), new TreeMap<>(statuses));
    }

    /** Why the contract refuses what an accepted ingest request carried, or null when it is valid. */
    private static String contractProblem(Call c) {
        try {
            if (c.contentType() != null && c.contentType().startsWith("application/json")) {
                return null; // binary mode carries the attributes in headers, which this generator does not mutate
            }
            JsonNode node = EventJson.parse(c.body());
            List<JsonNode> events = new ArrayList<>();
            if (node.isArray()) {
                node.forEach(events::add);
            } else {
                events.add(node);
            }
            for (JsonNode e : events) {
                if (!(e instanceof ObjectNode)) {
                    return "not an object";
                }
                var problems = VALIDATOR.validate(e);
                if (!problems.isEmpty()) {
                    return problems.toString();
                }
                if (!"hostile".equals(e.path("tenant").asText())) {
                    return "tenant " + e.path("tenant");
                }
            }
            return null;
        } catch (RuntimeException e) {
            return e.toString();
        }
    }

    private static String fill(String template, Random random) {
        StringBuilder out = new StringBuilder();
        String[] parts = template.split("(?=\\{)|(?<=\\})");
        for (String p : parts) {
            if (p.equals("{s}")) {
                String hostile = HOSTILE_STRINGS[random.nextInt(HOSTILE_STRINGS.length)];
                out.append(random.nextInt(3) == 0 ? List.of("month", "2026-10", "2026-W43", "10", "calls", "team-h")
                        .get(random.nextInt(6)) : enc(hostile.substring(0, Math.min(2000, hostile.length()))));
            } else if (p.equals("{id}")) {
                out.append(HOSTILE_IDS[random.nextInt(HOSTILE_IDS.length)]);
            } else {
                out.append(p);
            }
        }
        return out.toString();
    }

    /** A valid body, mutated one of many ways. */
    static byte[] mutate(String valid, Random random) {
        byte[] bytes = valid.getBytes(StandardCharsets.UTF_8);
        switch (random.nextInt(9)) {
            case 0 -> {
                return java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
            }
            case 1 -> {
                int at = random.nextInt(bytes.length);
                byte[] out = new byte[bytes.length - 1];
                System.arraycopy(bytes, 0, out, 0, at);
                System.arraycopy(bytes, at + 1, out, at, bytes.length - at - 1);
                return out;
            }
            case 2 -> {
                byte[] chars = {'{', '}', '[', ']', '"', '\\', ',', ':', 0, (byte) 0xFF, (byte) 0xC3, (byte) 0xED};
                int at = random.nextInt(bytes.length);
                byte[] out = new byte[bytes.length + 1];
                System.arraycopy(bytes, 0, out, 0, at);
                out[at] = chars[random.nextInt(chars.length)];
                System.arraycopy(bytes, at, out, at + 1, bytes.length - at);
                return out;
            }
            case 3 -> {
                return List.of("", "null", "[]", "{}", "\"text\"", "{\"a\":1,\"a\":2}", "\ufeff" + valid,
                        "[" + "{}".repeat(0) + "]", "{\"specversion\":1.0}").get(random.nextInt(9))
                        .getBytes(StandardCharsets.UTF_8);
            }
            default -> {
                JsonNode tree = EventJson.parse(bytes);
                List<ObjectNode> objects = new ArrayList<>();
                collect(tree, objects);
                ObjectNode target = objects.get(random.nextInt(objects.size()));
                List<String> fields = new ArrayList<>();
                target.fieldNames().forEachRemaining(fields::add);
                if (fields.isEmpty()) {
                    return bytes;
                }
                String field = fields.get(random.nextInt(fields.size()));
                String json = tree.toString();
                String replacement = random.nextBoolean()
                        ? HOSTILE_JSON[random.nextInt(HOSTILE_JSON.length)]
                        : EventJson.MAPPER.valueToTree(HOSTILE_STRINGS[random.nextInt(HOSTILE_STRINGS.length)])
                                .toString();
                if (random.nextInt(10) == 0) {
                    target.remove(field);
                    return tree.toString().getBytes(StandardCharsets.UTF_8);
                }
                target.set(field, EventJson.MAPPER.getNodeFactory().textNode("__HOSTILE__"));
                json = tree.toString().replace("\"__HOSTILE__\"", replacement);
                return json.getBytes(StandardCharsets.UTF_8);
            }
        }
    }

    private static void collect(JsonNode node, List<ObjectNode> out) {
        if (node instanceof ObjectNode o) {
            out.add(o);
        }
        node.forEach(child -> collect(child, out));
    }

    private static String algNone(String tenant, String role) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(("{\"iss\":\"" + LocalKeys.ISSUER + "\",\"sub\":\"x\",\"upn\":\"x\","
                + "\"tenant\":\"" + tenant + "\",\"groups\":[\"" + role + "\"],\"iat\":" + Instant.now().getEpochSecond()
                + ",\"exp\":" + Instant.now().plusSeconds(3600).getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".";
    }
}
