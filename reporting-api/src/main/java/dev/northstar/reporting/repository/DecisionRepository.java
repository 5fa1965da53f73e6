package dev.northstar.reporting.repository;

import dev.northstar.reporting.entity.MeetingDecision;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** Strategy meetings' decisions, as entities. */
@ApplicationScoped
public class DecisionRepository implements PanacheRepositoryBase<MeetingDecision, MeetingDecision.Key> {

    /** At most this many decisions are listed for one meeting or one team. */
    public static final int MAX_LISTED = 200;

    /** The decisions of a team's meeting (grain and period), oldest first. */
    public Uni<List<MeetingDecision>> ofMeeting(String tenant, String teamId, String grain, String period) {
        return Panache.withSession(() -> find("tenant = ?1 and teamId = ?2 and grain = ?3 and period = ?4",
                Sort.by("createdAt").and("decisionId"), tenant, teamId, grain, period).page(0, MAX_LISTED).list());
    }

    /** The team's decisions, newest meeting first. */
    public Uni<List<MeetingDecision>> ofTeam(String tenant, String teamId) {
        return Panache.withSession(() -> find("tenant = ?1 and teamId = ?2",
                Sort.descending("period").and("createdAt").and("decisionId"), tenant, teamId).page(0, MAX_LISTED)
                .list());
    }

    /** One decision of the tenant's team; null when it has no such decision. */
    public Uni<MeetingDecision> one(String tenant, String teamId, UUID id) {
        return Panache.withSession(() -> findById(new MeetingDecision.Key(tenant, id))
                .map(d -> d == null || !d.teamId.equals(teamId) ? null : d));
    }

    /** Records a new decision and returns it as stored. */
    public Uni<MeetingDecision> add(MeetingDecision d) {
        d.decisionId = UUID.randomUUID();
        d.status = "open";
        d.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        d.updatedAt = d.createdAt;
        return Panache.withTransaction(() -> persist(d));
    }

    /** Sets a decision's status (and note); null when the tenant's team has no such decision. */
    public Uni<MeetingDecision> setStatus(String tenant, String teamId, UUID id, String status, String note) {
        return Panache.withTransaction(() -> findById(new MeetingDecision.Key(tenant, id)).map(d -> {
            if (d == null || !d.teamId.equals(teamId)) {
                return null;
            }
            d.status = status;
            if (note != null) {
                d.note = note;
            }
            d.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
            return d;
        }));
    }
}
