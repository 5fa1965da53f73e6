package dev.northstar.calculator.kpi;

import java.math.BigDecimal;
import java.time.ZoneId;

/**
 * A tenant's settings that change its numbers: the zone whose midnight starts its periods, the gross margin
 * of its LTV and the currency its amounts are summed in.
 */
public record TenantSettings(ZoneId zone, BigDecimal grossMargin, String currency) {
}
