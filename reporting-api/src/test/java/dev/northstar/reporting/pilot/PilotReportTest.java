package dev.northstar.reporting.pilot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.northstar.events.KpiCatalog;
import dev.northstar.reporting.repository.KpiValueRepository;
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

    @Test
    void withoutAnyValueOfTheScopeInsideOutsideAndBeforeAreUnknownNotAMeasuredZero() {
        PilotView pilot = new PilotView("p", "給与", List.of("alpha"), "payroll", null, "2026-09", "2026-10",
                List.of("deals_won"), "product:payroll", "admin", java.time.Instant.EPOCH);
        List<KpiValueRepository.MonthSum> overall = List.of(
                new KpiValueRepository.MonthSum("deals_won", "2026-09", new BigDecimal("5"), BigDecimal.ZERO),
                new KpiValueRepository.MonthSum("deals_won", "2026-10", new BigDecimal("3"), BigDecimal.ZERO));
        PilotReport none = PilotReport.of(pilot, YearMonth.of(2026, 12), overall, List.of(), java.util.Map.of());
        PilotReport.KpiResult deals = none.kpis().get(0);
        assertEquals(0, none.monthsWithScopedData());
        assertEquals(null, deals.inside().value());
        assertEquals(null, deals.outside().value());
        assertEquals(null, deals.before().value());
        assertEquals("unknown", deals.versusOutside());
        assertEquals("unknown", deals.versusBefore());

        // the scope in the pilot's months but not before them (the CRM sent products from the start): inside and
        // outside are measured, before is unknown
        List<KpiValueRepository.MonthSum> scoped = List.of(
                new KpiValueRepository.MonthSum("deals_won", "2026-10", new BigDecimal("2"), BigDecimal.ZERO));
        PilotReport.KpiResult since = PilotReport.of(pilot, YearMonth.of(2026, 12), overall, scoped,
                java.util.Map.of()).kpis().get(0);
        assertEquals(0, new BigDecimal("2").compareTo(since.inside().value()));
        assertEquals(0, new BigDecimal("6").compareTo(since.outside().value()));
        assertEquals(null, since.before().value());
        assertEquals("worse", since.versusOutside());
        assertEquals("unknown", since.versusBefore());
    }
}
