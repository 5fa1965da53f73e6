package dev.northstar.reporting;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.Map;

/**
 * Configuration of reporting-api: tenants' zones, the chunks of CSV exports, and the thresholds of briefs and
 * integration levels.
 */
@ConfigMapping(prefix = "northstar.reporting")
public interface ReportingConfig {

    /** The time zone whose midnight starts a tenant's periods, unless it has its own (as in kpi-calculator). */
    @WithDefault("Asia/Tokyo")
    ZoneId defaultTimeZone();

    /** Per-tenant time zones. */
    Map<String, ZoneId> timeZones();

    /** The currency of a tenant's amounts unless it has its own (ISO 4217). */
    @WithDefault("JPY")
    String defaultCurrency();

    /** Per-tenant currencies. */
    Map<String, String> currencies();

    /** How many insights a report shows beside each KPI (the newest; the count covers all). */
    @WithDefault("5")
    int insightsPerKpi();

    /** Rows a CSV export of {@code /v1/kpi-values} reads from PostgreSQL at a time (it holds one chunk in memory). */
    @WithDefault("1000")
    int kpiValuesCsvChunk();

    /** The rules of the strategy brief's proposed actions (docs/reporting.md). */
    Brief brief();

    /** The thresholds of the integration level's signals (docs/reporting.md). */
    Integration integration();

    /**
     * Months settle automatically this many days after their end (docs/kpi-definitions.md, "Settlement"), for every
     * tenant unless it has its own; absent, only an admin settles.
     */
    java.util.Optional<Integer> settleAfterDays();

    /** How often the automatic close looks for due months (a scheduler period: 1h, 10m; {@code off} disables it). */
    @WithDefault("1h")
    String settleCheckEvery();

    /**
     * How soon the cost KPIs (partner_cost, …) follow a moved value, new terms or a settlement: the teams marked
     * since are recomputed this often (a scheduler period; {@code off} disables it).
     */
    @WithDefault("2s")
    String costRefreshEvery();

    /** How often every team with terms has its cost KPIs recomputed (a new month begins, another replica's marks). */
    @WithDefault("1h")
    String costFullEvery();

    /** Per-tenant delays of the automatic close, in days. */
    Map<String, Integer> settleAfterDaysByTenant();

    /** A tenant's delay of the automatic close, if it has one. */
    default java.util.Optional<Integer> settleAfterDays(String tenant) {
        Integer own = settleAfterDaysByTenant().get(tenant);
        return own != null ? java.util.Optional.of(own) : settleAfterDays();
    }

    default ZoneId zone(String tenant) {
        return timeZones().getOrDefault(tenant, defaultTimeZone());
    }

    /**
     * The gross margin (0 to 1) of a tenant's monthly recurring revenue, for payback_months; set it as kpi-calculator's
     * {@code default-gross-margin} and {@code gross-margins} (its LTV's margin), which this mirrors.
     */
    @WithDefault("1.0")
    java.math.BigDecimal defaultGrossMargin();

    /** Per-tenant gross margins, e.g. {@code northstar.reporting.gross-margins.acme=0.72}. */
    Map<String, java.math.BigDecimal> grossMargins();

    /** The tenant's gross margin. */
    default java.math.BigDecimal grossMargin(String tenant) {
        return grossMargins().getOrDefault(tenant, defaultGrossMargin());
    }

    /** The tenant's currency. */
    default String currency(String tenant) {
        return currencies().getOrDefault(tenant, defaultCurrency());
    }

    /** Strategy-brief rules. */
    interface Brief {

        /** A change against the previous period at least this large (relative) is a gain or a fall. */
        @WithDefault("0.10")
        BigDecimal changeThreshold();

        /** Below this attainment a target is missed. */
        @WithDefault("0.90")
        BigDecimal attainmentThreshold();

        /** How many gains, falls, gaps and insights per section the brief lists. */
        @WithDefault("5")
        int itemsPerSection();
    }

    /** Integration-level thresholds, per month (a quarter needs three times as much, a year twelve). */
    interface Integration {

        /** Knowledge articles shared per month for knowledge to count as flowing. */
        @WithDefault("2")
        int knowledgePerMonth();

        /** Share of lost deals with a recorded loss reason. */
        @WithDefault("0.80")
        BigDecimal lossReasonShare();

        /** Product feedback items per month. */
        @WithDefault("1")
        int feedbackPerMonth();

        /** Share of the customer-value KPIs that have a value in the period. */
        @WithDefault("0.60")
        BigDecimal customerValueCoverage();
    }
}
