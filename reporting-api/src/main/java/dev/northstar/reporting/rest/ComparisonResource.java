package dev.northstar.reporting.rest;

import dev.northstar.common.Problem;
import dev.northstar.common.TeamScope;
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
 *
 * <p>A token limited to some teams (its {@code teams} claim) sees only those teams side by side (another team in
 * {@code teamIds} is a 404, as one that does not exist), and the tenant's pools by kind over all its teams, each only
 * when at least {@link Comparison#MIN_OTHER_TEAMS} teams outside the token's contribute to it (docs/security.md).
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
    @Operation(summary = "Teams side by side on every KPI in a period, partners and in-house pooled by kind",
            description = "byKind pools the teams compared. For a token limited to some teams: only its teams are"
                    + " compared, byKind pools every team of the tenant, and a kind's pool of a KPI is shown only when"
                    + " at least two teams outside the token's contribute to it.")
    public Uni<Comparison> compare(@QueryParam("grain") String grainName, @QueryParam("period") String period,
            @QueryParam("teamIds") String teamIds) {
        String tenant = Tenants.of(jwt);
        TeamScope scope = TeamScope.of(jwt);
        Grain grain = Params.period(grainName, period);
        List<String> wanted = teamIds == null || teamIds.isBlank() ? null
                : Arrays.stream(teamIds.split(",")).map(String::strip).filter(t -> !t.isEmpty()).distinct().toList();
        return teams.list(tenant).chain(known -> {
            Map<String, TeamRepository.Team> byId = new LinkedHashMap<>();
            // a team a limited token may not see is not there, as one the tenant does not have
            known.stream().filter(t -> scope.allows(t.teamId())).forEach(t -> byId.put(t.teamId(), t));
            List<TeamRepository.Team> chosen = new ArrayList<>();
            for (String id : wanted == null ? List.copyOf(byId.keySet()) : wanted) {
                TeamRepository.Team team = byId.get(id);
                if (team == null) {
                    throw new Problem.Exception(Problem.of("not-found", "Not found", 404, "No such team: " + id));
                }
                chosen.add(team);
            }
            return values.period(tenant, grain.wireName(), period).map(cells -> scope.limited()
                    ? Comparison.build(grain, period, chosen, known, cells, scope)
                    : Comparison.build(grain, period, chosen, cells));
        });
    }
}
