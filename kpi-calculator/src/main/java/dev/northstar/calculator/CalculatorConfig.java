package dev.northstar.calculator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.ZoneId;
import java.util.Map;

/** Configuration of kpi-calculator. */
@ConfigMapping(prefix = "northstar.calculator")
public interface CalculatorConfig {

    /** The time zone whose midnight starts a tenant's periods, unless the tenant has its own. */
    @WithDefault("Asia/Tokyo")
    ZoneId defaultTimeZone();

    /** Per-tenant time zones, e.g. {@code northstar.calculator.time-zones.acme=Europe/Berlin}. */
    Map<String, ZoneId> timeZones();

    /** How many changed KPI values one publishing round sends to kpi.values. */
    @WithDefault("2000")
    int publishBatchSize();

    /** The zone of a tenant. */
    default ZoneId zone(String tenant) {
        return timeZones().getOrDefault(tenant, defaultTimeZone());
    }
}
