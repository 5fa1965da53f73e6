package dev.northstar.knowledge.rest;

import dev.northstar.common.Tenants;
import dev.northstar.events.Grain;
import dev.northstar.events.ValidationProblem;
import dev.northstar.knowledge.KnowledgeConfig;
import dev.northstar.knowledge.repository.InsightRepository;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Tag trends: how many insights carry each tag, per period of a grain, in the tenant's zone. */
@Path("/v1/tags")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"read", "admin"})
public class TagsResource {

    private final InsightRepository repository;
    private final KnowledgeConfig config;
    private final JsonWebToken jwt;

    public TagsResource(InsightRepository repository, KnowledgeConfig config, JsonWebToken jwt) {
        this.repository = repository;
        this.config = config;
        this.jwt = jwt;
    }

    /** One tag's count in one period. */
    public record TagCount(String tag, String period, long count) {
    }

    /** The trend: counts ordered by tag, then period. */
    public record Trend(String grain, String from, String to, List<TagCount> items) {
    }

    @GET
    public Uni<Trend> trend(@QueryParam("teamId") String teamId, @QueryParam("grain") String grainName,
            @QueryParam("from") String from, @QueryParam("to") String to) {
        String tenant = Tenants.of(jwt);
        ZoneId zone = config.zone(tenant);
        List<ValidationProblem> problems = new ArrayList<>();
        Grain grain = Grain.fromWireName(grainName == null ? "month" : grainName).orElse(null);
        if (grain == null) {
            problems.add(new ValidationProblem("/grain", "must be one of day, week, month, quarter, year"));
        }
        Instant fromAt = null;
        Instant toAt = null;
        if (grain != null && from != null) {
            fromAt = grain.firstDay(from).map(d -> d.atStartOfDay(zone).toInstant()).orElse(null);
            if (fromAt == null) {
                problems.add(new ValidationProblem("/from", "must be a " + grain.wireName() + " period, e.g. "
                        + grain.label(LocalDate.of(2026, 10, 15))));
            }
        }
        if (grain != null && to != null) {
            toAt = grain.firstDay(to).map(d -> grain.next(d).atStartOfDay(zone).toInstant()).orElse(null);
            if (toAt == null) {
                problems.add(new ValidationProblem("/to", "must be a " + grain.wireName() + " period, e.g. "
                        + grain.label(LocalDate.of(2026, 10, 15))));
            }
        }
        if (!problems.isEmpty()) {
            throw InsightsResource.invalid(problems);
        }
        return repository.trends(tenant, teamId, grain.wireName(), zone, fromAt, toAt).map(rows -> new Trend(
                grain.wireName(), from, to, rows.stream().map(r -> new TagCount(r.tag(), grain.label(r.start()),
                        r.count())).toList()));
    }
}
