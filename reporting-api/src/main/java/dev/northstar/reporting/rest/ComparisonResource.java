package dev.northstar.reporting.rest;

import dev.northstar.common.Problem;
import dev.northstar.common.Tenants;
import dev.northstar.events.Grain;
import dev.northstar.reporting.repository.ScorecardRepository;
import dev.northstar.reporting.repository.TeamRepository;
import dev.northstar.reporting.scorecard.Comparison;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Teams side by side on every KPI in one period, with partners and the in-house team pooled by kind: a pooled
 * ratio divides the summed numerators by the summed denominators (not an average of rates).
 */
@Path("/v1/comparison")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"read", "admin"})
public class ComparisonResource {

    private final ScorecardRepository values;
    private final TeamRepository teams;
    private final JsonWebToken jwt;

    public ComparisonResource(ScorecardRepository values, TeamRepository teams, JsonWebToken jwt) {
        this.values = values;
        this.teams = teams;
        this.jwt = jwt;
    }

    @GET
    @Operation(summary = "Teams side by side on every KPI in a period, partners and in-house pooled by kind")
    public Uni<Comparison> compare(@QueryParam("grain") String grainName, @QueryParam("period") String period,
            @QueryParam("teamIds") String teamIds) {
        String tenant = Tenants.of(jwt);
        Grain grain = Params.period(grainName, period);
        List<String> wanted = teamIds == null || teamIds.isBlank() ? null
                : Arrays.stream(teamIds.split(",")).map(String::strip).filter(t -> !t.isEmpty()).distinct().toList();
        return teams.list(tenant).chain(known -> {
            Map<String, TeamRepository.Team> byId = new LinkedHashMap<>();
            known.forEach(t -> byId.put(t.teamId(), t));
            List<TeamRepository.Team> chosen = new ArrayList<>();
            for (String id : wanted == null ? List.copyOf(byId.keySet()) : wanted) {
                TeamRepository.Team team = byId.get(id);
                if (team == null) {
                    throw new Problem.Exception(Problem.of("not-found", "Not found", 404, "No such team: " + id));
                }
                chosen.add(team);
            }
            return values.period(tenant, grain.wireName(), period).map(cells -> Comparison.build(grain, period, chosen, cells));
        });
    }
}
