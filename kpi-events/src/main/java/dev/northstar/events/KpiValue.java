package dev.northstar.events;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One KPI value as published on {@code kpi.values}: a tenant × team × KPI × grain × period with its value
 * and, for ratios, numerator and denominator. {@code value} is {@code null} when the denominator is 0.
 * {@code version} only grows per key, so a reader keeps the highest it has seen.
 */
public record KpiValue(String tenant, String teamId, String kpi, String grain, String period, BigDecimal value,
        BigDecimal numerator, BigDecimal denominator, String unit, long version, Instant updatedAt) {

    /** The compaction key: {@code tenant/team/kpi/grain/period}. */
    public String key() {
        return key(tenant, teamId, kpi, grain, period);
    }

    public static String key(String tenant, String teamId, String kpi, String grain, String period) {
        return tenant + "/" + teamId + "/" + kpi + "/" + grain + "/" + period;
    }
}
