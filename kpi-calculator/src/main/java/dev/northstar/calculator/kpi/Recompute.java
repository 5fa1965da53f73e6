package dev.northstar.calculator.kpi;

import dev.northstar.events.NorthstarEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every KPI of one tenant computed from all its events at once: the definition the incremental path
 * (kpi-calculator's batches, refreshes and folds) must always add up to. Used by tests and by the checks of
 * docs/kpi-definitions.md; the service itself never holds a tenant's whole history in memory.
 */
public final class Recompute {

    /** The KPIs whose denominators are the customer base at the period's start. */
    public static final List<String> BASE_KPIS = dev.northstar.events.Scopes.COUNTED_PER_PERIOD;

    private Recompute() {
    }

    /** The KPI cells of the tenant's events (duplicates, by source and id, count once). */
    public static Contributions of(String tenant, List<NorthstarEvent> events, TenantSettings settings) {
        Contributions out = new Contributions(tenant, settings.zone());
        Set<String> seen = new HashSet<>();
        Map<String, List<Fact>> byAccount = new LinkedHashMap<>();
        Instant first = null;
        Instant last = null;
        for (NorthstarEvent event : events) {
            if (!event.tenant().equals(tenant) || !seen.add(Fact.keyOf(event))) {
                continue;
            }
            first = first == null || event.time().isBefore(first) ? event.time() : first;
            last = last == null || event.time().isAfter(last) ? event.time() : last;
            TeamRules.apply(event, out);
            if (Fact.isAccountType(event.type())) {
                byAccount.computeIfAbsent(event.data().accountId(), k -> new ArrayList<>())
                        .add(Fact.of(event, settings.currency()));
            }
        }
        List<LtvModel.Customer> customers = new ArrayList<>();
        Map<String, String[]> scopes = new HashMap<>();
        List<CustomerBase.Member> spans = new ArrayList<>();
        byAccount.forEach((account, facts) -> {
            AccountFold fold = AccountFold.of(facts, settings.zone(), out);
            if (fold.win() != null) {
                AccountFold.Win w = fold.win();
                customers.add(new LtvModel.Customer(account, w.teamId(), w.wonAt(), w.mrr(), w.churnedAt()));
                scopes.put(account, w.scopes());
                fold.spans().forEach(s -> spans.add(new CustomerBase.Member(s, w.scopes())));
            }
        });
        LtvModel ltv = new LtvModel(customers, settings.zone());
        for (LtvModel.Customer c : customers) {
            BigDecimal value = ltv.ltv(c, settings.grossMargin());
            if (value != null) {
                // in the win's scopes; the lifetime is the tenant's overall one
                out.add(c.teamId(), "new_customer_avg_ltv", c.wonAt(), value, BigDecimal.ONE,
                        scopes.get(c.accountId()));
            }
        }
        if (first != null) {
            CustomerBase base = new CustomerBase(spans, settings.zone());
            for (CustomerBase.Count count : base.counts(base.periodsStartingIn(first, last))) {
                for (String kpi : BASE_KPIS) {
                    out.addIn(count.teamId(), count.cell(kpi), count.grain(), count.period(), BigDecimal.ZERO,
                            BigDecimal.valueOf(count.customers()));
                }
            }
        }
        return out;
    }
}
