package dev.northstar.reporting.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.northstar.reporting.contract.ContractTerms.RevenueShare;
import dev.northstar.reporting.entity.CostSettlement;
import dev.northstar.reporting.entity.TeamContract;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settlement: a settled month stays as settled, and what it moves by afterwards is carried once, in order. */
class LedgerTest {

    private static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    private static final Map<String, BigDecimal> REVENUE = new HashMap<>();

    private static final CostLines.Cells CELLS = new CostLines.Cells() {
        public BigDecimal numerator(String kpi, String grain, String period) {
            return "revenue_won".equals(kpi) ? REVENUE.get(period) : null;
        }

        public BigDecimal value(String kpi, String grain, String period) {
            return numerator(kpi, grain, period);
        }
    };

    private static final CostLines COSTS;

    static {
        TeamContract v = new ContractTerms("2026-10", d("400000"), new RevenueShare(d("0.1"), null, null), null, null,
                null).toEntity("t", "alpha", "admin");
        v.recordedAt = OffsetDateTime.of(2026, 9, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        COSTS = new CostLines(List.of(v));
    }

    private static CostSettlement settle(Ledger ledger, String month) {
        Ledger.Month m = ledger.month(month, CELLS);
        CostSettlement s = new CostSettlement();
        s.tenant = "t";
        s.teamId = "alpha";
        s.month = month;
        s.contractId = java.util.UUID.fromString(m.inForce());
        s.total = m.total();
        s.lines = Ledger.json(m.lines());
        s.settledBy = "admin";
        s.settledAt = OffsetDateTime.now(ZoneOffset.UTC);
        return s;
    }

    @Test
    void whatASettledMonthMovesByIsCarriedIntoTheFirstOpenMonthOnce() {
        REVENUE.clear();
        REVENUE.put("2026-10", d("3000000"));
        REVENUE.put("2026-11", d("2000000"));
        List<CostSettlement> settled = new ArrayList<>();
        settled.add(settle(new Ledger(COSTS, settled), "2026-10"));
        settled.add(settle(new Ledger(COSTS, settled), "2026-11"));
        assertEquals(d("600000"), settled.get(1).total);
        // a late deal in November: +20,000 revenue won, +2,000 of share
        REVENUE.put("2026-11", d("2020000"));
        Ledger ledger = new Ledger(COSTS, settled);
        assertEquals("2026-12", ledger.firstOpen());
        Ledger.Month nov = ledger.month("2026-11", CELLS);
        assertTrue(nov.settled());
        assertEquals(d("600000"), nov.total(), "as settled");
        assertEquals(d("602000"), nov.liveTotal());
        Ledger.Month dec = ledger.month("2026-12", CELLS);
        assertEquals(d("402000"), dec.total(), "December's fee + the adjustment for November");
        CostLines.Line adjustment = dec.lines().get(dec.lines().size() - 1);
        assertEquals("adjustment", adjustment.kind());
        assertEquals("2026-11", adjustment.adjusts());
        assertEquals(d("2000"), adjustment.amount());
        // a month after the first open one carries nothing
        assertFalse(ledger.month("2027-01", CELLS).lines().stream().anyMatch(l -> l.kind().equals("adjustment")));
        // December settled with the adjustment; November moves again by +1,000 of share: January carries only that
        settled.add(settle(ledger, "2026-12"));
        REVENUE.put("2026-11", d("2030000"));
        Ledger after = new Ledger(COSTS, settled);
        // December's own cost has not moved (its total is higher by what it carried for November); November's has
        assertEquals(d("402000"), after.month("2026-12", CELLS).total());
        assertFalse(after.month("2026-12", CELLS).movedSinceSettled());
        assertTrue(after.month("2026-11", CELLS).movedSinceSettled());
        assertFalse(after.month("2027-01", CELLS).movedSinceSettled(), "an open month is not settled");
        Ledger.Month jan = after.month("2027-01", CELLS);
        assertEquals(d("401000"), jan.total());
        assertEquals(1, jan.lines().stream().filter(l -> l.kind().equals("adjustment")).count());
        // and a value that goes back to what was settled carries back what was paid in excess
        REVENUE.put("2026-11", d("2000000"));
        assertEquals(d("398000"), new Ledger(COSTS, settled).month("2027-01", CELLS).total(),
                "400,000 − the 2,000 that December carried and paid for November (January's +1,000 was never settled)");
        // the settled lines read back as they were written
        assertEquals(Ledger.lines(settled.get(2)), after.month("2026-12", CELLS).lines());
    }
}
