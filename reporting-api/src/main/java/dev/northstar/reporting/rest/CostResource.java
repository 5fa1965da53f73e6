package dev.northstar.reporting.rest;

import dev.northstar.common.Problem;
import dev.northstar.common.Tenants;
import dev.northstar.events.Grain;
import dev.northstar.events.ValidationProblem;
import dev.northstar.reporting.contract.Costs;
import dev.northstar.reporting.contract.TeamCost;
import dev.northstar.reporting.repository.ScorecardRepository;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * A team's cost in a month, quarter or year, computed from its contract versions and its KPI values, every line
 * explained (docs/kpi-definitions.md, "Cost lines per month"); settled months as settled, and the first month after
 * them carrying what the settled months moved by since.
 */
@Path("/v1/teams/{teamId}/cost")
@Produces(MediaType.APPLICATION_JSON)
public class CostResource {

    private static final List<Grain> GRAINS = List.of(Grain.MONTH, Grain.QUARTER, Grain.YEAR);

    private final Costs costs;
    private final ScorecardRepository scorecards;
    private final JsonWebToken jwt;

    public CostResource(Costs costs, ScorecardRepository scorecards, JsonWebToken jwt) {
        this.costs = costs;
        this.scorecards = scorecards;
        this.jwt = jwt;
    }

    @GET
    @RolesAllowed({"read", "admin"})
    @Operation(summary = "A team's cost in a month, quarter or year from its contract terms and KPIs, line by line")
    public Uni<TeamCost> cost(@PathParam("teamId") String teamId, @QueryParam("grain") String grainName,
            @QueryParam("period") String period) {
        String tenant = Tenants.of(jwt);
        String id = Params.visibleTeam(jwt, teamId);
        Grain grain = GRAINS.stream().filter(g -> g.wireName().equals(grainName)).findFirst().orElse(null);
        List<ValidationProblem> problems = new ArrayList<>();
        if (grain == null) {
            problems.add(new ValidationProblem("/grain", "must be month, quarter or year: a cost is monthly"));
        } else if (period == null || !grain.isLabel(period)) {
            problems.add(new ValidationProblem("/period", "must be a " + grain.wireName() + " period, e.g. "
                    + grain.label(java.time.LocalDate.of(2026, 11, 1))));
        }
        if (!problems.isEmpty()) {
            throw new Problem.Exception(Problem.invalid("The query parameters are not valid.", problems));
        }
        return Params.existing(scorecards, tenant, id).chain(() -> costs.cost(tenant, id, grain, period));
    }
}
