package dev.northstar.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.northstar.events.Topics;
import dev.northstar.events.json.EventJson;
import dev.northstar.stack.LocalStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The first event, all the way: the stack started as {@code ./northstar up} starts it (four service processes,
 * real Kafka and PostgreSQL), a {@code call.logged} CloudEvent posted to kpi-ingest, and the {@code calls} KPI
 * read back from reporting-api for the right team, day and month.
 */
class FirstEventIT {

    private static LocalStack stack;
    private static Path root;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The metric names a dashboard or an alert rule may use; {@code up} is Prometheus's own. */
    private static final Pattern METRIC = Pattern.compile(
            "\\b((?:northstar|http_server|jvm|process|system|vertx|kafka|worker_pool|sql_pool)_[a-z0-9_]+)\\b");

    @BeforeAll
    static void startStack() throws Exception {
        root = Path.of(System.getProperty("northstar.root", "../..")).toAbsolutePath().normalize();
        Path home = Path.of("target", "stack").toAbsolutePath();
        Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        LocalStack.Options defaults = LocalStack.Options.defaults(root);
        stack = LocalStack.start(new LocalStack.Options(root, home, 0, 0, -1, 3, true, Duration.ofSeconds(120),
                defaults.jvmArgs()), System.out);
    }

    @AfterAll
    static void stopStackLeavingNoProcessBehind() {
        if (stack == null) {
            return;
        }
        List<ProcessHandle> started = stack.services().values().stream()
                .flatMap(s -> java.util.stream.Stream.concat(java.util.stream.Stream.of(s.process().toHandle()),
                        s.process().descendants()))
                .toList();
        assertEquals(4, stack.services().size());
        // what Ctrl-C on ./northstar up runs (its shutdown hook closes the stack)
        stack.close();
        List<Long> alive = started.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList();
        assertEquals(List.of(), alive, "processes left behind");
    }

    private static HttpResponse<String> get(String url, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aCallLoggedInTheCrmBecomesTheCallsKpiInReporting() throws Exception {
        String ingest = stack.keys().token("first", List.of("ingest"), Duration.ofHours(1));
        String read = stack.keys().token("first", List.of("read"), Duration.ofHours(1));
        // 23:30 UTC on 31 October is 1 November in Tokyo, the tenant's default zone
        String event = """
                {"specversion":"1.0","id":"call-1","source":"crm://system-test","type":"call.logged",
                 "time":"2026-10-31T23:30:00Z","tenant":"first",
                 "data":{"teamId":"partner-a","accountId":"acc-1","contactRole":"executive","keyPerson":true,
                         "outcome":"connected","durationSeconds":300}}""";
        HttpResponse<String> accepted = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url("kpi-ingest")
                        + "/v1/events")).header("Authorization", "Bearer " + ingest)
                .header("Content-Type", "application/cloudevents+json")
                .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, accepted.statusCode(), accepted.body());

        String series = stack.url("reporting-api") + "/v1/kpi-values?kpi=calls&teamId=partner-a&grain=";
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            JsonNode day = EventJson.MAPPER.readTree(get(series + "day", read).body()).get("items");
            assertEquals(1, day.size(), day::toString);
            assertEquals("2026-11-01", day.get(0).get("period").asText());
            assertEquals(1, day.get(0).get("value").asInt());
            // each grain is its own value on kpi.values; they arrive independently
            JsonNode month = EventJson.MAPPER.readTree(get(series + "month", read).body()).get("items");
            assertEquals(1, month.size(), month::toString);
            assertEquals("2026-11", month.get(0).get("period").asText());
            assertEquals(1, month.get(0).get("value").asInt());
            assertEquals("count", month.get(0).get("unit").asText());
        });
        // another tenant sees nothing of it
        String stranger = stack.keys().token("stranger", List.of("read"), Duration.ofHours(1));
        assertEquals(0, EventJson.MAPPER.readTree(get(series + "month", stranger).body()).get("items").size());
        // every service is healthy with the flow done
        for (String service : stack.services().keySet()) {
            assertEquals(200, get(stack.managementUrl(service) + "/q/health/ready", read).statusCode(), service);
        }
    }

    /** Every metric name the operations dashboard and the alert rules use. */
    static Set<String> referencedMetrics(Path root) throws Exception {
        Set<String> names = new TreeSet<>();
        List<Path> files = new ArrayList<>();
        try (var dashboards = Files.list(root.resolve("deploy/grafana/dashboards"))) {
            dashboards.filter(f -> f.toString().endsWith(".json")).forEach(files::add);
        }
        files.add(root.resolve("deploy/prometheus/northstar-rules.yml"));
        for (Path file : files) {
            Matcher m = METRIC.matcher(Files.readString(file));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    @Test
    void everyMetricThatADashboardOrAnAlertRuleNamesIsServed() throws Exception {
        Set<String> wanted = referencedMetrics(root);
        assertTrue(wanted.size() > 15, wanted::toString);
        // traffic that makes every kind of series exist: an accepted event, refusals, an invalid raw record
        String ingest = stack.keys().token("metrics", List.of("ingest"), Duration.ofHours(1));
        HttpResponse<String> accepted = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url("kpi-ingest")
                        + "/v1/events")).header("Authorization", "Bearer " + ingest)
                .header("Content-Type", "application/cloudevents+json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"specversion":"1.0","id":"m-1","source":"crm://metrics","type":"call.logged",
                         "time":"2026-10-01T00:00:00Z","tenant":"metrics",
                         "data":{"teamId":"t","accountId":"a","contactRole":"staff","keyPerson":false,
                                 "outcome":"connected","durationSeconds":30}}""")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, accepted.statusCode(), accepted.body());
        for (String service : stack.services().keySet()) {
            // no token: refused (401, or 404 where the path is another service's)
            int status = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url(service) + "/v1/kpis")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            assertTrue(status == 401 || status == 404, service + " answered " + status);
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.CRM_EVENTS_RAW, "metrics/x", "{not json")).get();
        }
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Set<String> served = new TreeSet<>();
            for (String service : stack.services().keySet()) {
                String text = HTTP.send(HttpRequest.newBuilder(URI.create(stack.managementUrl(service) + "/q/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                text.lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                        .map(l -> l.split("[{ ]", 2)[0]).forEach(served::add);
            }
            Set<String> missing = new TreeSet<>(wanted);
            missing.removeAll(served);
            assertEquals(Set.of(), missing, "named in a dashboard or rule but served by no service");
        });
    }
}
