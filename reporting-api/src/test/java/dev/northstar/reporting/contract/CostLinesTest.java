package dev.northstar.reporting.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.northstar.reporting.contract.ContractTerms.Incentive;
import dev.northstar.reporting.contract.ContractTerms.InHouse;
import dev.northstar.reporting.contract.ContractTerms.RevenueShare;
import dev.northstar.reporting.entity.TeamContract;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hand-computed scenario of docs/kpi-definitions.md ("The business case"), line by line. */
class CostLinesTest {

    private static int recorded;

    private static TeamContract version(ContractTerms terms) {
        TeamContract c = terms.toEntity("t", "alpha", "admin");
        c.recordedAt = OffsetDateTime.of(2026, 9, 1, 0, 0, 0, 0, ZoneOffset.UTC).plusMinutes(recorded++);
        return c;
    }

    private static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    /** Cells by "kpi grain period": numerator and value. */
    private static CostLines.Cells cells(Map<String, BigDecimal[]> cells) {
        return new CostLines.Cells() {
            public BigDecimal numerator(String kpi, String grain, String period) {
                BigDecimal[] c = cells.get(kpi + " " + grain + " " + period);
                return c == null ? null : c[0];
            }

            public BigDecimal value(String kpi, String grain, String period) {
                BigDecimal[] c = cells.get(kpi + " " + grain + " " + period);
                return c == null ? null : c[1];
            }
        };
    }

    private static final Incentive RENEWALS = new Incentive("renewal_rate", "quarter", d("0.9"), null, d("300000"));

    private static CostLines alpha() {
        return new CostLines(List.of(
                version(new ContractTerms("2026-10", d("500000"), new RevenueShare(d("0.1"), null, null),
                        List.of(RENEWALS), null, null)),
                version(new ContractTerms("2026-11", d("400000"), new RevenueShare(d("0.1"), d("0.05"), 12),
                        List.of(RENEWALS), null, null))));
    }

    private static Map<String, BigDecimal[]> alphaCells(String q4Renewal) {
        Map<String, BigDecimal[]> m = new HashMap<>();
        m.put("revenue_won month 2026-10", new BigDecimal[] {d("3000000"), d("3000000")});
        m.put("revenue_won month 2026-11", new BigDecimal[] {d("2000000"), d("2000000")});
        m.put("renewal_rate quarter 2026-Q4", new BigDecimal[] {null, d(q4Renewal)});
        // account A, won by alpha on 2026-10-15, recognises 100,000 in each of October, November and December
        for (String month : List.of("2026-10", "2026-11", "2026-12")) {
            m.put("cohort_revenue@2026-10 month " + month, new BigDecimal[] {d("100000"), d("100000")});
        }
        return m;
    }

    private static BigDecimal line(CostLines.Month m, String kind) {
        return m.lines().stream().filter(l -> l.kind().equals(kind)).map(CostLines.Line::amount)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    @Test
    void aPartnerMonthByMonthWithAChangeInTheMiddleOfTheQuarter() {
        CostLines cost = alpha();
        var cells = cells(alphaCells("0.9"));
        CostLines.Month sep = cost.month("2026-09", cells);
        assertNull(sep.inForce());
        assertNull(sep.total(), "no terms yet: no cost, not 0");
        CostLines.Month oct = cost.month("2026-10", cells);
        assertEquals(d("500000"), line(oct, "fee"));
        assertEquals(d("300000"), line(oct, "share_of_revenue_won"));
        assertEquals(d("800000"), oct.total());
        assertEquals(List.of(), oct.missing());
        assertEquals(d("0"), line(oct, "share_of_recognized_revenue"), "version 1 has no share of recognised revenue");
        CostLines.Month nov = cost.month("2026-11", cells);
        assertEquals(d("5000"), line(nov, "share_of_recognized_revenue"), "5 % of A's 100,000");
        assertEquals(d("605000"), nov.total(), "fee 400,000 + 10 % of 2,000,000 + 5 % of 100,000");
        assertEquals(List.of(), nov.missing());
        CostLines.Month dec = cost.month("2026-12", cells);
        assertEquals(d("300000"), line(dec, "incentive"), "Q4's renewal rate 0.9 ≥ 0.9, earned in its last month");
        assertEquals(d("705000"), dec.total());
        assertTrue(dec.lines().stream().anyMatch(l -> l.explanation().startsWith("met: renewal_rate ≥ 0.9 in 2026-Q4")),
                dec.lines().toString());
    }

    @Test
    void anIncentiveMissedIsALineOfZeroThatSaysWhy() {
        CostLines.Month dec = alpha().month("2026-12", cells(alphaCells("0.8")));
        assertEquals(d("405000"), dec.total());
        assertTrue(dec.lines().stream().anyMatch(l -> l.kind().equals("incentive") && l.amount().signum() == 0
                && l.explanation().equals("not met: renewal_rate ≥ 0.9 in 2026-Q4 (value 0.8)")), dec.lines().toString());
        // no value at all is not met either
        CostLines.Month none = alpha().month("2026-12", cells(Map.of()));
        assertEquals(d("400000"), none.total());
    }

    @Test
    void theShareOfRecognisedRevenueCountsEachCustomerForItsFirstNCalendarMonths() {
        CostLines cost = new CostLines(List.of(version(new ContractTerms("2025-01", null,
                new RevenueShare(null, d("0.1"), 12), null, null, null))));
        Map<String, BigDecimal[]> m = new HashMap<>();
        m.put("cohort_revenue@2025-11 month 2026-11", new BigDecimal[] {d("1000000"), null}); // its 13th month
        m.put("cohort_revenue@2025-12 month 2026-11", new BigDecimal[] {d("200000"), null});  // its 12th
        m.put("cohort_revenue@2026-11 month 2026-11", new BigDecimal[] {d("30000"), null});   // its 1st
        m.put("cohort_revenue@2025-12 month 2026-12", new BigDecimal[] {d("200000"), null});  // its 13th
        CostLines.Month nov = cost.month("2026-11", cells(m));
        assertEquals(d("23000"), nov.total(), "10 % of 200,000 + 30,000");
        assertEquals("0.1 × revenue recognised 230000 from the customers won from 2025-12 to 2026-11",
                nov.lines().get(0).explanation());
        assertEquals(d("0"), cost.month("2026-12", cells(m)).total(), "December 2025's customers are past 12 months");
        CostLines one = new CostLines(List.of(version(new ContractTerms("2025-01", null,
                new RevenueShare(null, d("0.1"), 1), null, null, null))));
        assertEquals(d("3000"), one.month("2026-11", cells(m)).total(), "a 1-month share: the month's new customers");
    }

    @Test
    void aCorrectionOfTheSameMonthReplacesTheEarlierVersionFromThenOn() {
        CostLines cost = new CostLines(List.of(
                version(new ContractTerms("2026-10", d("500000"), null, null, null, null)),
                version(new ContractTerms("2026-11", d("400000"), null, null, null, null)),
                version(new ContractTerms("2026-11", d("450000"), null, null, null, "corrected"))));
        assertEquals(d("500000"), cost.month("2026-10", cells(Map.of())).total());
        assertEquals(d("450000"), cost.month("2026-11", cells(Map.of())).total());
        assertEquals(d("450000"), cost.month("2027-06", cells(Map.of())).total());
    }

    @Test
    void anInHouseTeamsLoadedCostAndItsHiresSpreadOverTheRampUp() {
        CostLines delta = new CostLines(List.of(
                version(new ContractTerms("2026-07", null, null, null, new InHouse(3, d("800000"), null, null, null),
                        null)),
                version(new ContractTerms("2026-10", null, null, null, new InHouse(5, d("800000"), d("1500000"),
                        d("500000"), 6), null))));
        var none = cells(Map.of());
        assertEquals(d("2400000"), delta.month("2026-09", none).total());
        CostLines.Month oct = delta.month("2026-10", none);
        assertEquals(d("4000000"), line(oct, "loaded_cost"));
        assertEquals(d("666666.666667"), line(oct, "ramp_up"), "2 hired × 2,000,000 ÷ 6");
        assertEquals(d("4666666.666667"), oct.total());
        assertEquals(d("4666666.666667"), delta.month("2027-03", none).total());
        assertEquals(d("4000000"), delta.month("2027-04", none).total());
    }

    @Test
    void periodsEndInTheirLastMonth() {
        assertEquals("2026-Q4", CostLines.periodEnding("quarter", "2026-12"));
        assertNull(CostLines.periodEnding("quarter", "2026-11"));
        assertEquals("2026", CostLines.periodEnding("year", "2026-12"));
        assertNull(CostLines.periodEnding("year", "2026-06"));
        assertEquals("2026-06", CostLines.periodEnding("month", "2026-06"));
    }
}
