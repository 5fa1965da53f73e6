package dev.northstar.reporting.repository;

import dev.northstar.reporting.entity.Pilot;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** Pilots, as entities. */
@ApplicationScoped
public class PilotRepository implements PanacheRepositoryBase<Pilot, Pilot.Key> {

    /** A tenant keeps at most this many pilots (the list is never paged). */
    public static final int MAX_PILOTS = 200;

    /** The tenant's pilots, newest first. */
    public Uni<List<Pilot>> ofTenant(String tenant) {
        return Panache.withSession(() -> find("tenant = ?1", Sort.descending("createdAt").and("pilotId"), tenant)
                .page(0, MAX_PILOTS).list());
    }

    /** One pilot of the tenant; null when it has no such pilot. */
    public Uni<Pilot> one(String tenant, UUID id) {
        return Panache.withSession(() -> findById(new Pilot.Key(tenant, id)));
    }

    /** How many pilots the tenant has. */
    public Uni<Long> countOf(String tenant) {
        return Panache.withSession(() -> count("tenant", tenant));
    }

    /** Records a new pilot and returns it as stored; a name the tenant already has fails (see {@link Entities}). */
    public Uni<Pilot> add(Pilot p) {
        p.pilotId = UUID.randomUUID();
        p.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        return Panache.withTransaction(() -> persist(p));
    }

    /** Removes a pilot; false when the tenant has no such pilot. */
    public Uni<Boolean> remove(String tenant, UUID id) {
        return Panache.withTransaction(() -> deleteById(new Pilot.Key(tenant, id)));
    }
}
