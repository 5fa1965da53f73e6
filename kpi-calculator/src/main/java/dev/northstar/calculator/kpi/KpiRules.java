package dev.northstar.calculator.kpi;

import dev.northstar.events.EventData;
import dev.northstar.events.Grain;
import dev.northstar.events.NorthstarEvent;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The KPI definitions of docs/kpi-definitions.md that depend on one event alone and count for the team the
 * event names: what each event adds, in every grain of its event-time period in the tenant's zone.
 */
public final class KpiRules {

    private KpiRules() {
    }

    /** The contributions of one event. */
    public static List<Contribution> contributions(NorthstarEvent event, ZoneId zone) {
        List<Contribution> out = new ArrayList<>();
        EventData data = event.data();
        switch (event.type()) {
            case CALL_LOGGED -> add(out, event, zone, "calls", BigDecimal.ONE);
            case APPOINTMENT_SET -> add(out, event, zone, "appointments", BigDecimal.ONE);
            case DEAL_WON -> {
                EventData.DealWon won = (EventData.DealWon) data;
                if ("new_business".equals(won.kind())) {
                    add(out, event, zone, "deals_won", BigDecimal.ONE);
                    add(out, event, zone, "revenue_won", won.amount());
                }
            }
            case FEEDBACK_SUBMITTED -> add(out, event, zone, "product_feedback", BigDecimal.ONE);
            case KNOWLEDGE_SHARED -> {
                add(out, event, zone, "knowledge_shared", BigDecimal.ONE);
                add(out, event, zone, "knowledge_shared_" + ((EventData.KnowledgeShared) data).kind(),
                        BigDecimal.ONE);
            }
            default -> {
                // the stateful KPIs (ownership, customers, cohorts, appointment quality) are not computed yet
            }
        }
        return out;
    }

    private static void add(List<Contribution> out, NorthstarEvent event, ZoneId zone, String kpi,
            BigDecimal numerator) {
        for (Grain grain : Grain.values()) {
            out.add(new Contribution(new Contribution.Key(event.tenant(), event.data().teamId(), kpi, grain.wireName(),
                    grain.label(event.time(), zone)), numerator, BigDecimal.ZERO));
        }
    }
}
