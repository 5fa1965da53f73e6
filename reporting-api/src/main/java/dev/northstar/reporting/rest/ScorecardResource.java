package dev.northstar.reporting.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.northstar.common.Problem;
import dev.northstar.common.TeamScope;
import dev.northstar.common.Tenants;
import dev.northstar.events.Grain;
import dev.northstar.events.KpiCatalog;
import dev.northstar.events.ValidationProblem;
import dev.northstar.events.json.EventJson;
import dev.northstar.reporting.repository.ScorecardRepository;
import dev.northstar.reporting.repository.TargetRepository;
import dev.northstar.reporting.scorecard.Scorecard;
import dev.northstar.reporting.scorecard.TargetRule;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * A team's scorecard, and the targets it is measured against. Another tenant's team is a 404, and so is a team outside
 * the teams a limited token may see.
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class ScorecardResource {

    private final ScorecardRepository repository;
    private final TargetRepository targets;
    private final JsonWebToken jwt;

    public ScorecardResource(ScorecardRepository repository, TargetRepository targets, JsonWebToken jwt) {
        this.repository = repository;
        this.targets = targets;
        this.jwt = jwt;
    }

    /** A target as stored. */
    public record Target(String teamId, String kpi, String grain, String period, BigDecimal target) {
    }

    @GET
    @Path("/teams/{teamId}/scorecard")
    @RolesAllowed({"read", "admin"})
    @Operation(summary = "Every KPI of a team in a period: value, previous period, change, target, attainment")
    public Uni<Scorecard> scorecard(@PathParam("teamId") String teamId, @QueryParam("grain") String grainName,
            @QueryParam("period") String period) {
        String tenant = Tenants.of(jwt);
        TeamScope scope = TeamScope.of(jwt);
        Grain grain = Params.period(grainName, period);
        if (!Params.ID.matcher(teamId).matches()) {
            throw Params.noSuchTeam();
        }
        Params.visible(scope, teamId);
        String previous = grain.previous(period);
        // one round trip when the team has values or targets; only an empty card asks whether the team exists
        return repository.card(tenant, teamId, grain.wireName(), period, previous).chain(card -> {
            Scorecard scorecard = Scorecard.build(teamId, grain, period, previous, card.values(), card.targets());
            return card.isEmpty() ? repository.exists(tenant, teamId).map(exists -> {
                if (!exists) {
                    throw Params.noSuchTeam();
                }
                return scorecard;
            }) : Uni.createFrom().item(scorecard);
        });
    }

    @PUT
    @Path("/targets/{teamId}/{kpi}/{grain}/{period}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    @Operation(summary = "Sets a team's target for a KPI in a period")
    public Uni<Target> setTarget(@PathParam("teamId") String teamId, @PathParam("kpi") String kpi,
            @PathParam("grain") String grainName, @PathParam("period") String period, byte[] body) {
        String tenant = Tenants.of(jwt);
        TeamScope scope = TeamScope.of(jwt);
        List<ValidationProblem> problems = new ArrayList<>();
        if (!Params.ID.matcher(teamId).matches()) {
            problems.add(new ValidationProblem("/teamId", "must be an identifier: letters, digits and . _ : @ -"));
        } else {
            // another team than a limited token's: as if it did not exist, before anything is read or written
            Params.visible(scope, teamId);
        }
        if (KpiCatalog.byId(kpi).isEmpty()) {
            problems.add(new ValidationProblem("/kpi", "is not a KPI id (see /v1/kpis)"));
        }
        Grain grain = Grain.fromWireName(grainName).orElse(null);
        if (grain == null) {
            problems.add(new ValidationProblem("/grain", "must be one of day, week, month, quarter, year"));
        } else if (!grain.isLabel(period)) {
            problems.add(new ValidationProblem("/period", "must be a " + grain.wireName() + " period"));
        }
        JsonNode node = EventJson.parse(body);
        BigDecimal target = TargetRule.read(node.isObject() ? node.get("target") : null, "/target", problems);
        if (!problems.isEmpty()) {
            throw new Problem.Exception(Problem.invalid("The target is not valid.", problems));
        }
        BigDecimal stored = target;
        return targets.set(tenant, teamId, kpi, grain.wireName(), period, stored)
                .map(t -> new Target(t.teamId, t.kpi, t.grain, t.period, t.target));
    }
}
