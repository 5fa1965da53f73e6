package dev.northstar.events;

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
    /** What the contract allows as a product or a segment: 1 to 64 characters ({@code $defs/dimension}). */
    public static final int MAX_DIMENSION = 64;
    private static final String[] NONE = new String[0];
    private static final Pattern SCOPE = Pattern.compile("(product|segment):[^\\p{Cntrl}]{1,64}");

    private Scopes() {
    }

    /** The scopes of a subject with this product and segment (either may be null). */
    public static String[] of(String product, String segment) {
        if (product == null && segment == null) {
            return NONE;
        }
        if (product == null) {
            return new String[] {SEGMENT + segment};
        }
        if (segment == null) {
            return new String[] {PRODUCT + product};
        }
        return new String[] {PRODUCT + product, SEGMENT + segment};
    }

    /** Whether {@code scope} names a scope: {@code product:} or {@code segment:} and 1 to 64 characters. */
    public static boolean isScope(String scope) {
        return scope != null && SCOPE.matcher(scope).matches()
                && scope.codePointCount(scope.indexOf(':') + 1, scope.length()) <= MAX_DIMENSION;
    }
}
