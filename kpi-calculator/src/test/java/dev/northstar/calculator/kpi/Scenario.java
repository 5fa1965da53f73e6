package dev.northstar.calculator.kpi;

import dev.northstar.events.EventData;
import dev.northstar.events.EventType;
import dev.northstar.events.Grain;
import dev.northstar.events.KpiCatalog;
import dev.northstar.events.NorthstarEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** A hand-made event history of tenant {@code t1} and what the KPI definitions make of it. */
final class Scenario {

    static final String TENANT = "t1";
    static final TenantSettings TOKYO = new TenantSettings(ZoneId.of("Asia/Tokyo"), BigDecimal.ONE, "JPY");

    final List<NorthstarEvent> events = new ArrayList<>();
    private int ids;
    private TenantSettings settings = TOKYO;
    private String product;
    private String segment;

    /** The product line and segment of the events added next (null: none). */
    Scenario in(String product, String segment) {
        this.product = product;
        this.segment = segment;
        return this;
    }

    Scenario settings(TenantSettings s) {
        this.settings = s;
        return this;
    }

    NorthstarEvent add(EventType type, String time, EventData data) {
        NorthstarEvent e = new NorthstarEvent("e" + (++ids), "crm://scenario", type, Instant.parse(time), TENANT,
                data, product, segment);
        events.add(e);
        return e;
    }

    Scenario targeted(String time, String account) {
        add(EventType.ACCOUNT_TARGETED, time, new EventData.AccountTargeted("a", account));
        return this;
    }

    Scenario ownerChanged(String time, String team, String account) {
        add(EventType.ACCOUNT_OWNER_CHANGED, time, new EventData.AccountOwnerChanged(team, account));
        return this;
    }

    Scenario call(String time, String team, String account, boolean keyPerson, String outcome) {
        add(EventType.CALL_LOGGED, time, new EventData.CallLogged(team, account, null, keyPerson, outcome, null));
        return this;
    }

    Scenario conversation(String time, String team, String account, String role) {
        add(EventType.CONVERSATION_HELD, time, new EventData.ConversationHeld(team, account, role, null, null));
        return this;
    }

    Scenario appointment(EventType type, String time, String team, String account, String id) {
        add(type, time, new EventData.Appointment(team, account, id));
        return this;
    }

    Scenario dealCreated(String time, String team, String account, String deal) {
        add(EventType.DEAL_CREATED, time, new EventData.DealCreated(team, account, deal, null, null));
        return this;
    }

    Scenario won(String time, String team, String account, String deal, String amount, String mrr, String kind) {
        add(EventType.DEAL_WON, time, new EventData.DealWon(team, account, deal, new BigDecimal(amount), "JPY",
                mrr == null ? null : new BigDecimal(mrr), kind));
        return this;
    }

    Scenario lost(String time, String team, String account, String deal) {
        add(EventType.DEAL_LOST, time, new EventData.DealLost(team, account, deal, "価格", null));
        return this;
    }

    Scenario term(EventType type, String time, String team, String account, String mrr) {
        add(type, time, new EventData.ContractTerm(team, account, "k-" + account, new BigDecimal(mrr), "JPY"));
        return this;
    }

    Scenario expanded(String time, String team, String account, String kind) {
        add(EventType.CONTRACT_EXPANDED, time, new EventData.ContractExpanded(team, account, "k-" + account, kind,
                BigDecimal.TEN, "JPY"));
        return this;
    }

    Scenario revenue(String time, String team, String account, String amount) {
        add(EventType.REVENUE_RECOGNIZED, time, new EventData.RevenueRecognized(team, account,
                new BigDecimal(amount), "JPY"));
        return this;
    }

    Scenario nps(String time, String team, String account, int score) {
        add(EventType.NPS_RESPONDED, time, new EventData.NpsResponded(team, account, score, null));
        return this;
    }

    Scenario onboarding(EventType type, String time, String team, String account, String id) {
        add(type, time, new EventData.Onboarding(team, account, id));
        return this;
    }

    Scenario feedback(String time, String team) {
        add(EventType.FEEDBACK_SUBMITTED, time, new EventData.FeedbackSubmitted(team, null, "要望", List.of()));
        return this;
    }

    Scenario knowledge(String time, String team, String kind) {
        add(EventType.KNOWLEDGE_SHARED, time, new EventData.KnowledgeShared(team, "k" + ids, kind, "t", null,
                List.of()));
        return this;
    }

    Contributions compute() {
        return Recompute.of(TENANT, events, settings);
    }

    /** The KPI's value as published: null when a ratio's denominator is 0. */
    BigDecimal value(String team, String kpi, Grain grain, String period) {
        BigDecimal[] cell = compute().get(team, kpi, grain, period);
        return Values.value(KpiCatalog.figure(ScopedKpi.kpi(kpi)).orElseThrow(), cell[0], cell[1]);
    }

    /** The KPI's value in one scope ({@code product:A}). */
    BigDecimal value(String team, String kpi, String scope, Grain grain, String period) {
        return value(team, ScopedKpi.cell(kpi, scope), grain, period);
    }

    /** {numerator, denominator} of a cell. */
    BigDecimal[] cell(String team, String kpi, Grain grain, String period) {
        return compute().get(team, kpi, grain, period);
    }
}
