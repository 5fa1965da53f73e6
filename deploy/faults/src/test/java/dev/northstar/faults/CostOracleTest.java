package dev.northstar.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cost oracle on the hand-computed scenario of docs/kpi-definitions.md (without the recognised revenue). */
class CostOracleTest {

    private static BigDecimal[] cell(String numerator, String denominator) {
        return new BigDecimal[] {new BigDecimal(numerator), new BigDecimal(denominator)};
    }

    private static void same(String expected, BigDecimal actual, String what) {
        assertEquals(0, new BigDecimal(expected).compareTo(actual), what + ": " + actual);
    }

    @Test
    void aChangeOfTermsInTheQuarterAndAQuarterlyIncentiveMetOrMissed() {
        Map<String, BigDecimal[]> cells = new HashMap<>();
        cells.put("alpha/revenue_won/month/2026-10", cell("3000000", "0"));
        cells.put("alpha/revenue_won/month/2026-11", cell("2000000", "0"));
        cells.put("alpha/renewal_rate/quarter/2026-Q4", cell("9", "10"));
        cells.put("alpha/realized_ltv_to_date/month/2026-10", cell("450000", "3"));
        cells.put("alpha/new_customer_avg_ltv/quarter/2026-Q4", cell("15000000", "5"));
        cells.put("alpha/realized_ltv_to_date/quarter/2026-Q4", cell("600000", "5"));
        cells.put("alpha/new_customer_mrr/quarter/2026-Q4", cell("320000", "5"));
        // account A, won 2026-10-15, recognises 100,000 in each of October, November and December
        for (String m : List.of("2026-10", "2026-11", "2026-12")) {
            cells.put("alpha/cohort_revenue@2026-10/month/" + m, cell("100000", "0"));
        }
        CostOracle.Incentive renewals = new CostOracle.Incentive("renewal_rate", "quarter", new BigDecimal("0.9"), null,
                new BigDecimal("300000"));
        Map<String, List<CostOracle.Terms>> terms = Map.of("alpha", List.of(
                new CostOracle.Terms("2026-11", new BigDecimal("400000"), new BigDecimal("0.1"), new BigDecimal("0.05"), 12,
                        List.of(renewals)),
                new CostOracle.Terms("2026-10", new BigDecimal("500000"), new BigDecimal("0.1"), null, null,
                        List.of(renewals))));
        Map<String, BigDecimal[]> out = CostOracle.compute(terms, cells, YearMonth.of(2026, 12), new BigDecimal("0.8"));
        same("800000", out.get("alpha/partner_cost/month/2026-10")[0], "October");
        same("605000", out.get("alpha/partner_cost/month/2026-11")[0], "November, 5 % of A's 100,000 included");
        same("705000", out.get("alpha/partner_cost/month/2026-12")[0], "December with the incentive (0.9 ≥ 0.9)");
        same("2110000", out.get("alpha/partner_cost/quarter/2026-Q4")[0], "Q4");
        same("3", out.get("alpha/cost_per_new_customer/month/2026-10")[1], "October's new customers");
        same("15000000", out.get("alpha/ltv_to_cost/quarter/2026-Q4")[0], "Q4's predicted LTV");
        same("2110000", out.get("alpha/ltv_to_cost/quarter/2026-Q4")[1], "over Q4's cost");
        same("600000", out.get("alpha/realized_revenue_to_cost/quarter/2026-Q4")[0], "paid so far");
        same("2110000", out.get("alpha/payback_months/quarter/2026-Q4")[0], "payback: the cost");
        same("256000", out.get("alpha/payback_months/quarter/2026-Q4")[1], "over MRR at win × 0.8");
        assertFalse(out.containsKey("alpha/partner_cost/month/2026-09"), "nothing before the first terms");
        assertFalse(out.containsKey("alpha/partner_cost/month/2027-01"), "nothing after the current month");
        // 8 renewals of 10: the incentive is missed
        cells.put("alpha/renewal_rate/quarter/2026-Q4", cell("8", "10"));
        same("405000", CostOracle.compute(terms, cells, YearMonth.of(2026, 12), new BigDecimal("0.8"))
                .get("alpha/partner_cost/month/2026-12")[0], "December without the incentive");
        // the terms as the API takes them
        assertEquals("{\"validFrom\":\"2026-11\",\"monthlyFee\":400000,\"revenueShare\":{\"onRevenueWon\":0.1,"
                + "\"onRecognizedRevenue\":0.05,\"months\":12},"
                + "\"incentives\":[{\"kpi\":\"renewal_rate\",\"grain\":\"quarter\",\"atLeast\":0.9,\"amount\":300000}]}",
                terms.get("alpha").get(0).json());
    }
}
