package dev.northstar.reporting.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Shortening counts characters and cuts between them, never inside a surrogate pair. */
class FiguresTest {

    @Test
    void aCutRightAtACharacterOutsideTheBmpKeepsItWhole() {
        // max 3: two characters and the ellipsis; the second character is 𠮷, UTF-16 units 2 and 3
        assertEquals("a𠮷…", Figures.shorten("a𠮷bc", 3));
        assertEquals("🍣…", Figures.shorten("🍣🍣🍣", 2));
        assertEquals("寿司🍣…", Figures.shorten("寿司🍣𠮷🍣", 4));
        for (int max = 2; max < 12; max++) {
            String cut = Figures.shorten("a🍣𠮷b🍣🍣𠮷𠮷c🍣", max);
            assertEquals(cut, new String(cut.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8),
                    () -> "a lone surrogate in " + cut);
            assertEquals(Math.min(max, 10), cut.codePointCount(0, cut.length()), cut);
        }
    }

    @Test
    void maxCountsCharactersNotUtf16Units() {
        // three characters, six UTF-16 units: within a limit of three
        assertEquals("🍣🍣🍣", Figures.shorten("🍣🍣🍣", 3));
        assertEquals("a b", Figures.shorten(" a \n\t b ", 3));
        assertEquals("abc…", Figures.shorten("abcde", 4));
    }
}
