package dev.northstar.reporting.console;

import java.util.Map;

/** What a KPI without a value is missing, as an empty state says it: the events that feed it. */
final class Hints {

    private static final Map<String, String> EVENTS = Map.ofEntries(
            Map.entry("calls", "call.logged"),
            Map.entry("appointments", "appointment.set"),
            Map.entry("exec_conversations", "conversation.held"),
            Map.entry("key_person_connect_rate", "call.logged + account.targeted"),
            Map.entry("appointment_quality", "appointment.held + deal.created"),
            Map.entry("deals_won", "deal.won"),
            Map.entry("revenue_won", "deal.won"),
            Map.entry("win_rate", "deal.won / deal.lost"),
            Map.entry("new_customer_avg_ltv", "deal.won + contract.churned"),
            Map.entry("realized_ltv_to_date", "deal.won + revenue.recognized"),
            Map.entry("expansion_rate", "contract.expanded"),
            Map.entry("upsell_rate", "contract.expanded"),
            Map.entry("cross_sell_rate", "contract.expanded"),
            Map.entry("renewal_rate", "contract.renewed / contract.churned"),
            Map.entry("revenue_renewal_rate", "contract.renewed / contract.churned"),
            Map.entry("nps", "nps.responded"),
            Map.entry("onboarding_completion_rate", "onboarding.started / onboarding.completed"),
            Map.entry("product_feedback", "feedback.submitted"),
            Map.entry("knowledge_shared", "knowledge.shared"),
            Map.entry("knowledge_shared_success", "knowledge.shared"),
            Map.entry("knowledge_shared_failure", "knowledge.shared"),
            Map.entry("partner_cost", "contract terms (POST /v1/teams/{teamId}/contracts)"),
            Map.entry("cost_per_new_customer", "contract terms + deal.won"),
            Map.entry("ltv_to_cost", "contract terms + deal.won"),
            Map.entry("realized_revenue_to_cost", "contract terms + deal.won + revenue.recognized"),
            Map.entry("payback_months", "contract terms + deal.won (with monthlyRecurringRevenue)"));

    private Hints() {
    }

    /** The event types to send for a KPI to have a value. */
    static String of(String kpi) {
        return EVENTS.getOrDefault(kpi, "");
    }
}
