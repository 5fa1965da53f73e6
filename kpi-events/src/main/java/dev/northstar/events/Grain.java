package dev.northstar.events;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The period grains of the API and their labels: {@code 2026-10-15} (day), {@code 2026-W43} (ISO week),
 * {@code 2026-10} (month), {@code 2026-Q4}, {@code 2026}. Labels of one grain sort as their periods do.
 */
public enum Grain {
    DAY(Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})")),
    WEEK(Pattern.compile("(\\d{4})-W(\\d{2})")),
    MONTH(Pattern.compile("(\\d{4})-(\\d{2})")),
    QUARTER(Pattern.compile("(\\d{4})-Q([1-4])")),
    YEAR(Pattern.compile("(\\d{4})"));

    private final Pattern label;
    private final String wireName;

    Grain(Pattern label) {
        this.label = label;
        this.wireName = name().toLowerCase(Locale.ROOT);
    }

    /** The API name: {@code day}, {@code week}, {@code month}, {@code quarter}, {@code year}. */
    public String wireName() {
        return wireName;
    }

    /** The grain of an API name, if there is one. */
    public static Optional<Grain> fromWireName(String name) {
        for (Grain grain : values()) {
            if (grain.wireName().equals(name)) {
                return Optional.of(grain);
            }
        }
        return Optional.empty();
    }

    /** The label of the period that contains {@code instant} in {@code zone}. */
    public String label(Instant instant, ZoneId zone) {
        return label(instant.atZone(zone).toLocalDate());
    }

    /** The label of the period that contains {@code date}. */
    public String label(LocalDate date) {
        return switch (this) {
            case DAY -> date.toString();
            case WEEK -> String.format(Locale.ROOT, "%04d-W%02d", date.get(IsoFields.WEEK_BASED_YEAR),
                    date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case MONTH -> String.format(Locale.ROOT, "%04d-%02d", date.getYear(), date.getMonthValue());
            case QUARTER -> String.format(Locale.ROOT, "%04d-Q%d", date.getYear(), date.get(IsoFields.QUARTER_OF_YEAR));
            case YEAR -> String.format(Locale.ROOT, "%04d", date.getYear());
        };
    }

    /** The first day of the labelled period; empty when the label is not one of this grain. */
    public Optional<LocalDate> firstDay(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = label.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            int year = Integer.parseInt(m.group(1));
            LocalDate first = switch (this) {
                case DAY -> LocalDate.parse(text);
                case WEEK -> {
                    int week = Integer.parseInt(m.group(2));
                    LocalDate monday = LocalDate.of(year, 1, 4).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                            .plusWeeks(week - 1L);
                    yield week >= 1 && monday.get(IsoFields.WEEK_BASED_YEAR) == year ? monday : null;
                }
                case MONTH -> LocalDate.of(year, Integer.parseInt(m.group(2)), 1);
                case QUARTER -> LocalDate.of(year, (Integer.parseInt(m.group(2)) - 1) * 3 + 1, 1);
                case YEAR -> LocalDate.of(year, 1, 1);
            };
            return Optional.ofNullable(first);
        } catch (DateTimeException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code text} is a label of this grain. */
    public boolean isLabel(String text) {
        return firstDay(text).isPresent();
    }

    /** The label of the period before the labelled one. */
    public String previous(String text) {
        LocalDate first = firstDay(text).orElseThrow(() -> new IllegalArgumentException("not a " + wireName()
                + " label: " + text));
        return label(first.minusDays(1));
    }

    /** The first day of the period after the one that starts on {@code first}. */
    public LocalDate next(LocalDate first) {
        return switch (this) {
            case DAY -> first.plusDays(1);
            case WEEK -> first.plusWeeks(1);
            case MONTH -> first.plusMonths(1);
            case QUARTER -> first.plusMonths(3);
            case YEAR -> first.plusYears(1);
        };
    }

    /** The instant the labelled period starts in {@code zone} (midnight there). */
    public Instant start(String text, ZoneId zone) {
        return ZonedDateTime.of(firstDay(text).orElseThrow(), LocalTime.MIDNIGHT, zone).toInstant();
    }
}
