package dev.northstar.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class GrainTest {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    @Test
    void lateEveningUtcOnTheLastDayOfAMonthIsTheNextMonthInTokyo() {
        Instant t = Instant.parse("2026-10-31T23:30:00Z");
        assertEquals("2026-11-01", Grain.DAY.label(t, TOKYO));
        assertEquals("2026-11", Grain.MONTH.label(t, TOKYO));
        assertEquals("2026-Q4", Grain.QUARTER.label(t, TOKYO));
        assertEquals("2026-10", Grain.MONTH.label(t, ZoneId.of("UTC")));
    }

    @Test
    void isoWeeksAtTheYearBoundary() {
        assertEquals("2026-W53", Grain.WEEK.label(LocalDate.of(2026, 12, 31)));
        assertEquals("2026-W53", Grain.WEEK.label(LocalDate.of(2027, 1, 3)));
        assertEquals("2027-W01", Grain.WEEK.label(LocalDate.of(2027, 1, 4)));
        assertEquals("2026-W01", Grain.WEEK.label(LocalDate.of(2025, 12, 29)));
        assertEquals(LocalDate.of(2026, 12, 28), Grain.WEEK.firstDay("2026-W53").orElseThrow());
        assertFalse(Grain.WEEK.isLabel("2025-W53"));
        assertEquals("2026-W53", Grain.WEEK.previous("2027-W01"));
    }

    @Test
    void labelsParseAndStepBack() {
        assertEquals("2026-09", Grain.MONTH.previous("2026-10"));
        assertEquals("2025-Q4", Grain.QUARTER.previous("2026-Q1"));
        assertEquals("2025", Grain.YEAR.previous("2026"));
        assertEquals("2026-02-28", Grain.DAY.previous("2026-03-01"));
        assertTrue(Grain.DAY.isLabel("2026-10-15"));
        assertFalse(Grain.DAY.isLabel("2026-02-30"));
        assertFalse(Grain.MONTH.isLabel("2026-13"));
        assertFalse(Grain.QUARTER.isLabel("2026-Q5"));
        assertEquals(Instant.parse("2026-09-30T15:00:00Z"), Grain.MONTH.start("2026-10", TOKYO));
    }
}
