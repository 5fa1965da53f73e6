package dev.northstar.reporting.pilot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.northstar.events.KpiCatalog;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The month arithmetic of a pilot's report and its verdicts, by hand. */
class PilotReportTest {

    @Test
    void aVerdictFollowsTheKpisDirection() {
        KpiCatalog.Kpi winRate = KpiCatalog.byId("win_rate").orElseThrow();
        KpiCatalog.Kpi payback = KpiCatalog.byId("payback_months").orElseThrow();
        assertEquals("better", PilotReport.verdict(new BigDecimal("0.05"), winRate));
        assertEquals("worse", PilotReport.verdict(new BigDecimal("-0.05"), winRate));
        assertEquals("same", PilotReport.verdict(new BigDecimal("0.000000"), winRate));
        assertEquals("unknown", PilotReport.verdict(null, winRate));
        // lower is better: a fall is the better way
        assertEquals("better", PilotReport.verdict(new BigDecimal("-2"), payback));
        assertEquals("worse", PilotReport.verdict(new BigDecimal("2"), payback));
    }

    @Test
    void monthsAfterTheCurrentOneHaveNotHappenedAndBeforeIsAsLongAsWhatHas() {
        assertEquals(List.of("2026-11", "2026-12"), PilotReport.elapsed("2026-11", "2027-02", YearMonth.of(2026, 12)));
        assertEquals(List.of(), PilotReport.elapsed("2027-01", "2027-02", YearMonth.of(2026, 12)));
        assertEquals(List.of("2026-11", "2026-12", "2027-01"), PilotReport.elapsed("2026-11", "2027-01",
                YearMonth.of(2027, 6)));
        assertEquals(List.of("2026-09", "2026-10"), PilotReport.before("2026-11", 2));
        assertEquals(List.of("2025-12"), PilotReport.before("2026-01", 1));
        assertEquals(List.of(), PilotReport.before("2026-01", 0));
    }
}
