package dev.northstar.calculator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.northstar.calculator.kpi.Contribution;
import dev.northstar.calculator.kpi.Contributions;
import dev.northstar.calculator.kpi.Recompute;
import dev.northstar.calculator.kpi.ScopedKpi;
import dev.northstar.calculator.kpi.TenantSettings;
import dev.northstar.events.KpiValue;
import dev.northstar.events.NorthstarEvent;
import dev.northstar.events.Topics;
import dev.northstar.events.schema.EventValidator;
import dev.northstar.events.wire.EventCodec;
import dev.northstar.stack.demo.CrmStream;
import dev.northstar.testing.CrmEventsWriter;
import dev.northstar.testing.NorthstarInfra;
import dev.northstar.testing.TopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Four months of a realistic CRM stream, partly out of order and partly sent twice, go through the real
 * crm.events into the real database: every KPI cell there, and on kpi.values, equals what the definitions
 * give for all events computed at once.
 */
@QuarkusTest
@QuarkusTestResource(NorthstarInfra.class)
class StateMatchesDefinitionTest {

    private static final String TENANT = "state-demo";
    private static final EventCodec CODEC = new EventCodec(new EventValidator());
    private static final TenantSettings SETTINGS = new TenantSettings(ZoneId.of("Asia/Tokyo"), new BigDecimal("0.7"),
            "JPY");

    @Inject
    Pool pool;

    @Inject
    io.micrometer.core.instrument.MeterRegistry meters;

    @Test
    void theCalculatorsConnectionsCommitWithoutWaitingForTheDisk() {
        // set when connections open (quarkus.datasource.reactive.additional-properties), not per transaction
        assertEquals("off", pool.query("SHOW synchronous_commit").execute().await().atMost(Duration.ofSeconds(10))
                .iterator().next().getString(0));
    }

    @Test
    void everyCellEqualsTheWholeComputation() {
        List<ObjectNode> stream = new ArrayList<>(CrmStream.generate(11, TENANT, LocalDate.of(2026, 2, 2), 4,
                Instant.parse("2030-01-01T00:00:00Z")));
        // a customer whose win turns out, late, to be another deal of the same instant (the CRM's times are to the
        // second; late-1 orders before moved-1 by identity) in another product line and segment: its revenue, LTV,
        // expansion and base move from payroll/smb to cloud-accounting/enterprise; its spans start as before, and an
        // owner change in the same batch changes them only from 20 April, but both scopes' bases change from the win
        // (1 April's base of payroll loses it, cloud-accounting's gains it)
        List<ObjectNode> late = List.of(
                event("late-1", "deal.won", "2026-03-10T10:00:00+09:00", "partner-alpha", "{\"dealId\":\"m0\","
                        + "\"amount\":\"900000\",\"currency\":\"JPY\",\"monthlyRecurringRevenue\":\"75000\","
                        + "\"kind\":\"new_business\",\"product\":\"cloud-accounting\",\"segment\":\"enterprise\"}"),
                event("late-2", "account.owner_changed", "2026-04-20T10:00:00+09:00", "inhouse", "{}"));
        stream.addAll(List.of(
                event("moved-1", "deal.won", "2026-03-10T10:00:00+09:00", "partner-alpha", "{\"dealId\":\"m1\","
                        + "\"amount\":\"600000\",\"currency\":\"JPY\",\"monthlyRecurringRevenue\":\"50000\","
                        + "\"kind\":\"new_business\",\"product\":\"payroll\",\"segment\":\"smb\"}"),
                event("moved-2", "revenue.recognized", "2026-04-01T09:00:00+09:00", "partner-alpha",
                        "{\"amount\":\"50000\",\"currency\":\"JPY\",\"product\":\"payroll\"}"),
                event("moved-3", "contract.expanded", "2026-05-15T10:00:00+09:00", "inhouse", "{\"contractId\":\"k\","
                        + "\"kind\":\"upsell\",\"amount\":\"10000\",\"currency\":\"JPY\"}"),
                event("moved-4", "account.owner_changed", "2026-05-05T10:00:00+09:00", "partner-beta", "{}")));
        List<ObjectNode> arrival = new ArrayList<>(stream);
        stream.addAll(late);
        List<NorthstarEvent> events = stream.stream().map(CODEC::toEvent).toList();
        Random random = new Random(5);
        for (int i = 0; i < arrival.size() / 5; i++) {
            Collections.swap(arrival, random.nextInt(arrival.size()), random.nextInt(arrival.size()));
        }
        for (int i = 0; i < arrival.size() / 20; i++) {
            arrival.add(arrival.get(random.nextInt(arrival.size())));
        }
        arrival.addAll(late);
        send(arrival);

        Map<String, BigDecimal[]> expected = new TreeMap<>();
        Contributions whole = Recompute.of(TENANT, events, SETTINGS);
        whole.changes().forEach((k, v) -> expected.put(name(k), v));
        assertTrue(expected.keySet().stream().anyMatch(k -> k.contains("/new_customer_avg_ltv/month/")));
        assertTrue(expected.keySet().stream().anyMatch(k -> k.contains("/expansion_rate/month/")));
        // the late win moved the customer to cloud-accounting/enterprise: March's payroll revenue won is the rest's
        assertTrue(expected.keySet().stream().anyMatch(k -> k.contains("/partner-alpha/realized_ltv_to_date/month/"
                + "2026-03/segment:enterprise")));
        // the demo's events carry products and segments: scoped cells of the account rules and the tenant-wide ones
        assertTrue(expected.keySet().stream().anyMatch(k -> k.contains("/win_rate/month/")
                && k.endsWith("/product:payroll")));
        assertTrue(expected.keySet().stream().anyMatch(k -> k.contains("/new_customer_avg_ltv/month/")
                && k.endsWith("/segment:smb")));
        assertTrue(expected.keySet().stream().anyMatch(k -> k.contains("/expansion_rate/month/")
                && k.endsWith("/product:cloud-accounting")));

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertEquals("", summary(difference(expected, stored()))));

        // every account event of the demo carries a product line and a segment: per team and month, the calls of
        // the product lines add up to the overall calls, and so do the segments' (counts are sums over scopes)
        Map<String, BigDecimal[]> state = stored();
        Map<String, BigDecimal> byProduct = new TreeMap<>();
        Map<String, BigDecimal> bySegment = new TreeMap<>();
        state.forEach((key, cell) -> {
            String[] k = key.split("/");
            if (k.length == 6 && k[2].equals("calls")) {
                String overall = String.join("/", k[0], k[1], k[2], k[3], k[4]);
                (k[5].startsWith("product:") ? byProduct : bySegment).merge(overall, cell[0], BigDecimal::add);
            }
        });
        int checked = 0;
        for (Map.Entry<String, BigDecimal[]> e : state.entrySet()) {
            String[] k = e.getKey().split("/");
            if (k.length == 5 && k[2].equals("calls") && k[3].equals("month")) {
                assertEquals(0, e.getValue()[0].compareTo(byProduct.get(e.getKey())), e.getKey());
                assertEquals(0, e.getValue()[0].compareTo(bySegment.get(e.getKey())), e.getKey());
                checked++;
            }
        }
        assertTrue(checked >= 12, "calls cells checked (3 teams × months): " + checked);

        // a batch changed more cells than one outbox row holds, so values travelled in several rows of one statement
        assertTrue(meters.get("northstar.calculator.batch.rows").tag("rows", "cells").summary().max() > 1000);

        // and kpi.values carries the same numbers, newest version per key
        Map<String, KpiValue> published = new HashMap<>();
        java.util.Set<String> matching = new java.util.HashSet<>();
        try (TopicReader reader = new TopicReader(NorthstarInfra.bootstrapServers(), Topics.KPI_VALUES)) {
            reader.until(r -> {
                KpiValue v = KpiCalculationTest.read(r);
                if (v.tenant().equals(TENANT)) {
                    KpiValue newest = published.merge(v.key(), v, (a, b) -> a.version() >= b.version() ? a : b);
                    BigDecimal[] cell = expected.get(v.key());
                    if (cell != null && same(cell, newest)) {
                        matching.add(v.key());
                    } else {
                        matching.remove(v.key());
                    }
                }
                return matching.size() == expected.size();
            }, Duration.ofSeconds(60));
        } catch (AssertionError e) {
            StringBuilder missing = new StringBuilder();
            expected.keySet().stream().filter(k -> !matching.contains(k)).limit(10).forEach(k -> missing
                    .append("\n  ").append(k).append(": expected ").append(expected.get(k)[0]).append('/')
                    .append(expected.get(k)[1]).append(", published ").append(published.get(k)));
            throw new AssertionError(expected.size() - matching.size() + " values not on kpi.values:" + missing, e);
        }
    }

    /** An event of the account {@code moved-acc} with {@code data}'s fields besides team and account. */
    private static ObjectNode event(String id, String type, String time, String team, String data) {
        try {
            ObjectNode fields = (ObjectNode) dev.northstar.events.json.EventJson.MAPPER.readTree(data);
            ObjectNode event = dev.northstar.events.json.EventJson.MAPPER.createObjectNode().put("specversion", "1.0")
                    .put("id", id).put("source", "crm://state-test").put("type", type).put("time", time)
                    .put("tenant", TENANT);
            event.putObject("data").put("teamId", team).put("accountId", "moved-acc").setAll(fields);
            return event;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean same(BigDecimal[] cell, KpiValue value) {
        return value.numerator().compareTo(cell[0]) == 0
                && (value.denominator() == null || value.denominator().compareTo(cell[1]) == 0);
    }

    private static String name(Contribution.Key k) {
        return name(k.tenant(), k.teamId(), k.kpi(), k.grain(), k.period());
    }

    /** The key of a cell's value on kpi.values (a scoped cell: its KPI id and its scope, KpiValue#key). */
    private static String name(String tenant, String team, String cell, String grain, String period) {
        String scope = ScopedKpi.scope(cell);
        String key = KpiValue.key(tenant, team, ScopedKpi.kpi(cell), grain, period);
        return scope == null ? key : key + "/" + scope;
    }

    private Map<String, BigDecimal[]> stored() {
        Map<String, BigDecimal[]> out = new TreeMap<>();
        for (Row row : pool.preparedQuery("SELECT * FROM kpi_component WHERE tenant = $1").execute(Tuple.of(TENANT))
                .await().atMost(Duration.ofSeconds(10))) {
            BigDecimal n = row.getBigDecimal("numerator");
            BigDecimal d = row.getBigDecimal("denominator");
            if (n.signum() != 0 || d.signum() != 0) {
                out.put(name(TENANT, row.getString("team_id"), row.getString("kpi"), row.getString("grain"),
                        row.getString("period")), new BigDecimal[] {n, d});
            }
        }
        return out;
    }

    private static String summary(Map<String, String> difference) {
        if (difference.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(difference.size() + " cells differ, e.g.");
        difference.entrySet().stream().limit(25).forEach(e -> out.append("\n  ").append(e.getKey()).append(": ")
                .append(e.getValue()));
        return out.toString();
    }

    /** Cells whose stored value is not the expected one, as "key: expected != stored". */
    static Map<String, String> difference(Map<String, BigDecimal[]> expected, Map<String, BigDecimal[]> stored) {
        Map<String, String> out = new TreeMap<>();
        expected.forEach((k, v) -> {
            BigDecimal[] s = stored.get(k);
            if (s == null || s[0].compareTo(v[0]) != 0 || s[1].compareTo(v[1]) != 0) {
                out.put(k, v[0] + "/" + v[1] + " != " + (s == null ? "-" : s[0] + "/" + s[1]));
            }
        });
        stored.forEach((k, s) -> {
            if (!expected.containsKey(k)) {
                out.put(k, "- != " + s[0] + "/" + s[1]);
            }
        });
        return out;
    }

    private static void send(List<ObjectNode> events) {
        CrmEventsWriter.send(NorthstarInfra.bootstrapServers(), events);
    }
}
