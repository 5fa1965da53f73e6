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

/** A team's target for a KPI in one period, set by an admin (table {@code kpi_target}, migration V3). */
@Entity
@Table(name = "kpi_target")
@IdClass(KpiTarget.Key.class)
public class KpiTarget {

    @Id
    public String tenant;
    @Id
    @Column(name = "team_id")
    public String teamId;
    @Id
    public String kpi;
    @Id
    public String grain;
    @Id
    public String period;
    public BigDecimal target;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    /** The primary key: tenant, team, KPI, grain, period. */
    public static class Key implements Serializable {
        public String tenant;
        public String teamId;
        public String kpi;
        public String grain;
        public String period;

        public Key() {
        }

        public Key(String tenant, String teamId, String kpi, String grain, String period) {
            this.tenant = tenant;
            this.teamId = teamId;
            this.kpi = kpi;
            this.grain = grain;
            this.period = period;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && tenant.equals(k.tenant) && teamId.equals(k.teamId) && kpi.equals(k.kpi)
                    && grain.equals(k.grain) && period.equals(k.period);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tenant, teamId, kpi, grain, period);
        }
    }
}
