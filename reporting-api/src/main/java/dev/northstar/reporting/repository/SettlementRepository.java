package dev.northstar.reporting.repository;

import dev.northstar.reporting.entity.CostSettlement;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Teams' settled months, as entities: inserted once, never changed (the table refuses it, V11). */
@ApplicationScoped
public class SettlementRepository implements PanacheRepositoryBase<CostSettlement, CostSettlement.Key> {

    /** A team's settled months, oldest first. */
    public Uni<List<CostSettlement>> ofTeam(String tenant, String teamId) {
        return Panache.withSession(() -> find("tenant = ?1 and teamId = ?2 order by month", tenant, teamId).list());
    }

    /** Records a settled month (a second settlement of the same month fails on the primary key). */
    public Uni<CostSettlement> add(CostSettlement s) {
        return Panache.withTransaction(() -> persist(s));
    }
}
