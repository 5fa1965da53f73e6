package dev.northstar.ingest.connect.store;

import dev.northstar.ingest.connect.entity.ConnectorMapping;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** Every version of each tenant's mapping of each source; a new version never replaces an old one. */
@ApplicationScoped
public class MappingRepository implements PanacheRepositoryBase<ConnectorMapping, ConnectorMapping.Key> {

    /** The newest version, or null when the tenant has stored none (its source's preset applies). */
    public Uni<ConnectorMapping> latest(String tenant, String source) {
        return Panache.withSession(() -> find("tenant = ?1 and source = ?2 order by version desc", tenant, source)
                .firstResult());
    }

    public Uni<ConnectorMapping> version(String tenant, String source, int version) {
        return Panache.withSession(() -> findById(new ConnectorMapping.Key(tenant, source, version)));
    }

    /** The versions stored, newest first, without their documents' weight mattering (at most 100). */
    public Uni<List<ConnectorMapping>> versions(String tenant, String source) {
        return Panache.withSession(() -> find("tenant = ?1 and source = ?2 order by version desc", tenant, source)
                .page(0, 100).list());
    }

    /**
     * Stores a document as the next version; two admins storing at once: the second insert meets the first's key and
     * is tried again as the version after it.
     */
    public Uni<ConnectorMapping> add(String tenant, String source, String document, String by) {
        return Panache.withTransaction(() -> find("select max(m.version) from ConnectorMapping m"
                + " where m.tenant = ?1 and m.source = ?2", tenant, source).project(Integer.class).firstResult()
                .chain(max -> {
                    ConnectorMapping m = new ConnectorMapping();
                    m.tenant = tenant;
                    m.source = source;
                    m.version = (max == null ? 0 : max) + 1;
                    m.document = document;
                    m.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
                    m.createdBy = by;
                    return persist(m);
                })).onFailure(MappingRepository::isUniqueViolation).retry().atMost(3);
    }

    /** Whether a failure (however wrapped) is PostgreSQL's unique violation: another admin took the version. */
    static boolean isUniqueViolation(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof PgException pg && "23505".equals(pg.getSqlState())) {
                return true;
            }
        }
        return false;
    }
}
