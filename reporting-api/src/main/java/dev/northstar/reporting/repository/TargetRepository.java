package dev.northstar.reporting.repository;

import dev.northstar.reporting.entity.KpiTarget;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Targets, as entities. The scorecard reads them with the values in one statement ({@link ScorecardRepository});
 * they are written here.
 */
@ApplicationScoped
public class TargetRepository implements PanacheRepositoryBase<KpiTarget, KpiTarget.Key> {

    /** Sets a team's target for a KPI in a period, replacing an earlier one; returns it as stored. */
    public Uni<KpiTarget> set(String tenant, String teamId, String kpi, String grain, String period,
            BigDecimal value) {
        return Panache.withTransaction(() -> findById(new KpiTarget.Key(tenant, teamId, kpi, grain, period))
                .chain(found -> {
                    KpiTarget t = found != null ? found : new KpiTarget();
                    t.tenant = tenant;
                    t.teamId = teamId;
                    t.kpi = kpi;
                    t.grain = grain;
                    t.period = period;
                    t.target = value;
                    t.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
                    return found != null ? Uni.createFrom().item(t) : persist(t);
                }))
                // two admins setting the same new target at once: the second insert meets the first's row
                .onFailure(Entities::isUniqueViolation).retry().atMost(1);
    }
}
