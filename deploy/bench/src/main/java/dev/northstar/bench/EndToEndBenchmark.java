package dev.northstar.bench;

import dev.northstar.stack.Probe;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.northstar.events.json.EventJson;
import dev.northstar.stack.LocalStack;
import dev.northstar.stack.ServiceProcess;
import dev.northstar.stack.demo.CrmStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The load driver and end-to-end benchmark: the whole stack as {@code ./northstar up} starts it, fed through
 * kpi-ingest's batch endpoint at a fixed event rate with realistic CRM streams — the demo generator
 * ({@link CrmStream}: partner and in-house teams, accounts, calls → appointments → deals → contracts, renewals,
 * churn, expansion, NPS, onboarding, feedback, knowledge, insights), one tenant after another, each from its own
 * seed — with a share of duplicates (events sent again later) and of late events (held back and sent after newer
 * ones). Reports every 10 s the rate acknowledged, the consumer lag of kpi-calculator and the services' resident
 * memory; at the end the 202 latency of batches and the freshness histogram (accepted → visible in reporting-api).
 *
 * <p>Usage: {@code EndToEndBenchmark [events/s=5000] [seconds=600] [duplicates=0.05] [late=0.05] [instances=1]
 * [seed=1]}: with instances 2, a second kpi-ingest (the senders spread over both) and a second kpi-calculator (the
 * partitions shared) run against the same broker and database.
 */
public final class EndToEndBenchmark {

    private static final int BATCH = 500;

    private EndToEndBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 600;
        double duplicates = args.length > 2 ? Double.parseDouble(args[2]) : 0.05;
        double late = args.length > 3 ? Double.parseDouble(args[3]) : 0.05;
        int replicas = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        long seed = args.length > 5 ? Long.parseLong(args[5]) : 1;
        Path root = Path.of(System.getProperty("northstar.root", ".")).toAbsolutePath().normalize();
        Path home = root.resolve("target/bench-e2e");
        LocalStack.Options defaults = LocalStack.Options.defaults(root);
        // the broker in a process of its own, so that its CPU is told apart from the driver's
        try (LocalStack stack = LocalStack.start(new LocalStack.Options(root, home, 0, 0, -1, 6, true,
                defaults.readyTimeout(), defaults.jvmArgs()).withBrokerProcess(), System.out)) {
            // the first minute's batches are generated before the clock starts (~360 MB at 10,000/s): in a cold
            // start the generator's own warm-up took a tenth of the machine while the stack needed all of it
            int ahead = Math.max(64, (int) Math.min(rate * 60L / BATCH, 2400));
            BlockingQueue<byte[]> batches = new ArrayBlockingQueue<>(ahead);
            Thread generator = new Thread(() -> generate(batches, seed, duplicates, late), "generator");
            generator.setDaemon(true);
            generator.start();
            while (batches.remainingCapacity() > 0) {
                Thread.sleep(100);
            }
            // more instances of kpi-ingest and kpi-calculator against the same broker and database (issue 24's scaling)
            for (int r = 2; r <= replicas; r++) {
                System.out.println("Started " + stack.startReplica("kpi-ingest") + " and "
                        + stack.startReplica("kpi-calculator"));
            }
            run(stack, batches, rate, seconds, generator);
        }
    }

    /** Where the stream's batches go. */
    interface Batches {
        void put(List<ObjectNode> batch) throws InterruptedException;
    }

    /** Tenant after tenant of demo streams, cut into batches of one tenant each, with duplicates and late events. */
    private static void generate(BlockingQueue<byte[]> out, long seed, double duplicates, double late) {
        try {
            stream(seed, duplicates, late, batch -> out.put(batch(batch)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The driver's stream, endless: tenant after tenant of demo streams, each from its own seed, in batches of one
     * tenant's events; a share of events sent again later (duplicates) and a share held back and sent after the
     * tenant's newer ones (late events).
     */
    static void stream(long seed, double duplicates, double late, Batches out) throws InterruptedException {
        Random random = new Random(seed);
        List<ObjectNode> held = new ArrayList<>();
        List<ObjectNode> sent = new ArrayList<>();
        for (int t = 0; ; t++) {
            String tenant = "load-" + t;
            List<ObjectNode> events = CrmStream.generate(seed * 1_000_003 + t, tenant, LocalDate.of(2026, 1, 1),
                    6, Instant.parse("2026-07-01T00:00:00Z"));
            List<ObjectNode> pending = new ArrayList<>();
            for (ObjectNode e : events) {
                if (random.nextDouble() < late) {
                    held.add(e);
                    continue;
                }
                pending.add(e);
                if (random.nextDouble() < duplicates && !sent.isEmpty()) {
                    pending.add(sent.get(random.nextInt(sent.size())));
                }
                sent.add(e);
                if (sent.size() > 50_000) {
                    sent.subList(0, 25_000).clear();
                }
                if (pending.size() >= BATCH) {
                    // late events of this tenant follow newer ones
                    out.put(List.copyOf(pending));
                    pending.clear();
                }
            }
            pending.addAll(held);
            held.clear();
            for (int from = 0; from < pending.size(); from += BATCH) {
                out.put(List.copyOf(pending.subList(from, Math.min(pending.size(), from + BATCH))));
            }
            sent.clear();
        }
    }

    private static byte[] batch(List<ObjectNode> events) {
        ArrayNode array = EventJson.MAPPER.createArrayNode();
        events.forEach(array::add);
        try {
            return EventJson.MAPPER.writeValueAsBytes(array);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void run(LocalStack stack, BlockingQueue<byte[]> batches, int rate, int seconds,
            Thread generator) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        // every batch holds one tenant's events, and a token may send only its own tenant's: one token per tenant
        Map<String, String> tokens = new java.util.concurrent.ConcurrentHashMap<>();
        // the senders spread over kpi-ingest's instances, as a load balancer would
        List<URI> ingests = stack.services().keySet().stream().filter(n -> n.startsWith("kpi-ingest"))
                .map(n -> URI.create(stack.url(n) + "/v1/events/batch")).toList();
        long interval = 1_000_000_000L * BATCH / rate;
        long total = (long) seconds * rate / BATCH;
        long start = System.nanoTime() + 100_000_000L;
        AtomicLong next = new AtomicLong();
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong duplicatesAnswered = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        List<Thread> senders = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            URI ingest = ingests.get(w % ingests.size());
            Thread sender = new Thread(() -> {
                for (long i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                    byte[] body;
                    try {
                        body = batches.take();
                    } catch (InterruptedException e) {
                        return;
                    }
                    long due = start + i * interval;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    String tenant = tenantOf(body);
                    String token = tokens.computeIfAbsent(tenant, t -> stack.keys().token(t, List.of("ingest"),
                            Duration.ofHours(3)));
                    HttpRequest request = HttpRequest.newBuilder(ingest).timeout(Duration.ofSeconds(60))
                            .header("Content-Type", "application/cloudevents-batch+json")
                            .header("Authorization", "Bearer " + token)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                    for (int attempt = 0; attempt < 20; attempt++) {
                        try {
                            long t0 = System.nanoTime();
                            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 202) {
                                latencies.add(System.nanoTime() - t0);
                                var answer = EventJson.MAPPER.readTree(r.body());
                                acknowledged.addAndGet(answer.path("accepted").asLong());
                                duplicatesAnswered.addAndGet(answer.path("duplicates").asLong());
                                break;
                            }
                            if (r.statusCode() != 503) {
                                refused.incrementAndGet();
                                System.err.println("refused: " + r.statusCode() + " " + r.body());
                                break;
                            }
                            Thread.sleep(500);
                        } catch (Exception e) {
                            LockSupport.parkNanos(500_000_000L);
                        }
                    }
                }
            }, "sender-" + w);
            sender.start();
            senders.add(sender);
        }
        Map<String, Long> pids = new LinkedHashMap<>();
        stack.services().forEach((name, p) -> pids.put(name, p.process().pid()));
        pids.put("kafka", CpuShares.pidOf("dev.northstar.infra.KafkaProcess"));
        pids.put("driver", ProcessHandle.current().pid());
        CpuShares tenSeconds = new CpuShares(pids, Map.of("postgres", "postgres"));
        CpuShares whole = new CpuShares(pids, Map.of("postgres", "postgres"));
        CpuShares steady = new CpuShares(pids, Map.of("postgres", "postgres"));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long generatorAtStart = threads.getThreadCpuTime(generator.getId());
        Map<String, Long> postgresAtMinute = Map.of();
        tenSeconds.start();
        whole.start();
        System.out.printf(Locale.ROOT, "%n%6s %10s %10s %12s %-33s %s%n", "t (s)", "events/s", "accepted", "calc lag",
                "resident MiB (services; stack)", "cores used in the 10 s (services, kafka, driver, postgres; machine"
                + " busy)");
        System.out.println("services in order: " + String.join(", ", stack.services().keySet()));
        long reportEvery = 10;
        long lastAccepted = 0;
        // the histograms at the end of the first minute: what comes after it is the steady state (issue 24's goals)
        Map<Double, Long> visibleAtMinute = Map.of();
        Map<Double, Long> publishedAtMinute = Map.of();
        // and at three minutes: on two cores the JVMs are still compiling for the first minutes of a cold start
        Map<Double, Long> visibleAtThree = Map.of();
        Map<Double, Long> publishedAtThree = Map.of();
        long acceptedAtMinute = -1;
        for (long s = reportEvery; ; s += reportEvery) {
            long target = start + TimeUnit.SECONDS.toNanos(s);
            while (System.nanoTime() < target) {
                LockSupport.parkNanos(target - System.nanoTime());
            }
            long accepted = acknowledged.get() + duplicatesAnswered.get();
            long lag = Probe.metricSum(http, stack.managementUrl("kpi-calculator"), "northstar_consumer_lag{");
            StringBuilder rss = new StringBuilder();
            // the whole stack: the services, the broker and PostgreSQL by proportional set size (shared pages once)
            long stackKiB = CpuShares.postgresPssKiB() + CpuShares.pssKiB(pids.get("kafka"));
            for (ServiceProcess p : stack.services().values()) {
                rss.append(String.format(Locale.ROOT, "%6d", Probe.residentMiB(p.process().pid())));
                stackKiB += CpuShares.pssKiB(p.process().pid());
            }
            rss.append(String.format(Locale.ROOT, "; %5d", stackKiB / 1024));
            StringBuilder cores = new StringBuilder();
            tenSeconds.cores().values().forEach(c -> cores.append(String.format(Locale.ROOT, " %4.2f", c)));
            cores.append(String.format(Locale.ROOT, "; %3.0f %%", tenSeconds.busyPercent()));
            tenSeconds.start();
            System.out.printf(Locale.ROOT, "%6d %10.0f %10d %12d %-33s%s%n", s, (accepted - lastAccepted)
                    / (double) reportEvery, accepted, lag, rss, cores);
            lastAccepted = accepted;
            if (s == 180) {
                visibleAtThree = histogram(http, stack.managementUrl("reporting-api"), "visible");
                publishedAtThree = histogram(http, stack.managementUrl("kpi-calculator"), "published");
            }
            if (s == 60) {
                steady.start();
                postgresAtMinute = CpuShares.postgresTicks();
                acceptedAtMinute = accepted;
                visibleAtMinute = histogram(http, stack.managementUrl("reporting-api"), "visible");
                publishedAtMinute = histogram(http, stack.managementUrl("kpi-calculator"), "published");
            }
            boolean sendersDone = senders.stream().noneMatch(Thread::isAlive);
            if (sendersDone && (lag == 0 || s > seconds + 300)) {
                break;
            }
        }
        for (Thread sender : senders) {
            sender.join();
        }
        long acceptedAtEnd = acknowledged.get() + duplicatesAnswered.get();
        double generatorSeconds = (threads.getThreadCpuTime(generator.getId()) - generatorAtStart) / 1e9;
        System.out.printf(Locale.ROOT, "%nCore-seconds per 1,000 events accepted (the whole run, %,d events): %s%n",
                acceptedAtEnd, perThousand(whole.coreSeconds(), acceptedAtEnd));
        if (acceptedAtMinute >= 0) {
            System.out.printf(Locale.ROOT, "Core-seconds per 1,000 events accepted after the first minute (%,d): %s%n",
                    acceptedAtEnd - acceptedAtMinute, perThousand(steady.coreSeconds(), acceptedAtEnd
                    - acceptedAtMinute));
            Map<String, Double> byDatabase = new LinkedHashMap<>();
            Map<String, Long> before = postgresAtMinute;
            CpuShares.postgresTicks().forEach((db, ticks) -> byDatabase.put(db, (ticks - before.getOrDefault(db, 0L))
                    / 100.0));
            System.out.printf(Locale.ROOT, "  of which PostgreSQL by database: %s%n", perThousand(byDatabase,
                    acceptedAtEnd - acceptedAtMinute));
        }
        String calculator = stack.managementUrl("kpi-calculator");
        String scraped = Probe.scrape(http, calculator);
        long hits = Probe.metricSum(scraped, "northstar_calculator_account_cache_total{", "result=\"hit\"");
        long misses = Probe.metricSum(scraped, "northstar_calculator_account_cache_total{", "result=\"miss\"");
        long fresh = Probe.metricSum(scraped, "northstar_calculator_account_cache_total{", "result=\"new\"");
        long reread = Probe.metricSum(scraped, "northstar_calculator_account_cache_facts_loaded_total", "");
        System.out.printf(Locale.ROOT, "kpi-calculator's account cache: %,d hits, %,d misses (%.1f %% hits over accounts"
                + " with a history), %,d accounts new; %.0f facts read again per 1,000 events%n", hits, misses,
                hits + misses == 0 ? 0.0 : 100.0 * hits / (hits + misses), fresh, reread * 1000.0 / acceptedAtEnd);
        // what the run left on disk, for docs/capacity.md's storage per million events
        StringBuilder disk = new StringBuilder();
        for (LocalStack.Service service : LocalStack.SERVICES) {
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(stack.postgres().jdbcUrl(
                    service.database()), stack.postgres().user(), stack.postgres().password());
                    java.sql.ResultSet r = c.createStatement().executeQuery(
                            "SELECT pg_database_size(current_database())")) {
                r.next();
                disk.append(String.format(Locale.ROOT, "%s %,d MB, ", service.database(), r.getLong(1) >> 20));
            } catch (java.sql.SQLException e) {
                disk.append(service.database()).append(" unreadable (").append(e.getMessage()).append("), ");
            }
        }
        System.out.printf(Locale.ROOT, "On disk after %,d events: %sKafka's log %,d MB%n", acceptedAtEnd, disk,
                directorySize(stack.kafkaDataDir()) >> 20);
        System.out.printf(Locale.ROOT, "The driver's generator thread used %.1f core-seconds (%.3f per 1,000 events;"
                + " %.1f %% of the machine over the run)%n", generatorSeconds, generatorSeconds * 1000 / acceptedAtEnd,
                100 * generatorSeconds / whole.seconds() / Runtime.getRuntime().availableProcessors());
        Collections.sort(latencies);
        System.out.printf(Locale.ROOT, "%nSent for %d s at %d events/s offered: %,d events acknowledged new, %,d as"
                + " duplicates, %d batches refused%n", seconds, rate, acknowledged.get(), duplicatesAnswered.get(),
                refused.get());
        if (!latencies.isEmpty()) {
            System.out.printf(Locale.ROOT, "202 latency per batch of %d: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", BATCH,
                    latencies.get(latencies.size() / 2) / 1e6,
                    latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1) / 1e6,
                    latencies.get(latencies.size() - 1) / 1e6);
        }
        Map<Double, Long> visible = histogram(http, stack.managementUrl("reporting-api"), "visible");
        Map<Double, Long> published = histogram(http, stack.managementUrl("kpi-calculator"), "published");
        System.out.println("Freshness, accepted → published (kpi-calculator): " + quantiles(published));
        System.out.println("Freshness, accepted → visible (reporting-api):    " + quantiles(visible));
        System.out.println("After the first minute, published:               " + quantiles(minus(published,
                publishedAtMinute)));
        System.out.println("After the first minute, visible:                 " + quantiles(minus(visible,
                visibleAtMinute)));
        if (!visibleAtThree.isEmpty()) {
            System.out.println("After three minutes, published:                  " + quantiles(minus(published,
                    publishedAtThree)));
            System.out.println("After three minutes, visible:                    " + quantiles(minus(visible,
                    visibleAtThree)));
        }
    }

    private static long directorySize(Path dir) {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(dir)) {
            return files.filter(java.nio.file.Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    /** Core-seconds per 1,000 events, by process. */
    static String perThousand(Map<String, Double> coreSeconds, long events) {
        StringBuilder out = new StringBuilder();
        double total = 0;
        for (Map.Entry<String, Double> e : coreSeconds.entrySet()) {
            double each = events == 0 ? 0 : e.getValue() * 1000 / events;
            total += each;
            out.append(String.format(Locale.ROOT, "%s %.3f, ", e.getKey(), each));
        }
        return out.append(String.format(Locale.ROOT, "all %.3f", total)).toString();
    }

    private static String tenantOf(byte[] batch) {
        String text = new String(batch, 0, Math.min(batch.length, 2000), java.nio.charset.StandardCharsets.UTF_8);
        int at = text.indexOf("\"tenant\":\"");
        return text.substring(at + 10, text.indexOf('"', at + 10));
    }

    /** The cumulative buckets of northstar_freshness_seconds for a stage: upper bound → count. */
    private static Map<Double, Long> histogram(HttpClient http, String base, String stage) {
        Map<Double, Long> buckets = new TreeMap<>();
        for (String line : Probe.scrape(http, base).split("\n")) {
            if (line.startsWith("northstar_freshness_seconds_bucket{") && line.contains("stage=\"" + stage + "\"")) {
                String le = line.substring(line.indexOf("le=\"") + 4, line.indexOf('"', line.indexOf("le=\"") + 4));
                double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                buckets.merge(bound, (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Long::sum);
            }
        }
        return buckets;
    }

    /** The counts of {@code later} less those of {@code earlier}, bucket by bucket (both cumulative). */
    static Map<Double, Long> minus(Map<Double, Long> later, Map<Double, Long> earlier) {
        Map<Double, Long> out = new TreeMap<>();
        later.forEach((bound, n) -> out.put(bound, n - earlier.getOrDefault(bound, 0L)));
        return out;
    }

    static String quantiles(Map<Double, Long> cumulative) {
        long total = cumulative.getOrDefault(Double.POSITIVE_INFINITY, 0L);
        if (total == 0) {
            return "no samples";
        }
        StringBuilder out = new StringBuilder(total + " values; ");
        for (double q : new double[] {0.5, 0.9, 0.99}) {
            for (Map.Entry<Double, Long> e : cumulative.entrySet()) {
                if (e.getValue() >= q * total) {
                    out.append(String.format(Locale.ROOT, "p%.0f ≤ %s s  ", q * 100, e.getKey()));
                    break;
                }
            }
        }
        // the highest value lies in the first bucket that holds them all
        for (Map.Entry<Double, Long> e : cumulative.entrySet()) {
            if (e.getValue() >= total) {
                out.append(String.format(Locale.ROOT, "max ≤ %s s", e.getKey()));
                break;
            }
        }
        return out.toString().trim();
    }
}
