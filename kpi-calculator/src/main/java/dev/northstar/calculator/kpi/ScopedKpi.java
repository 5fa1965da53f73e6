package dev.northstar.calculator.kpi;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How kpi-calculator keeps a scoped cell (a KPI of one product line or segment, {@link dev.northstar.events.Scopes}) in
 * its state: under the KPI id {@code <kpi>#<scope>} ({@code win_rate#product:A}), beside the overall cell
 * {@code win_rate}, so that every store, lock order and outbox treats it as one more cell. KPI ids never hold a
 * {@code #}, so the first one ends the id; a scope may hold anything after its prefix. The publisher splits it again:
 * {@code kpi.values} carries the KPI id and the scope as two fields.
 */
public final class ScopedKpi {

    private static final char SEPARATOR = '#';

    private ScopedKpi() {
    }

    /**
     * The cell id of {@code kpi} in {@code scope}; {@code kpi} itself when {@code scope} is null. Asked for every scoped
     * contribution: the ids of up to {@link #CACHED} scopes are kept rather than concatenated each time.
     */
    public static String cell(String kpi, String scope) {
        if (scope == null) {
            return kpi;
        }
        Map<String, String> byKpi = CELLS.get(scope);
        if (byKpi == null) {
            if (CELLS.size() >= CACHED) {
                return kpi + SEPARATOR + scope;
            }
            byKpi = CELLS.computeIfAbsent(scope, s -> new ConcurrentHashMap<>());
        }
        String cell = byKpi.get(kpi);
        if (cell == null) {
            cell = kpi + SEPARATOR + scope;
            byKpi.putIfAbsent(kpi, cell);
        }
        return cell;
    }

    /** How many scopes' cell ids are kept (a stream of made-up scopes cannot fill the memory). */
    static final int CACHED = 10_000;
    private static final Map<String, Map<String, String>> CELLS = new ConcurrentHashMap<>();

    /** The KPI id of a cell id. */
    public static String kpi(String cell) {
        int at = cell.indexOf(SEPARATOR);
        return at < 0 ? cell : cell.substring(0, at);
    }

    /** The scope of a cell id, null for an overall cell. */
    public static String scope(String cell) {
        int at = cell.indexOf(SEPARATOR);
        return at < 0 ? null : cell.substring(at + 1);
    }
}
