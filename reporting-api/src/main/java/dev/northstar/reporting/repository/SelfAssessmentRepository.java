package dev.northstar.reporting.repository;

import dev.northstar.reporting.entity.TeamKey;
import dev.northstar.reporting.entity.TeamSelfAssessment;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Teams' answers to the self-check questions, as entities; the latest answers replace the earlier ones. */
@ApplicationScoped
public class SelfAssessmentRepository implements PanacheRepositoryBase<TeamSelfAssessment, TeamKey> {

    /** The team's latest answers, or {@code null} when it has not answered. */
    public Uni<TeamSelfAssessment> get(String tenant, String teamId) {
        return Panache.withSession(() -> findById(new TeamKey(tenant, teamId)));
    }

    /** Every team's latest answers in the tenant, by team (one query for pages that show many teams' levels). */
    public Uni<java.util.Map<String, TeamSelfAssessment>> ofTenant(String tenant) {
        return Panache.withSession(() -> find("tenant", tenant).list()).map(list -> {
            java.util.Map<String, TeamSelfAssessment> out = new java.util.HashMap<>();
            list.forEach(a -> out.put(a.teamId, a));
            return out;
        });
    }

    /** Stores the answers, replacing earlier ones, and returns them as stored. */
    public Uni<TeamSelfAssessment> put(String tenant, String teamId, boolean meetingBeyondNumbers,
            boolean explainsVision, boolean analysesFailuresTogether, boolean proposesImprovements, String note) {
        return Panache.withTransaction(() -> findById(new TeamKey(tenant, teamId)).chain(found -> {
            TeamSelfAssessment a = found != null ? found : new TeamSelfAssessment();
            a.tenant = tenant;
            a.teamId = teamId;
            a.meetingBeyondNumbers = meetingBeyondNumbers;
            a.explainsVision = explainsVision;
            a.analysesFailuresTogether = analysesFailuresTogether;
            a.proposesImprovements = proposesImprovements;
            a.note = note;
            a.answeredAt = OffsetDateTime.now(ZoneOffset.UTC);
            return found != null ? Uni.createFrom().item(a) : persist(a);
        })).onFailure(Entities::isUniqueViolation).retry().atMost(1);
    }
}
