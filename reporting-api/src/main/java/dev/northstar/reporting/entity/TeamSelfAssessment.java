package dev.northstar.reporting.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * A team's latest answers to the four self-check questions of the integration level (table {@code self_assessment},
 * migration V4); the latest answers replace earlier ones.
 */
@Entity
@Table(name = "self_assessment")
@IdClass(TeamKey.class)
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
}
