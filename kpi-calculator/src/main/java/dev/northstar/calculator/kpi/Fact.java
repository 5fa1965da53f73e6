package dev.northstar.calculator.kpi;

import dev.northstar.events.EventData;
import dev.northstar.events.EventType;
import dev.northstar.events.NorthstarEvent;
import dev.northstar.events.Scopes;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;

/**
 * What the calculator keeps of one event of an account: the fields its KPI rules read, in a flat form that
 * is stored in {@code account_event} and read back when an account is recomputed.
 *
 * @param key    the event's identity ({@link #keyOf}); also the tie-break of events at the same instant
 * @param ref    the deal, appointment, contract or onboarding id
 * @param kind   deal kind, expansion kind or contact role
 * @param flag   for calls: connected to a key person
 * @param amount deal, expansion or revenue amount; {@code null} when absent or in another currency
 * @param mrr    monthly recurring revenue; {@code null} when absent or in another currency
 * @param score  NPS score
 * @param product the event's product line, or null
 * @param segment the event's market segment, or null
 */
public record Fact(String tenant, String accountId, String key, EventType type, Instant time, String teamId,
        String ref, String kind, boolean flag, BigDecimal amount, BigDecimal mrr, int score, String product,
        String segment) {

    /**
     * The texts that repeat from fact to fact (tenant, account, team, kind, product, segment) are held once: the
     * account cache keeps hundreds of thousands of facts, and each event decoded brings its own copies of them.
     */
    public Fact {
        tenant = Texts.shared(tenant);
        accountId = Texts.shared(accountId);
        teamId = Texts.shared(teamId);
        kind = Texts.shared(kind);
        product = Texts.shared(product);
        segment = Texts.shared(segment);
    }

    /** A fact in no scope (as every fact stored before scopes). */
    public Fact(String tenant, String accountId, String key, EventType type, Instant time, String teamId, String ref,
            String kind, boolean flag, BigDecimal amount, BigDecimal mrr, int score) {
        this(tenant, accountId, key, type, time, teamId, ref, kind, flag, amount, mrr, score, null, null);
    }

    /** The scopes this fact counts in, when it is the subject of a contribution ({@link Scopes}). */
    public String[] scopes() {
        return Scopes.of(product, segment);
    }

    /**
     * Event-time order. At the same instant, what sets the account's state comes first (targeting, ownership,
     * deal outcomes, opportunities), then what reads it, then completions and churn; then the events'
     * identities, so that every run agrees.
     */
    public static final Comparator<Fact> ORDER = Comparator.comparing(Fact::time)
            .thenComparingInt(f -> rank(f.type())).thenComparing(Fact::key);

    private static int rank(EventType type) {
        return switch (type) {
            case ACCOUNT_TARGETED -> 0;
            case ACCOUNT_OWNER_CHANGED -> 1;
            case DEAL_WON, DEAL_LOST -> 2;
            case DEAL_CREATED -> 3;
            case ONBOARDING_COMPLETED -> 6;
            case CONTRACT_CHURNED -> 7;
            default -> 5;
        };
    }

    /** Whether the account rules read this type (the others count for the team they name, alone). */
    public static boolean isAccountType(EventType type) {
        return switch (type) {
            case ACCOUNT_TARGETED, ACCOUNT_OWNER_CHANGED, CALL_LOGGED, CONVERSATION_HELD, APPOINTMENT_HELD,
                    DEAL_CREATED, DEAL_WON, DEAL_LOST, CONTRACT_RENEWED, CONTRACT_CHURNED, CONTRACT_EXPANDED,
                    REVENUE_RECOGNIZED, NPS_RESPONDED, ONBOARDING_STARTED, ONBOARDING_COMPLETED -> true;
            default -> false;
        };
    }

    /**
     * The identity of an event: CloudEvents' {@code source} and {@code id} together, as {@code source#id} with every
     * {@code #} and backslash of the source escaped by a backslash, so that the first unescaped {@code #} always ends
     * the source: {@code a#b} + {@code c} and {@code a} + {@code b#c} are two events. A source without either character
     * (every source seen so far) keeps the key it always had, so stored histories stay valid.
     */
    public static String keyOf(NorthstarEvent event) {
        return keyOf(event.source(), event.id());
    }

    static String keyOf(String source, String id) {
        if (source.indexOf('#') < 0 && source.indexOf('\\') < 0) {
            return source + "#" + id;
        }
        StringBuilder key = new StringBuilder(source.length() + id.length() + 4);
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '#' || c == '\\') {
                key.append('\\');
            }
            key.append(c);
        }
        return key.append('#').append(id).toString();
    }

    /**
     * The fact of an account event. Amounts in a currency other than the tenant's are left out ({@code null}):
     * the calculator never adds yen to euros.
     */
    public static Fact of(NorthstarEvent event, String currency) {
        EventData data = event.data();
        String ref = null;
        String kind = null;
        boolean flag = false;
        BigDecimal amount = null;
        BigDecimal mrr = null;
        int score = 0;
        String eventCurrency = null;
        switch (event.type()) {
            case CALL_LOGGED -> {
                EventData.CallLogged call = (EventData.CallLogged) data;
                kind = call.contactRole();
                flag = call.keyPerson() && "connected".equals(call.outcome());
            }
            case CONVERSATION_HELD -> kind = ((EventData.ConversationHeld) data).contactRole();
            case APPOINTMENT_HELD -> ref = ((EventData.Appointment) data).appointmentId();
            case DEAL_CREATED -> ref = ((EventData.DealCreated) data).dealId();
            case DEAL_WON -> {
                EventData.DealWon won = (EventData.DealWon) data;
                ref = won.dealId();
                kind = won.kind();
                amount = won.amount();
                mrr = won.monthlyRecurringRevenue();
                eventCurrency = won.currency();
            }
            case DEAL_LOST -> ref = ((EventData.DealLost) data).dealId();
            case CONTRACT_RENEWED, CONTRACT_CHURNED -> {
                EventData.ContractTerm term = (EventData.ContractTerm) data;
                ref = term.contractId();
                mrr = term.monthlyRecurringRevenue();
                eventCurrency = term.currency();
            }
            case CONTRACT_EXPANDED -> {
                EventData.ContractExpanded expanded = (EventData.ContractExpanded) data;
                ref = expanded.contractId();
                kind = expanded.kind();
                amount = expanded.amount();
                eventCurrency = expanded.currency();
            }
            case REVENUE_RECOGNIZED -> {
                EventData.RevenueRecognized revenue = (EventData.RevenueRecognized) data;
                amount = revenue.amount();
                eventCurrency = revenue.currency();
            }
            case NPS_RESPONDED -> score = ((EventData.NpsResponded) data).score();
            case ONBOARDING_STARTED, ONBOARDING_COMPLETED -> ref = ((EventData.Onboarding) data).onboardingId();
            default -> {
                // targeted, owner changed: time and team say it all
            }
        }
        if (eventCurrency != null && currency != null && !eventCurrency.equals(currency)) {
            amount = null;
            mrr = null;
        }
        // stored as PostgreSQL timestamps: microseconds, so that a fact read back orders as the one first seen
        Instant time = event.time().truncatedTo(ChronoUnit.MICROS);
        return new Fact(event.tenant(), data.accountId(), keyOf(event), event.type(), time, data.teamId(),
                ref, kind, flag, amount, mrr, score, event.product(), event.segment());
    }

    /** Whether this fact comes after {@code other} in {@link #ORDER}. */
    public boolean after(Fact other) {
        return ORDER.compare(this, other) > 0;
    }
}
