package dev.northstar.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.northstar.faults.KpiFeed;
import dev.northstar.faults.KpiOracle;
import dev.northstar.stack.LocalStack;
import dev.northstar.stack.demo.ConnectorDemo;
import dev.northstar.stack.demo.CrmStream;
import dev.northstar.stack.demo.DemoLoader;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./northstar up --demo --via <crm>}: the same demo history sent as CloudEvents and, for three more tenants, as
 * Salesforce change events, HubSpot subscription batches and kintone webhooks through their connectors, on the stack as
 * {@code ./northstar up} starts it. Every tenant's KPI values in reporting-api must equal, cell by cell, the
 * independent oracle's over the demo events — so the connectors lose, add and change nothing on the way.
 */
class ConnectorDemoIT {

    private static final long SEED = 20261204L;
    private static LocalStack stack;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void startStack() throws Exception {
        Path root = Path.of(System.getProperty("northstar.root", "../..")).toAbsolutePath().normalize();
        Path home = Path.of("target", "via-stack").toAbsolutePath();
        Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        LocalStack.Options defaults = LocalStack.Options.defaults(root);
        stack = LocalStack.start(new LocalStack.Options(root, home, 0, 0, -1, 3, true, Duration.ofSeconds(120),
                defaults.jvmArgs()), System.out);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private static List<ObjectNode> demo(String tenant) {
        return CrmStream.generate(SEED, tenant, LocalDate.of(2026, 3, 2), 1, Instant.parse("2030-01-01T00:00:00Z"));
    }

    @Test
    void theDemoThroughEveryConnectorEndsWithTheCloudEventsDemosValues() throws Exception {
        String ingest = stack.url("kpi-ingest");
        Map<String, Map<String, BigDecimal[]>> expected = new TreeMap<>();
        List<ObjectNode> events = demo("via-cloudevents");
        new DemoLoader(ingest, token("via-cloudevents", "ingest")).send(events, 500);
        expected.put("via-cloudevents", KpiOracle.compute(events, ZoneId.of("Asia/Tokyo"), BigDecimal.ONE, "JPY"));
        for (ConnectorDemo.Via via : ConnectorDemo.Via.values()) {
            String tenant = "via-" + via.wireName();
            List<ObjectNode> mine = demo(tenant);
            long t0 = System.nanoTime();
            long accepted = new ConnectorDemo(ingest, tenant, token(tenant, "admin"), token(tenant, "connector"))
                    .send(via, mine);
            System.out.printf("%s: %,d demo events as its payloads, %,d accepted, in %.1f s%n", via.wireName(),
                    mine.size(), accepted, (System.nanoTime() - t0) / 1e9);
            // the oracle of the CloudEvents tenant's events: the same history, another tenant's name
            expected.put(tenant, expected.get("via-cloudevents"));
        }
        assertTrue(expected.get("via-cloudevents").size() > 1000, "a realistic demo: "
                + expected.get("via-cloudevents").size() + " cells");
        Map<String, KpiFeed> feeds = new TreeMap<>();
        for (String tenant : expected.keySet()) {
            feeds.put(tenant, new KpiFeed(HTTP, stack.url("reporting-api"), () -> token(tenant, "read")));
        }
        Map<String, List<String>> differences = new TreeMap<>();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        do {
            differences.clear();
            for (Map.Entry<String, Map<String, BigDecimal[]>> tenant : expected.entrySet()) {
                KpiFeed feed = feeds.get(tenant.getKey());
                feed.read();
                List<String> diff = compare(tenant.getValue(), feed.values());
                if (!diff.isEmpty()) {
                    differences.put(tenant.getKey(), diff.subList(0, Math.min(10, diff.size())));
                }
            }
            if (differences.isEmpty()) {
                break;
            }
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2));
        } while (System.nanoTime() < deadline);
        assertEquals(Map.of(), differences, "cells that differ from the oracle's, per tenant");
    }

    private static String token(String tenant, String role) {
        return stack.keys().token(tenant, List.of(role), Duration.ofHours(2));
    }

    private static List<String> compare(Map<String, BigDecimal[]> expected, Map<String, BigDecimal[]> actual) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, BigDecimal[]> e : expected.entrySet()) {
            BigDecimal[] got = actual.get(e.getKey());
            if (got == null || got[0].compareTo(e.getValue()[0]) != 0 || got[1].compareTo(e.getValue()[1]) != 0) {
                out.add(e.getKey() + ": oracle " + e.getValue()[0] + "/" + e.getValue()[1] + ", served "
                        + (got == null ? "nothing" : got[0] + "/" + got[1]));
            }
        }
        for (String key : actual.keySet()) {
            if (!expected.containsKey(key)) {
                out.add(key + ": served, not in the oracle");
            }
        }
        return out;
    }
}
