package dev.northstar.reporting.contract;

import dev.northstar.events.KpiCatalog;
import dev.northstar.events.KpiValue;
import dev.northstar.reporting.repository.ContractRepository;
import dev.northstar.reporting.repository.KpiValueRepository;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The cost KPIs in the read model (docs/kpi-definitions.md, "The KPIs"): {@code partner_cost},
 * {@code cost_per_new_customer}, {@code ltv_to_cost}, {@code realized_revenue_to_cost} and {@code payback_months}
 * (over the support figure {@code new_customer_mrr} × the tenant's gross margin) of each team with terms, at
 * month, quarter and year, stored beside the calculator's values so that the scorecard, the comparison, the feeds
 * (JSON, CSV, changes) and the console serve them like any KPI.
 *
 * <p>They move with the terms, the settlements and the values they read (revenue won, the incentives' KPIs, new
 * customers, LTV): each of these marks its team, and the marked teams are recomputed every
 * {@code cost-refresh-every} (2 s); a value is written only when it differs. Every team with terms is recomputed
 * every {@code cost-full-every} (1 h) and at start — a month that begins has a cost before any event, and a replica
 * recomputes what another replica's consumer marked.
 */
@ApplicationScoped
public class CostKpis {

    private static final Logger LOG = Logger.getLogger(CostKpis.class);

    /** A team whose terms changed or whose month was settled. */
    public record TermsChanged(String tenant, String teamId) {
    }

    private final Costs costs;
    private final ContractRepository contracts;
    private final KpiValueRepository values;
    private final Set<String> marked = ConcurrentHashMap.newKeySet();

    public CostKpis(Costs costs, ContractRepository contracts, KpiValueRepository values) {
        this.costs = costs;
        this.contracts = contracts;
        this.values = values;
    }

    private static String key(String tenant, String teamId) {
        return tenant + '\u0000' + teamId;
    }

    /**
     * Marks the teams whose month, quarter or year values moved (the read model's consumer, after storing them); which
     * of them have terms is decided at the refresh, from the database, so that terms recorded through another replica
     * count at once.
     */
    public void valuesMoved(Collection<KpiValue> moved) {
        for (KpiValue v : moved) {
            if (!KpiCatalog.isCost(v.kpi()) && !"day".equals(v.grain()) && !"week".equals(v.grain())) {
                marked.add(key(v.tenant(), v.teamId()));
            }
        }
    }

    void termsChanged(@Observes TermsChanged changed) {
        marked.add(key(changed.tenant(), changed.teamId()));
    }

    @Scheduled(every = "${northstar.reporting.cost-refresh-every:2s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refreshMarked() throws Throwable {
        run(false);
    }

    @Scheduled(every = "${northstar.reporting.cost-full-every:1h}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refreshAll() throws Throwable {
        run(true);
    }

    /** One run at a time per replica: the marked teams (or every team with terms) that have terms, recomputed. */
    private synchronized void run(boolean all) throws Throwable {
        if (!all && marked.isEmpty()) {
            return;
        }
        io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(() -> contracts.teamsWithTerms().chain(rows -> {
            Set<String> terms = new HashSet<>();
            rows.forEach(t -> terms.add(key(t[0], t[1])));
            List<String> teams = new ArrayList<>();
            for (String k : all ? terms : new HashSet<>(marked)) {
                marked.remove(k);
                if (terms.contains(k)) {
                    teams.add(k);
                }
            }
            return refresh(teams);
        }));
    }

    /** Recomputes the teams ({@code tenant\0team}); a team that fails is marked again and logged, the rest go on. */
    private Uni<Void> refresh(List<String> teams) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String k : teams) {
            int cut = k.indexOf('\u0000');
            String tenant = k.substring(0, cut);
            String teamId = k.substring(cut + 1);
            chain = chain.chain(() -> refresh(tenant, teamId).onFailure().recoverWithItem(e -> {
                LOG.warnf("cost KPIs of %s/%s not recomputed, retried on the next run: %s", tenant, teamId,
                        e.toString());
                marked.add(k);
                return 0;
            })).replaceWithVoid();
        }
        return chain;
    }

    /** Recomputes one team's cost KPIs and stores those that differ; returns how many values were computed. */
    public Uni<Integer> refresh(String tenant, String teamId) {
        return costs.kpiValues(tenant, teamId).chain(list -> values.upsertDerived(list).map(x -> list.size()));
    }

    /**
     * The five cost KPIs of a period with a cost: {@code newCustomers} (the denominator of realized_ltv_to_date),
     * {@code predictedLtv} (the numerator of new_customer_avg_ltv), {@code paidSoFar} (the numerator of
     * realized_ltv_to_date) and {@code monthlyGrossProfit} (Σ MRR at win × margin) absent are 0.
     */
    static List<KpiValue> values(String tenant, String teamId, String grain, String period, BigDecimal cost,
            BigDecimal newCustomers, BigDecimal predictedLtv, BigDecimal paidSoFar, BigDecimal monthlyGrossProfit,
            long version, Instant at) {
        List<KpiValue> out = new ArrayList<>(5);
        out.add(value(tenant, teamId, "partner_cost", grain, period, cost, null, version, at));
        out.add(value(tenant, teamId, "cost_per_new_customer", grain, period, cost, orZero(newCustomers), version, at));
        out.add(value(tenant, teamId, "ltv_to_cost", grain, period, orZero(predictedLtv), cost, version, at));
        out.add(value(tenant, teamId, "realized_revenue_to_cost", grain, period, orZero(paidSoFar), cost, version, at));
        out.add(value(tenant, teamId, "payback_months", grain, period, cost, orZero(monthlyGrossProfit), version, at));
        return out;
    }

    private static KpiValue value(String tenant, String teamId, String kpi, String grain, String period,
            BigDecimal numerator, BigDecimal denominator, long version, Instant at) {
        KpiCatalog.Kpi k = KpiCatalog.byId(kpi).orElseThrow();
        BigDecimal value = k.value(numerator, denominator);
        return new KpiValue(tenant, teamId, kpi, grain, period, value == null ? null : CostLines.scale(value),
                numerator, k.ratio() ? denominator : null, k.unit().name().toLowerCase(Locale.ROOT), version, at);
    }

    private static BigDecimal orZero(BigDecimal d) {
        return d == null ? BigDecimal.ZERO : d;
    }
}
