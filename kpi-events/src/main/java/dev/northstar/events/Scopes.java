package dev.northstar.events;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Scopes of a KPI value besides the overall one (docs/kpi-definitions.md, "Scopes"): a product line,
 * {@code product:<p>}, or a market segment, {@code segment:<s>}, taken from the optional {@code data.product} and
 * {@code data.segment} of the event a contribution stems from. An event in both counts in both scopes (two cells, never
 * combined into one).
 */
public final class Scopes {

    public static final String PRODUCT = "product:";
    public static final String SEGMENT = "segment:";
    /**
     * The KPIs whose quarter and year are not the sums of their months' numerators and denominators: an account
     * counts once per period in the numerator, and the denominator is the customer base at the period's start.
     */
    public static final List<String> COUNTED_PER_PERIOD = List.of("expansion_rate", "upsell_rate", "cross_sell_rate");
    /** How many combinations of product and segment {@link #of} keeps. */
    static final int CACHED = 10_000;
    private static final String[] NONE = new String[0];
    private static final Set<Grain> GRAINS = EnumSet.of(Grain.MONTH, Grain.QUARTER, Grain.YEAR);
    // 1 to 64 characters, as the contract's $defs/dimension (Java's patterns match code points, as maxLength counts)
    private static final Pattern SCOPE = Pattern.compile("(product|segment):[^\\p{Cntrl}]{1,64}");
    private static final Map<String, Map<String, String[]>> CACHE = new ConcurrentHashMap<>();
    private static final AtomicInteger COUNT = new AtomicInteger();

    private Scopes() {
    }

    /**
     * The scopes of a subject with this product and segment (either may be null). The array is shared: never change
     * it. A tenant has a few product lines and segments and the calculator asks for every contribution, so the arrays
     * are kept, up to {@link #CACHED} combinations (beyond that, made at each call: a stream of made-up values cannot
     * fill the memory).
     */
    public static String[] of(String product, String segment) {
        if (product == null && segment == null) {
            return NONE;
        }
        Map<String, String[]> bySegment = product == null ? null : CACHE.get(product);
        String[] cached = bySegment == null ? null : bySegment.get(segment == null ? "" : segment);
        if (cached != null) {
            return cached;
        }
        String[] scopes = product == null ? new String[] {SEGMENT + segment}
                : segment == null ? new String[] {PRODUCT + product}
                : new String[] {PRODUCT + product, SEGMENT + segment};
        if (product != null && COUNT.get() < CACHED) {
            COUNT.incrementAndGet();
            CACHE.computeIfAbsent(product, p -> new ConcurrentHashMap<>())
                    .putIfAbsent(segment == null ? "" : segment, scopes);
        }
        return scopes;
    }

    /**
     * Whether scoped values exist in periods of {@code grain}: month, quarter and year. A pilot is judged in months,
     * and a product line's or segment's day and week would triple kpi-calculator's cell writes for views nobody plans
     * with (docs/benchmarks.md, "Scopes").
     */
    public static boolean hasGrain(Grain grain) {
        return GRAINS.contains(grain);
    }

    /**
     * Whether kpi-calculator keeps a scope's cell of {@code kpi} at {@code grain}: every KPI per month, and the KPIs
     * {@link #COUNTED_PER_PERIOD} per quarter and year too. Every other KPI's scoped quarter and year are the sums of
     * their months (reporting-api adds them up when asked), the same numbers at a third of the writes.
     */
    public static boolean isKept(String kpi, Grain grain) {
        return grain == Grain.MONTH || GRAINS.contains(grain) && COUNTED_PER_PERIOD.contains(kpi);
    }

    /** Whether {@code scope} names a scope: {@code product:} or {@code segment:} and 1 to 64 characters. */
    public static boolean isScope(String scope) {
        return scope != null && SCOPE.matcher(scope).matches();
    }
}
