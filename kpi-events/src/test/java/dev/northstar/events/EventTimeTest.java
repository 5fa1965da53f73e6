package dev.northstar.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EventTimeTest {

    private static OffsetDateTime byFormatter(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Test
    void readsTheUsualFormByHandWithTheFormattersResult() {
        assertEquals(OffsetDateTime.parse("2026-10-15T09:30:00+09:00"), EventTime.usual("2026-10-15T09:30:00+09:00"));
        assertEquals(OffsetDateTime.parse("2026-12-31T23:30:00.123456789Z"),
                EventTime.usual("2026-12-31T23:30:00.123456789Z"));
        assertEquals(OffsetDateTime.parse("2024-02-29T00:00:00.5-05:30"), EventTime.usual("2024-02-29T00:00:00.5-05:30"));
    }

    @Test
    void leavesEverythingElseToTheFormatter() {
        // valid, but not the usual form: no seconds, lower-case separators, an offset with seconds, a bare point
        for (String text : new String[] {"2026-10-15T09:30+09:00", "2026-10-15t09:30:00z", "2026-10-15T09:30:00+09:00:00",
            "2026-10-15T09:30:00.Z"}) {
            assertNull(EventTime.usual(text), text);
            assertNotNull(EventTime.parse(text), text);
            assertEquals(byFormatter(text), EventTime.parse(text), text);
        }
        // not date-times at all
        for (String text : new String[] {"2026-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-10-15T24:00:00Z",
            "2026-10-15T09:30:00", "2026-10-15T09:30:00.1234567890Z", "2026-10-15T09:30:00+19:00",
            "2026-13-01T00:00:00Z", "2026-10-15 09:30:00Z", "", "2026-10-15T09:30:00+0900"}) {
            assertNull(EventTime.parse(text), text);
        }
    }

    /** Near-misses of the usual form, at random: the hand-read path agrees with the formatter on every one. */
    @Test
    void agreesWithTheFormatterOnAHundredThousandNearMisses() {
        Random random = new Random(42);
        int accepted = 0;
        for (int i = 0; i < 100_000; i++) {
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%04d-%02d-%02dT%02d:%02d:%02d",
                    random.nextInt(3) == 0 ? random.nextInt(10_000) : 1999 + random.nextInt(30), random.nextInt(14),
                    random.nextInt(33), random.nextInt(26), random.nextInt(62), random.nextInt(62)));
            if (random.nextBoolean()) {
                s.append('.');
                int digits = random.nextInt(11);
                for (int d = 0; d < digits; d++) {
                    s.append((char) ('0' + random.nextInt(10)));
                }
            }
            switch (random.nextInt(4)) {
                case 0 -> s.append('Z');
                case 1 -> s.append(String.format(Locale.ROOT, "%s%02d:%02d", random.nextBoolean() ? "+" : "-",
                        random.nextInt(20), random.nextInt(62)));
                case 2 -> s.append(String.format(Locale.ROOT, "+%02d%02d", random.nextInt(20), random.nextInt(60)));
                default -> {
                    // no offset
                }
            }
            if (random.nextInt(50) == 0) {
                s.setCharAt(random.nextInt(s.length()), (char) (' ' + random.nextInt(95)));
            }
            String text = s.toString();
            OffsetDateTime expected = byFormatter(text);
            assertEquals(expected, EventTime.parse(text), text);
            OffsetDateTime usual = EventTime.usual(text);
            if (usual != null) {
                assertEquals(expected, usual, text);
                accepted++;
            }
        }
        // the generator is not all misses: a good share is read by hand
        assertEquals(true, accepted > 10_000, "read by hand: " + accepted);
    }
}
