package dev.northstar.reporting.console;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/** A sparkline drawn on the server as SVG polyline points (100 × 24), so that an overview of many teams needs no script. */
final class Spark {

    static final int WIDTH = 100;
    static final int HEIGHT = 24;

    private Spark() {
    }

    /** The points of the present values, spread over the width; empty when none is present. */
    static String points(List<BigDecimal> values) {
        BigDecimal min = null;
        BigDecimal max = null;
        for (BigDecimal v : values) {
            if (v != null) {
                min = min == null || v.compareTo(min) < 0 ? v : min;
                max = max == null || v.compareTo(max) > 0 ? v : max;
            }
        }
        if (min == null) {
            return "";
        }
        double span = max.subtract(min).doubleValue();
        StringBuilder out = new StringBuilder();
        int n = values.size();
        for (int i = 0; i < n; i++) {
            BigDecimal v = values.get(i);
            if (v == null) {
                continue;
            }
            double x = n == 1 ? WIDTH / 2.0 : i * (double) WIDTH / (n - 1);
            double y = span == 0 ? HEIGHT / 2.0 : HEIGHT - 2 - (v.subtract(min).doubleValue() / span) * (HEIGHT - 4);
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
        }
        return out.toString();
    }

}
