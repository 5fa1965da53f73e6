package dev.northstar.reporting.contract;

import dev.northstar.reporting.repository.ScorecardRepository.Cell;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * The business case of a partner team for a period (docs/kpi-definitions.md, "The business case answer"): what it
 * cost and what it brought, beside the tenant's in-house teams pooled, and what building the partner's output
 * in-house would cost at the in-house teams' productivity and loaded cost.
 */
public record BusinessCase(String teamId, String teamName, String kind, String grain, String period, String currency,
        Side team, Side inHouse, BuildInHouse buildInHouse, List<String> missing) {

    /**
     * One side's figures: cost (null without terms), new customers, revenue won, the predicted LTV of the new
     * customers and what they have paid so far, and the ratios (null where a denominator is 0 or missing).
     */
    public record Side(List<String> teams, BigDecimal cost, BigDecimal newCustomers, BigDecimal revenueWon,
            BigDecimal predictedLtv, BigDecimal realizedRevenue, BigDecimal costPerNewCustomer, BigDecimal ltvToCost,
            BigDecimal realizedRevenueToCost, BigDecimal roi, BigDecimal monthlyGrossProfit,
            BigDecimal paybackMonths) {

        /**
         * The figures from the teams' cells and their cost; the monthly gross profit of the new customers (Σ MRR at
         * win × margin) is the denominator of their payback_months cells.
         */
        static Side of(List<String> teams, BigDecimal cost, List<Map<String, Cell>> cells) {
            BigDecimal newCustomers = sum(cells, "realized_ltv_to_date", true);
            BigDecimal revenueWon = sum(cells, "revenue_won", false);
            BigDecimal predicted = sum(cells, "new_customer_avg_ltv", false);
            BigDecimal realized = sum(cells, "realized_ltv_to_date", false);
            BigDecimal grossProfit = sum(cells, "payback_months", true);
            return new Side(teams, cost, newCustomers, revenueWon, predicted, realized, ratio(cost, newCustomers),
                    ratio(predicted, cost), ratio(realized, cost),
                    cost == null ? null : ratio(predicted.subtract(cost), cost), grossProfit,
                    ratio(cost, grossProfit));
        }
    }

    /**
     * The partner's new customers won in-house instead: the in-house teams' new customers per person and month in
     * the period, the people that would take ({@code peopleNeeded}), their running cost over the period's months
     * and their one-off hiring and training; against the partner's cost. Null figures where the in-house side has
     * no terms or won no customer.
     */
    public record BuildInHouse(BigDecimal newCustomersPerPersonMonth, BigDecimal peopleNeeded, BigDecimal runningCost,
            BigDecimal oneOffCost, BigDecimal total, BigDecimal partnerCost, BigDecimal difference, String explanation) {
    }

    static BigDecimal sum(List<Map<String, Cell>> cells, String kpi, boolean denominator) {
        BigDecimal out = BigDecimal.ZERO;
        for (Map<String, Cell> c : cells) {
            Cell cell = c.get(kpi);
            if (cell != null) {
                BigDecimal v = denominator ? cell.denominator() : cell.numerator();
                out = out.add(v == null ? BigDecimal.ZERO : v);
            }
        }
        // plain decimals, never 3.1E+8 in JSON
        return CostLines.scale(out);
    }

    static BigDecimal ratio(BigDecimal numerator, BigDecimal denominator) {
        if (numerator == null || denominator == null || denominator.signum() == 0) {
            return null;
        }
        return CostLines.scale(numerator.divide(denominator, 6, RoundingMode.HALF_EVEN));
    }
}
