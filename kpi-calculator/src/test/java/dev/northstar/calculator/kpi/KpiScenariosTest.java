package dev.northstar.calculator.kpi;

import static dev.northstar.events.EventType.APPOINTMENT_HELD;
import static dev.northstar.events.EventType.APPOINTMENT_SET;
import static dev.northstar.events.EventType.CONTRACT_CHURNED;
import static dev.northstar.events.EventType.CONTRACT_RENEWED;
import static dev.northstar.events.EventType.ONBOARDING_COMPLETED;
import static dev.northstar.events.EventType.ONBOARDING_STARTED;
import static dev.northstar.events.Grain.DAY;
import static dev.northstar.events.Grain.MONTH;
import static dev.northstar.events.Grain.QUARTER;
import static dev.northstar.events.Grain.WEEK;
import static dev.northstar.events.Grain.YEAR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Small hand-computed histories, one or more per KPI of the domain table; the expected numbers are worked out in the comments. */
class KpiScenariosTest {

    private static void assertValue(String expected, BigDecimal actual) {
        assertEquals(0, new BigDecimal(expected).compareTo(actual), () -> "expected " + expected + " but was " + actual);
    }

    @Test
    void countsLandInTokyoPeriodsIncludingTheMonthBoundaryAndIsoWeek53() {
        Scenario s = new Scenario()
                .call("2026-10-31T14:00:00Z", "a", "acc1", false, "busy")   // 23:00 on 31 Oct in Tokyo
                .call("2026-10-31T23:30:00Z", "a", "acc1", false, "busy")   // 08:30 on 1 Nov in Tokyo
                .call("2026-12-31T10:00:00Z", "a", "acc2", false, "busy")   // 2026-12-31 is in 2026-W53
                .call("2026-12-31T15:30:00Z", "a", "acc2", false, "busy");  // 2027-01-01 00:30, still 2026-W53
        assertValue("1", s.value("a", "calls", MONTH, "2026-10"));
        assertValue("1", s.value("a", "calls", MONTH, "2026-11"));
        assertValue("1", s.value("a", "calls", DAY, "2026-11-01"));
        assertValue("2", s.value("a", "calls", WEEK, "2026-W53"));
        assertValue("3", s.value("a", "calls", QUARTER, "2026-Q4"));
        assertValue("3", s.value("a", "calls", YEAR, "2026"));
        assertValue("1", s.value("a", "calls", YEAR, "2027"));
        // the same events in UTC: all four in 2026-10/12 months differently
        Scenario utc = new Scenario().settings(new TenantSettings(ZoneId.of("UTC"), BigDecimal.ONE, "JPY"));
        utc.events.addAll(s.events);
        assertValue("2", utc.value("a", "calls", MONTH, "2026-10"));
        assertValue("0", utc.value("a", "calls", MONTH, "2026-11"));
    }

    @Test
    void teamCountsAndTheirSplits() {
        Scenario s = new Scenario()
                .appointment(APPOINTMENT_SET, "2026-05-01T01:00:00Z", "a", "acc1", "ap1")
                .appointment(APPOINTMENT_SET, "2026-05-02T01:00:00Z", "a", "acc2", "ap2")
                .feedback("2026-05-03T01:00:00Z", "a")
                .knowledge("2026-05-04T01:00:00Z", "a", "success")
                .knowledge("2026-05-05T01:00:00Z", "a", "failure")
                .knowledge("2026-05-06T01:00:00Z", "a", "success");
        assertValue("2", s.value("a", "appointments", MONTH, "2026-05"));
        assertValue("1", s.value("a", "product_feedback", MONTH, "2026-05"));
        assertValue("3", s.value("a", "knowledge_shared", MONTH, "2026-05"));
        assertValue("2", s.value("a", "knowledge_shared_success", MONTH, "2026-05"));
        assertValue("1", s.value("a", "knowledge_shared_failure", MONTH, "2026-05"));
        // appointments set but none held: the quality ratio is empty, not 0
        assertNull(s.value("a", "appointment_quality", MONTH, "2026-05"));
    }

    @Test
    void executiveConversationsCountOnlyAtTargetAccountsFromTheTargetingOn() {
        Scenario s = new Scenario()
                .conversation("2026-05-09T03:00:00Z", "a", "acc1", "executive")  // before targeting: no
                .targeted("2026-05-10T00:00:00Z", "acc1")
                .conversation("2026-05-10T00:00:00Z", "a", "acc1", "executive")  // same instant: yes
                .conversation("2026-05-11T03:00:00Z", "a", "acc1", "manager")    // not an executive: no
                .conversation("2026-05-11T03:00:00Z", "a", "acc2", "executive")  // not a target: no
                .conversation("2026-05-12T03:00:00Z", "b", "acc1", "executive"); // for the team it names: b
        assertValue("1", s.value("a", "exec_conversations", MONTH, "2026-05"));
        assertValue("1", s.value("b", "exec_conversations", MONTH, "2026-05"));
    }

    @Test
    void keyPersonConnectRateCountsCallsToTargetAccountsOnly() {
        Scenario s = new Scenario()
                .targeted("2026-06-01T00:00:00Z", "acc1")
                .call("2026-05-31T03:00:00Z", "a", "acc1", true, "connected")   // before targeting
                .call("2026-06-02T03:00:00Z", "a", "acc1", true, "connected")   // 1 of 1
                .call("2026-06-03T03:00:00Z", "a", "acc1", true, "no_answer")   // 0 of 1
                .call("2026-06-04T03:00:00Z", "a", "acc1", false, "connected")  // 0 of 1
                .call("2026-06-05T03:00:00Z", "a", "acc2", true, "connected")   // acc2 is no target
                .call("2026-06-05T03:00:00Z", "b", "acc2", true, "connected");
        BigDecimal[] cell = s.cell("a", "key_person_connect_rate", MONTH, "2026-06");
        assertValue("1", cell[0]);
        assertValue("3", cell[1]);
        assertValue("0.333333", s.value("a", "key_person_connect_rate", MONTH, "2026-06"));
        assertNull(s.value("b", "key_person_connect_rate", MONTH, "2026-06"));
        assertValue("1", s.value("b", "calls", MONTH, "2026-06"));
    }

    @Test
    void appointmentQualityWaitsSixtyDaysForAnOpportunity() {
        Scenario s = new Scenario()
                .appointment(APPOINTMENT_HELD, "2026-03-01T01:00:00Z", "a", "acc1", "h1")
                .dealCreated("2026-04-29T01:00:00Z", "b", "acc1", "d1")   // day 59, by another team: counts
                .appointment(APPOINTMENT_HELD, "2026-03-01T01:00:00Z", "a", "acc2", "h2")
                .dealCreated("2026-05-01T01:00:00Z", "a", "acc2", "d2")   // day 61: too late
                .appointment(APPOINTMENT_HELD, "2026-03-02T01:00:00Z", "a", "acc3", "h3")
                .dealCreated("2026-03-01T01:00:00Z", "a", "acc3", "d3");  // before the appointment: no
        assertValue("0.333333", s.value("a", "appointment_quality", MONTH, "2026-03"));
        assertValue("0.5", s.value("a", "appointment_quality", DAY, "2026-03-01"));
        assertValue("0", s.value("a", "appointment_quality", DAY, "2026-03-02"));
    }

    @Test
    void eachDealsFirstOutcomeCountsOnceInWinRateAndNewDeals() {
        Scenario s = new Scenario()
                .lost("2026-07-01T01:00:00Z", "a", "acc1", "d1")
                .won("2026-07-05T01:00:00Z", "a", "acc1", "d1", "900", null, "new_business") // not its first outcome
                .won("2026-07-10T01:00:00Z", "a", "acc2", "d2", "1000", "100", "new_business")
                .won("2026-07-11T01:00:00Z", "a", "acc2", "d3", "500", null, "expansion")
                .lost("2026-08-01T01:00:00Z", "a", "acc3", "d4");
        assertValue("0.666667", s.value("a", "win_rate", MONTH, "2026-07"));  // d1 lost, d2 and d3 won
        assertValue("0", s.value("a", "win_rate", MONTH, "2026-08"));
        assertValue("0.5", s.value("a", "win_rate", YEAR, "2026"));
        assertValue("1", s.value("a", "deals_won", MONTH, "2026-07"));       // expansions excluded
        assertValue("1000", s.value("a", "revenue_won", MONTH, "2026-07"));
    }

    @Test
    void customerEventsCountForTheOwnerAtTheirTimeAndAnOwnerChangeMovesThem() {
        Scenario s = new Scenario()
                .won("2026-01-10T01:00:00Z", "partner-a", "acc1", "d1", "1000", "100", "new_business")
                .nps("2026-02-10T01:00:00Z", "x", "acc1", 10)        // the event's team is informational
                .ownerChanged("2026-03-01T01:00:00Z", "inhouse", "acc1")
                .nps("2026-03-10T01:00:00Z", "x", "acc1", 3)
                .term(CONTRACT_RENEWED, "2026-04-10T01:00:00Z", "x", "acc1", "100")
                .nps("2026-02-11T01:00:00Z", "partner-a", "acc9", 10); // acc9 has no owner: no team
        assertValue("100", s.value("partner-a", "nps", MONTH, "2026-02"));
        assertValue("-100", s.value("inhouse", "nps", MONTH, "2026-03"));
        assertNull(s.value("x", "nps", MONTH, "2026-02"));
        assertValue("1", s.value("inhouse", "renewal_rate", MONTH, "2026-04"));
        assertNull(s.value("partner-a", "renewal_rate", MONTH, "2026-04"));
    }

    @Test
    void npsIsPromotersMinusDetractorsInPercent() {
        Scenario s = new Scenario().won("2026-01-05T01:00:00Z", "a", "acc1", "d1", "1", "1", "new_business");
        for (int score : new int[] {10, 9, 8, 6, 0}) {
            s.nps("2026-05-10T01:00:00Z", "a", "acc1", score);
        }
        for (int score : new int[] {10, 10, 7, 3}) {
            s.nps("2026-06-10T01:00:00Z", "a", "acc1", score);
        }
        assertValue("0", s.value("a", "nps", MONTH, "2026-05"));       // 2 promoters, 2 detractors of 5
        assertValue("25", s.value("a", "nps", MONTH, "2026-06"));      // (2 - 1) / 4
        assertValue("11.11", s.value("a", "nps", QUARTER, "2026-Q2")); // (4 - 3) / 9
    }

    @Test
    void renewalRateByContractsAndByRevenue() {
        Scenario s = new Scenario()
                .won("2026-01-05T01:00:00Z", "a", "acc1", "d1", "1", "100", "new_business")
                .won("2026-01-05T01:00:00Z", "a", "acc2", "d2", "1", "300", "new_business")
                .term(CONTRACT_RENEWED, "2026-05-10T01:00:00Z", "a", "acc1", "100")
                .term(CONTRACT_CHURNED, "2026-05-11T01:00:00Z", "a", "acc2", "300")
                .term(CONTRACT_RENEWED, "2026-05-12T01:00:00Z", "a", "acc-never-won", "50"); // no owner: no team
        assertValue("0.5", s.value("a", "renewal_rate", MONTH, "2026-05"));
        assertValue("0.25", s.value("a", "revenue_renewal_rate", MONTH, "2026-05")); // 100 / 400
    }

    @Test
    void onboardingCompletesWithinNinetyDays() {
        Scenario s = new Scenario()
                .won("2026-01-05T01:00:00Z", "a", "acc1", "d1", "1", "1", "new_business")
                .onboarding(ONBOARDING_STARTED, "2026-02-01T01:00:00Z", "a", "acc1", "o1")
                .onboarding(ONBOARDING_COMPLETED, "2026-05-01T01:00:00Z", "a", "acc1", "o1") // day 89
                .onboarding(ONBOARDING_STARTED, "2026-02-01T01:00:00Z", "a", "acc1", "o2")
                .onboarding(ONBOARDING_COMPLETED, "2026-05-03T01:00:00Z", "a", "acc1", "o2") // day 91
                .onboarding(ONBOARDING_STARTED, "2026-02-02T01:00:00Z", "a", "acc1", "o3")   // never
                .onboarding(ONBOARDING_STARTED, "2026-02-02T01:00:00Z", "a", "acc7", "o4");  // no owner
        BigDecimal[] cell = s.cell("a", "onboarding_completion_rate", MONTH, "2026-02");
        assertValue("1", cell[0]);
        assertValue("3", cell[1]);
        assertNull(s.value("a", "onboarding_completion_rate", MONTH, "2026-05"));
    }

    @Test
    void newCustomerLtvUsesTheTrailingTwelveMonthChurnRateFixedAtTheWin() {
        Scenario s = new Scenario().settings(new TenantSettings(ZoneId.of("Asia/Tokyo"), new BigDecimal("0.8"), "JPY"));
        for (int i = 0; i < 10; i++) {
            s.won("2025-01-10T03:00:00Z", "a", "c" + i, "d" + i, "1", "100", "new_business");
        }
        s.term(CONTRACT_CHURNED, "2025-06-15T03:00:00Z", "a", "c0", "100");
        s.term(CONTRACT_CHURNED, "2025-06-15T03:00:00Z", "a", "c1", "100");
        s.won("2025-07-20T03:00:00Z", "a", "c10", "d10", "1", "100", "new_business");
        s.won("2026-01-15T03:00:00Z", "b", "x", "dx", "1", "1000", "new_business");
        // 2025-01: no history before, so 60 months: 100 x 0.8 x 60
        assertValue("4800", s.value("a", "new_customer_avg_ltv", MONTH, "2025-01"));
        // 2025-07: months 2024-07..2025-06 have 10 active at the starts of Feb..Jun (50) and 2 churns: 25 months
        assertValue("2000", s.value("a", "new_customer_avg_ltv", MONTH, "2025-07"));
        // 2026-01: Feb..Jun 10 each (50), Jul 8, Aug..Dec 9 each (8 + 45), 2 churns: 103 / 2 = 51.5 months
        assertValue("41200", s.value("b", "new_customer_avg_ltv", MONTH, "2026-01"));
        // the year's average of a's eleven customers: (10 x 4800 + 2000) / 11
        assertValue("4545.454545", s.value("a", "new_customer_avg_ltv", YEAR, "2025"));
    }

    @Test
    void theMrrOfNewCustomersIsTheirMrrAtTheWinForThePaybackOfTheirCost() {
        Scenario s = new Scenario()
                .won("2026-02-03T01:00:00Z", "a", "acc1", "d1", "1", "100", "new_business")
                .won("2026-02-10T01:00:00Z", "a", "acc2", "d2", "1", "250", "new_business")
                .won("2026-02-11T01:00:00Z", "a", "acc3", "d3", "1", null, "new_business")   // no MRR: left out
                .won("2026-02-12T01:00:00Z", "a", "acc1", "d4", "1", "900", "new_business")  // not a new customer
                .won("2026-02-13T01:00:00Z", "a", "acc4", "d5", "1", "70", "expansion");     // not new business
        BigDecimal[] feb = s.cell("a", "new_customer_mrr", MONTH, "2026-02");
        assertValue("350", feb[0]);
        assertValue("2", feb[1]);
        assertValue("175", s.value("a", "new_customer_mrr", MONTH, "2026-02"));
    }

    @Test
    void realizedLtvGrowsWithAllRevenueOfTheCohortWhoeverOwnsItLater() {
        Scenario s = new Scenario()
                .revenue("2026-01-20T01:00:00Z", "a", "acc1", "50")   // before the win: still the account's revenue
                .won("2026-02-03T01:00:00Z", "a", "acc1", "d1", "1", "10", "new_business")
                .won("2026-02-10T01:00:00Z", "a", "acc2", "d2", "1", "10", "new_business")
                .revenue("2026-03-01T01:00:00Z", "a", "acc1", "100")
                .revenue("2026-04-01T01:00:00Z", "a", "acc2", "300")
                .ownerChanged("2026-03-15T01:00:00Z", "b", "acc2")
                .revenue("2026-05-01T01:00:00Z", "b", "acc2", "20");
        assertValue("235", s.value("a", "realized_ltv_to_date", MONTH, "2026-02")); // 470 / 2
        assertNull(s.value("b", "realized_ltv_to_date", MONTH, "2026-05"));
        // the cohort support figure: February's customers' revenue by month, at or after their win (not January's
        // 50), for the winning team whoever owns them later
        assertValue("0", s.cell("a", "cohort_revenue@2026-02", MONTH, "2026-01")[0]);
        assertValue("100", s.cell("a", "cohort_revenue@2026-02", MONTH, "2026-03")[0]);
        assertValue("300", s.cell("a", "cohort_revenue@2026-02", MONTH, "2026-04")[0]);
        assertValue("20", s.cell("a", "cohort_revenue@2026-02", MONTH, "2026-05")[0]);
        assertValue("0", s.cell("b", "cohort_revenue@2026-02", MONTH, "2026-05")[0]);
        assertValue("0", s.cell("a", "cohort_revenue@2026-02", QUARTER, "2026-Q2")[0]); // month grain only
    }

    @Test
    void expansionRateCountsAccountsInTheBaseAtThePeriodsStart() {
        Scenario s = new Scenario();
        for (String c : new String[] {"c1", "c2", "c3"}) {
            s.won("2026-04-10T01:00:00Z", "a", c, "d-" + c, "1", "10", "new_business");
        }
        s.won("2026-05-10T01:00:00Z", "a", "c4", "d-c4", "1", "10", "new_business")
                .ownerChanged("2026-05-03T01:00:00Z", "b", "c3")
                .expanded("2026-05-05T01:00:00Z", "a", "c1", "upsell")
                .expanded("2026-05-20T01:00:00Z", "a", "c1", "upsell")      // c1 counts once
                .expanded("2026-05-06T01:00:00Z", "a", "c2", "cross_sell")
                .expanded("2026-05-15T01:00:00Z", "a", "c4", "upsell")      // not a customer on 1 May
                .expanded("2026-05-08T01:00:00Z", "b", "c3", "cross_sell")  // b's now, but a's at the start
                .call("2026-06-02T01:00:00Z", "a", "c1", false, "busy");    // the data reaches June
        assertValue("0.666667", s.value("a", "expansion_rate", MONTH, "2026-05"));  // c1, c2 of c1, c2, c3
        assertValue("0.333333", s.value("a", "upsell_rate", MONTH, "2026-05"));
        assertValue("0.333333", s.value("a", "cross_sell_rate", MONTH, "2026-05"));
        assertNull(s.value("b", "expansion_rate", MONTH, "2026-05"));               // b had no base on 1 May
        // on 15 May the base is c1, c2 and c4 (c3 is b's since 3 May): c4's upsell counts, 1 of 3
        assertValue("0.333333", s.value("a", "expansion_rate", DAY, "2026-05-15"));
        assertValue("0", s.value("a", "expansion_rate", MONTH, "2026-06"));         // 0 of c1, c2, c4
        assertValue("3", s.cell("a", "expansion_rate", MONTH, "2026-06")[1]);
        assertValue("0", s.value("b", "cross_sell_rate", MONTH, "2026-06"));        // 0 of c3
        assertNull(s.value("a", "expansion_rate", MONTH, "2026-07"));               // past the data: nothing
    }

    @Test
    void duplicatesCountOnce() {
        Scenario s = new Scenario().call("2026-05-01T01:00:00Z", "a", "acc1", false, "busy");
        s.events.add(s.events.get(0));
        s.won("2026-05-02T01:00:00Z", "a", "acc1", "d1", "500", "10", "new_business");
        s.events.add(s.events.get(2));
        assertValue("1", s.value("a", "calls", MONTH, "2026-05"));
        assertValue("1", s.value("a", "deals_won", MONTH, "2026-05"));
        assertValue("500", s.value("a", "revenue_won", MONTH, "2026-05"));
    }

    @Test
    void scopedValuesFollowTheirSubjectAndRatiosAreRecomputedNotAveraged() {
        // docs/kpi-definitions.md, "Scopes": team alpha, October 2026
        Scenario s = new Scenario()
                .in("A", null).call("2026-10-05T01:00:00Z", "alpha", "acc1", false, "busy")
                .call("2026-10-06T01:00:00Z", "alpha", "acc2", false, "busy")
                .in("B", null).call("2026-10-07T01:00:00Z", "alpha", "acc3", false, "busy")
                .in("A", "enterprise").won("2026-10-10T01:00:00Z", "alpha", "acc1", "d1", "1000000", "10", "new_business")
                .in("A", "smb").lost("2026-10-11T01:00:00Z", "alpha", "acc2", "d2")
                .in("B", "enterprise").won("2026-10-12T01:00:00Z", "alpha", "acc3", "d3", "500000", "10", "new_business");
        assertValue("3", s.value("alpha", "calls", MONTH, "2026-10"));
        assertValue("2", s.value("alpha", "calls", "product:A", MONTH, "2026-10"));
        assertValue("1", s.value("alpha", "calls", "product:B", MONTH, "2026-10"));
        assertValue("0", s.value("alpha", "calls", "segment:enterprise", MONTH, "2026-10")); // no segment on the calls
        assertValue("1500000", s.value("alpha", "revenue_won", MONTH, "2026-10"));
        assertValue("1000000", s.value("alpha", "revenue_won", "product:A", MONTH, "2026-10"));
        assertValue("500000", s.value("alpha", "revenue_won", "product:B", MONTH, "2026-10"));
        assertValue("1500000", s.value("alpha", "revenue_won", "segment:enterprise", MONTH, "2026-10"));
        // a scope's cells are kept per month; its quarters and years are their sums (reporting-api adds them up), but
        // for the expansion rates; never per day or week
        assertValue("0", s.value("alpha", "revenue_won", "product:B", QUARTER, "2026-Q4"));
        assertValue("0", s.value("alpha", "revenue_won", "segment:enterprise", YEAR, "2026"));
        assertValue("0", s.value("alpha", "revenue_won", "product:A", DAY, "2026-10-10"));
        assertValue("0", s.value("alpha", "revenue_won", "segment:smb", MONTH, "2026-10"));
        assertValue("0.666667", s.value("alpha", "win_rate", MONTH, "2026-10"));      // not the mean 0.75 of A and B
        assertValue("0.5", s.value("alpha", "win_rate", "product:A", MONTH, "2026-10"));
        assertValue("1", s.value("alpha", "win_rate", "product:B", MONTH, "2026-10"));
        assertValue("1", s.value("alpha", "win_rate", "segment:enterprise", MONTH, "2026-10"));
        assertValue("0", s.value("alpha", "win_rate", "segment:smb", MONTH, "2026-10"));
        // support figures have no scope
        assertValue("0", s.cell("alpha", ScopedKpi.cell("new_customer_mrr", "product:A"), MONTH, "2026-10")[1]);
    }

    @Test
    void aCustomersRevenueLtvAndExpansionsCountInTheScopesOfItsWin() {
        Scenario s = new Scenario()
                .in("A", "smb").won("2026-04-10T01:00:00Z", "a", "c1", "d1", "1", "10", "new_business")
                .in("B", "smb").won("2026-04-10T01:00:00Z", "a", "c2", "d2", "1", "10", "new_business")
                .in("A", null).won("2026-04-11T01:00:00Z", "a", "c3", "d3", "1", "10", "new_business")
                .in("B", null).revenue("2026-05-01T01:00:00Z", "a", "c1", "100")   // c1's win was A: counts in A
                .revenue("2026-05-01T01:00:00Z", "a", "c2", "40")
                .expanded("2026-05-05T01:00:00Z", "a", "c1", "upsell")
                .in(null, null).call("2026-06-02T01:00:00Z", "a", "c1", false, "busy");
        // realized LTV of April's customers: A has c1 (100) and c3 (0) → 50; B has c2 (40); smb has c1, c2 → 70
        assertValue("50", s.value("a", "realized_ltv_to_date", "product:A", MONTH, "2026-04"));
        assertValue("40", s.value("a", "realized_ltv_to_date", "product:B", MONTH, "2026-04"));
        assertValue("70", s.value("a", "realized_ltv_to_date", "segment:smb", MONTH, "2026-04"));
        assertValue("46.666667", s.value("a", "realized_ltv_to_date", MONTH, "2026-04"));
        // the base on 1 May: A c1, c3; B c2; smb c1, c2. c1 expanded
        assertValue("0.5", s.value("a", "expansion_rate", "product:A", MONTH, "2026-05"));
        assertValue("0", s.value("a", "expansion_rate", "product:B", MONTH, "2026-05"));
        assertValue("0.5", s.value("a", "upsell_rate", "segment:smb", MONTH, "2026-05"));
        // kept per quarter and year too: the base on 1 April is empty (the wins came on 10 April), on 1 July c1, c3
        assertNull(s.value("a", "expansion_rate", "product:A", QUARTER, "2026-Q2"));
        s.call("2026-07-02T01:00:00Z", "a", "c1", false, "busy"); // the data reaches July
        assertValue("2", s.cell("a", ScopedKpi.cell("expansion_rate", "product:A"), QUARTER, "2026-Q3")[1]);
        assertValue("0", s.cell("a", ScopedKpi.cell("win_rate", "product:A"), QUARTER, "2026-Q2")[1]); // summed
        assertValue("0.333333", s.value("a", "expansion_rate", MONTH, "2026-05"));
        // new customers' predicted LTV in the win's scopes: the same per customer as overall (60 months of 10)
        assertValue("600", s.value("a", "new_customer_avg_ltv", "product:B", MONTH, "2026-04"));
        assertValue("2", s.cell("a", ScopedKpi.cell("new_customer_avg_ltv", "product:A"), MONTH, "2026-04")[1]);
        assertValue("2", s.cell("a", ScopedKpi.cell("new_customer_avg_ltv", "segment:smb"), MONTH, "2026-04")[1]);
    }

    @Test
    void anAppointmentsQualityCountsInItsOwnScopesAndScopedCountsAddUpToTheOverall() {
        Scenario s = new Scenario()
                .in("A", null).appointment(APPOINTMENT_HELD, "2026-03-02T01:00:00Z", "a", "acc1", "ap1")
                .in("B", null).dealCreated("2026-03-10T01:00:00Z", "a", "acc1", "d1")
                .appointment(APPOINTMENT_HELD, "2026-03-03T01:00:00Z", "a", "acc2", "ap2")
                .appointment(APPOINTMENT_SET, "2026-03-01T01:00:00Z", "a", "acc2", "ap2")
                .in("A", null).appointment(APPOINTMENT_SET, "2026-03-01T01:00:00Z", "a", "acc1", "ap1");
        assertValue("1", s.value("a", "appointment_quality", "product:A", MONTH, "2026-03"));  // the held one's scope
        assertValue("0", s.value("a", "appointment_quality", "product:B", MONTH, "2026-03"));  // acc2: no deal
        assertValue("0.5", s.value("a", "appointment_quality", MONTH, "2026-03"));
        assertValue("2", s.value("a", "appointments", MONTH, "2026-03"));
        BigDecimal sum = s.value("a", "appointments", "product:A", MONTH, "2026-03")
                .add(s.value("a", "appointments", "product:B", MONTH, "2026-03"));
        assertValue("2", sum);
    }
}
