package dev.northstar.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.northstar.events.Scopes;
import dev.northstar.events.Topics;
import dev.northstar.events.json.EventJson;
import dev.northstar.events.wire.KafkaBinding;
import dev.northstar.stack.LocalStack;
import dev.northstar.stack.Probe;
import dev.northstar.stack.demo.CrmStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The fault run: the whole stack under a steady load of realistic CRM streams through kpi-ingest while the faults
 * that hurt happen at random moments — the Kafka broker killed with SIGKILL while requests are in flight (it runs
 * as a process of its own), kpi-ingest killed with SIGKILL mid-stream, PostgreSQL killed with SIGKILL (postmaster
 * and backends) and kept down for at least {@value #POSTGRES_DOWN_SECONDS} s, kpi-calculator killed with SIGKILL
 * three times, knowledge-service and reporting-api stopped and started again — and poison records (an unreadable
 * body, an event without a required field, a time in the year 9999) are written straight into {@code crm.events}
 * among the load. 10 % of the sends are duplicates, some events arrive late, some batches are invalid (and carry
 * valid events that must then not count).
 *
 * <p>Afterwards: {@code crm.events} holds exactly the events answered 202 (and the poison); every KPI value
 * reporting-api serves, overall and per scope (product line, market segment), equals what {@link KpiOracle} — which
 * shares no code with kpi-calculator — computes from exactly those events; knowledge-service holds exactly the
 * insights those events carry (ids derived from tenant, source and event id, origin and first tag as the domain
 * defines them), none lost, none twice; and every poison record is in the quarantine, listed by reporting-api's
 * {@code GET /v1/quarantine} for its tenant's admin.
 *
 * <p>The client behaves as a CRM integration should: it retries a batch answered 503 (or not answered at all)
 * until it gets an answer, and drops a batch answered 400.
 *
 * <p>Usage: {@code FaultRun [events/s=2500] [seconds=600] [seed=1]}; {@code deploy/bench/faults.sh} runs it.
 */
public final class FaultRun {

    /** What to run. {@code months} is the length of each tenant's stream; tenants follow one another. */
    public record Settings(int rate, int seconds, long seed, int months, double duplicates, double late,
            Path home) {
    }

    /** What happened and what was found. */
    public record Outcome(long sent, long acknowledged, long duplicatesAnswered, long invalidRefused,
            long retries, List<String> unexpected, long lostOnTopic, long leakedOnTopic, long extraCopiesOnTopic,
            int tenants, int cells, List<String> mismatches, long countedOnce, long lost, long doubled,
            List<String> faults, long convergedAfterMillis, int insightsExpected, List<String> insightMismatches,
            int poisonOnTopic, List<String> poisonNotQuarantined, long postgresDownSeconds) {

        /**
         * Whether nothing was lost, doubled, leaked or refused unexpectedly, every value and insight matched and
         * every poison record was put in the quarantine.
         */
        public boolean passed() {
            return unexpected.isEmpty() && lostOnTopic == 0 && leakedOnTopic == 0 && mismatches.isEmpty()
                    && lost == 0 && doubled == 0 && insightMismatches.isEmpty() && poisonOnTopic == POISON_COUNT
                    && poisonNotQuarantined.isEmpty();
        }
    }

    /** How many poison records the run writes. */
    public static final int POISON_COUNT = 3;
    /** How long PostgreSQL stays down after it was killed. */
    public static final int POSTGRES_DOWN_SECONDS = 60;
    /** The tenant whose poison records are written straight into crm.events. */
    static final String POISON_TENANT = "faults-poison";
    private static final String POISON_SOURCE = "urn:northstar:faults:poison";
    /** Poison records: event id → what is wrong with it. */
    static final Map<String, String> POISON = Map.of(
            "poison-unreadable", "a body that is not JSON",
            "poison-incomplete", "a call without its required outcome",
            "poison-year-9999", "a time in the year 9999");

    private static final int BATCH = 200;
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    /** KPIs whose numerator is a count of events (lost or doubled events show there first). */
    private static final Set<String> COUNTS = Set.of("calls", "appointments", "deals_won", "exec_conversations",
            "product_feedback", "knowledge_shared");

    /** One request's worth of events, all of one tenant. */
    private record Batch(String tenant, List<String> ids, byte[] body, boolean invalid) {
    }

    private final Settings settings;
    private final PrintStream out;
    private final LocalStack stack;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Set<String>> acknowledgedIds = new ConcurrentHashMap<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
    private final List<String> faultLog = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong duplicatesAnswered = new AtomicLong();
    private final AtomicLong invalidRefused = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final Map<String, String> sources = new ConcurrentHashMap<>();
    private long t0;
    private volatile long postgresDown;

    private FaultRun(Settings settings, LocalStack stack, PrintStream out) {
        this.settings = settings;
        this.stack = stack;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 2500;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 600;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        Path root = Path.of(System.getProperty("northstar.root", ".")).toAbsolutePath().normalize();
        Outcome outcome = run(root, new Settings(rate, seconds, seed, 6, 0.10, 0.05, root.resolve("target/faults")),
                System.out);
        System.exit(outcome.passed() ? 0 : 1);
    }

    /** Starts a fresh stack under {@code settings.home()}, runs the load and the faults, checks, stops it. */
    public static Outcome run(Path root, Settings settings, PrintStream out) throws Exception {
        LocalStack.Options defaults = LocalStack.Options.defaults(root);
        try (LocalStack stack = LocalStack.start(new LocalStack.Options(root, settings.home(), 0, 0, -1, 6, true,
                Duration.ofSeconds(120), defaults.jvmArgs()).withBrokerProcess(), out)) {
            return new FaultRun(settings, stack, out).run();
        }
    }

    private Outcome run() throws Exception {
        BlockingQueue<Batch> batches = new ArrayBlockingQueue<>(32);
        Thread generator = new Thread(() -> generate(batches), "fault-run-generator");
        generator.setDaemon(true);
        generator.start();
        t0 = System.nanoTime();
        Thread faults = new Thread(this::faults, "fault-run-faults");
        faults.start();
        Thread progress = new Thread(this::progress, "fault-run-progress");
        progress.setDaemon(true);
        progress.start();
        contracts = new Thread(this::recordContracts, "fault-run-contracts");
        contracts.setDaemon(true);
        contracts.start();
        send(batches);
        progress.interrupt();
        faults.join();
        generator.interrupt();
        out.printf(Locale.ROOT, "%n%.0f s: sent %,d events in batches (%,d acknowledged new, %,d answered as"
                + " duplicates, %,d in invalid batches refused, %,d retries after 503 or no answer)%n", elapsed(),
                sent.get(), acknowledged.get(), duplicatesAnswered.get(), invalidRefused.get(), retries.get());
        long[] topic = checkTopic();
        out.printf(Locale.ROOT, "crm.events: %,d acknowledged events missing, %,d unacknowledged present, %,d extra"
                + " copies (the calculator counts each identity once), %d of %d poison records%n", topic[0], topic[1],
                topic[2], topic[3], POISON.size());
        return verify(topic);
    }

    /**
     * Contract terms recorded while the load and the faults run (issue 23): their cost KPIs are compared with
     * {@link CostOracle} like every other value. faults-0: partner-alpha with a change of terms in its second month
     * (fee, share of revenue won, a monthly incentive on calls; then a share of recognised revenue for 2 months and a
     * quarterly incentive on the win rate) and partner-beta with a fee and an NPS incentive; faults-1: partner-beta
     * from its third month with shares of revenue won and of recognised revenue for 12 months.
     */
    static final Map<String, Map<String, List<CostOracle.Terms>>> CONTRACTS = Map.of(
            "faults-0", Map.of(
                    "partner-alpha", List.of(
                            new CostOracle.Terms("2026-01", new BigDecimal("500000"), new BigDecimal("0.1"), null, null,
                                    List.of(
                                    new CostOracle.Incentive("calls", "month", new BigDecimal("100"), null,
                                            new BigDecimal("50000")))),
                            new CostOracle.Terms("2026-02", new BigDecimal("400000"), new BigDecimal("0.05"),
                                    new BigDecimal("0.04"), 2, List.of(
                                    new CostOracle.Incentive("win_rate", "quarter", new BigDecimal("0.2"), null,
                                            new BigDecimal("300000"))))),
                    "partner-beta", List.of(
                            new CostOracle.Terms("2026-01", new BigDecimal("300000"), null, null, null, List.of(
                                    new CostOracle.Incentive("nps", "quarter", new BigDecimal("10"), null,
                                            new BigDecimal("100000")))))),
            "faults-1", Map.of(
                    "partner-beta", List.of(
                            new CostOracle.Terms("2026-03", new BigDecimal("250000"), new BigDecimal("0.02"),
                                    new BigDecimal("0.03"), 12, List.of()))));

    private Thread contracts;

    /**
     * Records {@link #CONTRACTS} through the API once reporting-api knows the teams, retrying through the faults
     * (a version recorded twice for the same month is the same terms: the later replaces the earlier, unchanged).
     */
    private void recordContracts() {
        try {
            for (Map.Entry<String, Map<String, List<CostOracle.Terms>>> tenant : new TreeMap<>(CONTRACTS).entrySet()) {
                String token = stack.keys().token(tenant.getKey(), List.of("admin"), Duration.ofHours(6));
                for (Map.Entry<String, List<CostOracle.Terms>> team : new TreeMap<>(tenant.getValue()).entrySet()) {
                    for (CostOracle.Terms terms : team.getValue()) {
                        while (true) {
                            int status;
                            String body;
                            try {
                                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(
                                        stack.url("reporting-api") + "/v1/teams/" + team.getKey() + "/contracts"))
                                        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(terms.json())).build(),
                                        HttpResponse.BodyHandlers.ofString());
                                status = r.statusCode();
                                body = r.body();
                            } catch (java.io.IOException e) {
                                status = -1;
                                body = e.toString();
                            }
                            if (status == 201) {
                                break;
                            }
                            if (status == 400 || status == 401 || status == 403) {
                                unexpected.add("recording " + tenant.getKey() + "/" + team.getKey() + " terms: "
                                        + status + " " + body);
                                break;
                            }
                            // 404 until the team's first events are read; 5xx or no answer during a fault
                            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
                            if (Thread.currentThread().isInterrupted()) {
                                return;
                            }
                        }
                    }
                }
            }
            out.printf(Locale.ROOT, "%.0f s: contract terms recorded for %s%n", elapsed(), new TreeMap<>(CONTRACTS)
                    .keySet());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every 30 s: events acknowledged, retries, kpi-calculator's lag and each service's resident memory. */
    private void progress() {
        long last = 0;
        for (int s = 30; !Thread.currentThread().isInterrupted(); s += 30) {
            long due = t0 + TimeUnit.SECONDS.toNanos(s);
            while (System.nanoTime() < due) {
                LockSupport.parkNanos(due - System.nanoTime());
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
            }
            long now = acknowledged.get() + duplicatesAnswered.get();
            StringBuilder rss = new StringBuilder();
            stack.services().values().forEach(p -> rss.append(' ').append(Probe.residentMiB(p.process().pid())));
            out.printf(Locale.ROOT, "%6d s  %,7.0f events/s acknowledged, %,d retries, calculator lag %,d, resident"
                    + " MiB (ingest, calculator, knowledge, reporting)%s%n", s, (now - last) / 30.0, retries.get(),
                    Probe.metricSum(http, stack.managementUrl("kpi-calculator"), "northstar_consumer_lag{"), rss);
            last = now;
        }
    }

    private double elapsed() {
        return (System.nanoTime() - t0) / 1e9;
    }

    // ------------------------------------------------------------------ the streams

    /**
     * One tenant's events: six months of the demo teams, plus what the demo does not have — owner changes
     * (accounts handed to another team after their win, and accounts assigned before any win), opportunities
     * opened by another team 59 days, exactly 60 days, 60 days and a second, and 61 days after an appointment
     * was held, and deals won in a currency other than the tenant's.
     */
    static List<ObjectNode> tenantEvents(long seed, int index, int months) {
        String tenant = "faults-" + index;
        Random random = new Random(seed * 7919 + index);
        List<ObjectNode> events = new ArrayList<>(CrmStream.generate(seed * 1_000_003 + index, tenant,
                LocalDate.of(2026, 1, 5), months, Instant.parse("2030-01-01T00:00:00Z")));
        String source = events.get(0).get("source").asText();
        List<String> teams = CrmStream.DEMO_TEAMS.stream().map(CrmStream.Profile::teamId).toList();
        List<ObjectNode> added = new ArrayList<>();
        Duration[] windows = {Duration.ofDays(59), Duration.ofDays(60), Duration.ofDays(60).plusSeconds(1),
            Duration.ofDays(61)};
        for (ObjectNode e : events) {
            String type = e.get("type").asText();
            ObjectNode data = (ObjectNode) e.get("data");
            String team = data.path("teamId").asText();
            String other = teams.get((teams.indexOf(team) + 1 + random.nextInt(teams.size() - 1)) % teams.size());
            Instant at = OffsetDateTime.parse(e.get("time").asText()).toInstant();
            if (type.equals("deal.won") && random.nextDouble() < 0.2) {
                added.add(event(source, tenant, "owner-" + added.size(), "account.owner_changed",
                        at.plus(Duration.ofHours(1 + random.nextInt(60 * 24))), other, data.get("accountId").asText(),
                        null));
            } else if (type.equals("deal.won") && random.nextDouble() < 0.05) {
                data.put("currency", "USD");
            } else if (type.equals("appointment.held") && random.nextDouble() < 0.05) {
                ObjectNode deal = EventJson.MAPPER.createObjectNode().put("dealId", "x-deal-" + added.size())
                        .put("amount", "1000000").put("currency", "JPY");
                added.add(event(source, tenant, "x-deal-" + added.size(), "deal.created",
                        at.plus(windows[random.nextInt(windows.length)]), other, data.get("accountId").asText(), deal));
            }
        }
        for (String team : teams) {
            for (int a = 36; a < 40; a++) { // accounts nobody wins: assigned to a team, then handed on
                String account = team + "-acc-" + String.format(Locale.ROOT, "%03d", a);
                Instant at = LocalDate.of(2026, 1, 5).atTime(10, 0).atZone(TOKYO).toInstant();
                added.add(event(source, tenant, "owner-" + added.size(), "account.owner_changed",
                        at.plus(Duration.ofDays(a)), teams.get((teams.indexOf(team) + 1) % teams.size()), account,
                        null));
            }
        }
        events.addAll(added);
        events.sort((x, y) -> OffsetDateTime.parse(x.get("time").asText()).toInstant()
                .compareTo(OffsetDateTime.parse(y.get("time").asText()).toInstant()));
        return events;
    }

    private static ObjectNode event(String source, String tenant, String id, String type, Instant at, String team,
            String account, ObjectNode extra) {
        ObjectNode data = EventJson.MAPPER.createObjectNode().put("teamId", team).put("accountId", account);
        if (extra != null) {
            data.setAll(extra);
        }
        ObjectNode event = EventJson.MAPPER.createObjectNode().put("specversion", "1.0").put("id", id)
                .put("source", source).put("type", type).put("time", TIME.format(at.atZone(TOKYO)))
                .put("tenant", tenant);
        event.set("data", data);
        return event;
    }

    /** Tenant after tenant, cut into batches, with duplicates, late events and a few invalid batches. */
    private void generate(BlockingQueue<Batch> out) {
        Random random = new Random(settings.seed());
        try {
            for (int t = 0; ; t++) {
                List<ObjectNode> events = tenantEvents(settings.seed(), t, settings.months());
                String tenant = "faults-" + t;
                sources.put(tenant, events.get(0).get("source").asText());
                List<ObjectNode> held = new ArrayList<>();
                List<ObjectNode> sentBefore = new ArrayList<>();
                List<ObjectNode> pending = new ArrayList<>();
                int invalid = 0;
                for (ObjectNode e : events) {
                    if (random.nextDouble() < settings.late()) {
                        held.add(e);
                        continue;
                    }
                    pending.add(e);
                    if (random.nextDouble() < settings.duplicates() && !sentBefore.isEmpty()) {
                        pending.add(sentBefore.get(random.nextInt(sentBefore.size())));
                    }
                    sentBefore.add(e);
                    if (pending.size() >= BATCH) {
                        out.put(batch(tenant, pending, false));
                        pending.clear();
                        if (random.nextDouble() < 0.03) {
                            out.put(invalidBatch(tenant, e, invalid++));
                        }
                    }
                }
                pending.addAll(held);
                Collections.shuffle(pending, random);
                for (int from = 0; from < pending.size(); from += BATCH) {
                    out.put(batch(tenant, pending.subList(from, Math.min(pending.size(), from + BATCH)), false));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Twenty valid calls that appear nowhere else, and one call without its required {@code outcome}: the batch
     * must be refused whole, so none of the twenty may ever count.
     */
    private static Batch invalidBatch(String tenant, ObjectNode like, int n) {
        List<ObjectNode> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ObjectNode call = event(like.get("source").asText(), tenant, "orphan-" + n + "-" + i, "call.logged",
                    OffsetDateTime.parse(like.get("time").asText()).toInstant(), like.get("data").get("teamId")
                            .asText(), "orphan-acc", EventJson.MAPPER.createObjectNode().put("keyPerson", false)
                            .put("outcome", "connected"));
            events.add(call);
        }
        ((ObjectNode) events.get(7).get("data")).remove("outcome");
        return batch(tenant, events, true);
    }

    private static Batch batch(String tenant, List<ObjectNode> events, boolean invalid) {
        ArrayNode array = EventJson.MAPPER.createArrayNode();
        List<String> ids = new ArrayList<>(events.size());
        for (ObjectNode e : events) {
            array.add(e);
            ids.add(e.get("id").asText());
        }
        try {
            return new Batch(tenant, ids, EventJson.MAPPER.writeValueAsBytes(array), invalid);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ load

    private void send(BlockingQueue<Batch> batches) throws InterruptedException {
        long interval = 1_000_000_000L * BATCH / settings.rate();
        long total = (long) settings.seconds() * settings.rate() / BATCH;
        AtomicLong next = new AtomicLong();
        URI ingest = URI.create(stack.url("kpi-ingest") + "/v1/events/batch");
        List<Thread> senders = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            Thread sender = new Thread(() -> {
                for (long i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                    Batch batch;
                    try {
                        batch = batches.take();
                    } catch (InterruptedException e) {
                        return;
                    }
                    long wait = t0 + i * interval - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    deliver(ingest, batch);
                }
            }, "fault-run-sender-" + w);
            sender.start();
            senders.add(sender);
        }
        for (Thread sender : senders) {
            sender.join();
        }
    }

    /** Sends until the batch is answered 202 or 400 (a real CRM retries 503s and lost connections). */
    private void deliver(URI ingest, Batch batch) {
        String token = tokens.computeIfAbsent(batch.tenant(), t -> stack.keys().token(t, List.of("ingest", "read"),
                Duration.ofHours(6)));
        HttpRequest request = HttpRequest.newBuilder(ingest).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/cloudevents-batch+json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(batch.body())).build();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        sent.addAndGet(batch.ids().size());
        for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
            if (attempt > 0) {
                retries.incrementAndGet();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.min(2000, 200L * attempt)));
            }
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                continue; // no answer: the event may or may not be in; only a retry tells
            }
            int status = response.statusCode();
            if (status == 202 && !batch.invalid()) {
                JsonNode answer = parse(response.body());
                acknowledged.addAndGet(answer.path("accepted").asLong());
                duplicatesAnswered.addAndGet(answer.path("duplicates").asLong());
                acknowledgedIds.computeIfAbsent(batch.tenant(), t -> ConcurrentHashMap.newKeySet())
                        .addAll(batch.ids());
                return;
            }
            if (status == 400 && batch.invalid()) {
                invalidRefused.addAndGet(batch.ids().size());
                return;
            }
            if (status != 503) {
                unexpected.add(String.format(Locale.ROOT, "%.0f s: %d for a%s batch of %s: %s", elapsed(), status,
                        batch.invalid() ? "n invalid" : " valid", batch.tenant(), response.body()));
                return;
            }
        }
        unexpected.add(String.format(Locale.ROOT, "a batch of %s was not answered 202 or 400 within 10 minutes",
                batch.tenant()));
    }

    private static JsonNode parse(String body) {
        try {
            return EventJson.MAPPER.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }

    // ------------------------------------------------------------------ faults

    /** The faults, in order, each at a random moment of its slice of the run (one after the other). */
    private void faults() {
        Random random = new Random(settings.seed() * 31);
        List<Map.Entry<Double, Runnable>> plan = List.of(
                Map.entry(0.08, () -> {
                    stack.killKafka();
                    log("Kafka broker killed with SIGKILL");
                    awaitNotReady("kpi-ingest");
                    stack.startKafka();
                    log("Kafka broker started again");
                }),
                Map.entry(0.17, () -> killCalculator(1)),
                Map.entry(0.25, () -> {
                    stack.kill("kpi-ingest");
                    log("kpi-ingest killed with SIGKILL");
                    stack.restart("kpi-ingest");
                    log("kpi-ingest ready again");
                }),
                Map.entry(0.32, this::writePoison),
                Map.entry(0.38, () -> {
                    stack.killPostgres();
                    long killed = System.nanoTime();
                    log("PostgreSQL killed with SIGKILL (postmaster and backends)");
                    awaitNotReady("kpi-calculator");
                    long due = killed + TimeUnit.SECONDS.toNanos(POSTGRES_DOWN_SECONDS);
                    while (System.nanoTime() < due) {
                        LockSupport.parkNanos(due - System.nanoTime());
                    }
                    stack.startPostgres();
                    postgresDown = (System.nanoTime() - killed) / 1_000_000_000L;
                    log("PostgreSQL started again after " + postgresDown + " s down");
                }),
                Map.entry(0.66, () -> killCalculator(2)),
                Map.entry(0.74, () -> {
                    stack.stop("knowledge-service");
                    log("knowledge-service stopped");
                    stack.restart("knowledge-service");
                    log("knowledge-service ready again");
                }),
                Map.entry(0.82, () -> {
                    stack.stop("reporting-api");
                    log("reporting-api stopped");
                    stack.restart("reporting-api");
                    log("reporting-api ready again");
                }),
                Map.entry(0.90, () -> killCalculator(3)));
        for (Map.Entry<Double, Runnable> step : plan) {
            double at = (step.getKey() + (random.nextDouble() - 0.5) * 0.04) * settings.seconds();
            long due = t0 + (long) (at * 1e9);
            while (System.nanoTime() < due) {
                LockSupport.parkNanos(due - System.nanoTime());
            }
            try {
                step.getValue().run();
            } catch (RuntimeException e) {
                unexpected.add(String.format(Locale.ROOT, "%.0f s: fault step failed: %s", elapsed(), e));
                log("fault step failed: " + e);
            }
        }
    }

    private void killCalculator(int n) {
        stack.kill("kpi-calculator");
        log("kpi-calculator killed with SIGKILL (" + n + " of 3)");
        stack.restart("kpi-calculator");
        log("kpi-calculator ready again");
    }

    /**
     * Writes the poison records straight into {@code crm.events}, as a faulty producer with write access would (past
     * kpi-ingest, which refuses all three): binary-mode CloudEvents whose headers are in order and whose contents can
     * never be counted.
     */
    private void writePoison() {
        ObjectNode call = event(POISON_SOURCE, POISON_TENANT, "x", "call.logged",
                Instant.parse("2026-03-02T01:00:00Z"), "partner-a", "poison-acc",
                EventJson.MAPPER.createObjectNode().put("keyPerson", true).put("outcome", "connected"));
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            for (String id : POISON.keySet()) {
                ObjectNode event = call.deepCopy().put("id", id);
                byte[] data = EventJson.MAPPER.writeValueAsBytes(event.get("data"));
                switch (id) {
                    case "poison-unreadable" -> data = "{\"teamId\": \"partner-a\", \"accountId\":"
                            .getBytes(StandardCharsets.UTF_8);
                    case "poison-incomplete" -> data = EventJson.MAPPER.writeValueAsBytes(
                            ((ObjectNode) event.get("data").deepCopy()).without("outcome"));
                    default -> { }
                }
                ProducerRecord<String, byte[]> record = KafkaBinding.record(Topics.CRM_EVENTS, event, data);
                if (id.equals("poison-year-9999")) {
                    record.headers().remove("ce_time").add("ce_time",
                            "9999-12-31T23:00:00-09:00".getBytes(StandardCharsets.UTF_8));
                }
                producer.send(record).get(30, TimeUnit.SECONDS);
            }
            log(POISON.size() + " poison records written into crm.events: " + String.join(", ",
                    new TreeMap<>(POISON).values()));
        } catch (Exception e) {
            throw new IllegalStateException("writing the poison records failed: " + e, e);
        }
    }

    private void log(String what) {
        String line = String.format(Locale.ROOT, "%6.1f s  %s", elapsed(), what);
        faultLog.add(line);
        out.println(line);
    }

    /** Waits (at most 30 s) until the service reports itself not ready: it noticed the outage. */
    private void awaitNotReady(String service) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.managementUrl(service) + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
                    log(service + " reports not ready");
                    return;
                }
            } catch (Exception e) {
                log(service + " does not answer");
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        log(service + " still reported ready after 30 s");
    }

    // ------------------------------------------------------------------ checks

    /** Reads crm.events whole: {missing acknowledged ids, present unacknowledged ids, extra copies, poison records}. */
    private long[] checkTopic() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        Map<String, Integer> copies = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor("crm.events").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
                    copies.merge(header(r, "ce_source") + "#" + header(r, "ce_id"), 1, Integer::sum);
                }
            }
        }
        Set<String> expected = new HashSet<>();
        acknowledgedIds.forEach((tenant, ids) -> {
            String source = sources.get(tenant);
            ids.forEach(id -> expected.add(source + "#" + id));
        });
        long poison = POISON.keySet().stream().filter(id -> copies.remove(POISON_SOURCE + "#" + id) != null).count();
        long missing = expected.stream().filter(k -> !copies.containsKey(k)).count();
        long leaked = copies.keySet().stream().filter(k -> !expected.contains(k)).count();
        long extra = copies.values().stream().mapToLong(c -> c - 1).sum();
        return new long[] {missing, leaked, extra, poison};
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? "?" : new String(h.value(), StandardCharsets.UTF_8);
    }

    /**
     * Waits until reporting-api serves, for every tenant, exactly the oracle's values, overall and scoped (at most 10
     * minutes), then reports the differences that remain.
     */
    private Outcome verify(long[] topic) throws Exception {
        contracts.join(TimeUnit.MINUTES.toMillis(5));
        if (contracts.isAlive()) {
            unexpected.add("the contract terms were not all recorded within 5 minutes of the load's end");
            contracts.interrupt();
        }
        Map<String, Map<String, BigDecimal[]>> expected = new TreeMap<>();
        Map<String, Map<String, BigDecimal[]>> expectedScoped = new TreeMap<>();
        Map<String, Map<String, ExpectedInsight>> insights = new TreeMap<>();
        long events = 0;
        for (Map.Entry<String, Set<String>> tenant : acknowledgedIds.entrySet()) {
            int index = Integer.parseInt(tenant.getKey().substring("faults-".length()));
            List<ObjectNode> answered = tenantEvents(settings.seed(), index, settings.months()).stream()
                    .filter(e -> tenant.getValue().contains(e.get("id").asText())).toList();
            events += answered.size();
            Map<String, BigDecimal[]> withSupport = KpiOracle.computeWithSupport(answered, TOKYO, BigDecimal.ONE, "JPY");
            Map<String, BigDecimal[]> cells = new TreeMap<>(KpiOracle.compute(answered, TOKYO, BigDecimal.ONE, "JPY"));
            Map<String, List<CostOracle.Terms>> terms = CONTRACTS.get(tenant.getKey());
            if (terms != null) {
                cells.putAll(CostOracle.compute(terms, withSupport, YearMonth.now(TOKYO), BigDecimal.ONE));
            }
            expected.put(tenant.getKey(), cells);
            // the change feed carries the scoped cells kpi-calculator keeps: every month, and the quarters and years of
            // the KPIs counted per period (the others' quarters and years are their months' sums, added up on reading)
            Map<String, BigDecimal[]> scoped = new TreeMap<>(KpiOracle.computeScoped(answered, TOKYO, BigDecimal.ONE,
                    "JPY"));
            scoped.keySet().removeIf(k -> {
                String[] key = k.split("/", 4);
                return !key[2].equals("month") && !Scopes.COUNTED_PER_PERIOD.contains(key[1]);
            });
            expectedScoped.put(tenant.getKey(), scoped);
            insights.put(tenant.getKey(), expectedInsights(tenant.getKey(), answered));
        }
        int cells = expected.values().stream().mapToInt(Map::size).sum();
        int scopedCells = expectedScoped.values().stream().mapToInt(Map::size).sum();
        out.printf(Locale.ROOT, "Oracle: %,d cells and %,d scoped cells of %d tenants from the %,d distinct events"
                + " answered 202%n", cells, scopedCells, expected.size(), events);
        long start = System.nanoTime();
        Map<String, KpiFeed> feeds = new TreeMap<>();
        Map<String, KpiFeed> scopedFeeds = new TreeMap<>();
        List<String> mismatches = List.of();
        long deadline = start + TimeUnit.MINUTES.toNanos(10);
        while (System.nanoTime() < deadline) {
            mismatches = new ArrayList<>();
            for (Map.Entry<String, Map<String, BigDecimal[]>> tenant : expected.entrySet()) {
                KpiFeed feed = feeds.computeIfAbsent(tenant.getKey(), t -> new KpiFeed(http, stack.url("reporting-api"),
                        readToken(t)));
                feed.read();
                mismatches.addAll(compare(tenant.getKey(), tenant.getValue(), feed.values()));
                KpiFeed scoped = scopedFeeds.computeIfAbsent(tenant.getKey(), t -> KpiFeed.scoped(http,
                        stack.url("reporting-api"), readToken(t)));
                scoped.read();
                mismatches.addAll(compare(tenant.getKey(), expectedScoped.get(tenant.getKey()), scoped.values()));
            }
            if (mismatches.isEmpty()) {
                break;
            }
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2));
        }
        long converged = (System.nanoTime() - start) / 1_000_000;
        long lost = 0;
        long doubled = 0;
        long countedOnce = 0;
        for (Map.Entry<String, Map<String, BigDecimal[]>> tenant : expected.entrySet()) {
            Map<String, BigDecimal[]> actual = feeds.get(tenant.getKey()).values();
            for (Map.Entry<String, BigDecimal[]> cell : tenant.getValue().entrySet()) {
                String[] key = cell.getKey().split("/");
                if (!COUNTS.contains(key[1]) || !key[2].equals("year")) {
                    continue;
                }
                long want = cell.getValue()[0].longValueExact();
                BigDecimal[] got = actual.get(cell.getKey());
                long have = got == null ? 0 : got[0].longValue();
                countedOnce += Math.min(want, have);
                lost += Math.max(0, want - have);
                doubled += Math.max(0, have - want);
            }
        }
        out.printf(Locale.ROOT, "reporting-api: %s after %.1f s; counted events (year cells of %s): %,d once, %,d"
                + " lost, %,d double%n", mismatches.isEmpty() ? "every value equals the oracle's"
                : mismatches.size() + " values differ", converged / 1000.0, COUNTS, countedOnce, lost, doubled);
        mismatches.stream().limit(40).forEach(m -> out.println("  " + m));
        int insightCount = insights.values().stream().mapToInt(Map::size).sum();
        List<String> insightMismatches = awaitInsights(insights);
        out.printf(Locale.ROOT, "knowledge-service: %s (%,d insights expected from the events answered 202)%n",
                insightMismatches.isEmpty() ? "exactly the expected insights" : insightMismatches.size()
                        + " differences", insightCount);
        insightMismatches.stream().limit(40).forEach(m -> out.println("  " + m));
        List<String> notQuarantined = awaitQuarantine();
        out.printf(Locale.ROOT, "quarantine: %s%n", notQuarantined.isEmpty() ? "every poison record listed for its"
                + " tenant's admin, put aside by kpi-calculator" : "missing " + notQuarantined);
        unexpected.forEach(u -> out.println("unexpected: " + u));
        return new Outcome(sent.get(), acknowledged.get(), duplicatesAnswered.get(), invalidRefused.get(),
                retries.get(), List.copyOf(unexpected), topic[0], topic[1], topic[2], expected.size(), cells,
                mismatches, countedOnce, lost, doubled, List.copyOf(faultLog), converged, insightCount,
                insightMismatches, (int) topic[3], notQuarantined, postgresDown);
    }

    /** The tenant's token with the read role, asked for once and then reused. */
    private Supplier<String> readToken(String tenant) {
        return () -> tokens.computeIfAbsent(tenant, x -> stack.keys().token(x, List.of("ingest", "read"),
                Duration.ofHours(6)));
    }

    /** An insight an acknowledged event must have left in knowledge-service: where it came from, its first tag. */
    record ExpectedInsight(String origin, String tag, String eventId) {
    }

    /**
     * The insights the events carry, as the domain defines them (written here from the definitions, not from
     * knowledge-service's code): every lost deal (tagged {@code loss_reason}), every NPS answer with a comment
     * ({@code customer_voice}), every feedback ({@code feature_request}), every knowledge article
     * ({@code success_story} or {@code failure_story}) and every captured insight; each identified by the name-based
     * UUID of tenant, source and event id, so that a redelivered event cannot make a second one.
     */
    static Map<String, ExpectedInsight> expectedInsights(String tenant, List<ObjectNode> answered) {
        Map<String, ExpectedInsight> out = new HashMap<>();
        for (ObjectNode e : answered) {
            String type = e.get("type").asText();
            JsonNode data = e.get("data");
            String tag = switch (type) {
                case "deal.lost" -> "loss_reason";
                case "nps.responded" -> data.path("comment").asText("").isBlank() ? null : "customer_voice";
                case "feedback.submitted" -> "feature_request";
                case "knowledge.shared" -> "success".equals(data.path("kind").asText()) ? "success_story"
                        : "failure_story";
                case "insight.captured" -> "";
                default -> null;
            };
            if (tag != null) {
                String id = UUID.nameUUIDFromBytes((tenant + "\u0000" + e.get("source").asText() + "\u0000"
                        + e.get("id").asText()).getBytes(StandardCharsets.UTF_8)).toString();
                out.put(id, new ExpectedInsight(type, tag, e.get("id").asText()));
            }
        }
        return out;
    }

    /** Waits (at most 5 minutes) until every tenant's insights are exactly the expected; returns what differs then. */
    private List<String> awaitInsights(Map<String, Map<String, ExpectedInsight>> expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (true) {
            List<String> differences = new ArrayList<>();
            for (Map.Entry<String, Map<String, ExpectedInsight>> tenant : expected.entrySet()) {
                differences.addAll(compareInsights(tenant.getKey(), tenant.getValue(), readInsights(tenant.getKey())));
            }
            if (differences.isEmpty() || System.nanoTime() > deadline) {
                return differences;
            }
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2));
        }
    }

    /** Every insight of the tenant, page after page: id → the page items' nodes (a list, to see an id twice). */
    private Map<String, List<JsonNode>> readInsights(String tenant) throws Exception {
        String token = tokens.computeIfAbsent(tenant, t -> stack.keys().token(t, List.of("ingest", "read"),
                Duration.ofHours(6)));
        Map<String, List<JsonNode>> found = new HashMap<>();
        String cursor = null;
        do {
            HttpRequest request = HttpRequest.newBuilder(URI.create(stack.url("knowledge-service")
                    + "/v1/insights?limit=200" + (cursor == null ? "" : "&cursor=" + cursor)))
                    .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("insights of " + tenant + ": " + response.statusCode() + " "
                        + response.body());
            }
            JsonNode page = parse(response.body());
            for (JsonNode item : page.get("items")) {
                found.computeIfAbsent(item.get("id").asText(), k -> new ArrayList<>()).add(item);
            }
            cursor = page.path("next").isTextual() ? page.get("next").asText() : null;
        } while (cursor != null);
        return found;
    }

    static List<String> compareInsights(String tenant, Map<String, ExpectedInsight> expected,
            Map<String, List<JsonNode>> found) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, ExpectedInsight> want : expected.entrySet()) {
            List<JsonNode> got = found.get(want.getKey());
            ExpectedInsight w = want.getValue();
            if (got == null) {
                out.add(tenant + " insight of " + w.origin() + " " + w.eventId() + ": lost");
                continue;
            }
            if (got.size() > 1) {
                out.add(tenant + " insight of " + w.origin() + " " + w.eventId() + ": listed " + got.size() + " times");
            }
            JsonNode g = got.get(0);
            boolean tagged = w.tag().isEmpty() || containsText(g.path("tags"), w.tag());
            if (!w.origin().equals(g.path("origin").asText()) || !tagged) {
                out.add(tenant + " insight of " + w.origin() + " " + w.eventId() + ": served origin "
                        + g.path("origin").asText() + ", tags " + g.path("tags"));
            }
        }
        for (Map.Entry<String, List<JsonNode>> extra : found.entrySet()) {
            if (!expected.containsKey(extra.getKey())) {
                out.add(tenant + " insight " + extra.getKey() + " (" + extra.getValue().get(0).path("origin").asText()
                        + "): from no event answered 202");
            }
        }
        return out;
    }

    private static boolean containsText(JsonNode array, String text) {
        for (JsonNode n : array) {
            if (text.equals(n.asText())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Waits (at most 2 minutes) until reporting-api lists, for the poison tenant's admin, each poison record as put
     * aside by kpi-calculator; returns the ids still missing then.
     */
    private List<String> awaitQuarantine() throws Exception {
        String token = stack.keys().token(POISON_TENANT, List.of("admin"), Duration.ofHours(1));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(stack.url("reporting-api")
                    + "/v1/quarantine?limit=1000")).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            List<String> missing = new ArrayList<>(new TreeMap<>(POISON).keySet());
            if (response.statusCode() == 200) {
                for (JsonNode item : parse(response.body()).get("items")) {
                    if ("kpi-calculator".equals(item.path("consumerGroup").asText())) {
                        missing.remove(item.path("eventId").asText());
                    }
                }
            }
            if (missing.isEmpty() || System.nanoTime() > deadline) {
                return missing;
            }
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2));
        }
    }

    private static List<String> compare(String tenant, Map<String, BigDecimal[]> expected,
            Map<String, BigDecimal[]> actual) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, BigDecimal[]> cell : expected.entrySet()) {
            BigDecimal[] got = actual.get(cell.getKey());
            if (got == null || !same(cell.getKey(), cell.getValue(), got, expected)) {
                out.add(String.format(Locale.ROOT, "%s %s: oracle %s/%s, served %s", tenant, cell.getKey(),
                        cell.getValue()[0].toPlainString(), cell.getValue()[1].toPlainString(), got == null ? "nothing"
                                : got[0].toPlainString() + "/" + got[1].toPlainString()));
            }
        }
        for (Map.Entry<String, BigDecimal[]> cell : actual.entrySet()) {
            if (!expected.containsKey(cell.getKey())) {
                out.add(String.format(Locale.ROOT, "%s %s: oracle nothing, served %s/%s", tenant, cell.getKey(),
                        cell.getValue()[0].toPlainString(), cell.getValue()[1].toPlainString()));
            }
        }
        return out;
    }

    /** Equal, but a predicted LTV may differ by rounding (the calculator rounds each to 6 decimals). */
    private static boolean same(String key, BigDecimal[] want, BigDecimal[] got, Map<String, BigDecimal[]> expected) {
        if (key.contains("/ltv_to_cost/")) {
            // the numerator is new_customer_avg_ltv's (the same rounding, 0.01 per customer); the cost is exact
            BigDecimal[] customers = expected.get(key.replace("/ltv_to_cost/", "/new_customer_avg_ltv/"));
            BigDecimal slack = new BigDecimal("0.01").multiply(customers == null ? BigDecimal.ZERO : customers[1]);
            return want[1].compareTo(got[1]) == 0 && want[0].subtract(got[0]).abs().compareTo(slack) <= 0;
        }
        if (want[1].compareTo(got[1]) != 0) {
            return false;
        }
        if (key.contains("/new_customer_avg_ltv/")) {
            return want[0].subtract(got[0]).abs().compareTo(new BigDecimal("0.01").multiply(want[1])) <= 0;
        }
        return want[0].compareTo(got[0]) == 0;
    }
}
