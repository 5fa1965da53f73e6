package dev.northstar.faults;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A test oracle for every KPI of the domain, written from {@code ../shared/docs/domain.md} and
 * {@code docs/kpi-definitions.md} alone, without any of kpi-calculator's code: it reads the events as JSON, takes
 * all of them at once and computes each KPI the plain way (whole lists, nested loops, no incremental state). The
 * fault runs compare what reporting-api serves with it.
 *
 * <p>The result maps {@code teamId/kpi/grain/period} to {@code [numerator, denominator]} (denominator 0 for counts
 * and sums), for every cell whose numerator or denominator is not 0. {@link #computeScoped} gives the same cells per
 * scope ({@code product:<p>} or {@code segment:<s>}): every contribution is also added to the cells of the scopes of
 * its subject event, the event the docs' table names for the KPI ("Scopes: a product line or a market segment").
 */
public final class KpiOracle {

    /** One event as the oracle reads it. */
    private record E(String key, String type, Instant time, String team, String account, JsonNode data) {

        String text(String field) {
            JsonNode n = data.get(field);
            return n == null || n.isNull() ? null : n.asText();
        }

        /** The scopes of this event as a subject: its product's and its segment's, each when it carries one. */
        List<String> scopes() {
            List<String> scopes = new ArrayList<>();
            // a value with a control character is no scope (docs/kpi-definitions.md, "Scopes")
            if (text("product") != null && text("product").chars().noneMatch(c -> c < 0x20 || c == 0x7F)) {
                scopes.add("product:" + text("product"));
            }
            if (text("segment") != null && text("segment").chars().noneMatch(c -> c < 0x20 || c == 0x7F)) {
                scopes.add("segment:" + text("segment"));
            }
            return scopes;
        }
    }

    private static final List<String> GRAINS = List.of("day", "week", "month", "quarter", "year");
    private static final Duration SIXTY_DAYS = Duration.ofDays(60);
    private static final Duration NINETY_DAYS = Duration.ofDays(90);
    private static final BigDecimal SIXTY = BigDecimal.valueOf(60);
    /** What a contribution without a subject adds to: the overall cell only (support figures). */
    private static final List<String> NO_SCOPE = List.of();

    private final ZoneId zone;
    private final BigDecimal grossMargin;
    private final String currency;
    private final Map<String, BigDecimal[]> cells = new TreeMap<>();
    /** {@code teamId/kpi/grain/period/scope}: the same contributions, per scope of their subject. */
    private final Map<String, BigDecimal[]> scoped = new TreeMap<>();

    private KpiOracle(ZoneId zone, BigDecimal grossMargin, String currency) {
        this.zone = zone;
        this.grossMargin = grossMargin;
        this.currency = currency;
    }

    /**
     * The support figure kpi-calculator publishes for reporting-api's payback_months, never served as a KPI: per new
     * customer with an MRR at win, in the period of its win, for the winning team, numerator + that MRR, denominator +1.
     */
    public static final String SUPPORT_MRR = "new_customer_mrr";

    /**
     * The support figures of customer cohorts: {@code cohort_revenue@<win month>} at month grain, for the winning
     * team, + every revenue the customer recognises in the month at or after its win.
     */
    public static final String SUPPORT_COHORT = "cohort_revenue@";

    /**
     * Every KPI cell of one tenant's events (copies with the same {@code source} and {@code id} count once): what
     * reporting-api serves.
     */
    public static Map<String, BigDecimal[]> compute(Collection<? extends JsonNode> events, ZoneId zone,
            BigDecimal grossMargin, String currency) {
        Map<String, BigDecimal[]> all = computeWithSupport(events, zone, grossMargin, currency);
        all.keySet().removeIf(k -> k.contains("/" + SUPPORT_MRR + "/") || k.contains("/" + SUPPORT_COHORT));
        return all;
    }

    /** {@link #compute}, with the support figures ({@link #SUPPORT_MRR}, {@link #SUPPORT_COHORT}) of the cost KPIs. */
    public static Map<String, BigDecimal[]> computeWithSupport(Collection<? extends JsonNode> events, ZoneId zone,
            BigDecimal grossMargin, String currency) {
        KpiOracle oracle = new KpiOracle(zone, grossMargin, currency);
        oracle.run(events);
        oracle.cells.values().removeIf(c -> c[0].signum() == 0 && c[1].signum() == 0);
        return oracle.cells;
    }

    /**
     * Every scoped KPI cell of one tenant's events: {@code teamId/kpi/grain/period/scope} (e.g.
     * {@code alpha/win_rate/month/2026-10/product:A}) to {@code [numerator, denominator]}, for every cell whose
     * numerator or denominator is not 0. A contribution counts in the scopes of its subject event; an event with a
     * product and a segment is in two scopes, never in a combined one. Support figures have no scope.
     */
    public static Map<String, BigDecimal[]> computeScoped(Collection<? extends JsonNode> events, ZoneId zone,
            BigDecimal grossMargin, String currency) {
        KpiOracle oracle = new KpiOracle(zone, grossMargin, currency);
        oracle.run(events);
        oracle.scoped.values().removeIf(c -> c[0].signum() == 0 && c[1].signum() == 0);
        // scoped values exist at month, quarter and year only (docs/kpi-definitions.md, "Scopes")
        oracle.scoped.keySet().removeIf(k -> {
            String grain = k.split("/", 4)[2];
            return grain.equals("day") || grain.equals("week");
        });
        return oracle.scoped;
    }

    private void run(Collection<? extends JsonNode> json) {
        Map<String, E> unique = new LinkedHashMap<>();
        for (JsonNode j : json) {
            // the documented identity: the source with '#' and backslash escaped, '#', the id (one key per source and id)
            String key = j.get("source").asText().replace("\\", "\\\\").replace("#", "\\#") + "#"
                    + j.get("id").asText();
            JsonNode data = j.get("data");
            unique.putIfAbsent(key, new E(key, j.get("type").asText(), OffsetDateTime.parse(j.get("time").asText())
                    .toInstant(), data.path("teamId").asText(null), data.path("accountId").asText(null), data));
        }
        List<E> events = new ArrayList<>(unique.values());
        if (events.isEmpty()) {
            return;
        }
        Instant horizon = events.stream().map(E::time).max(Comparator.naturalOrder()).orElseThrow();
        Instant earliest = events.stream().map(E::time).min(Comparator.naturalOrder()).orElseThrow();
        Map<String, List<E>> byAccount = new HashMap<>();
        for (E e : events) {
            if (e.account() != null) {
                byAccount.computeIfAbsent(e.account(), a -> new ArrayList<>()).add(e);
            }
        }
        teamCounts(events, byAccount);
        List<Account> accounts = new ArrayList<>();
        for (Map.Entry<String, List<E>> a : byAccount.entrySet()) {
            accounts.add(walk(a.getKey(), a.getValue()));
        }
        List<Account> customers = accounts.stream().filter(a -> a.wonAt != null).toList();
        for (Account c : customers) {
            if (c.mrr != null) {
                // the lifetime is the tenant's overall one in every scope: a scope has no churn model of its own
                BigDecimal ltv = c.mrr.multiply(grossMargin).multiply(lifetime(c.wonAt, customers));
                add(c.winner, "new_customer_avg_ltv", c.wonAt, ltv, BigDecimal.ONE, c.scopes);
                add(c.winner, SUPPORT_MRR, c.wonAt, c.mrr, BigDecimal.ONE, NO_SCOPE);
            }
            // all of the account's revenue, in the win's scopes whatever the revenue events carry
            add(c.winner, "realized_ltv_to_date", c.wonAt, c.revenue, BigDecimal.ONE, c.scopes);
            // the cohort support figure: each month's revenue at or after the win, by the win's month
            String cohort = SUPPORT_COHORT + label("month", c.wonAt.atZone(zone).toLocalDate());
            for (Object[] r : c.revenues) {
                Instant at = (Instant) r[0];
                if (!at.isBefore(c.wonAt)) {
                    addTo(cells, c.winner + "/" + cohort + "/month/" + label("month", at.atZone(zone).toLocalDate()),
                            (BigDecimal) r[1], BigDecimal.ZERO);
                }
            }
        }
        expansion(customers, earliest, horizon);
    }

    /** The KPIs of the team an event names. */
    private void teamCounts(List<E> events, Map<String, List<E>> byAccount) {
        for (E e : events) {
            switch (e.type()) {
                case "call.logged" -> {
                    count(e.team(), "calls", e.time(), e.scopes());
                    if (isTarget(byAccount.get(e.account()), e.time())) {
                        boolean reached = e.data().path("keyPerson").asBoolean()
                                && "connected".equals(e.text("outcome"));
                        add(e.team(), "key_person_connect_rate", e.time(), reached ? BigDecimal.ONE : BigDecimal.ZERO,
                                BigDecimal.ONE, e.scopes());
                    }
                }
                case "appointment.set" -> count(e.team(), "appointments", e.time(), e.scopes());
                case "feedback.submitted" -> count(e.team(), "product_feedback", e.time(), e.scopes());
                case "knowledge.shared" -> {
                    count(e.team(), "knowledge_shared", e.time(), e.scopes());
                    count(e.team(), "knowledge_shared_" + e.text("kind"), e.time(), e.scopes());
                }
                case "conversation.held" -> {
                    if ("executive".equals(e.text("contactRole")) && isTarget(byAccount.get(e.account()), e.time())) {
                        count(e.team(), "exec_conversations", e.time(), e.scopes());
                    }
                }
                case "appointment.held" -> {
                    // the held appointment's scopes: the deal.created only decides the numerator
                    boolean opportunity = byAccount.get(e.account()).stream().anyMatch(d -> d.type()
                            .equals("deal.created") && !d.time().isBefore(e.time())
                            && !d.time().isAfter(e.time().plus(SIXTY_DAYS)));
                    add(e.team(), "appointment_quality", e.time(), opportunity ? BigDecimal.ONE : BigDecimal.ZERO,
                            BigDecimal.ONE, e.scopes());
                }
                default -> {
                }
            }
        }
    }

    private static boolean isTarget(List<E> accountEvents, Instant at) {
        return accountEvents != null && accountEvents.stream()
                .anyMatch(t -> t.type().equals("account.targeted") && !t.time().isAfter(at));
    }

    /** What one account's history leaves: its customer life, owners over time, expansions, revenue. */
    private static final class Account {
        final String id;
        Instant wonAt;
        Instant churnedAt;
        String winner;
        BigDecimal mrr;
        BigDecimal revenue = BigDecimal.ZERO;
        /** The scopes of the win that made the account a customer. */
        List<String> scopes = NO_SCOPE;
        final List<Object[]> revenues = new ArrayList<>(); // {Instant, amount}
        final List<Object[]> owners = new ArrayList<>(); // {Instant, team}
        final List<Object[]> expansions = new ArrayList<>(); // {Instant, kind, owner}

        Account(String id) {
            this.id = id;
        }

        String ownerAt(Instant at) {
            String owner = null;
            for (Object[] o : owners) {
                if (!((Instant) o[0]).isAfter(at)) {
                    owner = (String) o[1];
                }
            }
            return owner;
        }

        boolean customerAt(Instant at) {
            return wonAt != null && !wonAt.isAfter(at) && (churnedAt == null || churnedAt.isAfter(at));
        }
    }

    /** The order of an account's events: time, then what sets state before what reads it, then identity. */
    private static int rank(String type) {
        return switch (type) {
            case "account.targeted" -> 0;
            case "account.owner_changed" -> 1;
            case "deal.won", "deal.lost" -> 2;
            case "deal.created" -> 3;
            case "onboarding.completed" -> 6;
            case "contract.churned" -> 7;
            default -> 5;
        };
    }

    private Account walk(String id, List<E> history) {
        List<E> ordered = new ArrayList<>(history);
        ordered.sort(Comparator.comparing(E::time).thenComparingInt(e -> rank(e.type())).thenComparing(E::key));
        Account account = new Account(id);
        String owner = null;
        Set<String> decidedDeals = new HashSet<>();
        Map<String, Object[]> onboardings = new LinkedHashMap<>(); // id -> {start, owner, scopes}
        Map<String, List<Instant>> completions = new HashMap<>();
        for (E e : ordered) {
            switch (e.type()) {
                case "account.owner_changed" -> {
                    owner = e.team();
                    account.owners.add(new Object[] {e.time(), owner});
                }
                case "deal.won", "deal.lost" -> {
                    if (!decidedDeals.add(e.text("dealId"))) {
                        break;
                    }
                    // the deal's first outcome: its scopes are the deal's in deals_won, revenue_won and win_rate
                    boolean won = e.type().equals("deal.won");
                    add(e.team(), "win_rate", e.time(), won ? BigDecimal.ONE : BigDecimal.ZERO, BigDecimal.ONE,
                            e.scopes());
                    if (won && "new_business".equals(e.text("kind"))) {
                        count(e.team(), "deals_won", e.time(), e.scopes());
                        BigDecimal amount = money(e, "amount");
                        if (amount != null) {
                            add(e.team(), "revenue_won", e.time(), amount, BigDecimal.ZERO, e.scopes());
                        }
                        if (account.wonAt == null) {
                            account.wonAt = e.time();
                            account.winner = e.team();
                            account.mrr = money(e, "monthlyRecurringRevenue");
                            account.scopes = e.scopes();
                            owner = e.team();
                            account.owners.add(new Object[] {e.time(), owner});
                        }
                    }
                }
                case "contract.renewed", "contract.churned" -> {
                    boolean renewed = e.type().equals("contract.renewed");
                    if (owner != null) {
                        add(owner, "renewal_rate", e.time(), renewed ? BigDecimal.ONE : BigDecimal.ZERO,
                                BigDecimal.ONE, e.scopes());
                        BigDecimal mrr = money(e, "monthlyRecurringRevenue");
                        if (mrr != null) {
                            add(owner, "revenue_renewal_rate", e.time(), renewed ? mrr : BigDecimal.ZERO, mrr,
                                    e.scopes());
                        }
                    }
                    if (!renewed && account.wonAt != null && account.churnedAt == null) {
                        account.churnedAt = e.time();
                    }
                }
                case "nps.responded" -> {
                    if (owner != null) {
                        int score = e.data().path("score").asInt();
                        add(owner, "nps", e.time(), BigDecimal.valueOf(score >= 9 ? 1 : score <= 6 ? -1 : 0),
                                BigDecimal.ONE, e.scopes());
                    }
                }
                case "onboarding.started" -> onboardings.putIfAbsent(e.text("onboardingId"),
                        new Object[] {e.time(), owner, e.scopes()}); // the first start is the subject
                case "onboarding.completed" -> completions.computeIfAbsent(e.text("onboardingId"),
                        k -> new ArrayList<>()).add(e.time());
                case "contract.expanded" -> account.expansions.add(new Object[] {e.time(), e.text("kind"), owner});
                case "revenue.recognized" -> {
                    BigDecimal amount = money(e, "amount");
                    if (amount != null) {
                        account.revenue = account.revenue.add(amount);
                        account.revenues.add(new Object[] {e.time(), amount});
                    }
                }
                default -> {
                }
            }
        }
        for (Map.Entry<String, Object[]> o : onboardings.entrySet()) {
            Instant start = (Instant) o.getValue()[0];
            String team = (String) o.getValue()[1];
            @SuppressWarnings("unchecked")
            List<String> scopes = (List<String>) o.getValue()[2];
            if (team == null) {
                continue;
            }
            boolean done = completions.getOrDefault(o.getKey(), List.of()).stream()
                    .anyMatch(c -> !c.isBefore(start) && !c.isAfter(start.plus(NINETY_DAYS)));
            add(team, "onboarding_completion_rate", start, done ? BigDecimal.ONE : BigDecimal.ZERO, BigDecimal.ONE,
                    scopes);
        }
        return account;
    }

    /** An amount in the tenant's currency (an event without a currency is in it), else null. */
    private BigDecimal money(E e, String field) {
        String value = e.text(field);
        String in = e.text("currency");
        if (value == null || (in != null && !in.equals(currency))) {
            return null;
        }
        return new BigDecimal(value);
    }

    /** 1 ÷ the monthly logo churn rate of the 12 full months before the win's month, at most 60 months. */
    private BigDecimal lifetime(Instant wonAt, List<Account> customers) {
        YearMonth winMonth = YearMonth.from(wonAt.atZone(zone));
        long churns = 0;
        long active = 0;
        for (int k = 1; k <= 12; k++) {
            YearMonth month = winMonth.minusMonths(k);
            Instant start = month.atDay(1).atStartOfDay(zone).toInstant();
            Instant end = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
            for (Account c : customers) {
                if (c.churnedAt != null && !c.churnedAt.isBefore(start) && c.churnedAt.isBefore(end)) {
                    churns++;
                }
                if (c.customerAt(start)) {
                    active++;
                }
            }
        }
        if (active == 0 || churns == 0) {
            return SIXTY;
        }
        BigDecimal months = BigDecimal.valueOf(active).divide(BigDecimal.valueOf(churns), MathContext.DECIMAL64);
        return months.min(SIXTY);
    }

    /**
     * Expansion rates: each period that starts by the horizon, over the team's customers at its start; in the scopes
     * of each customer's winning deal (a scope's base is the team's customers won in that scope).
     */
    private void expansion(List<Account> customers, Instant earliest, Instant horizon) {
        LocalDate last = horizon.atZone(zone).toLocalDate();
        for (String grain : GRAINS) {
            for (LocalDate from = first(grain, earliest.atZone(zone).toLocalDate()); !from.isAfter(last);
                    from = next(grain, from)) {
                Instant start = from.atStartOfDay(zone).toInstant();
                Instant end = next(grain, from).atStartOfDay(zone).toInstant();
                if (start.isAfter(horizon)) {
                    break;
                }
                String period = label(grain, from);
                for (Account c : customers) {
                    if (!c.customerAt(start)) {
                        continue;
                    }
                    String team = c.ownerAt(start);
                    if (team == null) {
                        continue;
                    }
                    boolean any = false;
                    boolean upsell = false;
                    boolean crossSell = false;
                    for (Object[] x : c.expansions) {
                        Instant at = (Instant) x[0];
                        if (!at.isBefore(start) && at.isBefore(end) && team.equals(x[2])) {
                            any = true;
                            upsell |= "upsell".equals(x[1]);
                            crossSell |= "cross_sell".equals(x[1]);
                        }
                    }
                    addCell(team, "expansion_rate", grain, period, any ? BigDecimal.ONE : BigDecimal.ZERO, c.scopes);
                    addCell(team, "upsell_rate", grain, period, upsell ? BigDecimal.ONE : BigDecimal.ZERO, c.scopes);
                    addCell(team, "cross_sell_rate", grain, period, crossSell ? BigDecimal.ONE : BigDecimal.ZERO,
                            c.scopes);
                }
            }
        }
    }

    /** Adds one customer of a period's base to the overall cell and to the cells of the given scopes. */
    private void addCell(String team, String kpi, String grain, String period, BigDecimal numerator,
            List<String> scopes) {
        String key = team + "/" + kpi + "/" + grain + "/" + period;
        addTo(cells, key, numerator, BigDecimal.ONE);
        for (String scope : scopes) {
            addTo(scoped, key + "/" + scope, numerator, BigDecimal.ONE);
        }
    }

    private void count(String team, String kpi, Instant at, List<String> scopes) {
        add(team, kpi, at, BigDecimal.ONE, BigDecimal.ZERO, scopes);
    }

    /**
     * Adds to the cells of every grain the instant falls in, in the tenant's zone: the overall cell and the cell of
     * each of the subject's scopes.
     */
    private void add(String team, String kpi, Instant at, BigDecimal numerator, BigDecimal denominator,
            List<String> scopes) {
        LocalDate date = at.atZone(zone).toLocalDate();
        for (String grain : GRAINS) {
            String key = team + "/" + kpi + "/" + grain + "/" + label(grain, date);
            addTo(cells, key, numerator, denominator);
            for (String scope : scopes) {
                addTo(scoped, key + "/" + scope, numerator, denominator);
            }
        }
    }

    private static void addTo(Map<String, BigDecimal[]> map, String key, BigDecimal numerator,
            BigDecimal denominator) {
        BigDecimal[] cell = map.computeIfAbsent(key, k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
        cell[0] = cell[0].add(numerator);
        cell[1] = cell[1].add(denominator);
    }

    static String label(String grain, LocalDate date) {
        return switch (grain) {
            case "day" -> date.toString();
            case "week" -> String.format(Locale.ROOT, "%04d-W%02d", date.get(IsoFields.WEEK_BASED_YEAR),
                    date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case "month" -> String.format(Locale.ROOT, "%04d-%02d", date.getYear(), date.getMonthValue());
            case "quarter" -> String.format(Locale.ROOT, "%04d-Q%d", date.getYear(), (date.getMonthValue() + 2) / 3);
            default -> String.format(Locale.ROOT, "%04d", date.getYear());
        };
    }

    private static LocalDate first(String grain, LocalDate date) {
        return switch (grain) {
            case "day" -> date;
            case "week" -> date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case "month" -> date.withDayOfMonth(1);
            case "quarter" -> LocalDate.of(date.getYear(), (date.getMonthValue() - 1) / 3 * 3 + 1, 1);
            default -> LocalDate.of(date.getYear(), 1, 1);
        };
    }

    private static LocalDate next(String grain, LocalDate first) {
        return switch (grain) {
            case "day" -> first.plusDays(1);
            case "week" -> first.plusWeeks(1);
            case "month" -> first.plusMonths(1);
            case "quarter" -> first.plusMonths(3);
            default -> first.plusYears(1);
        };
    }
}
