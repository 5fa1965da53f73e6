package dev.northstar.calculator.kpi;

import dev.northstar.events.Grain;
import dev.northstar.events.Scopes;
import java.math.BigDecimal;
import java.time.Instant;

/** Where KPI rules put what an event adds to a team's KPI: to its numerator and its denominator. */
public interface Sink {

    /** Adds to the KPI in every grain's period that contains {@code at}. */
    void add(String teamId, String kpi, Instant at, BigDecimal numerator, BigDecimal denominator);

    /** Adds to the KPI in one grain's period only. */
    void addIn(String teamId, String kpi, Grain grain, String period, BigDecimal numerator, BigDecimal denominator);

    /**
     * Adds to the overall KPI in every grain's period that contains {@code at}, and to the KPI in each of the subject's
     * {@code scopes} ({@link ScopedKpi}) in the periods of the grains a scope's cell of it is kept at
     * ({@link Scopes#isKept}).
     */
    void add(String teamId, String kpi, Instant at, BigDecimal numerator, BigDecimal denominator, String[] scopes);

    /**
     * Adds to the overall KPI and, when a scope's cell of it is kept at the grain, to the KPI in each of
     * {@code scopes}, in one grain's period only.
     */
    default void addIn(String teamId, String kpi, Grain grain, String period, BigDecimal numerator,
            BigDecimal denominator, String[] scopes) {
        addIn(teamId, kpi, grain, period, numerator, denominator);
        if (Scopes.isKept(kpi, grain)) {
            for (String scope : scopes) {
                addIn(teamId, ScopedKpi.cell(kpi, scope), grain, period, numerator, denominator);
            }
        }
    }
}
