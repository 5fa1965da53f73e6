package dev.northstar.faults;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A test oracle for the five cost KPIs (issue 23), written from {@code docs/kpi-definitions.md} ("The business case")
 * alone, without reporting-api's code: a partner's terms (fee, share of revenue won, incentives) month by month from
 * its first version to the current month, over the KPI cells {@link KpiOracle} computed from the events; no
 * settlement (what is settled is the tests' part: CostKpisTest, LedgerTest).
 *
 * <p>The cells it adds use {@link KpiOracle}'s form: {@code teamId/kpi/grain/period} → {numerator, denominator}.
 */
public final class CostOracle {

    /** An incentive: {@code amount} for a period of {@code grain} whose KPI value is ≥ atLeast (or ≤ atMost). */
    public record Incentive(String kpi, String grain, BigDecimal atLeast, BigDecimal atMost, BigDecimal amount) {
    }

    /** One version of a partner's terms, in force from {@code validFrom} until the next version's month. */
    public record Terms(String validFrom, BigDecimal monthlyFee, BigDecimal shareOfRevenueWon,
            BigDecimal shareOfRecognizedRevenue, Integer months, List<Incentive> incentives) {

        /** The terms as the contracts API takes them. */
        public String json() {
            StringBuilder b = new StringBuilder("{\"validFrom\":\"").append(validFrom).append('"');
            if (monthlyFee != null) {
                b.append(",\"monthlyFee\":").append(monthlyFee.toPlainString());
            }
            if (shareOfRevenueWon != null || shareOfRecognizedRevenue != null) {
                b.append(",\"revenueShare\":{");
                if (shareOfRevenueWon != null) {
                    b.append("\"onRevenueWon\":").append(shareOfRevenueWon.toPlainString())
                            .append(shareOfRecognizedRevenue != null ? "," : "");
                }
                if (shareOfRecognizedRevenue != null) {
                    b.append("\"onRecognizedRevenue\":").append(shareOfRecognizedRevenue.toPlainString())
                            .append(",\"months\":").append(months);
                }
                b.append('}');
            }
            b.append(",\"incentives\":[");
            for (int i = 0; i < incentives.size(); i++) {
                Incentive in = incentives.get(i);
                b.append(i == 0 ? "" : ",").append("{\"kpi\":\"").append(in.kpi()).append("\",\"grain\":\"")
                        .append(in.grain()).append('"')
                        .append(in.atLeast() != null ? ",\"atLeast\":" + in.atLeast().toPlainString() : "")
                        .append(in.atMost() != null ? ",\"atMost\":" + in.atMost().toPlainString() : "")
                        .append(",\"amount\":").append(in.amount().toPlainString()).append('}');
            }
            return b.append("]}").toString();
        }
    }

    /** KPIs whose value is a ratio of numerator and denominator (the others' value is the numerator). */
    private static final List<String> RATIOS = List.of("key_person_connect_rate", "appointment_quality", "win_rate",
            "new_customer_avg_ltv", "realized_ltv_to_date", "expansion_rate", "upsell_rate", "cross_sell_rate",
            "renewal_rate", "revenue_renewal_rate", "onboarding_completion_rate");

    private CostOracle() {
    }

    /**
     * The cost KPI cells of the teams with terms, for every month, quarter and year from a team's first version to
     * {@code now}, given the tenant's KPI cells with the support figure {@code new_customer_mrr}
     * ({@link KpiOracle#computeWithSupport}) and its gross margin.
     */
    public static Map<String, BigDecimal[]> compute(Map<String, List<Terms>> termsByTeam,
            Map<String, BigDecimal[]> cells, YearMonth now, BigDecimal grossMargin) {
        Map<String, BigDecimal[]> out = new TreeMap<>();
        termsByTeam.forEach((team, versions) -> {
            List<Terms> sorted = versions.stream().sorted(Comparator.comparing(Terms::validFrom)).toList();
            YearMonth first = YearMonth.parse(sorted.get(0).validFrom());
            Map<String, BigDecimal> cost = new TreeMap<>();
            for (YearMonth m = first; !m.isAfter(now); m = m.plusMonths(1)) {
                Terms v = null;
                for (Terms t : sorted) {
                    if (!YearMonth.parse(t.validFrom()).isAfter(m)) {
                        v = t;
                    }
                }
                BigDecimal month = BigDecimal.ZERO;
                if (v.monthlyFee() != null) {
                    month = month.add(v.monthlyFee());
                }
                if (v.shareOfRevenueWon() != null) {
                    BigDecimal won = part(cells, team + "/revenue_won/month/" + m, 0);
                    month = month.add(six(v.shareOfRevenueWon().multiply(won)));
                }
                if (v.shareOfRecognizedRevenue() != null) {
                    // the revenue of the month from the customers in their first N calendar months (the win's is 1)
                    BigDecimal recognized = BigDecimal.ZERO;
                    for (int age = 0; age < v.months(); age++) {
                        recognized = recognized.add(part(cells, team + "/" + KpiOracle.SUPPORT_COHORT
                                + m.minusMonths(age) + "/month/" + m, 0));
                    }
                    month = month.add(six(v.shareOfRecognizedRevenue().multiply(recognized)));
                }
                for (Incentive in : v.incentives()) {
                    String period = ending(in.grain(), m);
                    if (period == null) {
                        continue;
                    }
                    BigDecimal value = value(in.kpi(), cells.get(team + "/" + in.kpi() + "/" + in.grain() + "/" + period));
                    boolean met = value != null && (in.atLeast() != null ? value.compareTo(in.atLeast()) >= 0
                            : value.compareTo(in.atMost()) <= 0);
                    if (met) {
                        month = month.add(in.amount());
                    }
                }
                cost.merge("month/" + m, month, BigDecimal::add);
                cost.merge("quarter/" + m.getYear() + "-Q" + ((m.getMonthValue() - 1) / 3 + 1), month, BigDecimal::add);
                cost.merge("year/" + m.getYear(), month, BigDecimal::add);
            }
            cost.forEach((period, c) -> {
                String[] gp = period.split("/");
                String suffix = "/" + gp[0] + "/" + gp[1];
                BigDecimal customers = part(cells, team + "/realized_ltv_to_date" + suffix, 1);
                BigDecimal paid = part(cells, team + "/realized_ltv_to_date" + suffix, 0);
                BigDecimal ltv = part(cells, team + "/new_customer_avg_ltv" + suffix, 0);
                out.put(team + "/partner_cost" + suffix, new BigDecimal[] {c, BigDecimal.ZERO});
                out.put(team + "/cost_per_new_customer" + suffix, new BigDecimal[] {c, customers});
                out.put(team + "/ltv_to_cost" + suffix, new BigDecimal[] {ltv, c});
                out.put(team + "/realized_revenue_to_cost" + suffix, new BigDecimal[] {paid, c});
                BigDecimal grossProfit = six(part(cells, team + "/" + KpiOracle.SUPPORT_MRR + suffix, 0)
                        .multiply(grossMargin));
                out.put(team + "/payback_months" + suffix, new BigDecimal[] {c, grossProfit});
            });
        });
        out.values().removeIf(c -> c[0].signum() == 0 && c[1].signum() == 0);
        return out;
    }

    private static BigDecimal part(Map<String, BigDecimal[]> cells, String key, int index) {
        BigDecimal[] c = cells.get(key);
        return c == null ? BigDecimal.ZERO : c[index];
    }

    /** A KPI's served value from its cell: a ratio to 6 decimals, the NPS in percent to 2, else the numerator. */
    private static BigDecimal value(String kpi, BigDecimal[] cell) {
        if (cell == null) {
            return null;
        }
        if (kpi.equals("nps")) {
            return cell[1].signum() == 0 ? null : cell[0].movePointRight(2).divide(cell[1], 2, RoundingMode.HALF_EVEN);
        }
        if (RATIOS.contains(kpi)) {
            return cell[1].signum() == 0 ? null : cell[0].divide(cell[1], 6, RoundingMode.HALF_EVEN);
        }
        return cell[0];
    }

    private static BigDecimal six(BigDecimal d) {
        return d.setScale(6, RoundingMode.HALF_EVEN);
    }

    /** The period of {@code grain} that month {@code m} ends, or null. */
    private static String ending(String grain, YearMonth m) {
        return switch (grain) {
            case "month" -> m.toString();
            case "quarter" -> m.getMonthValue() % 3 == 0 ? m.getYear() + "-Q" + m.getMonthValue() / 3 : null;
            case "year" -> m.getMonthValue() == 12 ? String.valueOf(m.getYear()) : null;
            default -> null;
        };
    }
}
