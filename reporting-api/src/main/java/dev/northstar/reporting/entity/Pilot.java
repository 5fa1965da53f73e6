package dev.northstar.reporting.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A pilot (table {@code pilot}, migration V16): some teams tried on one product line and/or one market segment over
 * a range of months, judged on some KPIs. Teams and KPIs are stored comma-separated (ids never hold a comma).
 */
@Entity
@Table(name = "pilot")
@IdClass(Pilot.Key.class)
public class Pilot {

    @Id
    public String tenant;
    @Id
    @Column(name = "pilot_id")
    public UUID pilotId;
    public String name;
    public String teams;
    public String product;
    public String segment;
    @Column(name = "start_month")
    public String startMonth;
    @Column(name = "end_month")
    public String endMonth;
    public String kpis;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    /** The pilot's teams. */
    public List<String> teamList() {
        return Arrays.asList(teams.split(","));
    }

    /** The KPIs it is judged on, in the order given. */
    public List<String> kpiList() {
        return Arrays.asList(kpis.split(","));
    }

    /** The primary key: tenant and pilot id. */
    public static class Key implements Serializable {
        public String tenant;
        public UUID pilotId;

        public Key() {
        }

        public Key(String tenant, UUID pilotId) {
            this.tenant = tenant;
            this.pilotId = pilotId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && tenant.equals(k.tenant) && pilotId.equals(k.pilotId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tenant, pilotId);
        }
    }
}
