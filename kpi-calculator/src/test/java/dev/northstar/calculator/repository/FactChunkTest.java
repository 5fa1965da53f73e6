package dev.northstar.calculator.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.northstar.calculator.kpi.Fact;
import dev.northstar.events.EventType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FactChunkTest {

    @Test
    void factsComeBackExactlyAsStored() {
        List<Fact> facts = List.of(
                new Fact("acme", "acc-1", "crm://acme/sales#w-1", EventType.DEAL_WON,
                        Instant.parse("2026-12-31T23:30:00.123456Z"), "team-a", "deal-1", "new_business", false,
                        new BigDecimal("1200000.50"), new BigDecimal("100000.000000"), 0),
                new Fact("acme", "acc-1", "crm://acme/sales#c-\u6771\u4eac", EventType.CALL_LOGGED,
                        Instant.parse("2026-01-01T00:00:00Z"), "team-a", null, "executive", true, null, null, 0),
                new Fact("acme", "acc-1", "crm://acme/sales#n-1", EventType.NPS_RESPONDED,
                        Instant.parse("1970-01-01T00:00:00Z"), "", null, null, false, new BigDecimal("-0.000001"),
                        null, 10));
        List<Fact> back = FactChunk.decode(FactChunk.encode(facts));
        assertEquals(facts, back);
        // scale survives: 1200000.50 stays two decimals, 100000.000000 six
        assertEquals(2, back.get(0).amount().scale());
        assertEquals(6, back.get(0).mrr().scale());
    }

    @Test
    void aChunkHoldsOneAccount() {
        Fact a = new Fact("acme", "acc-1", "k1", EventType.CALL_LOGGED, Instant.EPOCH, "t", null, null, false, null,
                null, 0);
        Fact b = new Fact("acme", "acc-2", "k2", EventType.CALL_LOGGED, Instant.EPOCH, "t", null, null, false, null,
                null, 0);
        assertThrows(IllegalArgumentException.class, () -> FactChunk.encode(List.of(a, b)));
        assertThrows(IllegalArgumentException.class, () -> FactChunk.encode(List.of()));
    }

    @Test
    void aTruncatedOrForeignChunkIsAnErrorNotWrongFacts() {
        byte[] chunk = FactChunk.encode(List.of(new Fact("acme", "acc-1", "k1", EventType.CALL_LOGGED, Instant.EPOCH,
                "t", null, null, false, null, null, 0)));
        byte[] truncated = java.util.Arrays.copyOf(chunk, chunk.length - 3);
        assertThrows(java.io.UncheckedIOException.class, () -> FactChunk.decode(truncated));
        chunk[0] = 9;
        assertThrows(IllegalStateException.class, () -> FactChunk.decode(chunk));
    }
}
