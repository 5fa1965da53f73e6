package dev.northstar.ingest.connect.mapping;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * A value of a mapping: where an event's data field (or its team, account, time) comes from. One of
 * <ul>
 * <li>{@code {"field": "Amount"}} (or just {@code "Amount"}): a field of the record's state, optionally translated
 *     by {@code map} ({@code {"Closed Won": "won"}}), with a {@code default} (a value or another expression) when the
 *     field is empty or, with a map, not in it (a value not in a map and without a default passes as it is);</li>
 * <li>{@code {"const": "JPY"}}: always this value;</li>
 * <li>{@code {"record": "id"}}: the record's id.</li>
 * </ul>
 * {@code type} ({@code string}, {@code boolean}, {@code integer}, {@code decimal}, {@code list}: texts split at
 * {@code ;} or {@code ,}) says what JSON the event gets.
 */
/** @param map null: no translation (an empty map: every value goes to the default) */
public record Expr(String field, Map<String, String> map, Expr fallback, String constant, boolean recordId,
        Type type) {

    /** The JSON type a value becomes in the event. */
    public enum Type {
        STRING, BOOLEAN, INTEGER, DECIMAL, LIST;

        static Type of(String name) {
            return name == null ? STRING : valueOf(name.toUpperCase(Locale.ROOT));
        }
    }

    /** An expression that is always {@code value}. */
    public static Expr constant(String value) {
        return new Expr(null, null, null, value, false, Type.STRING);
    }

    /** The value for a record (null when there is none), as text; {@link #typed} turns it into the event's type. */
    public String evaluate(String recordIdValue, Map<String, String> state) {
        if (constant != null) {
            return constant;
        }
        if (recordId) {
            return recordIdValue;
        }
        String value = state.get(field);
        if (value != null && !value.isEmpty()) {
            if (map == null) {
                return value;
            }
            String mapped = map.get(value);
            if (mapped != null) {
                return mapped;
            }
            if (fallback == null) {
                return value;
            }
        }
        return fallback == null ? null : fallback.evaluate(recordIdValue, state);
    }

    /**
     * The text as this expression's JSON type: {@link Boolean}, {@link Long}, a plain decimal text, a list of texts or
     * the text itself;
     * a text that is not of the type is returned as it is (the event is then invalid, and says so).
     */
    public Object typed(String text) {
        if (text == null) {
            return null;
        }
        switch (type) {
            case BOOLEAN:
                String t = text.trim().toLowerCase(Locale.ROOT);
                if (t.equals("true") || t.equals("1") || t.equals("yes") || t.equals("y") || t.equals("on")) {
                    return Boolean.TRUE;
                }
                if (t.equals("false") || t.equals("0") || t.equals("no") || t.equals("n") || t.equals("off")) {
                    return Boolean.FALSE;
                }
                return text;
            case INTEGER:
                try {
                    return new BigDecimal(text.trim()).longValueExact();
                } catch (ArithmeticException | NumberFormatException e) {
                    return text;
                }
            case DECIMAL:
                try {
                    BigDecimal d = new BigDecimal(text.trim()).stripTrailingZeros();
                    // a string, as the contract prefers for exact amounts: never a float, never 1.2E+6
                    return (d.scale() < 0 ? d.setScale(0) : d).toPlainString();
                } catch (NumberFormatException e) {
                    return text;
                }
            case LIST:
                // a Salesforce multi-select picklist (a;b), a kintone check box (a,b): the event's list of texts
                return Arrays.stream(text.split("[;,]")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            default:
                return text;
        }
    }
}
