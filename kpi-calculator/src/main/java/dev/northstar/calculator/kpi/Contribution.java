package dev.northstar.calculator.kpi;

import java.math.BigDecimal;

/** What one event adds to one KPI of one team in one period: to its numerator and to its denominator. */
public record Contribution(Key key, BigDecimal numerator, BigDecimal denominator) {

    /**
     * A KPI cell: tenant × team × KPI × grain × period. Equality and hash are written out: a fold of an account's
     * history looks a cell up for every contribution, and the methods a record gets by default go through method
     * handles that cost several times more there.
     */
    public record Key(String tenant, String teamId, String kpi, String grain, String period) {

        @Override
        public boolean equals(Object o) {
            return this == o || o instanceof Key k && period.equals(k.period) && kpi.equals(k.kpi)
                    && grain.equals(k.grain) && teamId.equals(k.teamId) && tenant.equals(k.tenant);
        }

        @Override
        public int hashCode() {
            int h = tenant.hashCode();
            h = 31 * h + teamId.hashCode();
            h = 31 * h + kpi.hashCode();
            h = 31 * h + grain.hashCode();
            return 31 * h + period.hashCode();
        }
    }
}
