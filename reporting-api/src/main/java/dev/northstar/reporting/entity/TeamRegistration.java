package dev.northstar.reporting.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * A team as its {@code team.registered} event names it (table {@code team}, migration V2): name, kind
 * ({@code partner} or {@code in_house}) and the event time of the registration; a later registration renames.
 */
@Entity
@Table(name = "team")
@IdClass(TeamRegistration.Key.class)
public class TeamRegistration {

    @Id
    public String tenant;
    @Id
    @Column(name = "team_id")
    public String teamId;
    public String name;
    public String kind;
    @Column(name = "registered_at")
    public OffsetDateTime registeredAt;

    /** The primary key: tenant and team. */
    public static class Key implements Serializable {
        public String tenant;
        public String teamId;

        public Key() {
        }

        public Key(String tenant, String teamId) {
            this.tenant = tenant;
            this.teamId = teamId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && tenant.equals(k.tenant) && teamId.equals(k.teamId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tenant, teamId);
        }
    }
}
