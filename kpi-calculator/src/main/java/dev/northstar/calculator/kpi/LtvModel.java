package dev.northstar.calculator.kpi;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;

/**
 * The predicted LTV of each new customer of a tenant: MRR at win × gross margin ÷ monthly logo churn rate,
 * the rate fixed at the win as the churns of the 12 full calendar months before the win's month ÷ the sum,
 * over those months, of the customers active at each month's start, floored at 1/60 (no lifetime over 60
 * months). With no customers in those months (no history), the rate is 1/60.
 */
public final class LtvModel {

    /** The longest lifetime, in months, that the churn floor allows. */
    public static final BigDecimal MAX_MONTHS = BigDecimal.valueOf(60);

    /** A customer of the tenant as the account rules left it. */
    public record Customer(String accountId, String teamId, Instant wonAt, BigDecimal mrr, Instant churnedAt) {
    }

    private final ZoneId zone;
    private final long[] won;
    private final long[] churned;

    public LtvModel(List<Customer> customers, ZoneId zone) {
        this.zone = zone;
        this.won = customers.stream().mapToLong(c -> micros(c.wonAt())).sorted().toArray();
        this.churned = customers.stream().filter(c -> c.churnedAt() != null).mapToLong(c -> micros(c.churnedAt()))
                .sorted().toArray();
    }

    /** The predicted LTV of a customer, or null when its MRR is unknown. */
    public BigDecimal ltv(Customer customer, BigDecimal grossMargin) {
        if (customer.mrr() == null) {
            return null;
        }
        BigDecimal value = customer.mrr().multiply(grossMargin).multiply(lifetimeMonths(customer.wonAt()));
        return value.setScale(6, RoundingMode.HALF_EVEN);
    }

    /** 1 ÷ the churn rate fixed for a win at {@code wonAt}, at most 60. */
    public BigDecimal lifetimeMonths(Instant wonAt) {
        YearMonth winMonth = YearMonth.from(wonAt.atZone(zone));
        long churns = 0;
        long active = 0;
        for (int k = 1; k <= 12; k++) {
            YearMonth month = winMonth.minusMonths(k);
            long start = micros(start(month));
            long end = micros(start(month.plusMonths(1)));
            churns += countAtOrBefore(churned, end - 1) - countAtOrBefore(churned, start - 1);
            active += countAtOrBefore(won, start) - countAtOrBefore(churned, start);
        }
        if (active == 0 || churns == 0 || BigDecimal.valueOf(active).compareTo(MAX_MONTHS.multiply(
                BigDecimal.valueOf(churns))) >= 0) {
            return MAX_MONTHS;
        }
        return BigDecimal.valueOf(active).divide(BigDecimal.valueOf(churns), 12, RoundingMode.HALF_EVEN);
    }

    private Instant start(YearMonth month) {
        return month.atDay(1).atTime(LocalTime.MIDNIGHT).atZone(zone).toInstant();
    }

    /** How many of the sorted values are at most {@code value}. */
    static long countAtOrBefore(long[] sorted, long value) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }
}
