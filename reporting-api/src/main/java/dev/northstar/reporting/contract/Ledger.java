package dev.northstar.reporting.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.northstar.reporting.entity.CostSettlement;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A team's cost with its settled months (docs/kpi-definitions.md, "Settlement"): a settled month is served as it
 * was settled; the first month after the last settled one carries, as adjustment lines, what each settled month's
 * lines moved by since — live minus settled minus what later settled months already carried. Other months are live.
 * Pure: versions, settlements and cells come in.
 */
public final class Ledger {

    /** A month of the ledger: its lines and total, whether settled (then when, by whom) and its live total. */
    public record Month(String month, String inForce, List<CostLines.Line> lines, BigDecimal total,
            List<String> missing, boolean settled, Instant settledAt, String settledBy, BigDecimal liveTotal) {

        /**
         * Whether a settled month's own cost has moved since it was settled: its live total against its settled
         * lines without the adjustments it carried for earlier months.
         */
        public boolean movedSinceSettled() {
            if (!settled || liveTotal == null) {
                return false;
            }
            BigDecimal own = BigDecimal.ZERO;
            for (CostLines.Line l : lines) {
                if (!"adjustment".equals(l.kind())) {
                    own = own.add(l.amount());
                }
            }
            return own.compareTo(liveTotal) != 0;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CostLines costs;
    private final TreeMap<String, CostSettlement> settled = new TreeMap<>();
    private final Map<String, List<CostLines.Line>> settledLines = new TreeMap<>();

    public Ledger(CostLines costs, List<CostSettlement> settlements) {
        this.costs = costs;
        for (CostSettlement s : settlements) {
            settled.put(s.month, s);
            settledLines.put(s.month, lines(s));
        }
    }

    /** The lines a settlement kept. */
    public static List<CostLines.Line> lines(CostSettlement s) {
        try {
            return List.of(JSON.readValue(s.lines, CostLines.Line[].class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cost_settlement " + s.teamId + " " + s.month + ": lines are not JSON", e);
        }
    }

    /** The lines as a settlement keeps them. */
    public static String json(List<CostLines.Line> lines) {
        try {
            return JSON.writeValueAsString(lines);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The last settled month, or null. */
    public String lastSettled() {
        return settled.isEmpty() ? null : settled.lastKey();
    }

    /** The month that carries the adjustments: the one after the last settled, or null before any settlement. */
    public String firstOpen() {
        return settled.isEmpty() ? null : YearMonth.parse(settled.lastKey()).plusMonths(1).toString();
    }

    /** The months whose live lines the adjustments need (every settled month). */
    public List<String> settledMonths() {
        return List.copyOf(settled.keySet());
    }

    /** A month of the ledger. */
    public Month month(String month, CostLines.Cells cells) {
        CostLines.Month live = costs.month(month, cells);
        CostSettlement s = settled.get(month);
        if (s != null) {
            return new Month(month, s.contractId.toString(), settledLines.get(month), CostLines.scale(s.total),
                    live.missing(), true, s.settledAt.toInstant(), s.settledBy, live.total());
        }
        if (!month.equals(firstOpen()) || live.inForce() == null) {
            return new Month(month, live.inForce(), live.lines(), live.total(), live.missing(), false, null, null,
                    live.total());
        }
        List<CostLines.Line> lines = new ArrayList<>(live.lines());
        BigDecimal total = live.total();
        for (String m : settled.keySet()) {
            BigDecimal now = orZero(costs.month(m, cells).total());
            BigDecimal then = BigDecimal.ZERO;
            for (CostLines.Line l : settledLines.get(m)) {
                if (!"adjustment".equals(l.kind())) {
                    then = then.add(l.amount());
                }
            }
            BigDecimal carried = BigDecimal.ZERO;
            for (List<CostLines.Line> later : settledLines.values()) {
                for (CostLines.Line l : later) {
                    if ("adjustment".equals(l.kind()) && m.equals(l.adjusts())) {
                        carried = carried.add(l.amount());
                    }
                }
            }
            BigDecimal delta = now.subtract(then).subtract(carried);
            if (delta.signum() != 0) {
                lines.add(new CostLines.Line("adjustment", CostLines.scale(delta), m + " moved since it was settled:"
                        + " now " + CostLines.plain(now) + ", settled " + CostLines.plain(then)
                        + (carried.signum() == 0 ? "" : ", carried before " + CostLines.plain(carried)), m));
                total = total.add(delta);
            }
        }
        return new Month(month, live.inForce(), List.copyOf(lines), CostLines.scale(total), live.missing(), false, null,
                null, live.total());
    }

    private static BigDecimal orZero(BigDecimal d) {
        return d == null ? BigDecimal.ZERO : d;
    }
}
