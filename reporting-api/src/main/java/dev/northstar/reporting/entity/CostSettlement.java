package dev.northstar.reporting.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

/** A team's month as settled (table {@code cost_settlement}, migration V11): its lines fixed at the close. */
@Entity
@Table(name = "cost_settlement")
@IdClass(CostSettlement.Key.class)
public class CostSettlement {

    @Id
    public String tenant;
    @Id
    @Column(name = "team_id")
    public String teamId;
    @Id
    public String month;
    /** The month settled before this one, '' for the team's first (unique per team: months settle in order, V12). */
    @Column(name = "previous_month")
    public String previousMonth;
    @Column(name = "contract_id")
    public UUID contractId;
    public BigDecimal total;
    /** The lines as settled, a JSON array of {@code contract.CostLines.Line}. */
    public String lines;
    @Column(name = "settled_by")
    public String settledBy;
    @Column(name = "settled_at")
    public OffsetDateTime settledAt;

    /** The primary key: tenant, team and month. */
    public static class Key implements Serializable {
        public String tenant;
        public String teamId;
        public String month;

        public Key() {
        }

        public Key(String tenant, String teamId, String month) {
            this.tenant = tenant;
            this.teamId = teamId;
            this.month = month;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && tenant.equals(k.tenant) && teamId.equals(k.teamId) && month.equals(k.month);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tenant, teamId, month);
        }
    }
}
