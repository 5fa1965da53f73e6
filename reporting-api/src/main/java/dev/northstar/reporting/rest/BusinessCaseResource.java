package dev.northstar.reporting.rest;

import dev.northstar.common.Problem;
import dev.northstar.common.TeamScope;
import dev.northstar.common.Tenants;
import dev.northstar.events.Grain;
import dev.northstar.events.ValidationProblem;
import dev.northstar.reporting.contract.BusinessCase;
import dev.northstar.reporting.contract.BusinessCaseMarkdown;
import dev.northstar.reporting.contract.Costs;
import dev.northstar.reporting.repository.ScorecardRepository;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * A team's business case for a month, quarter or year: its cost and value beside the in-house teams pooled, and the
 * cost of building its output in-house (issue 23). JSON, or Markdown for the executive meeting.
 */
@Path("/v1/teams/{teamId}/business-case")
public class BusinessCaseResource {

    private static final List<Grain> GRAINS = List.of(Grain.MONTH, Grain.QUARTER, Grain.YEAR);

    private final Costs costs;
    private final ScorecardRepository scorecards;
    private final JsonWebToken jwt;

    public BusinessCaseResource(Costs costs, ScorecardRepository scorecards, JsonWebToken jwt) {
        this.costs = costs;
        this.scorecards = scorecards;
        this.jwt = jwt;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({"read", "admin"})
    @Operation(summary = "A team's cost and value beside the in-house teams, and the cost of building it in-house")
    public Uni<BusinessCase> json(@PathParam("teamId") String teamId, @QueryParam("grain") String grain,
            @QueryParam("period") String period) {
        String tenant = Tenants.of(jwt);
        String id = Params.visibleTeam(jwt, teamId);
        Grain g = grain(grain, period);
        // a token limited to some teams sees no in-house figures of another team: refused, not trimmed
        if (TeamScope.of(jwt).limited()) {
            throw new Problem.Exception(Problem.of("forbidden", "Forbidden", 403, "The business case compares a team"
                    + " with the tenant's in-house teams: it needs a token that sees every team."));
        }
        return Params.existing(scorecards, tenant, id).chain(() -> costs.businessCase(tenant, id, g, period));
    }

    @GET
    @Produces(TeamReportsResource.MARKDOWN + ";charset=UTF-8")
    @RolesAllowed({"read", "admin"})
    @Operation(summary = "The business case as Markdown")
    public Uni<String> markdown(@PathParam("teamId") String teamId, @QueryParam("grain") String grain,
            @QueryParam("period") String period) {
        return json(teamId, grain, period).map(BusinessCaseMarkdown::render);
    }

    private static Grain grain(String grainName, String period) {
        Grain grain = GRAINS.stream().filter(g -> g.wireName().equals(grainName)).findFirst().orElse(null);
        if (grain == null) {
            throw new Problem.Exception(Problem.invalid("The query parameters are not valid.", List.of(
                    new ValidationProblem("/grain", "must be month, quarter or year"))));
        }
        if (period == null || !grain.isLabel(period)) {
            throw new Problem.Exception(Problem.invalid("The query parameters are not valid.", List.of(
                    new ValidationProblem("/period", "must be a " + grain.wireName() + " period"))));
        }
        return grain;
    }
}
