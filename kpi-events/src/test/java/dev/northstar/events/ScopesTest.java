package dev.northstar.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScopesTest {

    @Test
    void aScopeIsAPrefixAndOneTo64CodePointsWithoutControlCharacters() {
        String emoji = "\uD83D\uDE00";
        assertTrue(Scopes.isScope("product:" + emoji.repeat(64)), "64 characters outside the BMP, as the contract");
        assertFalse(Scopes.isScope("product:" + emoji.repeat(64) + "x"));
        assertTrue(Scopes.isScope("segment:" + "x".repeat(64)));
        assertFalse(Scopes.isScope("segment:" + "x".repeat(65)));
        assertTrue(Scopes.isScope("product: payroll#2/東京"));
        assertFalse(Scopes.isScope("product:"));
        assertFalse(Scopes.isScope("region:x"));
        assertFalse(Scopes.isScope("product:a\tb"));
        assertFalse(Scopes.isScope("product:a\u007Fb"));
        assertFalse(Scopes.isScope(null));
    }

    @Test
    void aSubjectsScopesAreItsProductsAndItsSegmentsAndKeptForTheNextCall() {
        assertArrayEquals(new String[0], Scopes.of(null, null));
        assertArrayEquals(new String[] {"segment:smb"}, Scopes.of(null, "smb"));
        assertArrayEquals(new String[] {"product:A"}, Scopes.of("A", null));
        String[] both = Scopes.of("A", "smb");
        assertArrayEquals(new String[] {"product:A", "segment:smb"}, both);
        assertSame(both, Scopes.of("A", "smb"));
    }

    @Test
    void scopedCellsAreKeptPerMonthAndTheExpansionRatesPerQuarterAndYearToo() {
        assertTrue(Scopes.isKept("win_rate", Grain.MONTH));
        assertFalse(Scopes.isKept("win_rate", Grain.QUARTER));
        assertFalse(Scopes.isKept("win_rate", Grain.DAY));
        assertTrue(Scopes.isKept("expansion_rate", Grain.YEAR));
        assertFalse(Scopes.isKept("upsell_rate", Grain.WEEK));
    }
}
