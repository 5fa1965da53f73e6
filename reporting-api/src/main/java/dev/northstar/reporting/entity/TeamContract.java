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

/**
 * One version of a team's contract terms (table {@code team_contract}, migration V10): in force from
 * {@code validFrom} (a month) until the next version's month; inserted, never changed (the table refuses updates).
 */
@Entity
@Table(name = "team_contract")
@IdClass(TeamContract.Key.class)
public class TeamContract {

    @Id
    public String tenant;
    @Id
    @Column(name = "contract_id")
    public UUID contractId;
    @Column(name = "team_id")
    public String teamId;
    @Column(name = "valid_from")
    public String validFrom;
    @Column(name = "monthly_fee")
    public BigDecimal monthlyFee;
    @Column(name = "share_won_rate")
    public BigDecimal shareWonRate;
    @Column(name = "share_recognized_rate")
    public BigDecimal shareRecognizedRate;
    @Column(name = "share_months")
    public Integer shareMonths;
    /** The incentives as a JSON array (see {@code contract.ContractTerms.Incentive}). */
    public String incentives;
    public Integer headcount;
    @Column(name = "cost_per_head")
    public BigDecimal costPerHead;
    @Column(name = "hiring_cost_per_head")
    public BigDecimal hiringCostPerHead;
    @Column(name = "training_cost_per_head")
    public BigDecimal trainingCostPerHead;
    @Column(name = "ramp_up_months")
    public Integer rampUpMonths;
    public String note;
    @Column(name = "recorded_by")
    public String recordedBy;
    @Column(name = "recorded_at")
    public OffsetDateTime recordedAt;

    /** The primary key: tenant and contract (version) id. */
    public static class Key implements Serializable {
        public String tenant;
        public UUID contractId;

        public Key() {
        }

        public Key(String tenant, UUID contractId) {
            this.tenant = tenant;
            this.contractId = contractId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && tenant.equals(k.tenant) && contractId.equals(k.contractId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tenant, contractId);
        }
    }
}
