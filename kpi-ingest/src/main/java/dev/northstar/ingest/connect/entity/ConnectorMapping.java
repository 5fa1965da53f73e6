package dev.northstar.ingest.connect.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;

/** One version of a tenant's mapping of a source (table {@code connector_mapping}, migration V4), never overwritten. */
@Entity
@Table(name = "connector_mapping")
@IdClass(ConnectorMapping.Key.class)
public class ConnectorMapping {

    @Id
    public String tenant;
    @Id
    public String source;
    @Id
    public int version;
    /** The mapping document as the admin sent it (JSON). */
    public String document;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "created_by")
    public String createdBy;

    /** The primary key: tenant, source and version. */
    public static class Key implements Serializable {
        public String tenant;
        public String source;
        public int version;

        public Key() {
        }

        public Key(String tenant, String source, int version) {
            this.tenant = tenant;
            this.source = source;
            this.version = version;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && tenant.equals(k.tenant) && source.equals(k.source) && version == k.version;
        }

        @Override
        public int hashCode() {
            return Objects.hash(tenant, source, version);
        }
    }
}
