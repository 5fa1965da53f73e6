package dev.northstar.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.northstar.events.schema.EventValidator;
import dev.northstar.events.wire.EventCodec;
import dev.northstar.infra.EmbeddedKafka;
import dev.northstar.stack.LocalStack;
import dev.northstar.stack.ServiceProcess;
import dev.northstar.stack.demo.CrmStream;
import dev.northstar.testing.CrmEventsWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * kpi-calculator as a process against the real broker and database: an uninterrupted run, a run killed with
 * SIGKILL in the middle of the stream and restarted, two instances sharing the partitions, and a replay from
 * an empty database by a consumer group whose Kafka offsets are already at the end all leave exactly the same
 * KPI state.
 */
class CalculatorRecoveryIT {

    private static final String TENANT = "recovery";
    private static final EventCodec CODEC = new EventCodec(new EventValidator());
    private static LocalStack stack;
    private static Path root;
    private static Path logs;
    private static final List<ServiceProcess> RUNNING = new ArrayList<>();

    @BeforeAll
    static void startInfrastructure() throws Exception {
        root = Path.of(System.getProperty("northstar.root", "../..")).toAbsolutePath().normalize();
        Path home = Path.of("target", "recovery-stack").toAbsolutePath();
        logs = home.resolve("logs");
        Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        LocalStack.Options defaults = LocalStack.Options.defaults(root);
        stack = LocalStack.startInfrastructureOnly(new LocalStack.Options(root, home, 0, 0, -1, 6, true,
                Duration.ofSeconds(120), defaults.jvmArgs()), System.out);
        stack.postgres().createDatabases(List.of("calc_whole", "calc_killed", "calc_pair", "calc_replay"));
    }

    @AfterAll
    static void stop() {
        RUNNING.forEach(ServiceProcess::close);
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void killedPairedAndReplayedRunsEndWithTheSameStateAsAnUninterruptedOne() throws Exception {
        List<ObjectNode> events = stream();
        int half = events.size() / 2;
        send(events.subList(0, half));

        // killed: started on the first half, the second half arrives while it runs, SIGKILL in the middle
        ServiceProcess killed = calculator("calc_killed", "group-killed", "killed-1");
        send(events.subList(half, events.size()));
        long total = events.size();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                .until(() -> progress("calc_killed") >= total / 3);
        killed.process().destroyForcibly().waitFor();
        RUNNING.remove(killed);
        long atKill = progress("calc_killed");
        assertTrue(atKill < total, "killed in the middle: " + atKill + " of " + total);
        ServiceProcess restarted = calculator("calc_killed", "group-killed", "killed-2");
        awaitDone("calc_killed", total);
        stopAll();

        ServiceProcess whole = calculator("calc_whole", "group-whole", "whole");
        awaitDone("calc_whole", total);
        stopAll();
        Map<String, String> expected = state("calc_whole");
        assertTrue(expected.size() > 5000, "a realistic state: " + expected.size() + " cells");
        assertTrue(expected.keySet().stream().anyMatch(k -> k.contains("/new_customer_avg_ltv/")), "LTV cells");
        assertTrue(expected.keySet().stream().anyMatch(k -> k.contains("/expansion_rate/")), "expansion cells");
        assertEquals(expected, state("calc_killed"), "killed and restarted");

        calculator("calc_pair", "group-pair", "pair-1");
        calculator("calc_pair", "group-pair", "pair-2");
        awaitDone("calc_pair", total);
        stopAll();
        assertEquals(expected, state("calc_pair"), "two instances");

        // the consumer group of the uninterrupted run has committed offsets at the end; an empty database replays
        calculator("calc_replay", "group-whole", "replay");
        awaitDone("calc_replay", total);
        stopAll();
        assertEquals(expected, state("calc_replay"), "replay from scratch");
        assertTrue(restarted != null && whole != null);
    }

    /** Six months of the demo teams, a fifth of the events out of order and one in twenty sent twice. */
    private static List<ObjectNode> stream() {
        List<ObjectNode> events = new ArrayList<>(CrmStream.generate(3, TENANT, LocalDate.of(2026, 1, 5), 6,
                Instant.parse("2030-01-01T00:00:00Z")));
        Random random = new Random(9);
        for (int i = 0; i < events.size() / 5; i++) {
            Collections.swap(events, random.nextInt(events.size()), random.nextInt(events.size()));
        }
        for (int i = 0; i < events.size() / 20; i++) {
            events.add(random.nextInt(events.size()), events.get(random.nextInt(events.size())));
        }
        return events;
    }

    private static void send(List<ObjectNode> events) {
        CrmEventsWriter.send(stack.bootstrapServers(), events);
    }

    private static ServiceProcess calculator(String database, String group, String name) {
        LocalStack.Service service = LocalStack.SERVICES.stream().filter(s -> s.name().equals("kpi-calculator"))
                .findFirst().orElseThrow();
        Map<String, String> env = new TreeMap<>(stack.environment(service));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", stack.postgres().jdbcUrl(database));
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", stack.postgres().reactiveUrl(database));
        env.put("NORTHSTAR_CALCULATOR_GROUP_ID", group);
        // small batches, so that a kill lands between many commits
        env.put("NORTHSTAR_CALCULATOR_MAX_POLL_RECORDS", "500");
        ServiceProcess process = ServiceProcess.start(name, ServiceProcess.jar(root, "kpi-calculator"),
                EmbeddedKafka.freePort(), EmbeddedKafka.freePort(), env, LocalStack.Options.defaults(root).jvmArgs(),
                logs.resolve(name + ".log"));
        RUNNING.add(process);
        assertTrue(process.awaitReady(Duration.ofSeconds(90)), name + " ready; see " + logs);
        return process;
    }

    private static void stopAll() {
        RUNNING.forEach(ServiceProcess::close);
        RUNNING.clear();
    }

    /** Records of crm.events applied, by the progress stored with the state. */
    private static long progress(String database) throws SQLException {
        return single(database, "SELECT coalesce(sum(next_offset), 0) FROM consumer_offset WHERE topic = 'crm.events'");
    }

    private static long single(String database, String sql) throws SQLException {
        try (Connection c = connect(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return 0; // the service has not created its tables yet
            }
            throw e;
        }
    }

    /** Every record applied, every tenant-wide refresh done and every value published. */
    private static void awaitDone(String database, long total) {
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250)).until(() ->
                progress(database) == total
                        && single(database, "SELECT count(*) FROM refresh_mark") == 0
                        && single(database, "SELECT count(*) FROM kpi_outbox") == 0);
    }

    /** Every non-empty KPI cell: {@code team/kpi/grain/period} to {@code numerator/denominator}. */
    private static Map<String, String> state(String database) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = connect(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT team_id, kpi, grain, period, numerator, denominator FROM kpi_component WHERE tenant = '"
                        + TENANT + "' AND (numerator <> 0 OR denominator <> 0)")) {
            while (rs.next()) {
                BigDecimal n = rs.getBigDecimal(5);
                BigDecimal d = rs.getBigDecimal(6);
                out.put(rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getString(3) + "/" + rs.getString(4),
                        n.stripTrailingZeros().toPlainString() + "/" + d.stripTrailingZeros().toPlainString());
            }
        }
        return out;
    }

    private static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(stack.postgres().jdbcUrl(database), stack.postgres().user(),
                stack.postgres().password());
    }
}
