package dev.northstar.events;

import java.math.BigDecimal;
import java.util.List;

/**
 * The {@code data} of every Northstar event type, one record per type. The JSON Schemas under
 * {@code northstar/schemas/} are the contract; these records are its Java form, read only after
 * {@link EventValidator} has accepted the event.
 */
public sealed interface EventData {

    /** The team the event names (for customer events: informational, ownership decides). */
    String teamId();

    /** The account the event concerns, or {@code null} where the type has none. */
    default String accountId() {
        return null;
    }

    /** A sales team of the tenant. */
    record TeamRegistered(String teamId, String name, String kind) implements EventData {
    }

    /** The account becomes a target account from the event's time on. */
    record AccountTargeted(String teamId, String accountId) implements EventData {
    }

    /** The account's owner becomes {@code teamId}. */
    record AccountOwnerChanged(String teamId, String accountId) implements EventData {
    }

    /** A call placed to an account. */
    record CallLogged(String teamId, String accountId, String contactRole, boolean keyPerson, String outcome,
            Integer durationSeconds) implements EventData {
    }

    /** A conversation held with a contact of an account. */
    record ConversationHeld(String teamId, String accountId, String contactRole, Boolean keyPerson, String channel)
            implements EventData {
    }

    /** An appointment set, held or cancelled. */
    record Appointment(String teamId, String accountId, String appointmentId) implements EventData {
    }

    /** An opportunity opened. */
    record DealCreated(String teamId, String accountId, String dealId, BigDecimal amount, String currency)
            implements EventData {
    }

    /** A deal won; {@code kind} is {@code new_business} or {@code expansion}. */
    record DealWon(String teamId, String accountId, String dealId, BigDecimal amount, String currency,
            BigDecimal monthlyRecurringRevenue, String kind) implements EventData {
    }

    /** A deal lost, with its reason and competitor. */
    record DealLost(String teamId, String accountId, String dealId, String reason, String competitor)
            implements EventData {
    }

    /** A contract renewed or churned at the end of its term. */
    record ContractTerm(String teamId, String accountId, String contractId, BigDecimal monthlyRecurringRevenue,
            String currency) implements EventData {
    }

    /** An upsell or cross-sell. */
    record ContractExpanded(String teamId, String accountId, String contractId, String kind, BigDecimal amount,
            String currency) implements EventData {
    }

    /** Revenue recognised for an account. */
    record RevenueRecognized(String teamId, String accountId, BigDecimal amount, String currency)
            implements EventData {
    }

    /** An NPS survey answer. */
    record NpsResponded(String teamId, String accountId, int score, String comment) implements EventData {
    }

    /** An onboarding started or completed. */
    record Onboarding(String teamId, String accountId, String onboardingId) implements EventData {
    }

    /** A feedback item for product development. */
    record FeedbackSubmitted(String teamId, String accountId, String text, List<String> tags) implements EventData {
    }

    /** A knowledge article; {@code kind} is {@code success} or {@code failure}. */
    record KnowledgeShared(String teamId, String articleId, String kind, String title, String body,
            List<String> tags) implements EventData {
    }

    /** A qualitative insight. */
    record InsightCaptured(String teamId, String accountId, String dealId, String text, List<String> tags,
            List<String> kpis) implements EventData {
    }
}
