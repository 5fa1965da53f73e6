package dev.northstar.calculator;

import dev.northstar.calculator.kpi.TenantSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.time.Duration;
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

    /** The gross margin of LTV (0 to 1), unless the tenant has its own. */
    @WithDefault("1.0")
    BigDecimal defaultGrossMargin();

    /** Per-tenant gross margins, e.g. {@code northstar.calculator.gross-margins.acme=0.72}. */
    Map<String, BigDecimal> grossMargins();

    /** The currency amounts are summed in (ISO 4217), unless the tenant has its own. */
    @WithDefault("JPY")
    String defaultCurrency();

    /** Per-tenant currencies, e.g. {@code northstar.calculator.currencies.acme=EUR}. */
    Map<String, String> currencies();

    /**
     * How many changed KPI values one publishing round sends to kpi.values at most (rounded down to whole outbox
     * rows of up to 1,000 keys; at least one row). A round that claims this many follows the previous one at once
     * (a backlog); so it is well above what a {@code publish-interval} gathers under a steady stream (a batch's
     * statement fills its last row only partly), else rounds would never wait and never coalesce.
     */
    @WithDefault("50000")
    int publishBatchSize();

    /**
     * The least time between the starts of two publishing rounds while there is no backlog (a round that claimed
     * a full batch is followed at once). A busy team's cells change in almost every batch of events; a round sends
     * each changed cell once with its latest value, so waiting a little sends the same cell once instead of once
     * per batch. Values reach kpi.values at most this much later; while the calculator is catching up (its batches
     * come full), four times this, since freshness is then set by the lag.
     */
    @WithDefault("500ms")
    Duration publishInterval();

    /**
     * How many facts (stored events of accounts) the in-memory cache of account histories holds, over all
     * partitions; the least recently used accounts are dropped beyond it. An account not held is read back and
     * folded again when its next event comes. A tenant of the benchmark's stream keeps about 19,000 facts in use, so
     * this holds eight tenants sending at once, at ~190 bytes of heap a fact (docs/capacity.md: hit rate against size).
     */
    @WithDefault("150000")
    long cachedFacts();

    /**
     * The least time between two refreshes of one tenant's tenant-wide KPIs (LTV, customer base). A refresh
     * recomputes them whole, so under a heavy stream refreshing after every batch would rewrite the same cells
     * again and again; marks wait and are handled together. A refresh that took long also waits four times its
     * own duration, so that refreshing never takes more than about a fifth of the time.
     */
    @WithDefault("2s")
    Duration refreshInterval();

    /**
     * How far ahead of now the customer base (the denominators of expansion_rate and its splits) is computed. A
     * tenant's latest event time sets how far the base reaches; an event dated decades ahead (the contract allows
     * times up to 2100) would otherwise make every later change of a customer recompute tens of thousands of future
     * periods. Periods beyond this are computed when the time comes nearer and the tenant's customers change.
     */
    @WithDefault("P731D")
    Duration baseLookahead();

    /** The consumer group of {@code crm.events}; instances in one group share its partitions. */
    @WithDefault("kpi-calculator")
    String groupId();

    /**
     * The most records of {@code crm.events} one batch (one transaction) holds. A full batch means the calculator
     * is catching up.
     */
    @WithDefault("5000")
    int maxPollRecords();

    /** The zone of a tenant. */
    default ZoneId zone(String tenant) {
        return timeZones().getOrDefault(tenant, defaultTimeZone());
    }

    /** Everything that changes a tenant's numbers. */
    default TenantSettings settings(String tenant) {
        return new TenantSettings(zone(tenant), grossMargins().getOrDefault(tenant, defaultGrossMargin()),
                currencies().getOrDefault(tenant, defaultCurrency()));
    }
}
