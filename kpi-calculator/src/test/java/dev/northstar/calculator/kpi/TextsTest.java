package dev.northstar.calculator.kpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.northstar.events.EventType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TextsTest {

    @Test
    void factsOfTheSameAccountHoldOneInstanceOfEachRepeatedText() {
        // two facts built from texts that are equal but not the same objects, as two decoded events bring them
        Fact a = new Fact(new String("acme"), new String("acc-1"), "crm#1", EventType.CALL_LOGGED,
                Instant.parse("2026-10-01T00:00:00Z"), new String("team-a"), null, new String("executive"), true,
                null, null, 0, new String("payroll"), new String("smb"));
        Fact b = new Fact(new String("acme"), new String("acc-1"), "crm#2", EventType.CALL_LOGGED,
                Instant.parse("2026-10-02T00:00:00Z"), new String("team-a"), null, new String("executive"), false,
                null, null, 0, new String("payroll"), new String("smb"));
        assertSame(a.tenant(), b.tenant());
        assertSame(a.accountId(), b.accountId());
        assertSame(a.teamId(), b.teamId());
        assertSame(a.kind(), b.kind());
        assertSame(a.product(), b.product());
        assertSame(a.segment(), b.segment());
        assertEquals("crm#2", b.key());
        assertNull(Texts.shared(null));
    }
}
