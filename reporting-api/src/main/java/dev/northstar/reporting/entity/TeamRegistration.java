package dev.northstar.reporting.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * A team as its {@code team.registered} event names it (table {@code team}, migration V2): name, kind
 * ({@code partner} or {@code in_house}) and the event time of the registration; a later registration renames.
 */
@Entity
@Table(name = "team")
@IdClass(TeamKey.class)
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
}
