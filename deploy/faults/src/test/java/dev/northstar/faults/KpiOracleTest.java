package dev.northstar.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.northstar.events.json.EventJson;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The oracle on a hand-computed history: what the fault runs compare the whole pipeline with. */
class KpiOracleTest {

    private final List<ObjectNode> events = new ArrayList<>();

    private ObjectNode add(String type, String time, String team, String account) {
        ObjectNode data = EventJson.MAPPER.createObjectNode().put("teamId", team);
        if (account != null) {
            data.put("accountId", account);
        }
        ObjectNode e = EventJson.MAPPER.createObjectNode().put("id", "e" + events.size()).put("source", "crm://t")
                .put("type", type).put("time", time).put("tenant", "t");
        e.set("data", data);
        events.add(e);
        return data;
    }

    private Map<String, BigDecimal[]> compute() {
        return KpiOracle.compute(events, ZoneId.of("Asia/Tokyo"), new BigDecimal("0.5"), "JPY");
    }

    private static void assertCell(Map<String, BigDecimal[]> cells, String key, String numerator, String denominator) {
        BigDecimal[] cell = cells.get(key);
        if (numerator.equals("absent")) {
            assertEquals(null, cell, key);
            return;
        }
        assertEquals(numerator + "/" + denominator, cell == null ? "absent" : cell[0].stripTrailingZeros()
                .toPlainString() + "/" + cell[1].stripTrailingZeros().toPlainString(), key);
    }

    @Test
    void aHandComputedHistory() {
        add("account.targeted", "2026-03-01T00:00:00+09:00", "a", "acc1");
        add("call.logged", "2026-03-02T10:00:00+09:00", "a", "acc1").put("keyPerson", true).put("outcome", "connected");
        add("call.logged", "2026-03-02T10:05:00+09:00", "a", "acc2").put("keyPerson", true).put("outcome", "connected");
        add("conversation.held", "2026-03-02T11:00:00+09:00", "a", "acc1").put("contactRole", "executive");
        add("conversation.held", "2026-03-02T11:00:00+09:00", "a", "acc2").put("contactRole", "executive");
        add("appointment.held", "2026-03-03T10:00:00+09:00", "a", "acc1").put("appointmentId", "p1");
        add("deal.created", "2026-05-02T10:00:00+09:00", "b", "acc1").put("dealId", "x1"); // exactly 60 days
        add("appointment.held", "2026-03-03T10:00:00+09:00", "a", "acc2").put("appointmentId", "p2");
        add("deal.created", "2026-05-02T10:00:01+09:00", "b", "acc2").put("dealId", "x2"); // 60 days and 1 s
        // 23:30 UTC on the last day of March is April in Tokyo
        add("deal.won", "2026-03-31T23:30:00Z", "a", "acc1").put("dealId", "d1").put("kind", "new_business")
                .put("amount", "1200000").put("currency", "JPY").put("monthlyRecurringRevenue", "100000");
        add("deal.won", "2026-04-03T10:00:00+09:00", "a", "acc1").put("dealId", "d1").put("kind", "new_business")
                .put("amount", "1200000").put("currency", "JPY"); // the deal's second outcome: not counted
        add("deal.lost", "2026-04-10T10:00:00+09:00", "a", "acc2").put("dealId", "d2");
        add("deal.won", "2026-04-11T10:00:00+09:00", "a", "acc6").put("dealId", "d6").put("kind", "new_business")
                .put("amount", "500").put("currency", "USD"); // counts, but not its amount
        add("onboarding.started", "2026-04-02T09:00:00+09:00", "a", "acc1").put("onboardingId", "o1");
        add("onboarding.completed", "2026-07-01T09:00:00+09:00", "a", "acc1").put("onboardingId", "o1"); // day 90
        add("revenue.recognized", "2026-05-01T09:00:00+09:00", "a", "acc1").put("amount", "100000")
                .put("currency", "JPY");
        add("account.owner_changed", "2026-05-15T00:00:00+09:00", "b", "acc1");
        add("nps.responded", "2026-05-20T10:00:00+09:00", "a", "acc1").put("score", 10); // b owns it now
        add("nps.responded", "2026-05-21T10:00:00+09:00", "a", "acc9").put("score", 0); // nobody owns acc9
        add("contract.expanded", "2026-06-10T10:00:00+09:00", "a", "acc1").put("kind", "upsell");
        add("contract.churned", "2026-06-20T10:00:00+09:00", "a", "acc1").put("monthlyRecurringRevenue", "100000");
        add("feedback.submitted", "2026-06-01T10:00:00+09:00", "a", null);
        add("knowledge.shared", "2026-06-02T10:00:00+09:00", "a", null).put("kind", "failure");
        // team c's customers give the churn history: acc3 churns in June 2025, acc4 stays
        add("deal.won", "2025-01-15T10:00:00+09:00", "c", "acc3").put("dealId", "d3").put("kind", "new_business")
                .put("amount", "120").put("currency", "JPY").put("monthlyRecurringRevenue", "10");
        add("deal.won", "2025-02-10T10:00:00+09:00", "c", "acc4").put("dealId", "d4").put("kind", "new_business")
                .put("amount", "120").put("currency", "JPY").put("monthlyRecurringRevenue", "10");
        add("contract.churned", "2025-06-10T10:00:00+09:00", "c", "acc3").put("monthlyRecurringRevenue", "10");
        add("deal.won", "2026-01-20T10:00:00+09:00", "c", "acc5").put("dealId", "d5").put("kind", "new_business")
                .put("amount", "12000").put("currency", "JPY").put("monthlyRecurringRevenue", "1000");
        events.add(events.get(1).deepCopy()); // a duplicate

        Map<String, BigDecimal[]> cells = compute();
        assertCell(cells, "a/calls/month/2026-03", "2", "0");
        assertCell(cells, "a/key_person_connect_rate/month/2026-03", "1", "1"); // acc2 is no target
        assertCell(cells, "a/exec_conversations/month/2026-03", "1", "0");
        assertCell(cells, "a/appointment_quality/month/2026-03", "1", "2");
        assertCell(cells, "a/deals_won/month/2026-04", "2", "0");
        assertCell(cells, "a/deals_won/month/2026-03", "absent", "");
        assertCell(cells, "a/revenue_won/month/2026-04", "1200000", "0");
        assertCell(cells, "a/win_rate/month/2026-04", "2", "3");
        // window April 2025 – March 2026: customers at month starts 2+2+2+1×6+1+2+2 = 17, one churn
        assertCell(cells, "a/new_customer_avg_ltv/month/2026-04", "850000", "1"); // 100000 × 0.5 × 17 (acc6: no MRR)
        assertCell(cells, "a/realized_ltv_to_date/month/2026-04", "100000", "2");
        // window January – December 2025: 0+1+2+2+2+2+1×6 = 15 customer-months, one churn
        assertCell(cells, "c/new_customer_avg_ltv/month/2026-01", "7500", "1");
        assertCell(cells, "c/new_customer_avg_ltv/month/2025-01", "300", "1"); // no history: 60 months
        assertCell(cells, "a/onboarding_completion_rate/month/2026-04", "1", "1");
        assertCell(cells, "b/nps/month/2026-05", "1", "1");
        assertFalse(cells.keySet().stream().anyMatch(k -> k.startsWith("a/nps/")), "a owned nothing answered");
        assertCell(cells, "a/expansion_rate/month/2026-05", "0", "2"); // acc1 and acc6, a's at 1 May
        assertCell(cells, "b/expansion_rate/month/2026-06", "1", "1");
        assertCell(cells, "b/upsell_rate/month/2026-06", "1", "1");
        assertCell(cells, "b/cross_sell_rate/month/2026-06", "0", "1");
        assertCell(cells, "a/expansion_rate/month/2026-04", "absent", ""); // acc1 became a customer at 08:30
        assertCell(cells, "c/expansion_rate/month/2026-07", "0", "2"); // acc4 and acc5; the horizon is 1 July
        assertCell(cells, "c/expansion_rate/month/2026-08", "absent", "");
        assertCell(cells, "b/renewal_rate/month/2026-06", "0", "1");
        assertCell(cells, "b/revenue_renewal_rate/month/2026-06", "0", "100000");
        assertCell(cells, "c/renewal_rate/month/2025-06", "0", "1");
        assertCell(cells, "a/product_feedback/quarter/2026-Q2", "1", "0");
        assertCell(cells, "a/knowledge_shared_failure/year/2026", "1", "0");
        assertCell(cells, "a/calls/week/2026-W10", "2", "0");
        assertCell(cells, "a/calls/day/2026-03-02", "2", "0");
    }
}
