package dev.northstar.reporting.entity;

import java.io.Serializable;
import java.util.Objects;

/** The key of what belongs to one team of a tenant: its registration, its self-assessment. */
public class TeamKey implements Serializable {

    public String tenant;
    public String teamId;

    public TeamKey() {
    }

    public TeamKey(String tenant, String teamId) {
        this.tenant = tenant;
        this.teamId = teamId;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TeamKey k && tenant.equals(k.tenant) && teamId.equals(k.teamId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tenant, teamId);
    }
}
