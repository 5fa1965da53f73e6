package dev.northstar.reporting.rest;

import dev.northstar.common.TeamScope;
import dev.northstar.common.Tenants;
import dev.northstar.reporting.repository.TeamRepository;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The tenant's teams, partner and in-house. */
@Path("/v1")
@RolesAllowed({"read", "admin"})
public class TeamsResource {

    private final TeamRepository repository;
    private final JsonWebToken jwt;

    public TeamsResource(TeamRepository repository, JsonWebToken jwt) {
        this.repository = repository;
        this.jwt = jwt;
    }

    /** A team as the API shows it; name and kind are null for a team with values but no registration. */
    public record TeamItem(String teamId, String name, String kind) {
    }

    /** The list. */
    public record Teams(List<TeamItem> items) {
    }

    @GET
    @Path("/teams")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The tenant's teams with their kind (partner or in_house)",
            description = "A token limited to some teams (its teams claim) lists only those.")
    public Uni<Teams> teams() {
        String tenant = Tenants.of(jwt);
        TeamScope scope = TeamScope.of(jwt);
        return repository.list(tenant).map(list -> new Teams(list.stream().filter(t -> scope.allows(t.teamId()))
                .map(t -> new TeamItem(t.teamId(), t.name(), t.kind())).toList()));
    }
}
