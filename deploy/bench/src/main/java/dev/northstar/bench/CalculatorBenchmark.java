package dev.northstar.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.northstar.events.Topics;
import dev.northstar.events.schema.EventValidator;
import dev.northstar.events.wire.EventCodec;
import dev.northstar.infra.EmbeddedKafka;
import dev.northstar.stack.LocalStack;
import dev.northstar.stack.ServiceProcess;
import dev.northstar.stack.demo.CrmStream;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventSerializer;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * kpi-calculator's throughput from topic to committed state, beside the raw consumer rate of the same topic on
 * the same broker: starts its own Kafka and PostgreSQL (under {@code target/bench-calculator}), writes a
 * realistic mix (the demo teams' funnel, every event type, {@code tenants} tenants × {@code months} months)
 * to {@code crm.events}, runs Kafka's {@code ConsumerPerformance} over it, then starts kpi-calculator on an
 * empty database and measures the time until its stored progress covers every record.
 *
 * <p>Usage: {@code CalculatorBenchmark [tenants=24] [months=12]}; needs {@code kpi-calculator} packaged.
 */
public final class CalculatorBenchmark {

    private CalculatorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int tenants = args.length > 0 ? Integer.parseInt(args[0]) : 24;
        int months = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        // "unscoped": the same events without their product lines and segments (what scopes cost, docs/benchmarks.md)
        boolean scoped = args.length <= 2 || !args[2].equals("unscoped");
        Path root = Path.of(System.getProperty("northstar.root", ".")).toAbsolutePath().normalize();
        Path home = root.resolve("target/bench-calculator");
        LocalStack.Options defaults = LocalStack.Options.defaults(root);
        try (LocalStack stack = LocalStack.startInfrastructureOnly(new LocalStack.Options(root, home, 0, 0, -1, 6,
                true, defaults.readyTimeout(), defaults.jvmArgs()), System.out)) {
            long total = produce(stack.bootstrapServers(), tenants, months, scoped);
            System.out.println();
            System.out.println("== raw Kafka: ConsumerPerformance over the same " + total + " records of crm.events");
            rawConsumer(stack.bootstrapServers(), total);

            System.out.println("== kpi-calculator: topic to committed state, empty database, 6 partitions");
            stack.postgres().createDatabases(List.of("bench_calculator"));
            LocalStack.Service service = LocalStack.SERVICES.stream()
                    .filter(s -> s.name().equals("kpi-calculator")).findFirst().orElseThrow();
            Map<String, String> env = new TreeMap<>(stack.environment(service));
            env.put("QUARKUS_DATASOURCE_JDBC_URL", stack.postgres().jdbcUrl("bench_calculator"));
            env.put("QUARKUS_DATASOURCE_REACTIVE_URL", stack.postgres().reactiveUrl("bench_calculator"));
            env.put("NORTHSTAR_CALCULATOR_GROUP_ID", "bench-calculator");
            List<String> jvm = new ArrayList<>(List.of("-Xms1g", "-Xmx2g", "-XX:+UseParallelGC"));
            // e.g. -Dbench.calculator.jvm=-XX:StartFlightRecording=filename=calc.jfr to profile the service
            String extra = System.getProperty("bench.calculator.jvm", "");
            if (!extra.isBlank()) {
                jvm.addAll(List.of(extra.trim().split("\\s+")));
            }
            try (ServiceProcess calculator = ServiceProcess.start("kpi-calculator", ServiceProcess.jar(root,
                    "kpi-calculator"), EmbeddedKafka.freePort(), EmbeddedKafka.freePort(), env, jvm,
                    home.resolve("logs/kpi-calculator.log"))) {
                if (!calculator.awaitReady(Duration.ofSeconds(90))) {
                    throw new IllegalStateException("kpi-calculator not ready; see " + home.resolve("logs"));
                }
                String db = stack.postgres().jdbcUrl("bench_calculator");
                CpuShares cpu = new CpuShares(new TreeMap<>(Map.of("kpi-calculator", calculator.process().pid(),
                        "Kafka broker (this JVM)", ProcessHandle.current().pid())), Map.of("PostgreSQL", "postgres"));
                long start = 0;
                long startCount = 0;
                long last = -1;
                while (true) {
                    long applied = progress(db, stack);
                    long now = System.nanoTime();
                    if (start == 0 && applied > 0) {
                        start = now;
                        startCount = applied;
                        cpu.start();
                    }
                    if (applied != last && start != 0) {
                        System.out.printf(Locale.ROOT, "  %,d of %,d records applied%n", applied, total);
                        last = applied;
                    }
                    if (applied >= total) {
                        double seconds = (now - start) / 1e9;
                        System.out.printf(Locale.ROOT, "kpi-calculator: %,d records in %.1f s = %,.0f events/s "
                                + "(from the first commit to the last)%n", applied - startCount, seconds,
                                (applied - startCount) / seconds);
                        System.out.println(cpu.report());
                        long published = System.nanoTime();
                        while (pending(db, stack) > 0) {
                            Thread.sleep(200);
                        }
                        System.out.printf(Locale.ROOT, "  then %.1f s until every tenant refresh and value was "
                                + "published; %,d KPI cells, %,d values sent to kpi.values%n",
                                (System.nanoTime() - published) / 1e9, cells(db, stack),
                                records(stack.bootstrapServers(), Topics.KPI_VALUES));
                        printSteps(calculator.managementUrl());
                        break;
                    }
                    Thread.sleep(500);
                }
            }
        }
    }

    /** Where a batch's time went, from the service's own timers. */
    private static void printSteps(String url) throws IOException, InterruptedException {
        java.net.http.HttpResponse<String> metrics = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "/q/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        Map<String, double[]> steps = new TreeMap<>();
        for (String line : metrics.body().split("\n")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                    "northstar_calculator_batch_step_seconds_(sum|count)\\{.*step=\"(\\w+)\".*} (\\S+)")
                    .matcher(line);
            if (m.matches()) {
                steps.computeIfAbsent(m.group(2), k -> new double[2])[m.group(1).equals("sum") ? 0 : 1] =
                        Double.parseDouble(m.group(3));
            }
        }
        steps.forEach((step, v) -> System.out.printf(Locale.ROOT, "  step %-20s %8.1f s total, %6.1f ms mean over %.0f%n",
                step, v[0], v[1] == 0 ? 0 : v[0] * 1000 / v[1], v[1]));
        Map<String, double[]> rows = new TreeMap<>();
        for (String line : metrics.body().split("\n")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                    "northstar_calculator_batch_rows_(sum|count)\\{.*rows=\"(\\w+)\".*} (\\S+)").matcher(line);
            if (m.matches()) {
                rows.computeIfAbsent(m.group(2), k -> new double[2])[m.group(1).equals("sum") ? 0 : 1] =
                        Double.parseDouble(m.group(3));
            }
        }
        rows.forEach((what, v) -> System.out.printf(Locale.ROOT, "  rows %-20s %,10.0f total, %8.1f mean per batch%n",
                what, v[0], v[1] == 0 ? 0 : v[0] / v[1]));
        double[] gc = new double[2];
        for (String line : metrics.body().split("\n")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("jvm_gc_pause_seconds_(sum|count)\\{.*} (\\S+)")
                    .matcher(line);
            if (m.matches()) {
                gc[m.group(1).equals("sum") ? 0 : 1] += Double.parseDouble(m.group(2));
            }
        }
        System.out.printf(Locale.ROOT, "  garbage collection: %.1f s of pauses in %.0f collections (whole process life)%n",
                gc[0], gc[1]);
    }

    private static long produce(String bootstrap, int tenants, int months, boolean scoped) {
        EventCodec codec = new EventCodec(new EventValidator());
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        AtomicLong bytes = new AtomicLong();
        long count = 0;
        try (KafkaProducer<String, CloudEvent> producer = new KafkaProducer<>(props, new StringSerializer(),
                new CloudEventSerializer())) {
            for (int t = 0; t < tenants; t++) {
                List<ObjectNode> events = CrmStream.generate(100 + t, String.format(Locale.ROOT, "tenant-%02d", t),
                        LocalDate.of(2025, 1, 6), months, Instant.parse("2030-01-01T00:00:00Z"), scoped);
                for (ObjectNode e : events) {
                    CloudEvent ce = codec.toCloudEvent(e);
                    bytes.addAndGet(ce.getData().toBytes().length);
                    producer.send(new ProducerRecord<>(Topics.CRM_EVENTS, codec.toEvent(e).key(), ce));
                }
                count += events.size();
                System.out.printf(Locale.ROOT, "\r  %,d events written to crm.events", count);
            }
            producer.flush();
        }
        System.out.printf(Locale.ROOT, "%n  mean data size %d bytes (plus ce_* headers)%n", bytes.get() / count);
        return count;
    }

    private static void rawConsumer(String bootstrap, long total) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "org.apache.kafka.tools.ConsumerPerformance",
                "--bootstrap-server", bootstrap, "--topic", Topics.CRM_EVENTS, "--messages", String.valueOf(total),
                "--group", "bench-raw-" + System.nanoTime(), "--timeout", "60000"));
        command.add(1, "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        out.lines().filter(l -> !l.contains("SLF4J") && !l.isBlank() && !l.contains(" INFO ") && !l.contains(" WARN "))
                .forEach(l -> System.out.println("  " + l));
    }

    /** How many records a topic has had (the sum of its partitions' end offsets). */
    private static long records(String bootstrap, String topic) throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of("bootstrap.servers", bootstrap))) {
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest =
                    new java.util.HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().forEach(p -> latest
                    .put(new org.apache.kafka.common.TopicPartition(topic, p.partition()),
                            org.apache.kafka.clients.admin.OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get().values().stream()
                    .mapToLong(org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
        }
    }

    private static long progress(String url, LocalStack stack) throws SQLException {
        return query(url, stack, "SELECT coalesce(sum(next_offset), 0) FROM consumer_offset");
    }

    private static long pending(String url, LocalStack stack) throws SQLException {
        return query(url, stack, "SELECT (SELECT count(*) FROM refresh_mark) + "
                + "(SELECT count(*) FROM kpi_outbox)");
    }

    private static long cells(String url, LocalStack stack) throws SQLException {
        return query(url, stack, "SELECT count(*) FROM kpi_component");
    }

    /** One connection for the polling (a new one per poll cost the measured PostgreSQL a backend start each time). */
    private static Connection connection;

    private static long query(String url, LocalStack stack, String sql) throws SQLException {
        if (connection == null) {
            connection = DriverManager.getConnection(url, stack.postgres().user(), stack.postgres().password());
        }
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return 0;
            }
            throw e;
        }
    }
}
