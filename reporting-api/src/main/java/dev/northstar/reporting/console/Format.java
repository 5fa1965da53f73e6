package dev.northstar.reporting.console;

import dev.northstar.events.Grain;
import dev.northstar.events.KpiCatalog;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Currency;
import java.util.Locale;

/**
 * Numbers, amounts, rates, dates and periods as a reader of the page's language expects them: {@code 1,234},
 * {@code ￥1,234,567}, {@code 12.5%}, NPS as a signed score; dates and times in the tenant's zone; periods as
 * "2026年11月" or "Nov 2026".
 */
public final class Format {

    private final Locale locale;
    private final Currency currency;
    private final ZoneId zone;
    private final boolean ja;

    public Format(String lang, String currency, ZoneId zone) {
        this.ja = "ja".equals(lang);
        this.locale = ja ? Locale.JAPAN : Locale.US;
        this.currency = Currency.getInstance(currency);
        this.zone = zone;
    }

    public Locale locale() {
        return locale;
    }

    public ZoneId zone() {
        return zone;
    }

    /** A KPI's value in its unit; an em dash when there is none. */
    public String value(BigDecimal v, KpiCatalog.Unit unit) {
        if (v == null) {
            return "—";
        }
        return switch (unit) {
            case COUNT -> integer(v);
            case AMOUNT -> amount(v);
            case RATE -> percent(v);
            case SCORE -> decimal(v.setScale(1, RoundingMode.HALF_EVEN), 1);
            case MULTIPLE -> decimal(v.setScale(2, RoundingMode.HALF_EVEN), 2) + "×";
            case MONTHS -> decimal(v.setScale(1, RoundingMode.HALF_EVEN), 1) + (ja ? "か月" : " months");
        };
    }

    /** A change against the previous period: relative when there is a rate, in the unit otherwise. */
    public String change(BigDecimal change, BigDecimal rate, KpiCatalog.Unit unit) {
        if (change == null) {
            return "";
        }
        String sign = change.signum() > 0 ? "+" : change.signum() < 0 ? "−" : "±";
        if (unit == KpiCatalog.Unit.RATE) {
            // a rate changes by points
            return sign + decimal(change.abs().movePointRight(2).setScale(1, RoundingMode.HALF_EVEN), 1)
                    + (ja ? "ポイント" : " pt");
        }
        if (unit == KpiCatalog.Unit.SCORE) {
            // so does a score (NPS): a relative change of a value that crosses zero means nothing
            return sign + decimal(change.abs().setScale(1, RoundingMode.HALF_EVEN), 1) + (ja ? "ポイント" : " pt");
        }
        if (rate != null) {
            return sign + decimal(rate.abs().movePointRight(2).setScale(1, RoundingMode.HALF_EVEN), 1) + "%";
        }
        return sign + value(change.abs(), unit);
    }

    /**
     * The CSS class of a KPI's change: up (better), down (worse) or flat; for a KPI that is better lower (a cost), a
     * fall is the better way.
     */
    public static String direction(BigDecimal change, KpiCatalog.Kpi kpi) {
        int sign = change == null ? 0 : kpi != null && kpi.lowerIsBetter() ? -change.signum() : change.signum();
        return sign == 0 ? "flat" : sign > 0 ? "up" : "down";
    }

    public String integer(BigDecimal v) {
        NumberFormat f = NumberFormat.getIntegerInstance(locale);
        f.setRoundingMode(RoundingMode.HALF_EVEN);
        return f.format(v);
    }

    public String amount(BigDecimal v) {
        NumberFormat f = NumberFormat.getCurrencyInstance(locale);
        f.setCurrency(currency);
        f.setMaximumFractionDigits(currency.getDefaultFractionDigits());
        f.setMinimumFractionDigits(currency.getDefaultFractionDigits());
        f.setRoundingMode(RoundingMode.HALF_EVEN);
        return f.format(v);
    }

    public String percent(BigDecimal fraction) {
        if (fraction == null) {
            return "—";
        }
        return decimal(fraction.movePointRight(2).setScale(1, RoundingMode.HALF_EVEN), 1) + "%";
    }

    public String decimal(BigDecimal v, int digits) {
        NumberFormat f = NumberFormat.getNumberInstance(locale);
        f.setMinimumFractionDigits(digits);
        f.setMaximumFractionDigits(digits);
        f.setRoundingMode(RoundingMode.HALF_EVEN);
        return f.format(v);
    }

    /** A period label for reading: 2026年11月 / Nov 2026, 2026年 第4四半期 / Q4 2026, … */
    public String period(Grain grain, String label) {
        if (label == null) {
            return "";
        }
        LocalDate first = grain.firstDay(label).orElse(null);
        if (first == null) {
            return label;
        }
        return switch (grain) {
            case MONTH -> first.format(DateTimeFormatter.ofPattern(ja ? "uuuu年M月" : "MMM uuuu", locale));
            case QUARTER -> ja ? first.getYear() + "年 第" + ((first.getMonthValue() + 2) / 3) + "四半期"
                    : "Q" + ((first.getMonthValue() + 2) / 3) + " " + first.getYear();
            case YEAR -> ja ? first.getYear() + "年" : String.valueOf(first.getYear());
            case WEEK -> ja ? label.substring(0, 4) + "年 第" + Integer.parseInt(label.substring(6)) + "週"
                    : "Week " + Integer.parseInt(label.substring(6)) + ", " + label.substring(0, 4);
            case DAY -> date(first);
        };
    }

    /** A short period label for chart axes. */
    public String shortPeriod(Grain grain, String label) {
        LocalDate first = grain.firstDay(label).orElse(null);
        if (first == null || grain != Grain.MONTH) {
            return label;
        }
        return first.format(DateTimeFormatter.ofPattern(ja ? "uu/M" : "MMM uu", locale));
    }

    public String date(LocalDate date) {
        return date == null ? "" : date.format(DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale));
    }

    /** An instant as a date and time in the tenant's zone. */
    public String dateTime(Instant instant) {
        return instant == null ? "" : instant.atZone(zone).format(DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM,
                FormatStyle.SHORT).withLocale(locale));
    }

    /** A decimal as the API writes it (plain, no exponent), for data attributes compared with the API. */
    public static String raw(BigDecimal v) {
        return v == null ? "" : v.toPlainString();
    }
}
