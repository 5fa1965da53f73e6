package dev.northstar.calculator.kpi;

import dev.northstar.events.EventData;
import dev.northstar.events.NorthstarEvent;
import java.math.BigDecimal;

/**
 * The KPIs that one event decides alone, for the team it names: calls, appointments set, feedback items and
 * knowledge articles, overall and in the event's scopes. Everything else needs the account's history
 * ({@link AccountFold}).
 */
public final class TeamRules {

    private TeamRules() {
    }

    /** Adds what the event counts to the sink. */
    public static void apply(NorthstarEvent event, Sink sink) {
        String team = event.data().teamId();
        String[] scopes = event.scopes();
        switch (event.type()) {
            case CALL_LOGGED -> sink.add(team, "calls", event.time(), BigDecimal.ONE, BigDecimal.ZERO, scopes);
            case APPOINTMENT_SET -> sink.add(team, "appointments", event.time(), BigDecimal.ONE, BigDecimal.ZERO,
                    scopes);
            case FEEDBACK_SUBMITTED -> sink.add(team, "product_feedback", event.time(), BigDecimal.ONE,
                    BigDecimal.ZERO, scopes);
            case KNOWLEDGE_SHARED -> {
                sink.add(team, "knowledge_shared", event.time(), BigDecimal.ONE, BigDecimal.ZERO, scopes);
                sink.add(team, "knowledge_shared_" + ((EventData.KnowledgeShared) event.data()).kind(), event.time(),
                        BigDecimal.ONE, BigDecimal.ZERO, scopes);
            }
            default -> {
                // no team-only KPI
            }
        }
    }
}
