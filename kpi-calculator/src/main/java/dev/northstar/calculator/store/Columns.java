package dev.northstar.calculator.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows to one array per column, for the stores' {@code unnest(...)} statements: instants as {@link OffsetDateTime}s
 * for a {@code timestamptz[]} parameter (a typed value: PostgreSQL never parses a time from text here), decimals as
 * their exact text for a {@code text[]::numeric[]} cast, everything else as text.
 */
public final class Columns {

    private Columns() {
    }

    /**
     * @param width the number of columns
     * @param times the indexes of the columns that hold instants
     */
    public static List<Object> of(List<? extends Object[]> rows, int width, int... times) {
        List<Object> out = new ArrayList<>(width);
        for (int c = 0; c < width; c++) {
            boolean time = false;
            for (int t : times) {
                time |= t == c;
            }
            if (time) {
                OffsetDateTime[] column = new OffsetDateTime[rows.size()];
                for (int r = 0; r < rows.size(); r++) {
                    Instant v = (Instant) ((Object[]) rows.get(r))[c];
                    column[r] = v == null ? null : v.atOffset(ZoneOffset.UTC);
                }
                out.add(column);
                continue;
            }
            String[] column = new String[rows.size()];
            for (int r = 0; r < rows.size(); r++) {
                Object v = ((Object[]) rows.get(r))[c];
                column[r] = v == null ? null : v instanceof BigDecimal d ? d.toPlainString() : v.toString();
            }
            out.add(column);
        }
        return out;
    }
}
