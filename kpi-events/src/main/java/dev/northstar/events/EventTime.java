package dev.northstar.events;

import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Event times: RFC 3339 date-times with an offset, read exactly as {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}
 * reads them. The usual form ({@code 2026-10-15T09:30:00.123+09:00}, or with {@code Z}) is read by hand, which is
 * several times faster; anything else goes to the formatter, which decides. The hand-read path only accepts what
 * the formatter accepts, with the same result.
 *
 * <p>The contract bounds event times to the dates 1970-01-01 to 2100-12-31 as written (before the offset is applied):
 * the envelope schema says so with a pattern on {@code time}, and {@link #inRange} says the same in code. Every
 * instant in that range is a value that PostgreSQL, Java and every period label represent exactly; a time such as
 * {@code 9999-12-31T23:00:00-09:00} (year 10000 in UTC) is refused at the door instead of failing a consumer later.
 */
public final class EventTime {

    /** The first year an event's time may carry, as written. */
    public static final int FIRST_YEAR = 1970;
    /** The last year an event's time may carry, as written. */
    public static final int LAST_YEAR = 2100;

    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
        1_000_000_000};

    private EventTime() {
    }

    /** The date-time of the text, or {@code null} when it is not an RFC 3339 date-time with an offset. */
    public static OffsetDateTime parse(String text) {
        OffsetDateTime fast = usual(text);
        if (fast != null) {
            return fast;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Whether the time lies in the contract's range: its date, as written, from 1970-01-01 to 2100-12-31. */
    public static boolean inRange(OffsetDateTime time) {
        int year = time.getYear();
        return year >= FIRST_YEAR && year <= LAST_YEAR;
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:MM)} with every field in range, else {@code null}. */
    static OffsetDateTime usual(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month) || hour < 0
                || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int i = 19;
        int nano = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 10 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            int count = i - start;
            if (count < 1 || count > 9) {
                return null;
            }
            nano = digits(s, start, count) * POWERS[9 - count];
        }
        int offset;
        if (i == n - 1 && s.charAt(i) == 'Z') {
            offset = 0;
        } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int hours = digits(s, i + 1, 2);
            int minutes = digits(s, i + 4, 2);
            if (hours < 0 || hours > 18 || minutes < 0 || minutes > 59 || hours == 18 && minutes > 0) {
                return null;
            }
            offset = (s.charAt(i) == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
        } else {
            return null;
        }
        return OffsetDateTime.of(year, month, day, hour, minute, second, nano, ZoneOffset.ofTotalSeconds(offset));
    }

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> Year.isLeap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** The value of {@code count} ASCII digits at {@code from}, or -1 if one is not a digit. */
    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
