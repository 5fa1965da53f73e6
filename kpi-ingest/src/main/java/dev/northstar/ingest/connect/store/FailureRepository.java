package dev.northstar.ingest.connect.store;

import dev.northstar.ingest.connect.entity.ConnectorFailure;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The changes an admin must look at, newest first; {@link RecordStates#prune} keeps the newest {@link #KEPT}. */
@ApplicationScoped
public class FailureRepository implements PanacheRepositoryBase<ConnectorFailure, Long> {

    /** How many failures a tenant keeps (the DLQ keeps every invalid event with its payload). */
    public static final int KEPT = 1000;

    public Uni<Void> add(List<ConnectorFailure> failures) {
        if (failures.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withTransaction(() -> persist(failures.stream()));
    }

    /** The tenant's newest failures, of one source or all (source null), at most {@code limit}. */
    public Uni<List<ConnectorFailure>> recent(String tenant, String source, int limit) {
        return Panache.withSession(() -> (source == null
                ? find("tenant = ?1 order by id desc", tenant)
                : find("tenant = ?1 and source = ?2 order by id desc", tenant, source)).page(0, limit).list());
    }
}
