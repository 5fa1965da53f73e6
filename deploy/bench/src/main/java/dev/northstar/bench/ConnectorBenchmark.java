package dev.northstar.bench;

import dev.northstar.events.Topics;
import dev.northstar.stack.demo.ConnectorDemo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The connectors' throughput against CloudEvents batch ingest, in one run on one stack, each producing one Northstar
 * {@code call.logged} (about 500 bytes of event) per CRM event:
 * <ol>
 * <li><b>cloudevents</b>: batches of 100 CloudEvents to {@code /v1/events/batch};</li>
 * <li><b>hubspot</b>: signed batches of 100 subscription events to the HubSpot webhook — property changes of calls
 *     ({@code object.propertyChange} of {@code hs_call_disposition}, a new change id each), whose team and account come
 *     from the record state the connector keeps (seeded before the run), each change a call (rule with
 *     {@code once: false});</li>
 * <li><b>cdc</b>: Salesforce change events ({@code Task} CREATE, {@code TaskSubtype = Call}) written to
 *     {@code crm.salesforce.cdc} beforehand and read by the connector's consumer: events/s from its first commit to
 *     its last.</li>
 * </ol>
 * Usage: {@code ConnectorBenchmark <ingest-url> <bootstrap> <admin-token> <ingest-token> <tenant> [seconds=30]
 * [threads=4] [warmup=30] [cdc-records=300000]}
 */
public final class ConnectorBenchmark {

    private static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");
    private static final String SECRET = "bench-hubspot-app-secret-0123456789";
    private static final int RECORDS = 20_000;

    private ConnectorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String ingest = args[0];
        String bootstrap = args[1];
        String admin = args[2];
        String token = args[3];
        String tenant = args[4];
        int seconds = args.length > 5 ? Integer.parseInt(args[5]) : 30;
        int threads = args.length > 6 ? Integer.parseInt(args[6]) : 4;
        int warmup = args.length > 7 ? Integer.parseInt(args[7]) : 30;
        int cdcRecords = args.length > 8 ? Integer.parseInt(args[8]) : 300_000;
        String run = Long.toString(System.currentTimeMillis(), 36);
        setUp(ingest, admin, tenant);

        double ce = http("cloudevents", ingest + "/v1/events/batch", "application/cloudevents-batch+json",
                "Authorization: Bearer " + token, seconds, threads, warmup,
                (worker, seq) -> cloudEvents(run, worker, seq, tenant), null);
        double hubspot = http("hubspot", ingest + "/v1/connectors/hubspot/" + tenant + "/webhook",
                "application/json", null, seconds, threads, warmup,
                (worker, seq) -> hubspotBatch(worker, seq), ingest + "/v1/connectors/hubspot/" + tenant + "/webhook");
        double cdc = cdc(bootstrap, tenant, run, cdcRecords, management(ingest));
        System.out.printf(Locale.ROOT, "%nconnectors against CloudEvents batches of 100 (%,.0f events/s):"
                + " HubSpot batches of 100 %,.0f events/s (%.0f %%), CDC from the topic %,.0f events/s (%.0f %%)%n",
                ce, hubspot, 100 * hubspot / ce, cdc, 100 * cdc / ce);
    }

    // ------------------------------------------------------------------ set-up

    private static final String MAPPING = """
            {"objects": {
              "call": {"team": "ns_team", "account": "ns_account",
                       "rules": [{"emit": "call.logged", "when": [{"field": "hs_call_disposition", "present": true}],
                                  "trigger": "hs_call_disposition", "once": false,
                                  "data": {"keyPerson": {"const": false},
                                           "outcome": {"field": "hs_call_disposition",
                                                       "map": {"f240bbac-87c9-4f6e-bf70-924b57d47db7": "connected"},
                                                       "default": "other"},
                                           "contactRole": {"const": "manager"}}}]}}}""";

    private static void setUp(String ingest, String admin, String tenant) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        send(client, HttpRequest.newBuilder(URI.create(ingest + "/v1/connectors/hubspot/settings"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"origin\":\"990002\",\"secret\":\"" + SECRET + "\"}"))
                .build());
        send(client, HttpRequest.newBuilder(URI.create(ingest + "/v1/connectors/hubspot/mapping"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(MAPPING)).build());
        send(client, HttpRequest.newBuilder(URI.create(ingest + "/v1/connectors/salesforce/settings"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"origin\":\"00D0000000BENCHAAA\"}")).build());
        send(client, HttpRequest.newBuilder(URI.create(ingest + "/v1/connectors/salesforce/mapping"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("""
                        {"objects": {"Task": {"team": "OwnerId", "account": "AccountId", "rules": [
                          {"emit": "call.logged", "on": ["created"], "when": [{"field": "TaskSubtype", "in": ["Call"]}],
                           "data": {"keyPerson": {"const": false}, "contactRole": {"const": "manager"},
                                    "outcome": {"field": "CallDisposition", "map": {"Connected": "connected"},
                                                "default": "other"},
                                    "durationSeconds": {"field": "CallDurationInSeconds", "type": "integer"}}}]}}}"""))
                .build());
        // the calls' team and account: their creation and first properties, once
        String url = ingest + "/v1/connectors/hubspot/" + tenant + "/webhook";
        for (int from = 0; from < RECORDS; from += 33) {
            StringBuilder body = new StringBuilder("[");
            for (int r = from; r < Math.min(RECORDS, from + 33); r++) {
                body.append(body.length() > 1 ? "," : "");
                hubspotEvent(body, r * 10L, r, "object.creation", null, null);
                hubspotEvent(body.append(','), r * 10L + 1, r, "object.propertyChange", "ns_team", "team-" + r % 3);
                hubspotEvent(body.append(','), r * 10L + 2, r, "object.propertyChange", "ns_account",
                        String.format(Locale.ROOT, "account-%05d", r % 20_000));
            }
            byte[] bytes = body.append(']').toString().getBytes(StandardCharsets.UTF_8);
            String ts = Long.toString(System.currentTimeMillis());
            send(client, HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                    .header("X-HubSpot-Signature-v3", sign(url, bytes, ts)).header("X-HubSpot-Request-Timestamp", ts)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
        }
    }

    private static void send(HttpClient client, HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(request.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    // ------------------------------------------------------------------ bodies

    /** The body of one request of a worker. */
    private interface Body {
        byte[] next(int worker, long seq);
    }

    private static byte[] cloudEvents(String run, int worker, long seq, String tenant) {
        StringBuilder body = new StringBuilder(100 * 520).append('[');
        for (int i = 0; i < 100; i++) {
            IngestBenchmark.appendEvent(body.append(i == 0 ? "" : ","), run, worker, seq * 100 + i, tenant);
        }
        return body.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static final AtomicLong HUBSPOT_EVENT = new AtomicLong(1_000_000_000L);

    /** 100 disposition changes of calls spread over the seeded records. */
    private static byte[] hubspotBatch(int worker, long seq) {
        StringBuilder body = new StringBuilder(100 * 260).append('[');
        for (int i = 0; i < 100; i++) {
            int record = (int) ((seq * 100 + i) * 7 + worker) % RECORDS;
            hubspotEvent(body.append(i == 0 ? "" : ","), HUBSPOT_EVENT.incrementAndGet(), record,
                    "object.propertyChange", "hs_call_disposition", "f240bbac-87c9-4f6e-bf70-924b57d47db7");
        }
        return body.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void hubspotEvent(StringBuilder out, long eventId, int record, String type, String property,
            String value) {
        out.append("{\"eventId\":").append(eventId).append(",\"subscriptionId\":1,\"portalId\":990002,\"appId\":1,"
                + "\"occurredAt\":").append(1_790_000_000_000L + eventId).append(",\"subscriptionType\":\"").append(type)
                .append("\",\"objectTypeId\":\"0-48\",\"attemptNumber\":0,\"objectId\":").append(5_000_000 + record)
                .append(",\"changeSource\":\"CRM_UI\"");
        if (property != null) {
            out.append(",\"propertyName\":\"").append(property).append("\",\"propertyValue\":\"").append(value)
                    .append('"');
        }
        out.append('}');
    }

    static String sign(String uri, byte[] body, String timestamp) {
        return ConnectorDemo.hubspotSignature(SECRET, uri, body, timestamp);
    }

    // ------------------------------------------------------------------ the runs

    /** {@code threads} clients post bodies for warm-up plus {@code seconds}; events/s accepted in the counted part. */
    private static double http(String name, String url, String type, String auth, int seconds, int threads,
            int warmup, Body bodies, String signedUri) throws Exception {
        AtomicLong events = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long warmupEnd = System.nanoTime() + Duration.ofSeconds(warmup).toNanos();
        long end = warmupEnd + Duration.ofSeconds(seconds).toNanos();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int worker = t;
            Thread thread = new Thread(() -> {
                long seq = 0;
                KeepAliveConnection connection = null;
                while (System.nanoTime() < end) {
                    byte[] body = bodies.next(worker, seq++);
                    long t0 = System.nanoTime();
                    try {
                        if (connection == null) {
                            connection = auth == null ? new KeepAliveConnection(URI.create(url), "Content-Type: "
                                    + type) : new KeepAliveConnection(URI.create(url), auth, "Content-Type: " + type);
                        }
                        String ts = Long.toString(System.currentTimeMillis());
                        KeepAliveConnection.Answer answer = signedUri == null ? connection.post(body)
                                : connection.post(body, "X-HubSpot-Signature-v3: " + sign(signedUri, body, ts),
                                        "X-HubSpot-Request-Timestamp: " + ts);
                        long t1 = System.nanoTime();
                        if (t0 > warmupEnd && t1 < end) {
                            Matcher accepted = ACCEPTED.matcher(answer.body());
                            if (answer.status() == 202 && accepted.find()) {
                                events.addAndGet(Long.parseLong(accepted.group(1)));
                            } else {
                                errors.incrementAndGet();
                            }
                        }
                    } catch (IOException | RuntimeException e) {
                        errors.incrementAndGet();
                        connection = close(connection);
                    }
                }
                close(connection);
            });
            thread.start();
            workers.add(thread);
        }
        for (Thread w : workers) {
            w.join();
        }
        double rate = events.get() / (double) seconds;
        System.out.printf(Locale.ROOT, "%s: %,d events in %d s = %,.0f events/s (after %d s of warm-up); errors %d%n",
                name, events.get(), seconds, rate, warmup, errors.get());
        return rate;
    }

    /** Writes the change events, then times the connector's consumer from its first commit to its last. */
    /** kpi-ingest's management URL: its API port plus 1000, as the local stack runs it. */
    private static String management(String ingest) {
        URI api = URI.create(ingest);
        return api.getScheme() + "://" + api.getHost() + ":" + (api.getPort() + 1000);
    }

    /** The sum of a counter's series whose labels include all of {@code labels}. */
    private static double metric(String management, String name, String... labels) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(management
                + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        double sum = 0;
        for (String line : response.body().split("\n")) {
            if (line.startsWith(name + "{") && Arrays.stream(labels).allMatch(line::contains)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private static double cdc(String bootstrap, String tenant, String run, int records, String management)
            throws Exception {
        String accepted = "northstar_connector_events_total";
        double acceptedBefore = metric(management, accepted, "source=\"salesforce\"", "outcome=\"accepted\"");
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            long before = committed(admin);
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                    new ByteArraySerializer())) {
                for (int i = 0; i < records; i++) {
                    ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.SALESFORCE_CDC,
                            "task-" + i, change(run, i));
                    record.headers().add("tenant", tenant.getBytes(StandardCharsets.UTF_8));
                    producer.send(record);
                }
                producer.flush();
            }
            long target = before + records;
            long started = 0;
            long startedAt = 0;
            while (true) {
                long done = committed(admin);
                long now = System.nanoTime();
                if (startedAt == 0 && done > before) {
                    startedAt = now;
                    started = done;
                }
                if (done >= target) {
                    double rate = (done - started) / ((now - startedAt) / 1e9);
                    double sent = metric(management, accepted, "source=\"salesforce\"", "outcome=\"accepted\"")
                            - acceptedBefore;
                    System.out.printf(Locale.ROOT, "cdc: %,d change events read from %s, %,.0f call.logged events"
                            + " accepted into crm.events: %,.0f events/s%n", records, Topics.SALESFORCE_CDC, sent, rate);
                    if (sent != records) {
                        throw new IllegalStateException("the change events did not all become events: " + sent);
                    }
                    return rate;
                }
                Thread.sleep(100);
            }
        }
    }

    private static long committed(Admin admin) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("kpi-ingest-salesforce-cdc")
                .partitionsToOffsetAndMetadata().get();
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(Topics.SALESFORCE_CDC))
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    private static byte[] change(String run, int i) {
        String id = "00T" + run + String.format(Locale.ROOT, "%09d", i);
        return ("{\"ChangeEventHeader\":{\"entityName\":\"Task\",\"recordIds\":[\"" + id + "\"],\"changeType\":"
                + "\"CREATE\",\"changeOrigin\":\"com/salesforce/api/soap/58.0;client=bench\",\"transactionKey\":\""
                + run + "-" + i + "\",\"sequenceNumber\":1,\"commitTimestamp\":" + (1_790_000_000_000L + i * 1000L)
                + ",\"commitNumber\":" + i + ",\"commitUser\":\"005000000000BENCH\",\"nulledFields\":[],"
                + "\"diffFields\":[],\"changedFields\":[]},\"Subject\":\"Call\",\"TaskSubtype\":\"Call\",\"OwnerId\":"
                + "\"team-" + i % 3 + "\",\"AccountId\":\"" + String.format(Locale.ROOT, "account-%05d", i % 20_000)
                + "\",\"CallDisposition\":\"Connected\",\"CallDurationInSeconds\":" + i % 900 + ",\"Status\":"
                + "\"Completed\",\"ActivityDate\":\"2026-10-01\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static KeepAliveConnection close(KeepAliveConnection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException e) {
                // gone already
            }
        }
        return null;
    }
}
