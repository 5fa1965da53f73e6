package dev.northstar.stack;

import dev.northstar.infra.Broker;
import dev.northstar.infra.EmbeddedKafka;
import dev.northstar.infra.KafkaProcess;
import dev.northstar.infra.LocalPostgres;
import dev.northstar.infra.TopicSetup;
import dev.northstar.infra.LocalKeys;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * The whole stack on one machine: a real Kafka broker and PostgreSQL, the five topics, the local JWT keys and
 * the four services as separate processes. {@code ./northstar up} and the system tests start it alike.
 *
 * <p>Everything lives under one folder ({@code .northstar/} at the repository root by default): {@code kafka/},
 * {@code postgres/}, {@code keys/} and {@code logs/}.
 */
public final class LocalStack implements AutoCloseable {

    /**
     * A service of the stack: its name, Maven module, default port, database, and JVM options of its own (after the
     * stack's, so they win). Its management interface listens {@value #MANAGEMENT_OFFSET} ports higher.
     */
    public record Service(String name, String module, int port, String database, List<String> jvmArgs) {

        /** The default port of the service's management interface (health, metrics, OpenAPI). */
        public int managementPort() {
            return port + MANAGEMENT_OFFSET;
        }

        /**
         * The stack's JVM options followed by the service's own and those of the environment variable
         * {@code NORTHSTAR_JVM_ARGS_<SERVICE>} (e.g. {@code NORTHSTAR_JVM_ARGS_KPI_INGEST="-XX:StartFlightRecording"}:
         * for profiling one service, or an A/B of one service's setting).
         */
        List<String> jvmArgs(List<String> stack) {
            List<String> all = new ArrayList<>(stack);
            all.addAll(jvmArgs);
            String extra = System.getenv("NORTHSTAR_JVM_ARGS_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
            if (extra != null && !extra.isBlank()) {
                all.addAll(List.of(extra.trim().split("\\s+")));
            }
            return all;
        }
    }

    /** How far above its API port a service's management interface listens (8081 → 9081). */
    public static final int MANAGEMENT_OFFSET = 1000;

    /*
     * Heaps sized by what each service holds under 10,000 events/s (issue 24; docs/benchmarks.md): kpi-ingest's young
     * generation holds a few requests' worth of short-lived JSON (at the default third of a small heap, in-flight
     * batches were copied and promoted at every collection and the collector took a quarter of its time);
     * kpi-calculator's old generation holds the account cache (northstar.calculator.cached-facts).
     */
    public static final List<Service> SERVICES = List.of(
            new Service("kpi-ingest", "kpi-ingest", 8081, "northstar_ingest", List.of("-Xms144m", "-Xmx144m",
                    "-Xmn96m")),
            // 224 MB: ~70 MB live (the account cache's 150,000 facts ~30 MB); at 256 MB the serial collector let the old
            // generation fill the heap and the process held 403–437 MB at 10,000/s, at 224 MB 299–386 (docs/benchmarks.md)
            new Service("kpi-calculator", "kpi-calculator", 8082, "northstar_calculator", List.of("-Xmx224m",
                    "-Xmn64m")),
            // the two services off the hot path compile with C1 only: on a machine whose cores the whole stack shares,
            // their C2 compilations in the first minutes of a cold start took the cores ingest and the calculator
            // needed (at 10,000/s: freshness p99 ≤ 3 s after the first minute instead of ≤ 30 s), for ~0.08 of a core
            // more once warm, and ~30 MB less resident each
            new Service("knowledge-service", "knowledge-service", 8083, "northstar_knowledge", List.of("-Xmx192m",
                    "-XX:TieredStopAtLevel=1")),
            new Service("reporting-api", "reporting-api", 8084, "northstar_reporting", List.of("-Xmx192m",
                    "-XX:TieredStopAtLevel=1")));

    /**
     * How to start the stack. Ports of {@code 0} pick free ones (tests). {@code brokerProcess} runs the broker as a
     * process of its own, which {@link #killKafka()} can kill (the fault run); otherwise it runs in this JVM.
     */
    public record Options(Path root, Path home, int kafkaPort, int postgresPort, int portOffset, int partitions,
            boolean clean, Duration readyTimeout, List<String> jvmArgs, boolean brokerProcess) {

        public Options(Path root, Path home, int kafkaPort, int postgresPort, int portOffset, int partitions,
                boolean clean, Duration readyTimeout, List<String> jvmArgs) {
            this(root, home, kafkaPort, postgresPort, portOffset, partitions, clean, readyTimeout, jvmArgs, false);
        }

        public static Options defaults(Path root) {
            return new Options(root, root.resolve(".northstar"), 9092, 15432, 0, 6, false, Duration.ofSeconds(90),
                    // the native heap given back every 5 s (glibc keeps freed memory otherwise); a JDK 17 older than
                    // 17.0.9 has no such option and ignores it
                    List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:+IgnoreUnrecognizedVMOptions",
                            "-XX:TrimNativeHeapInterval=5000"));
        }

        /** The same, with the broker in a process of its own. */
        public Options withBrokerProcess() {
            return new Options(root, home, kafkaPort, postgresPort, portOffset, partitions, clean, readyTimeout,
                    jvmArgs, true);
        }
    }

    private final Options options;
    private final PrintStream out;
    private Broker kafka;
    private LocalPostgres postgres;
    private LocalKeys keys;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();

    private LocalStack(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** Starts everything and waits for every service to be ready; on failure stops what it started. */
    public static LocalStack start(Options options, PrintStream out) {
        LocalStack stack = new LocalStack(options, out);
        try {
            stack.startInfrastructure();
            stack.startServices();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /** Starts Kafka, PostgreSQL, the topics and the keys only. */
    public static LocalStack startInfrastructureOnly(Options options, PrintStream out) {
        LocalStack stack = new LocalStack(options, out);
        try {
            stack.startInfrastructure();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startInfrastructure() {
        Path home = options.home();
        if (options.clean()) {
            deleteRecursively(kafkaDir(home));
            deleteRecursively(home.resolve("postgres"));
            deleteRecursively(home.resolve("demo-loaded"));
        }
        long t0 = System.nanoTime();
        CompletableFuture<LocalPostgres> pg = CompletableFuture.supplyAsync(() ->
                LocalPostgres.start(home.resolve("postgres"), options.postgresPort()));
        kafka = options.brokerProcess()
                ? new KafkaProcess(kafkaDir(home), options.kafkaPort(), home.resolve("logs").resolve("kafka.log"))
                : new EmbeddedKafka(kafkaDir(home), options.kafkaPort());
        kafka.start();
        List<String> created = TopicSetup.createTopics(kafka.bootstrapServers(), options.partitions());
        out.printf("Kafka        %s (topics created: %s)%n", kafka.bootstrapServers(),
                created.isEmpty() ? "none, all existed" : String.join(", ", created));
        postgres = pg.join();
        postgres.createDatabases(SERVICES.stream().map(Service::database).toList());
        out.printf("PostgreSQL   %s:%d (%s)%n", postgres.host(), postgres.port(),
                postgres.embedded() ? "embedded, data in " + home.resolve("postgres") : "external");
        keys = LocalKeys.loadOrCreate(home.resolve("keys"));
        out.printf("Infrastructure ready in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }

    private void startServices() {
        long t0 = System.nanoTime();
        for (Service service : SERVICES) {
            int port = options.portOffset() < 0 ? EmbeddedKafka.freePort() : service.port() + options.portOffset();
            int management = options.portOffset() < 0 ? EmbeddedKafka.freePort()
                    : service.managementPort() + options.portOffset();
            services.put(service.name(), ServiceProcess.start(service.name(),
                    ServiceProcess.jar(options.root(), service.module()), port, management, environment(service),
                    service.jvmArgs(options.jvmArgs()), options.home().resolve("logs").resolve(service.name() + ".log")));
        }
        List<String> failed = new ArrayList<>();
        for (ServiceProcess process : services.values()) {
            if (!process.awaitReady(options.readyTimeout())) {
                failed.add(process.name());
            }
        }
        if (!failed.isEmpty()) {
            throw new IllegalStateException("Not ready within " + options.readyTimeout().toSeconds() + " s: " + failed
                    + "; see " + options.home().resolve("logs"));
        }
        out.printf("Services ready in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }

    /** The configuration a service process receives: where Kafka, its database and the JWT key are. */
    public Map<String, String> environment(Service service) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        // two malloc arenas instead of eight per core: the JVM's native allocations (compiler, Netty's buffers)
        // spread over many arenas kept ~30 MB more per service resident
        env.put("MALLOC_ARENA_MAX", "2");
        env.put("QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl(service.database()));
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", postgres.reactiveUrl(service.database()));
        env.put("QUARKUS_DATASOURCE_USERNAME", postgres.user());
        env.put("QUARKUS_DATASOURCE_PASSWORD", postgres.password());
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", keys.publicKeyFile().toUri().toString());
        env.put("MP_JWT_VERIFY_ISSUER", LocalKeys.ISSUER);
        env.put("MP_JWT_VERIFY_AUDIENCES", LocalKeys.AUDIENCE);
        env.put("NORTHSTAR_TOPICS_PARTITIONS", String.valueOf(options.partitions()));
        env.put("NORTHSTAR_INGEST_RAW_SHARED_TOPIC_TENANTS", "*"); // plaintext on loopback, one user: any tenant's events
        if (service.name().equals("kpi-ingest")) {
            env.put("NORTHSTAR_CONNECTORS_SECRET_KEY", keys.connectorKey()); // made locally, next to the JWT keys
        }
        if (service.name().equals("reporting-api")) {
            // the console's one-click sign-in link is a local-development mechanism: the profile "local" allows it,
            // the production profile refuses to start with it
            env.put("QUARKUS_PROFILE", "local");
            env.put("NORTHSTAR_CONSOLE_LOCAL_SIGN_IN", "true");
        }
        return env;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public LocalPostgres postgres() {
        return postgres;
    }

    public LocalKeys keys() {
        return keys;
    }

    public Broker kafka() {
        return kafka;
    }

    /** The base URL of a running service, e.g. {@code http://localhost:8084}. */
    public String url(String service) {
        ServiceProcess process = services.get(service);
        if (process == null) {
            throw new IllegalArgumentException("no such service: " + service);
        }
        return process.url();
    }

    /** The management interface of a running service, e.g. {@code http://localhost:9084}: health, metrics, OpenAPI. */
    public String managementUrl(String service) {
        ServiceProcess process = services.get(service);
        if (process == null) {
            throw new IllegalArgumentException("no such service: " + service);
        }
        return process.managementUrl();
    }

    /** Where the broker keeps its log. */
    public Path kafkaDataDir() {
        return kafkaDir(options.home());
    }

    private static Path kafkaDir(Path home) {
        return home.resolve("kafka");
    }

    public Map<String, ServiceProcess> services() {
        return services;
    }

    /**
     * Starts one more instance of a service on free ports, with the same configuration (the same database, consumer
     * groups and keys: a replica, as a Deployment's second pod), waits until it is ready and returns its name,
     * {@code <service>#<n>}; it is stopped with the stack.
     */
    public String startReplica(String name) {
        Service service = SERVICES.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no such service: " + name));
        int n = 2;
        while (services.containsKey(name + "#" + n)) {
            n++;
        }
        String replica = name + "#" + n;
        ServiceProcess process = ServiceProcess.start(replica, ServiceProcess.jar(options.root(), service.module()),
                EmbeddedKafka.freePort(), EmbeddedKafka.freePort(), environment(service),
                service.jvmArgs(options.jvmArgs()), options.home().resolve("logs").resolve(name + "-" + n + ".log"));
        services.put(replica, process);
        if (!process.awaitReady(options.readyTimeout())) {
            throw new IllegalStateException(replica + " not ready within " + options.readyTimeout().toSeconds()
                    + " s; see " + options.home().resolve("logs"));
        }
        return replica;
    }

    /** Kills a service with SIGKILL, as a crash would, and waits until it is gone. */
    public void kill(String name) {
        ServiceProcess process = running(name);
        try {
            process.process().destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops a service the way an orchestrator does (SIGTERM, then SIGKILL after 15 s). */
    public void stop(String name) {
        running(name).close();
    }

    /** Starts a stopped or killed service again on its port and waits until it is ready. */
    public void restart(String name) {
        ServiceProcess old = running(name);
        if (old.process().isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        Service service = SERVICES.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
        ServiceProcess process = ServiceProcess.start(name, ServiceProcess.jar(options.root(), service.module()),
                old.port(), old.managementPort(), environment(service), service.jvmArgs(options.jvmArgs()),
                options.home().resolve("logs").resolve(name + ".log"));
        services.put(name, process);
        if (!process.awaitReady(options.readyTimeout())) {
            throw new IllegalStateException(name + " not ready again within " + options.readyTimeout().toSeconds()
                    + " s; see " + options.home().resolve("logs"));
        }
    }

    private ServiceProcess running(String name) {
        ServiceProcess process = services.get(name);
        if (process == null) {
            throw new IllegalArgumentException("no such service: " + name);
        }
        return process;
    }

    /** Stops the Kafka broker (its log stays); {@link #startKafka()} brings it back on the same ports. */
    public void stopKafka() {
        kafka.close();
    }

    public void startKafka() {
        kafka.start();
    }

    /** Kills the broker with SIGKILL (only a broker in a process of its own: {@link Options#withBrokerProcess()}). */
    public void killKafka() {
        if (!(kafka instanceof KafkaProcess process)) {
            throw new IllegalStateException("the broker runs in this JVM; start the stack withBrokerProcess()");
        }
        process.kill();
    }

    /** Stops PostgreSQL (its data stays); {@link #startPostgres()} brings it back on the same port. */
    public void stopPostgres() {
        if (!postgres.embedded()) {
            throw new IllegalStateException("an external PostgreSQL is not stopped by the stack");
        }
        postgres.close();
    }

    /** Kills PostgreSQL with SIGKILL, postmaster and backends (its data stays); {@link #startPostgres()} recovers it. */
    public void killPostgres() {
        postgres.kill();
    }

    public void startPostgres() {
        postgres = LocalPostgres.start(options.home().resolve("postgres"), postgres.port());
    }

    /** Stops the services, then Kafka and PostgreSQL; safe to call twice. */
    @Override
    public synchronized void close() {
        List<ServiceProcess> running = new ArrayList<>(services.values());
        services.clear();
        running.parallelStream().forEach(ServiceProcess::close);
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
