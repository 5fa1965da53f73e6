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
 * A team's latest answers to the four self-check questions of the integration level (table {@code self_assessment},
 * migration V4); the latest answers replace earlier ones.
 */
@Entity
@Table(name = "self_assessment")
@IdClass(TeamSelfAssessment.Key.class)
public class TeamSelfAssessment {

    @Id
    public String tenant;
    @Id
    @Column(name = "team_id")
    public String teamId;
    @Column(name = "meeting_beyond_numbers")
    public boolean meetingBeyondNumbers;
    @Column(name = "explains_vision")
    public boolean explainsVision;
    @Column(name = "analyses_failures_together")
    public boolean analysesFailuresTogether;
    @Column(name = "proposes_improvements")
    public boolean proposesImprovements;
    public String note;
    @Column(name = "answered_at")
    public OffsetDateTime answeredAt;

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
