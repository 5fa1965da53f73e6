package dev.northstar.reporting.rest;

import dev.northstar.common.Tenants;
import dev.northstar.common.validation.RequestBodies;
import dev.northstar.reporting.contract.Costs;
import dev.northstar.reporting.contract.Ledger;
import dev.northstar.reporting.repository.ScorecardRepository;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Settling a team's months (issue 23): an admin fixes a month's cost as computed at the close; what moves afterwards
 * is carried into the first month not settled (docs/kpi-definitions.md, "Settlement").
 */
@Path("/v1/teams/{teamId}/settlements")
@Produces(MediaType.APPLICATION_JSON)
public class SettlementsResource {

    private final Costs costs;
    private final ScorecardRepository scorecards;
    private final RequestBodies bodies;
    private final JsonWebToken jwt;

    public SettlementsResource(Costs costs, ScorecardRepository scorecards, RequestBodies bodies, JsonWebToken jwt) {
        this.costs = costs;
        this.scorecards = scorecards;
        this.bodies = bodies;
        this.jwt = jwt;
    }

    /** The month to settle. */
    public record Settle(@NotNull(message = "is required: the month to settle, e.g. 2026-11")
            @Pattern(regexp = "\\d{4}-(0[1-9]|1[0-2])", message = "must be a month, e.g. 2026-11") String month) {
    }

    /** A team's settled months. */
    public record Settled(List<Ledger.Month> items) {
    }

    @GET
    @RolesAllowed({"read", "admin"})
    @Operation(summary = "A team's settled months, oldest first, each with its lines as settled and its live total")
    public Uni<Settled> list(@PathParam("teamId") String teamId) {
        String tenant = Tenants.of(jwt);
        String id = Params.visibleTeam(jwt, teamId);
        return Params.existing(scorecards, tenant, id).chain(() -> costs.settled(tenant, id)).map(Settled::new);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    @Operation(summary = "Settles a month: its cost is fixed as computed now (after the team's first, in order)")
    public Uni<Response> settle(@PathParam("teamId") String teamId, byte[] body) {
        String tenant = Tenants.of(jwt);
        String id = Params.visibleTeam(jwt, teamId);
        Params.notLimited(jwt, "Settlements");
        Settle given = bodies.read(body, Settle.class, "The settlement");
        return Params.existing(scorecards, tenant, id).chain(() -> costs.settle(tenant, id, given.month(), jwt.getSubject()))
                .map(m -> Response.status(201).entity(m).build());
    }

}
