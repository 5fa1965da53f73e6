package dev.northstar.reporting.repository;

import dev.northstar.reporting.entity.TeamContract;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Teams' contract versions, as entities: inserted, never changed (the table refuses it, V10). */
@ApplicationScoped
public class ContractRepository implements PanacheRepositoryBase<TeamContract, TeamContract.Key> {

    /** At most this many versions are kept per team (a contract changes a few times a year). */
    public static final int MAX_VERSIONS = 500;

    /** A team's versions, oldest first. */
    public Uni<List<TeamContract>> ofTeam(String tenant, String teamId) {
        return Panache.withSession(() -> find("tenant = ?1 and teamId = ?2 order by validFrom, recordedAt, contractId",
                tenant, teamId).page(0, MAX_VERSIONS).list());
    }

    /** How many versions the team has. */
    public Uni<Long> countOf(String tenant, String teamId) {
        return Panache.withSession(() -> count("tenant = ?1 and teamId = ?2", tenant, teamId));
    }

    /** One version of the tenant's team; null when there is no such version. */
    public Uni<TeamContract> one(String tenant, String teamId, UUID id) {
        return Panache.withSession(() -> findById(new TeamContract.Key(tenant, id))
                .map(c -> c == null || !c.teamId.equals(teamId) ? null : c));
    }

    /** Every tenant and team that has contract terms: {tenant, teamId} pairs. */
    public Uni<List<String[]>> teamsWithTerms() {
        return Panache.withSession(() -> getSession().chain(session -> session
                .createQuery("select distinct c.tenant, c.teamId from TeamContract c order by c.tenant, c.teamId",
                        Object[].class).getResultList()))
                .map(rows -> rows.stream().map(r -> new String[] {(String) r[0], (String) r[1]}).toList());
    }

    /** Records a new version and returns it as stored. */
    public Uni<TeamContract> add(TeamContract c) {
        return Panache.withTransaction(() -> persist(c));
    }
}
