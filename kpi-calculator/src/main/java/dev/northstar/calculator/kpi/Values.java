package dev.northstar.calculator.kpi;

import dev.northstar.events.KpiCatalog;
import java.math.BigDecimal;

/** The value of a KPI cell from its numerator and denominator. */
public final class Values {

    private Values() {
    }

    /**
     * Counts and sums are the numerator; ratios and averages are numerator ÷ denominator (6 decimals), and
     * empty ({@code null}) when the denominator is 0, never 0; the NPS is that ratio in percent (2 decimals).
     */
    public static BigDecimal value(KpiCatalog.Kpi kpi, BigDecimal numerator, BigDecimal denominator) {
        return kpi.value(numerator, denominator);
    }
}
