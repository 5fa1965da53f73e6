package dev.northstar.reporting.rest;

import dev.northstar.common.Problem;
import dev.northstar.common.Tenants;
import dev.northstar.common.validation.RequestBodies;
import dev.northstar.reporting.report.Decision;
import dev.northstar.reporting.report.NewDecision;
import dev.northstar.reporting.repository.DecisionRepository;
import dev.northstar.reporting.repository.ScorecardRepository;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * What a team's strategy meetings decided: recorded by an admin, read by every reader of the team; the next
 * period's brief opens with them ({@code lastMeeting}).
 */
@Path("/v1/teams/{teamId}/decisions")
@Produces(MediaType.APPLICATION_JSON)
public class DecisionsResource {

    private final DecisionRepository decisions;
    private final ScorecardRepository scorecards;
    private final RequestBodies bodies;
    private final JsonWebToken jwt;

    public DecisionsResource(DecisionRepository decisions, ScorecardRepository scorecards, RequestBodies bodies,
            JsonWebToken jwt) {
        this.decisions = decisions;
        this.scorecards = scorecards;
        this.bodies = bodies;
        this.jwt = jwt;
    }

    /** The list. */
    public record Decisions(List<Decision> items) {
    }

    /** A change of a decision's status. */
    public record StatusChange(
            @NotNull(message = "is required: open, done or dropped") @Pattern(regexp = "open|done|dropped",
                    message = "must be open, done or dropped") String status,
            @Size(max = 2000, message = "must be at most 2000 characters") String note) {
    }

    @GET
    @RolesAllowed({"read", "admin"})
    @Operation(summary = "A team's decisions: of one meeting (grain and period), or all, newest meeting first")
    public Uni<Decisions> list(@PathParam("teamId") String teamId, @QueryParam("grain") String grain,
            @QueryParam("period") String period) {
        String tenant = Tenants.of(jwt);
        String id = Params.visibleTeam(jwt, teamId);
        Uni<List<dev.northstar.reporting.entity.MeetingDecision>> found = period == null || period.isBlank()
                ? decisions.ofTeam(tenant, id)
                : decisions.ofMeeting(tenant, id, Params.period(grain, period).wireName(), period);
        return Params.existing(scorecards, tenant, id).chain(() -> found)
                .map(list -> new Decisions(list.stream().map(Decision::of)
                .toList()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    @Operation(summary = "Records a decision of a team's strategy meeting")
    public Uni<Response> add(@PathParam("teamId") String teamId, byte[] body) {
        String tenant = Tenants.of(jwt);
        String id = Params.visibleTeam(jwt, teamId);
        NewDecision given = bodies.read(body, NewDecision.class, "The decision");
        var entity = given.toEntity(tenant, id, jwt.getSubject());
        return Params.existing(scorecards, tenant, id).chain(() -> decisions.add(entity)).map(d -> Response.created(
                URI.create("/v1/teams/" + id + "/decisions/" + d.decisionId)).entity(Decision.of(d)).build());
    }

    @GET
    @Path("/{decisionId}")
    @RolesAllowed({"read", "admin"})
    @Operation(summary = "One decision (where a new decision's Location points)")
    public Uni<Decision> one(@PathParam("teamId") String teamId, @PathParam("decisionId") String decisionId) {
        String tenant = Tenants.of(jwt);
        String id = Params.visibleTeam(jwt, teamId);
        UUID uuid = decisionId(decisionId);
        return decisions.one(tenant, id, uuid).map(d -> {
            if (d == null) {
                throw noSuchDecision();
            }
            return Decision.of(d);
        });
    }

    @PATCH
    @Path("/{decisionId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    @Operation(summary = "Sets a decision's status (open, done, dropped) and note")
    public Uni<Decision> setStatus(@PathParam("teamId") String teamId, @PathParam("decisionId") String decisionId,
            byte[] body) {
        String tenant = Tenants.of(jwt);
        String id = Params.visibleTeam(jwt, teamId);
        UUID uuid = decisionId(decisionId);
        StatusChange change = bodies.read(body, StatusChange.class, "The status change");
        return decisions.setStatus(tenant, id, uuid, change.status(), change.note()).map(d -> {
            if (d == null) {
                throw noSuchDecision();
            }
            return Decision.of(d);
        });
    }

    private static UUID decisionId(String decisionId) {
        try {
            return UUID.fromString(decisionId);
        } catch (IllegalArgumentException e) {
            throw noSuchDecision();
        }
    }

    private static Problem.Exception noSuchDecision() {
        return new Problem.Exception(Problem.of("not-found", "Not found", 404, "No such decision."));
    }
}
