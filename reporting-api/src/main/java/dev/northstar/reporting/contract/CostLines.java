package dev.northstar.reporting.contract;

import dev.northstar.events.KpiCatalog;
import dev.northstar.reporting.entity.TeamContract;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A team's cost of one month from its contract versions and its KPI cells, line by line, each line saying what it
 * was computed from (docs/kpi-definitions.md, "Cost lines per month"). Pure: the cells come through {@link Cells}.
 * The share of recognised revenue needs the revenue of the team's won customers by win month, which the read model
 * does not hold yet: a month whose terms carry it is computed without it and says so ({@link Month#missing}).
 */
public final class CostLines {

    /** The team's KPI cells the lines read: a cell's numerator and value, null when there is no cell. */
    public interface Cells {
        BigDecimal numerator(String kpi, String grain, String period);

        BigDecimal value(String kpi, String grain, String period);

        /**
         * The revenue recognised in {@code month} (at or after their win) by the customers the team won from
         * {@code fromWinMonth} to {@code month}: the support figures {@code cohort_revenue@<win month>}.
         */
        default BigDecimal cohortRevenue(String month, String fromWinMonth) {
            BigDecimal sum = BigDecimal.ZERO;
            YearMonth end = YearMonth.parse(month);
            for (YearMonth w = YearMonth.parse(fromWinMonth); !w.isAfter(end); w = w.plusMonths(1)) {
                BigDecimal n = numerator(KpiCatalog.COHORT_REVENUE + w, "month", month);
                sum = n == null ? sum : sum.add(n);
            }
            return sum;
        }
    }

    /** The win months whose cohorts a month's share of recognised revenue reads, for a share over {@code months}. */
    static List<String> cohortMonths(String month, int months) {
        List<String> out = new ArrayList<>(months);
        YearMonth m = YearMonth.parse(month);
        for (int i = months - 1; i >= 0; i--) {
            out.add(m.minusMonths(i).toString());
        }
        return out;
    }

    /**
     * One line of a month's cost. {@code amount} in the tenant's currency, 6 decimals at most; {@code adjusts} the
     * settled month an adjustment line carries a change of (null for every other line).
     */
    public record Line(String kind, BigDecimal amount, String explanation, String adjusts) {

        public Line(String kind, BigDecimal amount, String explanation) {
            this(kind, amount, explanation, null);
        }
    }

    /**
     * A month's cost: its lines and their total; {@code inForce} the version's id (null: no terms yet, and then no
     * cost at all); {@code missing} the terms whose lines could not be computed yet.
     */
    public record Month(String month, String inForce, List<Line> lines, BigDecimal total, List<String> missing) {
    }

    private static final int SCALE = 6;

    private final List<TeamContract> versions;

    public CostLines(List<TeamContract> versions) {
        this.versions = versions.stream().sorted(Contract.ORDER).toList();
    }

    /** The version in force in {@code month} (not replaced by a later one of its own month), if any. */
    public Optional<TeamContract> inForce(String month) {
        TeamContract found = null;
        for (TeamContract c : versions) {
            if (c.validFrom.compareTo(month) <= 0) {
                found = c; // sorted by month then recording: the last at or before the month wins
            }
        }
        return Optional.ofNullable(found);
    }

    /** The cost lines of {@code month} (YYYY-MM). */
    public Month month(String month, Cells cells) {
        Optional<TeamContract> found = inForce(month);
        if (found.isEmpty()) {
            return new Month(month, null, List.of(), null, List.of());
        }
        TeamContract v = found.get();
        List<Line> lines = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        if (v.monthlyFee != null) {
            lines.add(new Line("fee", scale(v.monthlyFee), "monthly fee of the terms from " + v.validFrom));
        }
        if (v.shareWonRate != null) {
            BigDecimal won = orZero(cells.numerator("revenue_won", "month", month));
            lines.add(new Line("share_of_revenue_won", scale(v.shareWonRate.multiply(won)),
                    plain(v.shareWonRate) + " × revenue won " + plain(won)));
        }
        if (v.shareRecognizedRate != null) {
            String from = YearMonth.parse(month).minusMonths(v.shareMonths - 1).toString();
            BigDecimal recognized = cells.cohortRevenue(month, from);
            lines.add(new Line("share_of_recognized_revenue", scale(v.shareRecognizedRate.multiply(recognized)),
                    plain(v.shareRecognizedRate) + " × revenue recognised " + plain(recognized) + " from the customers"
                    + " won " + (from.equals(month) ? "in " + month : "from " + from + " to " + month)));
        }
        for (ContractTerms.Incentive in : ContractTerms.of(v).incentives()) {
            String period = periodEnding(in.grain(), month);
            if (period == null) {
                continue; // the month does not end a period of the incentive's grain
            }
            BigDecimal value = cells.value(in.kpi(), in.grain(), period);
            boolean met = value != null && (in.atLeast() != null ? value.compareTo(in.atLeast()) >= 0
                    : value.compareTo(in.atMost()) <= 0);
            String rule = in.kpi() + " " + (in.atLeast() != null ? "≥ " + plain(in.atLeast()) : "≤ " + plain(in.atMost()))
                    + " in " + period;
            lines.add(new Line("incentive", met ? scale(in.amount()) : scale(BigDecimal.ZERO), (met ? "met: " : "not met: ")
                    + rule + " (value " + (value == null ? "none" : plain(value)) + ")"));
        }
        if (v.headcount != null) {
            lines.add(new Line("loaded_cost", scale(v.costPerHead.multiply(BigDecimal.valueOf(v.headcount))),
                    v.headcount + " people × " + plain(v.costPerHead)));
        }
        // each version's hires cost H + T once, spread over its ramp-up, whatever version follows it
        for (TeamContract u : versions) {
            if (u.headcount == null || u.rampUpMonths == null || replaced(u)) {
                continue;
            }
            YearMonth from = YearMonth.parse(u.validFrom);
            YearMonth m = YearMonth.parse(month);
            if (m.isBefore(from) || !m.isBefore(from.plusMonths(u.rampUpMonths))) {
                continue;
            }
            int before = inForce(from.minusMonths(1).toString()).map(p -> p.headcount == null ? 0 : p.headcount).orElse(0);
            int hires = Math.max(0, u.headcount - before);
            BigDecimal oneOff = orZero(u.hiringCostPerHead).add(orZero(u.trainingCostPerHead));
            if (hires > 0 && oneOff.signum() > 0) {
                lines.add(new Line("ramp_up", scale(oneOff.multiply(BigDecimal.valueOf(hires))
                        .divide(BigDecimal.valueOf(u.rampUpMonths), SCALE, RoundingMode.HALF_EVEN)),
                        hires + " hired from " + u.validFrom + " × " + plain(oneOff) + " over " + u.rampUpMonths
                                + " months"));
            }
        }
        BigDecimal total = lines.stream().map(Line::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new Month(month, v.contractId.toString(), List.copyOf(lines), scale(total), List.copyOf(missing));
    }

    private boolean replaced(TeamContract u) {
        return versions.stream().anyMatch(o -> o != u && o.validFrom.equals(u.validFrom)
                && Contract.ORDER.compare(o, u) > 0);
    }

    /** The period of {@code grain} that {@code month} is the last month of, or null. */
    public static String periodEnding(String grain, String month) {
        YearMonth m = YearMonth.parse(month);
        return switch (grain) {
            case "month" -> month;
            case "quarter" -> m.getMonthValue() % 3 == 0 ? m.getYear() + "-Q" + (m.getMonthValue() / 3) : null;
            case "year" -> m.getMonthValue() == 12 ? String.valueOf(m.getYear()) : null;
            default -> null;
        };
    }

    private static BigDecimal orZero(BigDecimal d) {
        return d == null ? BigDecimal.ZERO : d;
    }

    static BigDecimal scale(BigDecimal d) {
        BigDecimal s = d.setScale(SCALE, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    static String plain(BigDecimal d) {
        return d.stripTrailingZeros().toPlainString();
    }
}
