package dev.northstar.reporting.console;

import dev.northstar.events.Grain;

/** Grains as a reader names them. */
final class GrainNames {

    private GrainNames() {
    }

    static String of(Grain g, String lang) {
        boolean ja = "ja".equals(lang);
        return switch (g) {
            case DAY -> ja ? "日次" : "Daily";
            case WEEK -> ja ? "週次" : "Weekly";
            case MONTH -> ja ? "月次" : "Monthly";
            case QUARTER -> ja ? "四半期" : "Quarterly";
            case YEAR -> ja ? "年次" : "Yearly";
        };
    }
}
