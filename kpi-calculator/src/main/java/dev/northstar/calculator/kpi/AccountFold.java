package dev.northstar.calculator.kpi;

import dev.northstar.events.Grain;
import dev.northstar.events.KpiCatalog;
import dev.northstar.events.Scopes;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The KPI rules that need an account's history, applied to its events in event-time order ({@link Fact#ORDER}).
 * Each fact adds to the sink what it changes given everything before it, so folding a history in one go or
 * in several steps adds up to the same; a fact that belongs before facts already folded needs a new fold
 * from the start (see {@link #accepts}).
 *
 * <p>The rules, in the words of docs/kpi-definitions.md: an account is a target from its first
 * {@code account.targeted}; its owner is the team of its first new-business win, then of each
 * {@code account.owner_changed}; it is a customer from that win until its first {@code contract.churned}.
 */
public final class AccountFold {

    static final Duration OPPORTUNITY_WINDOW = Duration.ofDays(60);
    static final Duration ONBOARDING_WINDOW = Duration.ofDays(90);
    private static final BigDecimal MINUS_ONE = BigDecimal.ONE.negate();

    /** The team owning the account from {@code from} on. */
    record Owner(Instant from, String teamId) {
    }

    /** A held appointment waiting for an opportunity, with its scopes. */
    record Held(Instant time, String teamId, String[] scopes) {
    }

    /** An onboarding started (with the scopes of its start), and whether it has completed. */
    static final class Onboarding {
        final Instant start;
        final String teamId;
        final String[] scopes;
        boolean completed;

        Onboarding(Instant start, String teamId, String[] scopes) {
            this.start = start;
            this.teamId = teamId;
            this.scopes = scopes;
        }
    }

    /**
     * The customer this account became: who won it, when, at what MRR, and when it churned; the product line and
     * segment of the winning deal are the customer's scopes (its revenue, LTV and expansions count in them).
     */
    public record Win(String teamId, Instant wonAt, BigDecimal mrr, Instant churnedAt, String product,
            String segment) {

        /** The customer's scopes. */
        public String[] scopes() {
            return Scopes.of(product, segment);
        }
    }

    /** An interval in which the account is a customer owned by {@code teamId}; {@code to} null while open. */
    public record Span(String teamId, Instant from, Instant to) {
    }

    private final ZoneId zone;
    private Fact last;
    private Instant targetedAt;
    private List<Owner> owners = new ArrayList<>();
    private Win win;
    private BigDecimal revenue = BigDecimal.ZERO;
    private Map<String, Boolean> outcomes = new HashMap<>();
    private Instant lastDealCreated;
    private ArrayDeque<Held> held = new ArrayDeque<>();
    private Map<String, Onboarding> onboardings = new HashMap<>();
    private Set<String> expanded = new HashSet<>();

    public AccountFold(ZoneId zone) {
        this.zone = zone;
    }

    /** Folds a whole history (in any order) into a new state, adding everything it contributes to the sink. */
    public static AccountFold of(List<Fact> history, ZoneId zone, Sink sink) {
        List<Fact> sorted = new ArrayList<>(history);
        sorted.sort(Fact.ORDER);
        AccountFold fold = new AccountFold(zone);
        for (Fact fact : sorted) {
            fold.apply(fact, sink);
        }
        return fold;
    }

    /**
     * Advances an account by facts that arrived: when all of them come after the state's last fact, the state
     * continues (the sink receives exactly what they add); otherwise the account is folded again and the sink
     * receives the difference between the new and the old fold. Both folds pass through the same facts in the same
     * order up to the first fact that arrived, so they contribute alike up to there: that common part is folded once,
     * without contributions, and only what follows it is folded twice — the old facts after it (subtracted) and the
     * old and new ones together (added).
     *
     * @param current the state after {@code history}, not changed
     * @param history the facts folded so far
     * @param added   new facts (none of them in {@code history}), in any order
     * @param delta   receives the change
     * @return the state after history and added facts
     */
    public static AccountFold advance(AccountFold current, List<Fact> history, List<Fact> added, Contributions delta) {
        List<Fact> sorted = new ArrayList<>(added);
        sorted.sort(Fact.ORDER);
        if (current.accepts(sorted.get(0))) {
            AccountFold next = current.copy();
            for (Fact f : sorted) {
                next.apply(f, delta);
            }
            return next;
        }
        List<Fact> old = new ArrayList<>(history);
        old.sort(Fact.ORDER);
        Fact first = sorted.get(0);
        int split = 0;
        AccountFold common = new AccountFold(current.zone);
        while (split < old.size() && Fact.ORDER.compare(old.get(split), first) < 0) {
            common.apply(old.get(split++), DISCARD);
        }
        List<Fact> oldRest = old.subList(split, old.size());
        Contributions before = new Contributions(delta.tenant(), delta.zone());
        AccountFold replay = common.copy();
        for (Fact f : oldRest) {
            replay.apply(f, before);
        }
        List<Fact> rest = new ArrayList<>(oldRest.size() + sorted.size());
        rest.addAll(oldRest);
        rest.addAll(sorted);
        rest.sort(Fact.ORDER);
        Contributions after = new Contributions(delta.tenant(), delta.zone());
        for (Fact f : rest) {
            common.apply(f, after);
        }
        delta.addAll(after, 1);
        delta.addAll(before, -1);
        return common;
    }

    /** Whether {@code fact} comes after every fact folded so far, so that it can be applied to this state. */
    public boolean accepts(Fact fact) {
        return last == null || fact.after(last);
    }

    /** A copy that can be advanced while this one stays as it is. */
    public AccountFold copy() {
        AccountFold c = new AccountFold(zone);
        c.last = last;
        c.targetedAt = targetedAt;
        c.owners = new ArrayList<>(owners);
        c.win = win;
        c.revenue = revenue;
        c.outcomes = new HashMap<>(outcomes);
        c.lastDealCreated = lastDealCreated;
        c.held = new ArrayDeque<>(held);
        c.onboardings = new HashMap<>();
        onboardings.forEach((id, o) -> {
            Onboarding copy = new Onboarding(o.start, o.teamId, o.scopes);
            copy.completed = o.completed;
            c.onboardings.put(id, copy);
        });
        c.expanded = new HashSet<>(expanded);
        return c;
    }

    /** Applies the next fact in event-time order. */
    public void apply(Fact f, Sink sink) {
        if (!accepts(f)) {
            throw new IllegalStateException("fact " + f.key() + " at " + f.time() + " is before " + last.key());
        }
        last = f;
        Instant t = f.time();
        switch (f.type()) {
            case ACCOUNT_TARGETED -> {
                if (targetedAt == null) {
                    targetedAt = t;
                }
            }
            case ACCOUNT_OWNER_CHANGED -> owners.add(new Owner(t, f.teamId()));
            case CALL_LOGGED -> {
                if (isTarget(t)) {
                    sink.add(f.teamId(), "key_person_connect_rate", t, f.flag() ? BigDecimal.ONE : BigDecimal.ZERO,
                            BigDecimal.ONE, f.scopes());
                }
            }
            case CONVERSATION_HELD -> {
                if ("executive".equals(f.kind()) && isTarget(t)) {
                    sink.add(f.teamId(), "exec_conversations", t, BigDecimal.ONE, BigDecimal.ZERO, f.scopes());
                }
            }
            case APPOINTMENT_HELD -> {
                String[] scopes = f.scopes();
                sink.add(f.teamId(), "appointment_quality", t, BigDecimal.ZERO, BigDecimal.ONE, scopes);
                if (t.equals(lastDealCreated)) {
                    sink.add(f.teamId(), "appointment_quality", t, BigDecimal.ONE, BigDecimal.ZERO, scopes);
                } else {
                    held.add(new Held(t, f.teamId(), scopes));
                }
            }
            case DEAL_CREATED -> {
                lastDealCreated = t;
                for (Held h : held) {
                    if (!h.time().plus(OPPORTUNITY_WINDOW).isBefore(t)) {
                        sink.add(h.teamId(), "appointment_quality", h.time(), BigDecimal.ONE, BigDecimal.ZERO,
                                h.scopes());
                    }
                }
                held.clear();
            }
            case DEAL_WON, DEAL_LOST -> outcome(f, sink);
            case CONTRACT_RENEWED, CONTRACT_CHURNED -> {
                boolean renewed = f.type() == dev.northstar.events.EventType.CONTRACT_RENEWED;
                String owner = ownerAt(t);
                if (owner != null) {
                    String[] scopes = f.scopes();
                    sink.add(owner, "renewal_rate", t, renewed ? BigDecimal.ONE : BigDecimal.ZERO, BigDecimal.ONE,
                            scopes);
                    if (f.mrr() != null) {
                        sink.add(owner, "revenue_renewal_rate", t, renewed ? f.mrr() : BigDecimal.ZERO, f.mrr(),
                                scopes);
                    }
                }
                if (!renewed && win != null && win.churnedAt() == null) {
                    win = new Win(win.teamId(), win.wonAt(), win.mrr(), t, win.product(), win.segment());
                }
            }
            case CONTRACT_EXPANDED -> expansion(f, sink);
            case REVENUE_RECOGNIZED -> {
                if (f.amount() != null) {
                    revenue = revenue.add(f.amount());
                    if (win != null) {
                        // in the win's scopes, whatever the revenue event carries
                        sink.add(win.teamId(), "realized_ltv_to_date", win.wonAt(), f.amount(), BigDecimal.ZERO,
                                win.scopes());
                        // a support figure for reporting-api's share of recognised revenue (KpiCatalog.COHORT_REVENUE):
                        // the revenue of the month, by the customers of the win's month
                        sink.addIn(win.teamId(), KpiCatalog.COHORT_REVENUE + Contributions.label(Grain.MONTH, win.wonAt(), zone),
                                Grain.MONTH, Contributions.label(Grain.MONTH, t, zone), f.amount(), BigDecimal.ZERO);
                    }
                }
            }
            case NPS_RESPONDED -> {
                String owner = ownerAt(t);
                if (owner != null) {
                    BigDecimal net = f.score() >= 9 ? BigDecimal.ONE : f.score() <= 6 ? MINUS_ONE : BigDecimal.ZERO;
                    sink.add(owner, "nps", t, net, BigDecimal.ONE, f.scopes());
                }
            }
            case ONBOARDING_STARTED -> {
                if (!onboardings.containsKey(f.ref())) {
                    String owner = ownerAt(t);
                    Onboarding started = new Onboarding(t, owner, f.scopes());
                    onboardings.put(f.ref(), started);
                    if (owner != null) {
                        sink.add(owner, "onboarding_completion_rate", t, BigDecimal.ZERO, BigDecimal.ONE,
                                started.scopes);
                    }
                }
            }
            case ONBOARDING_COMPLETED -> {
                Onboarding o = onboardings.get(f.ref());
                if (o != null && !o.completed) {
                    o.completed = true;
                    if (o.teamId != null && !o.start.plus(ONBOARDING_WINDOW).isBefore(t)) {
                        sink.add(o.teamId, "onboarding_completion_rate", o.start, BigDecimal.ONE, BigDecimal.ZERO,
                                o.scopes);
                    }
                }
            }
            default -> throw new IllegalArgumentException("not an account fact: " + f.type());
        }
    }

    private void outcome(Fact f, Sink sink) {
        if (outcomes.containsKey(f.ref())) {
            return; // each deal's first outcome counts, once
        }
        boolean won = f.type() == dev.northstar.events.EventType.DEAL_WON;
        outcomes.put(f.ref(), won);
        Instant t = f.time();
        String[] scopes = f.scopes();
        sink.add(f.teamId(), "win_rate", t, won ? BigDecimal.ONE : BigDecimal.ZERO, BigDecimal.ONE, scopes);
        if (!won || !"new_business".equals(f.kind())) {
            return;
        }
        sink.add(f.teamId(), "deals_won", t, BigDecimal.ONE, BigDecimal.ZERO, scopes);
        if (f.amount() != null) {
            sink.add(f.teamId(), "revenue_won", t, f.amount(), BigDecimal.ZERO, scopes);
        }
        if (win == null) {
            win = new Win(f.teamId(), t, f.mrr(), null, f.product(), f.segment());
            owners.add(new Owner(t, f.teamId()));
            sink.add(f.teamId(), "realized_ltv_to_date", t, revenue, BigDecimal.ONE, scopes);
            if (f.mrr() != null) {
                // a support figure for reporting-api's payback_months (KpiCatalog.isSupport)
                sink.add(f.teamId(), "new_customer_mrr", t, f.mrr(), BigDecimal.ONE);
            }
        }
    }

    private void expansion(Fact f, Sink sink) {
        Instant t = f.time();
        String owner = ownerAt(t);
        if (owner == null) {
            return;
        }
        String split = "upsell".equals(f.kind()) ? "upsell_rate" : "cross_sell_rate";
        for (Grain grain : Grain.values()) {
            String period = Contributions.label(grain, t, zone);
            Instant start = grain.start(period, zone);
            if (!owner.equals(ownerAt(start)) || !isCustomer(start)) {
                continue; // not in the team's base at the period's start
            }
            for (String kpi : new String[] {"expansion_rate", split}) {
                if (expanded.add(kpi + '|' + grain.wireName() + '|' + period + '|' + owner)) {
                    // in the scopes of the customer's win, as its base (CustomerBase)
                    sink.addIn(owner, kpi, grain, period, BigDecimal.ONE, BigDecimal.ZERO, win.scopes());
                }
            }
        }
    }

    private boolean isTarget(Instant t) {
        return targetedAt != null && !targetedAt.isAfter(t);
    }

    private boolean isCustomer(Instant t) {
        return win != null && !win.wonAt().isAfter(t) && (win.churnedAt() == null || win.churnedAt().isAfter(t));
    }

    /** The team owning the account at {@code t}, or null. */
    String ownerAt(Instant t) {
        for (int i = owners.size() - 1; i >= 0; i--) {
            if (!owners.get(i).from().isAfter(t)) {
                return owners.get(i).teamId();
            }
        }
        return null;
    }

    /** The customer this account became, or null while it has not been won. */
    public Win win() {
        return win;
    }

    /** The intervals in which the account is a customer, by owning team. */
    public List<Span> spans() {
        List<Span> out = new ArrayList<>();
        if (win == null) {
            return out;
        }
        for (int i = 0; i < owners.size(); i++) {
            Instant from = owners.get(i).from();
            Instant to = i + 1 < owners.size() ? owners.get(i + 1).from() : null;
            Instant a = from.isBefore(win.wonAt()) ? win.wonAt() : from;
            Instant b = to == null ? win.churnedAt() : win.churnedAt() == null || to.isBefore(win.churnedAt()) ? to
                    : win.churnedAt();
            if (b == null || a.isBefore(b)) {
                out.add(new Span(owners.get(i).teamId(), a, b));
            }
        }
        return out;
    }

    /** The last fact folded, or null. */
    public Fact last() {
        return last;
    }

    /**
     * The earliest instant at which two sets of spans say something different about who has the account as
     * a customer, or null when they agree everywhere.
     */
    public static Instant firstDifference(List<Span> a, List<Span> b) {
        List<Instant> points = new ArrayList<>();
        for (List<Span> spans : List.of(a, b)) {
            for (Span s : spans) {
                points.add(s.from());
                if (s.to() != null) {
                    points.add(s.to());
                }
            }
        }
        points.sort(null);
        for (Instant p : points) {
            if (!Objects.equals(teamAt(a, p), teamAt(b, p))) {
                return p;
            }
        }
        return null;
    }

    private static String teamAt(List<Span> spans, Instant t) {
        for (Span s : spans) {
            if (!s.from().isAfter(t) && (s.to() == null || s.to().isAfter(t))) {
                return s.teamId();
            }
        }
        return null;
    }

    /**
     * A sink that keeps nothing: for folding a history only to know the state it leaves, or facts whose
     * contributions are already counted (every method overridden, so that nothing builds a scoped cell's name).
     */
    public static final Sink DISCARD = new Sink() {
        @Override
        public void add(String teamId, String kpi, Instant at, BigDecimal numerator, BigDecimal denominator) {
        }

        @Override
        public void addIn(String teamId, String kpi, Grain grain, String period, BigDecimal numerator,
                BigDecimal denominator) {
        }

        @Override
        public void add(String teamId, String kpi, Instant at, BigDecimal numerator, BigDecimal denominator,
                String[] scopes) {
        }

        @Override
        public void addIn(String teamId, String kpi, Grain grain, String period, BigDecimal numerator,
                BigDecimal denominator, String[] scopes) {
        }
    };

    /** Whether two folds leave the same customer record and spans (what the tenant-wide rules read). */
    public static boolean sameCustomer(AccountFold a, AccountFold b) {
        return Objects.equals(a.win, b.win) && a.spans().equals(b.spans());
    }
}
