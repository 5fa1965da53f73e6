package dev.northstar.ingest.connect.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * A tenant's settings of one source (table {@code connector_settings}, migration V4): whose payloads are taken
 * ({@code origin}) and how they prove it (the HubSpot app secret, encrypted; the hash of a webhook token).
 */
@Entity
@Table(name = "connector_settings")
@IdClass(ConnectorSettings.Key.class)
public class ConnectorSettings {

    @Id
    public String tenant;
    @Id
    public String source;
    public String origin;
    /** The HubSpot app secret, encrypted ({@code SecretBox}); never returned. */
    public byte[] secret;
    /** SHA-256 of the webhook token (kintone, Salesforce outbound messages); never returned. */
    @Column(name = "token_hash")
    public byte[] tokenHash;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
    @Column(name = "updated_by")
    public String updatedBy;

    /** The primary key: tenant and source. */
    public static class Key implements Serializable {
        public String tenant;
        public String source;

        public Key() {
        }

        public Key(String tenant, String source) {
            this.tenant = tenant;
            this.source = source;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && tenant.equals(k.tenant) && source.equals(k.source);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tenant, source);
        }
    }
}
