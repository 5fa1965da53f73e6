package dev.northstar.calculator.kpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.northstar.events.NorthstarEvent;
import dev.northstar.events.schema.EventValidator;
import dev.northstar.events.wire.EventCodec;
import dev.northstar.stack.demo.CrmStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The account rules applied batch by batch, the way kpi-calculator applies them, with events arriving late,
 * out of order and twice, add up to the same cells as all events computed at once.
 */
class IncrementalTest {

    private static final EventCodec CODEC = new EventCodec(new EventValidator());

    static List<NorthstarEvent> demo(long seed, int months) {
        return CrmStream.generate(seed, Scenario.TENANT, LocalDate.of(2026, 1, 5), months, Instant.parse("2030-01-01T00:00:00Z"))
                .stream().map(CODEC::toEvent).toList();
    }

    @Test
    void batchesOfShuffledLateAndRepeatedEventsAddUpToTheWholeComputation() {
        List<NorthstarEvent> events = new ArrayList<>(demo(7, 4));
        Random random = new Random(42);
        // a quarter of the events arrive in a random order, and one in twenty twice
        List<NorthstarEvent> arrival = new ArrayList<>(events);
        for (int i = 0; i < arrival.size() / 4; i++) {
            Collections.swap(arrival, random.nextInt(arrival.size()), random.nextInt(arrival.size()));
        }
        for (int i = 0; i < arrival.size() / 20; i++) {
            arrival.add(random.nextInt(arrival.size()), arrival.get(random.nextInt(arrival.size())));
        }
        Contributions incremental = new Contributions(Scenario.TENANT, Scenario.TOKYO.zone());
        Map<String, List<Fact>> histories = new HashMap<>();
        Map<String, AccountFold> folds = new HashMap<>();
        Set<String> seen = new HashSet<>();
        int late = 0;
        for (int from = 0; from < arrival.size(); from += 500) {
            Map<String, List<Fact>> batch = new HashMap<>();
            for (NorthstarEvent e : arrival.subList(from, Math.min(arrival.size(), from + 500))) {
                if (!seen.add(Fact.keyOf(e))) {
                    continue;
                }
                TeamRules.apply(e, incremental);
                if (Fact.isAccountType(e.type())) {
                    batch.computeIfAbsent(e.data().accountId(), k -> new ArrayList<>()).add(Fact.of(e, "JPY"));
                }
            }
            for (Map.Entry<String, List<Fact>> b : batch.entrySet()) {
                List<Fact> history = histories.computeIfAbsent(b.getKey(), k -> new ArrayList<>());
                AccountFold fold = folds.computeIfAbsent(b.getKey(), k -> new AccountFold(Scenario.TOKYO.zone()));
                if (fold.last() != null && b.getValue().stream().anyMatch(f -> !fold.accepts(f))) {
                    late++;
                }
                folds.put(b.getKey(), AccountFold.advance(fold, history, b.getValue(), incremental));
                history.addAll(b.getValue());
            }
        }
        assertTrue(late > 100, "the arrival order has late events: " + late);

        Contributions whole = Recompute.of(Scenario.TENANT, events, Scenario.TOKYO);
        Contributions difference = new Contributions(Scenario.TENANT, Scenario.TOKYO.zone());
        difference.addAll(whole, 1);
        difference.addAll(incremental, -1);
        // the tenant-wide parts (LTV, the customer base) are not the accounts' to compute
        Map<String, BigDecimal[]> left = new HashMap<>();
        difference.changes().forEach((k, v) -> {
            if (!ScopedKpi.kpi(k.kpi()).equals("new_customer_avg_ltv") && !(Recompute.BASE_KPIS.contains(ScopedKpi.kpi(k.kpi()))
                    && v[0].signum() == 0)) {
                left.put(k.toString(), v);
            }
        });
        assertEquals(Map.of(), left);
        assertTrue(whole.changes().size() > 1000, "the demo covers many cells: " + whole.changes().size());
    }

    @Test
    void aLateOwnerChangeMovesTheCustomerEventsAfterIt() {
        Scenario s = new Scenario()
                .won("2026-01-10T01:00:00Z", "a", "acc1", "d1", "1", "10", "new_business")
                .nps("2026-03-10T01:00:00Z", "a", "acc1", 10);
        List<Fact> first = s.events.stream().map(e -> Fact.of(e, "JPY")).toList();
        Contributions delta = new Contributions(Scenario.TENANT, Scenario.TOKYO.zone());
        AccountFold fold = AccountFold.advance(new AccountFold(Scenario.TOKYO.zone()), List.of(), first, delta);
        assertEquals(BigDecimal.ONE, delta.get("a", "nps", dev.northstar.events.Grain.MONTH, "2026-03")[0]);

        // arrives after the answer, but happened before it: the answer was b's
        s.ownerChanged("2026-03-01T01:00:00Z", "b", "acc1");
        Contributions late = new Contributions(Scenario.TENANT, Scenario.TOKYO.zone());
        AccountFold.advance(fold, first, List.of(Fact.of(s.events.get(2), "JPY")), late);
        BigDecimal[] a = late.get("a", "nps", dev.northstar.events.Grain.MONTH, "2026-03");
        BigDecimal[] b = late.get("b", "nps", dev.northstar.events.Grain.MONTH, "2026-03");
        assertEquals(List.of(-1, -1), List.of(a[0].intValue(), a[1].intValue()));
        assertEquals(List.of(1, 1), List.of(b[0].intValue(), b[1].intValue()));
    }
}
