package dev.northstar.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.northstar.events.json.EventJson;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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

    private Map<String, BigDecimal[]> scoped() {
        return KpiOracle.computeScoped(events, ZoneId.of("Asia/Tokyo"), new BigDecimal("0.5"), "JPY");
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
        assertEquals(List.of(), scoped().keySet().stream().limit(5).toList(), "no product or segment: no scope");
    }

    // ------------------------------------------------------------------ scopes

    private static ObjectNode scope(ObjectNode data, String product, String segment) {
        if (product != null) {
            data.put("product", product);
        }
        if (segment != null) {
            data.put("segment", segment);
        }
        return data;
    }

    private ObjectNode won(String time, String team, String account, String deal, String product, String segment) {
        return scope(add("deal.won", time, team, account), product, segment).put("dealId", deal)
                .put("kind", "new_business").put("currency", "JPY");
    }

    /** The keys of the scoped cells of one overall cell: {@code key/<prefix>...}. */
    private static List<String> scopesOf(Map<String, BigDecimal[]> scoped, String key, String prefix) {
        return scoped.keySet().stream().filter(k -> k.startsWith(key + "/" + prefix)).toList();
    }

    /** docs/kpi-definitions.md, "Scopes": team alpha in October 2026. */
    @Test
    void theHandComputedScopesOfTheDocs() {
        scope(add("call.logged", "2026-10-05T10:00:00+09:00", "alpha", "acc1"), "A", null).put("keyPerson", false)
                .put("outcome", "connected");
        scope(add("call.logged", "2026-10-06T10:00:00+09:00", "alpha", "acc2"), "A", null).put("keyPerson", false)
                .put("outcome", "connected");
        scope(add("call.logged", "2026-10-07T10:00:00+09:00", "alpha", "acc3"), "B", null).put("keyPerson", false)
                .put("outcome", "connected");
        won("2026-10-10T10:00:00+09:00", "alpha", "acc1", "d1", "A", "enterprise").put("amount", "1000000");
        scope(add("deal.lost", "2026-10-12T10:00:00+09:00", "alpha", "acc2"), "A", "smb").put("dealId", "d2");
        won("2026-10-20T10:00:00+09:00", "alpha", "acc3", "d3", "B", "enterprise").put("amount", "500000");

        Map<String, BigDecimal[]> cells = compute();
        assertCell(cells, "alpha/calls/month/2026-10", "3", "0");
        assertCell(cells, "alpha/revenue_won/month/2026-10", "1500000", "0");
        assertCell(cells, "alpha/win_rate/month/2026-10", "2", "3");
        Map<String, BigDecimal[]> scoped = scoped();
        assertCell(scoped, "alpha/calls/month/2026-10/product:A", "2", "0");
        assertCell(scoped, "alpha/calls/month/2026-10/product:B", "1", "0");
        assertEquals(List.of(), scopesOf(scoped, "alpha/calls/month/2026-10", "segment:"), "no segment on the calls");
        assertCell(scoped, "alpha/revenue_won/month/2026-10/product:A", "1000000", "0");
        assertCell(scoped, "alpha/revenue_won/month/2026-10/product:B", "500000", "0");
        assertCell(scoped, "alpha/revenue_won/month/2026-10/segment:enterprise", "1500000", "0");
        assertCell(scoped, "alpha/revenue_won/month/2026-10/segment:smb", "absent", "");
        assertCell(scoped, "alpha/win_rate/month/2026-10/product:A", "1", "2");
        assertCell(scoped, "alpha/win_rate/month/2026-10/product:B", "1", "1");
        assertCell(scoped, "alpha/win_rate/month/2026-10/segment:enterprise", "2", "2");
        assertCell(scoped, "alpha/win_rate/month/2026-10/segment:smb", "0", "1");
        assertCell(scoped, "alpha/deals_won/month/2026-10/segment:enterprise", "2", "0");
        // at month, quarter and year (never day or week), and never one combined cell of an event's two dimensions
        assertCell(scoped, "alpha/win_rate/quarter/2026-Q4/product:A", "1", "2");
        assertCell(scoped, "alpha/win_rate/day/2026-10-12/segment:smb", "absent", "");
        assertCell(scoped, "alpha/revenue_won/week/2026-W41/product:A", "absent", "");
        assertCell(scoped, "alpha/calls/year/2026/product:A", "2", "0");
        assertTrue(scoped.keySet().stream().noneMatch(k -> k.contains("/day/") || k.contains("/week/")));
        assertTrue(scoped.keySet().stream().allMatch(k -> k.split("/").length == 5), scoped.keySet().toString());
    }

    /**
     * A customer's realised revenue counts in the scopes of its win, whatever each revenue event carries (before the
     * win too); its predicted LTV is the overall one, from the tenant's churn model, not from the scope's customers.
     */
    @Test
    void realizedRevenueAndLtvCountInTheWinsScopes() {
        // team c's customers of product B give the churn history: x2 churns in December 2025
        won("2025-06-15T10:00:00+09:00", "c", "x1", "dx1", "B", null).put("amount", "120")
                .put("monthlyRecurringRevenue", "10");
        won("2025-06-15T10:00:00+09:00", "c", "x2", "dx2", "B", null).put("amount", "120")
                .put("monthlyRecurringRevenue", "10");
        add("contract.churned", "2025-12-10T10:00:00+09:00", "c", "x2").put("monthlyRecurringRevenue", "10");
        scope(add("revenue.recognized", "2026-09-20T10:00:00+09:00", "alpha", "acc1"), "B", null)
                .put("amount", "30000").put("currency", "JPY");
        won("2026-10-05T10:00:00+09:00", "alpha", "acc1", "d1", "A", "enterprise").put("amount", "12000")
                .put("monthlyRecurringRevenue", "1000");
        scope(add("revenue.recognized", "2026-11-01T10:00:00+09:00", "alpha", "acc1"), "C", "smb")
                .put("amount", "100000").put("currency", "JPY");
        won("2026-10-08T10:00:00+09:00", "alpha", "acc2", "d2", "B", null).put("amount", "5000"); // no MRR

        // window October 2025 – September 2026: x1 at 12 month starts, x2 at 3; one churn: lifetime 15
        Map<String, BigDecimal[]> cells = compute();
        assertCell(cells, "alpha/new_customer_avg_ltv/month/2026-10", "7500", "1"); // 1000 × 0.5 × 15
        assertCell(cells, "alpha/realized_ltv_to_date/month/2026-10", "130000", "2");
        Map<String, BigDecimal[]> scoped = scoped();
        // product A alone has no churn: its own model would say 60 months (30000)
        assertCell(scoped, "alpha/new_customer_avg_ltv/month/2026-10/product:A", "7500", "1");
        assertCell(scoped, "alpha/new_customer_avg_ltv/month/2026-10/segment:enterprise", "7500", "1");
        assertCell(scoped, "alpha/new_customer_avg_ltv/month/2026-10/product:B", "absent", "");
        assertCell(scoped, "alpha/realized_ltv_to_date/month/2026-10/product:A", "130000", "1");
        assertCell(scoped, "alpha/realized_ltv_to_date/month/2026-10/segment:enterprise", "130000", "1");
        assertCell(scoped, "alpha/realized_ltv_to_date/month/2026-10/product:B", "0", "1"); // acc2 paid nothing
        assertEquals(List.of(), scopesOf(scoped, "alpha/realized_ltv_to_date/month/2026-10", "product:C"));
        assertEquals(List.of(), scopesOf(scoped, "alpha/realized_ltv_to_date/month/2026-10", "segment:smb"));
        assertEquals(List.of(), scopesOf(scoped, "alpha/realized_ltv_to_date/month/2026-09", ""));
        assertEquals(List.of(), scopesOf(scoped, "alpha/realized_ltv_to_date/month/2026-11", ""));
    }

    /** The expansion base of a scope: the team's customers at the period's start whose winning deal is in it. */
    @Test
    void theExpansionBaseIsTheScopesCustomers() {
        won("2026-09-10T10:00:00+09:00", "alpha", "acc1", "d1", "A", "enterprise");
        won("2026-09-11T10:00:00+09:00", "alpha", "acc2", "d2", "A", "smb");
        won("2026-09-12T10:00:00+09:00", "alpha", "acc3", "d3", "B", null);
        won("2026-09-13T10:00:00+09:00", "alpha", "acc4", "d4", null, null);
        won("2026-08-10T10:00:00+09:00", "alpha", "acc5", "d5", "A", null);
        add("contract.churned", "2026-09-20T10:00:00+09:00", "alpha", "acc5"); // no customer on 1 October
        // the expansion's own product and segment do not matter: acc1 was won in A, enterprise
        scope(add("contract.expanded", "2026-10-05T10:00:00+09:00", "alpha", "acc1"), "B", "smb").put("kind", "upsell");
        add("contract.expanded", "2026-10-06T10:00:00+09:00", "alpha", "acc3").put("kind", "cross_sell");
        add("contract.expanded", "2026-10-07T10:00:00+09:00", "alpha", "acc4").put("kind", "upsell");

        assertCell(compute(), "alpha/expansion_rate/month/2026-10", "3", "4");
        Map<String, BigDecimal[]> scoped = scoped();
        assertCell(scoped, "alpha/expansion_rate/month/2026-10/product:A", "1", "2");
        assertCell(scoped, "alpha/upsell_rate/month/2026-10/product:A", "1", "2");
        assertCell(scoped, "alpha/cross_sell_rate/month/2026-10/product:A", "0", "2");
        assertCell(scoped, "alpha/expansion_rate/month/2026-10/product:B", "1", "1");
        assertCell(scoped, "alpha/upsell_rate/month/2026-10/product:B", "0", "1");
        assertCell(scoped, "alpha/cross_sell_rate/month/2026-10/product:B", "1", "1");
        assertCell(scoped, "alpha/expansion_rate/month/2026-10/segment:enterprise", "1", "1");
        assertCell(scoped, "alpha/expansion_rate/month/2026-10/segment:smb", "0", "1");
        assertCell(scoped, "alpha/expansion_rate/month/2026-09/product:A", "0", "1"); // acc5 on 1 September
    }

    /** appointment_quality belongs to the held appointment's scopes; the deal.created only decides the numerator. */
    @Test
    void anAppointmentCountsInItsOwnScopeNotInTheDeals() {
        scope(add("appointment.held", "2026-10-01T10:00:00+09:00", "alpha", "acc1"), "A", null)
                .put("appointmentId", "p1");
        scope(add("deal.created", "2026-10-20T10:00:00+09:00", "beta", "acc1"), "B", "smb").put("dealId", "x1");

        assertCell(compute(), "alpha/appointment_quality/month/2026-10", "1", "1");
        Map<String, BigDecimal[]> scoped = scoped();
        assertCell(scoped, "alpha/appointment_quality/month/2026-10/product:A", "1", "1");
        assertEquals(List.of("alpha/appointment_quality/month/2026-10/product:A"),
                scopesOf(scoped, "alpha/appointment_quality/month/2026-10", ""));
    }

    /**
     * The other subjects: a deal's first outcome (not a later one), an onboarding's first start, and the renewal,
     * churn and NPS events themselves (not the customer's win).
     */
    @Test
    void theFirstOutcomeTheFirstStartAndTheContractEventsAreSubjects() {
        scope(add("deal.lost", "2026-10-01T10:00:00+09:00", "alpha", "acc1"), "A", null).put("dealId", "d1");
        won("2026-10-05T10:00:00+09:00", "alpha", "acc1", "d1", "B", null).put("amount", "1000"); // a second outcome
        won("2026-09-01T10:00:00+09:00", "alpha", "acc2", "d2", "D", null).put("amount", "1000");
        scope(add("onboarding.started", "2026-10-02T10:00:00+09:00", "alpha", "acc2"), "A", null)
                .put("onboardingId", "o1");
        scope(add("onboarding.started", "2026-10-03T10:00:00+09:00", "alpha", "acc2"), "B", null)
                .put("onboardingId", "o1");
        add("onboarding.completed", "2026-10-10T10:00:00+09:00", "alpha", "acc2").put("onboardingId", "o1");
        scope(add("contract.renewed", "2026-10-15T10:00:00+09:00", "alpha", "acc2"), "C", "smb")
                .put("monthlyRecurringRevenue", "100");
        scope(add("nps.responded", "2026-10-16T10:00:00+09:00", "alpha", "acc2"), null, "smb").put("score", 3);
        scope(add("contract.churned", "2026-10-20T10:00:00+09:00", "alpha", "acc2"), "C", null)
                .put("monthlyRecurringRevenue", "50");

        Map<String, BigDecimal[]> scoped = scoped();
        assertCell(scoped, "alpha/win_rate/month/2026-10/product:A", "0", "1");
        assertEquals(List.of(), scopesOf(scoped, "alpha/win_rate/month/2026-10", "product:B"));
        assertEquals(List.of(), scopesOf(scoped, "alpha/deals_won/month/2026-10", ""));
        assertCell(scoped, "alpha/onboarding_completion_rate/month/2026-10/product:A", "1", "1");
        assertEquals(List.of("alpha/onboarding_completion_rate/month/2026-10/product:A"),
                scopesOf(scoped, "alpha/onboarding_completion_rate/month/2026-10", ""));
        assertCell(scoped, "alpha/renewal_rate/month/2026-10/product:C", "1", "2");
        assertCell(scoped, "alpha/renewal_rate/month/2026-10/segment:smb", "1", "1");
        assertCell(scoped, "alpha/revenue_renewal_rate/month/2026-10/product:C", "100", "150");
        assertCell(scoped, "alpha/nps/month/2026-10/segment:smb", "-1", "1");
        assertEquals(List.of(), scopesOf(scoped, "alpha/renewal_rate/month/2026-10", "product:D"));
        assertEquals(List.of(), scopesOf(scoped, "alpha/nps/month/2026-10", "product:"));
    }

    /**
     * A history where every event carries a product (and every other one a segment), with every KPI: each product
     * cell's numerators and denominators add up to the overall cell's, at every grain; the segments, which some
     * subjects lack, never add up to more than the overall (and here to less).
     */
    @Test
    void scopedCellsAddUpToTheOverallWhenEveryEventCarriesAProduct() {
        String[] products = {"A", "B", "C"};
        int n = 0;
        for (int i = 0; i < 24; i++) {
            String team = i % 2 == 0 ? "alpha" : "beta";
            String account = "acc" + i;
            String day = String.format(Locale.ROOT, "2026-10-%02dT", 1 + i);
            String later = String.format(Locale.ROOT, "2026-11-%02dT", 1 + i);
            List<ObjectNode> history = new ArrayList<>();
            if (i % 4 != 3) {
                history.add(add("account.targeted", day + "08:00:00+09:00", team, account));
            }
            history.add(add("call.logged", day + "09:00:00+09:00", team, account).put("keyPerson", i % 3 == 0)
                    .put("outcome", i % 5 == 0 ? "no_answer" : "connected"));
            history.add(add("conversation.held", day + "09:30:00+09:00", team, account)
                    .put("contactRole", i % 2 == 0 ? "executive" : "manager"));
            history.add(add("appointment.set", day + "10:00:00+09:00", team, account).put("appointmentId", "s" + i));
            history.add(add("appointment.held", day + "11:00:00+09:00", team, account).put("appointmentId", "h" + i));
            if (i % 3 == 0) {
                history.add(add("deal.created", later + "10:00:00+09:00", "gamma", account).put("dealId", "c" + i));
            }
            history.add(add("feedback.submitted", day + "12:00:00+09:00", team, null));
            history.add(add("knowledge.shared", day + "13:00:00+09:00", team, null)
                    .put("kind", i % 2 == 0 ? "success" : "failure"));
            if (i % 4 == 2) {
                history.add(add("deal.lost", day + "14:00:00+09:00", team, account).put("dealId", "d" + i));
                history.add(add("nps.responded", later + "09:00:00+09:00", team, account).put("score", 9));
            } else {
                history.add(add("deal.won", day + "14:00:00+09:00", team, account).put("dealId", "d" + i)
                        .put("kind", i % 8 == 0 ? "expansion" : "new_business")
                        .put("amount", String.valueOf(1000 * (i + 1))).put("currency", "JPY")
                        .put("monthlyRecurringRevenue", String.valueOf(100 * (i + 1))));
                history.add(add("revenue.recognized", later + "09:00:00+09:00", team, account)
                        .put("amount", String.valueOf(10 * i)).put("currency", "JPY"));
                history.add(add("onboarding.started", day + "15:00:00+09:00", team, account)
                        .put("onboardingId", "o" + i));
                if (i % 3 != 1) {
                    history.add(add("onboarding.completed", later + "15:00:00+09:00", team, account)
                            .put("onboardingId", "o" + i));
                }
                history.add(add("contract.expanded", later + "16:00:00+09:00", team, account)
                        .put("kind", i % 3 == 0 ? "upsell" : "cross_sell"));
                history.add(add("nps.responded", later + "17:00:00+09:00", team, account).put("score", i % 11));
                history.add(add(i % 5 == 0 ? "contract.churned" : "contract.renewed", "2026-12-15T10:00:00+09:00",
                        team, account).put("monthlyRecurringRevenue", String.valueOf(100 * (i + 1))));
            }
            for (ObjectNode data : history) {
                scope(data, products[n % 3], n % 2 == 0 ? "seg" + (n % 4) : null);
                n++;
            }
        }

        Map<String, BigDecimal[]> overall = compute();
        Set<String> kpis = new TreeSet<>();
        overall.keySet().forEach(k -> kpis.add(k.split("/")[1]));
        assertEquals(new TreeSet<>(List.of("appointment_quality", "appointments", "calls", "cross_sell_rate",
                "deals_won", "exec_conversations", "expansion_rate", "key_person_connect_rate", "knowledge_shared",
                "knowledge_shared_failure", "knowledge_shared_success", "new_customer_avg_ltv", "nps",
                "onboarding_completion_rate", "product_feedback", "realized_ltv_to_date", "renewal_rate",
                "revenue_renewal_rate", "revenue_won", "upsell_rate", "win_rate")), kpis, "every KPI is there");
        Map<String, BigDecimal[]> scoped = scoped();
        Set<String> counts = Set.of("calls", "appointments", "exec_conversations", "product_feedback",
                "knowledge_shared", "knowledge_shared_success", "knowledge_shared_failure", "deals_won", "revenue_won");
        boolean segmentsLess = false;
        for (Map.Entry<String, BigDecimal[]> cell : overall.entrySet()) {
            String grain = cell.getKey().split("/")[2];
            if (grain.equals("day") || grain.equals("week")) {
                continue; // scopes have month, quarter and year
            }
            BigDecimal[] byProduct = sum(scoped, cell.getKey() + "/product:");
            assertEquals(cell.getValue()[0].stripTrailingZeros().toPlainString() + "/"
                    + cell.getValue()[1].stripTrailingZeros().toPlainString(), byProduct[0].stripTrailingZeros()
                    .toPlainString() + "/" + byProduct[1].stripTrailingZeros().toPlainString(), cell.getKey());
            BigDecimal[] segments = sum(scoped, cell.getKey() + "/segment:");
            assertTrue(segments[1].compareTo(cell.getValue()[1]) <= 0, cell.getKey());
            if (counts.contains(cell.getKey().split("/")[1])) {
                assertTrue(segments[0].compareTo(cell.getValue()[0]) <= 0, cell.getKey());
                segmentsLess |= segments[0].compareTo(cell.getValue()[0]) < 0;
            }
        }
        assertTrue(segmentsLess, "some subjects have no segment");
        for (String key : scoped.keySet()) {
            assertTrue(overall.containsKey(key.substring(0, key.lastIndexOf('/'))), key + " has an overall cell");
        }
    }

    private static BigDecimal[] sum(Map<String, BigDecimal[]> cells, String prefix) {
        BigDecimal[] total = {BigDecimal.ZERO, BigDecimal.ZERO};
        cells.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                total[0] = total[0].add(v[0]);
                total[1] = total[1].add(v[1]);
            }
        });
        return total;
    }

    /** The support figures of the cost KPIs (MRR at win, cohorts) are the team's: never scoped. */
    @Test
    void supportFiguresAreNeverScoped() {
        won("2026-10-05T10:00:00+09:00", "alpha", "acc1", "d1", "A", "enterprise").put("amount", "12000")
                .put("monthlyRecurringRevenue", "1000");
        scope(add("revenue.recognized", "2026-10-20T10:00:00+09:00", "alpha", "acc1"), "A", "enterprise")
                .put("amount", "5000").put("currency", "JPY");

        Map<String, BigDecimal[]> support = KpiOracle.computeWithSupport(events, ZoneId.of("Asia/Tokyo"),
                new BigDecimal("0.5"), "JPY");
        assertCell(support, "alpha/new_customer_mrr/month/2026-10", "1000", "1");
        assertCell(support, "alpha/cohort_revenue@2026-10/month/2026-10", "5000", "0");
        Map<String, BigDecimal[]> scoped = scoped();
        assertCell(scoped, "alpha/realized_ltv_to_date/month/2026-10/product:A", "5000", "1");
        assertCell(scoped, "alpha/new_customer_avg_ltv/month/2026-10/segment:enterprise", "30000", "1");
        assertEquals(List.of(), scoped.keySet().stream().filter(k -> k.contains("/" + KpiOracle.SUPPORT_MRR + "/")
                || k.contains("/" + KpiOracle.SUPPORT_COHORT)).toList());
    }
}
