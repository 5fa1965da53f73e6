package dev.northstar.knowledge.rest;

import dev.northstar.common.Problem;
import dev.northstar.common.Tenants;
import dev.northstar.events.ValidationProblem;
import dev.northstar.knowledge.Insights;
import dev.northstar.knowledge.repository.InsightRepository;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Reading insights: newest first, by team and tag, and one by id. Another tenant's insight does not exist. */
@Path("/v1/insights")
@RolesAllowed({"read", "admin"})
@Produces(MediaType.APPLICATION_JSON)
public class InsightsResource {

    private final InsightRepository repository;
    private final JsonWebToken jwt;

    public InsightsResource(InsightRepository repository, JsonWebToken jwt) {
        this.repository = repository;
        this.jwt = jwt;
    }

    @GET
    public Uni<Map<String, List<InsightRepository.Insight>>> list(@QueryParam("teamId") String teamId,
            @QueryParam("tag") String tag, @QueryParam("limit") @DefaultValue("50") int limit) {
        String tenant = Tenants.of(jwt);
        if (limit < 1 || limit > 500) {
            throw new Problem.Exception(Problem.invalid("The query parameters are not valid.",
                    List.of(new ValidationProblem("/limit", "must be from 1 to 500"))));
        }
        String normalisedTag = tag == null ? null : Insights.normaliseTags(List.of(tag)).stream().findFirst()
                .orElse(null);
        return repository.newest(tenant, teamId, normalisedTag, limit).map(items -> Map.of("items", items));
    }

    @GET
    @Path("/{id}")
    public Uni<InsightRepository.Insight> one(@PathParam("id") String id) {
        String tenant = Tenants.of(jwt);
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound();
        }
        return repository.find(tenant, uuid).map(found -> found.orElseThrow(InsightsResource::notFound));
    }

    private static Problem.Exception notFound() {
        return new Problem.Exception(Problem.of("not-found", "Not found", 404, "No such insight."));
    }
}
