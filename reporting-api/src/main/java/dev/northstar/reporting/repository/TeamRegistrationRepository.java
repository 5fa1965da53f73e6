package dev.northstar.reporting.repository;

import dev.northstar.reporting.entity.TeamKey;
import dev.northstar.reporting.entity.TeamRegistration;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;

/** Teams' registrations, as entities; read with the teams that have values by {@link TeamRepository}. */
@ApplicationScoped
public class TeamRegistrationRepository implements PanacheRepositoryBase<TeamRegistration, TeamKey> {

    /**
     * Records registrations in one transaction, in a fixed order (so that two batches never wait for each other in a
     * cycle); of two for one team the later by event time wins, whichever arrives last.
     */
    public Uni<Void> register(List<TeamRepository.Team> teams) {
        if (teams.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<TeamRepository.Team> ordered = teams.stream().sorted(Comparator.comparing(TeamRepository.Team::tenant)
                .thenComparing(TeamRepository.Team::teamId)).toList();
        return Panache.withTransaction(() -> {
            Uni<Void> all = Uni.createFrom().voidItem();
            for (TeamRepository.Team t : ordered) {
                all = all.chain(() -> findById(new TeamKey(t.tenant(), t.teamId())).chain(found -> {
                    var at = t.registeredAt().atOffset(ZoneOffset.UTC);
                    if (found != null && found.registeredAt.isAfter(at)) {
                        return Uni.createFrom().voidItem(); // a later registration is already known
                    }
                    TeamRegistration r = found != null ? found : new TeamRegistration();
                    r.tenant = t.tenant();
                    r.teamId = t.teamId();
                    r.name = t.name();
                    r.kind = t.kind();
                    r.registeredAt = at;
                    return found != null ? Uni.createFrom().voidItem() : persist(r).replaceWithVoid();
                }));
            }
            return all;
        });
    }
}
