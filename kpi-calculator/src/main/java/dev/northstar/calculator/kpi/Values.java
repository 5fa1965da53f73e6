package dev.northstar.calculator.kpi;

import dev.northstar.events.KpiCatalog;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** The value of a KPI cell from its numerator and denominator. */
public final class Values {

    private Values() {
    }

    /**
     * Counts and sums are the numerator; ratios and averages are numerator ÷ denominator (6 decimals), and
     * empty ({@code null}) when the denominator is 0, never 0; the NPS is that ratio in percent (2 decimals).
     */
    public static BigDecimal value(KpiCatalog.Kpi kpi, BigDecimal numerator, BigDecimal denominator) {
        if (!kpi.ratio()) {
            return numerator;
        }
        if (denominator.signum() == 0) {
            return null;
        }
        BigDecimal ratio = numerator.divide(denominator, 6, RoundingMode.HALF_EVEN);
        return kpi.unit() == KpiCatalog.Unit.SCORE ? numerator.movePointRight(2).divide(denominator, 2,
                RoundingMode.HALF_EVEN) : ratio;
    }
}
