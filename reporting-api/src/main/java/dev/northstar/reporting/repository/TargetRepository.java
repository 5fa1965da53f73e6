package dev.northstar.reporting.repository;

import dev.northstar.reporting.entity.KpiTarget;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Targets, as entities. The scorecard reads them with the values in one statement ({@link ScorecardRepository});
 * they are written here.
 */
@ApplicationScoped
public class TargetRepository implements PanacheRepositoryBase<KpiTarget, KpiTarget.Key> {

    /** One change of a team's targets: a KPI's target in a period, set to a value or cleared ({@code null}). */
    public record Change(String kpi, String period, BigDecimal target) {
    }

    /** Sets a team's target for a KPI in a period, replacing an earlier one; returns it as stored. */
    public Uni<KpiTarget> set(String tenant, String teamId, String kpi, String grain, String period,
            BigDecimal value) {
        return Panache.withTransaction(() -> upsert(tenant, teamId, kpi, grain, period, value))
                // two admins setting the same new target at once: the second insert meets the first's row
                .onFailure(Entities::isUniqueViolation).retry().atMost(1);
    }

    /**
     * Applies a grid's changes to one team's targets of one grain in one transaction: every change is kept, or —
     * when one fails — none. Returns how many were applied.
     */
    public Uni<Integer> apply(String tenant, String teamId, String grain, List<Change> changes) {
        return Panache.withTransaction(() -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Change c : changes) {
                chain = chain.chain(() -> c.target() == null
                        ? deleteById(new KpiTarget.Key(tenant, teamId, c.kpi(), grain, c.period())).replaceWithVoid()
                        : upsert(tenant, teamId, c.kpi(), grain, c.period(), c.target()).replaceWithVoid());
            }
            return chain.replaceWith(changes.size());
        }).onFailure(Entities::isUniqueViolation).retry().atMost(1);
    }

    private Uni<KpiTarget> upsert(String tenant, String teamId, String kpi, String grain, String period,
            BigDecimal value) {
        return findById(new KpiTarget.Key(tenant, teamId, kpi, grain, period)).chain(found -> {
            KpiTarget t = found != null ? found : new KpiTarget();
            t.tenant = tenant;
            t.teamId = teamId;
            t.kpi = kpi;
            t.grain = grain;
            t.period = period;
            t.target = value;
            t.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
            return found != null ? Uni.createFrom().item(t) : persist(t);
        });
    }
}
