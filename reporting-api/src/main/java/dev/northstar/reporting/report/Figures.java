package dev.northstar.reporting.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/** How briefs write numbers for people: rates as percentages, amounts with separators, nothing as a dash. */
final class Figures {

    private Figures() {
    }

    static String plain(BigDecimal value) {
        return value == null ? "–" : value.stripTrailingZeros().toPlainString();
    }

    static String percent(BigDecimal fraction) {
        return fraction == null ? "–"
                : fraction.movePointRight(2).setScale(1, RoundingMode.HALF_EVEN).toPlainString() + "%";
    }

    static String format(BigDecimal value, String unit) {
        if (value == null) {
            return "–";
        }
        return switch (unit) {
            case "rate" -> percent(value);
            case "amount" -> new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(value);
            case "multiple" -> value.setScale(2, RoundingMode.HALF_EVEN).toPlainString() + "×";
            case "months" -> value.setScale(1, RoundingMode.HALF_EVEN).toPlainString() + " months";
            default -> plain(value);
        };
    }

    /**
     * The text on one line, at most {@code max} characters (code points) long: a longer text keeps its first
     * {@code max - 1} and ends with "…". The cut falls between code points, so a character outside the BMP (𠮷, 🍣)
     * is kept or dropped whole; half of a surrogate pair is not a character and would come out as "?" in UTF-8.
     */
    static String shorten(String text, int max) {
        String flat = text.replaceAll("\\s+", " ").strip();
        if (flat.codePointCount(0, flat.length()) <= max) {
            return flat;
        }
        return flat.substring(0, flat.offsetByCodePoints(0, max - 1)) + "…";
    }
}
