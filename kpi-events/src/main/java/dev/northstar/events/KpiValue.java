package dev.northstar.events;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One KPI value as published on {@code kpi.values}: a tenant × team × KPI × grain × period with its value
 * and, for ratios, numerator and denominator. {@code value} is {@code null} when the denominator is 0.
 * {@code version} only grows per key, so a reader keeps the highest it has seen. {@code acceptedAt}, when present,
 * is when kpi-ingest accepted the oldest event whose change this publication carries (for freshness metrics).
 */
public record KpiValue(String tenant, String teamId, String kpi, String grain, String period, BigDecimal value,
        BigDecimal numerator, BigDecimal denominator, String unit, long version, Instant updatedAt,
        Instant acceptedAt) {

    /** A value without acceptance time. */
    public KpiValue(String tenant, String teamId, String kpi, String grain, String period, BigDecimal value,
            BigDecimal numerator, BigDecimal denominator, String unit, long version, Instant updatedAt) {
        this(tenant, teamId, kpi, grain, period, value, numerator, denominator, unit, version, updatedAt, null);
    }

    /** The compaction key: {@code tenant/team/kpi/grain/period}. */
    public String key() {
        return key(tenant, teamId, kpi, grain, period);
    }

    public static String key(String tenant, String teamId, String kpi, String grain, String period) {
        return tenant + "/" + teamId + "/" + kpi + "/" + grain + "/" + period;
    }
}
