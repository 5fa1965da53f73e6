package dev.northstar.calculator.kpi;

import java.math.BigDecimal;

/** What one event adds to one KPI of one team in one period: to its numerator and to its denominator. */
public record Contribution(Key key, BigDecimal numerator, BigDecimal denominator) {

    /** A KPI cell: tenant × team × KPI × grain × period. */
    public record Key(String tenant, String teamId, String kpi, String grain, String period) {
    }
}
