package dev.northstar.reporting.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

/** A decision a strategy meeting recorded for a team (table {@code meeting_decision}, migration V9). */
@Entity
@Table(name = "meeting_decision")
@IdClass(MeetingDecision.Key.class)
public class MeetingDecision {

    @Id
    public String tenant;
    @Id
    @Column(name = "decision_id")
    public UUID decisionId;
    @Column(name = "team_id")
    public String teamId;
    public String grain;
    public String period;
    public String what;
    public String owner;
    @Column(name = "owner_side")
    public String ownerSide;
    public LocalDate due;
    public String kpi;
    public String status;
    public String note;
    @Column(name = "decided_by")
    public String decidedBy;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    /** The primary key: tenant and decision id. */
    public static class Key implements Serializable {
        public String tenant;
        public UUID decisionId;

        public Key() {
        }

        public Key(String tenant, UUID decisionId) {
            this.tenant = tenant;
            this.decisionId = decisionId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && tenant.equals(k.tenant) && decisionId.equals(k.decisionId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tenant, decisionId);
        }
    }
}
