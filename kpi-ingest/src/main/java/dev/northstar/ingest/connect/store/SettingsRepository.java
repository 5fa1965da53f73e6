package dev.northstar.ingest.connect.store;

import dev.northstar.ingest.connect.entity.ConnectorSettings;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** A tenant's connector settings, one row per source. */
@ApplicationScoped
public class SettingsRepository implements PanacheRepositoryBase<ConnectorSettings, ConnectorSettings.Key> {

    public Uni<ConnectorSettings> find(String tenant, String source) {
        return Panache.withSession(() -> findById(new ConnectorSettings.Key(tenant, source)));
    }

    public Uni<List<ConnectorSettings>> ofTenant(String tenant) {
        return Panache.withSession(() -> list("tenant = ?1 order by source", tenant));
    }

    /**
     * Sets what is given of the origin, the secret and the token hash (null keeps what is stored); returns the row.
     */
    public Uni<ConnectorSettings> set(String tenant, String source, String origin, byte[] secret, byte[] tokenHash,
            String by) {
        return Panache.withTransaction(() -> findById(new ConnectorSettings.Key(tenant, source)).chain(found -> {
            ConnectorSettings s = found != null ? found : new ConnectorSettings();
            s.tenant = tenant;
            s.source = source;
            if (origin != null) {
                s.origin = origin;
            }
            if (secret != null) {
                s.secret = secret;
            }
            if (tokenHash != null) {
                s.tokenHash = tokenHash;
            }
            s.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
            s.updatedBy = by;
            return found != null ? Uni.createFrom().item(s) : persist(s);
        }));
    }
}
