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
            default -> plain(value);
        };
    }

    static String shorten(String text, int max) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= max ? flat : flat.substring(0, max - 1) + "…";
    }
}
