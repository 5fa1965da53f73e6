package dev.northstar.knowledge.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.northstar.common.Problem;
import dev.northstar.common.TeamScope;
import dev.northstar.common.Tenants;
import dev.northstar.common.validation.PageSize;
import dev.northstar.common.validation.RequestBodies;
import dev.northstar.events.ValidationProblem;
import dev.northstar.events.wire.EventCodec;
import dev.northstar.knowledge.Insights;
import dev.northstar.knowledge.KnowledgeConfig;
import dev.northstar.knowledge.messaging.InsightPublisher;
import dev.northstar.knowledge.repository.InsightRepository.Insight;
import dev.northstar.knowledge.repository.InsightRepository;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Insights: written by CRMs and people ({@code ingest}, {@code admin}), read and searched by everyone of the
 * tenant ({@code read}). Another tenant's insight does not exist (404). A token limited to some teams (its
 * {@code teams} claim) reads, searches and retags only those teams' insights (another team's insight, or team filter,
 * is a 404) and writes only for them (403 naming {@code /teamId}).
 */
@Path("/v1/insights")
@Produces(MediaType.APPLICATION_JSON)
public class InsightsResource {


    private final InsightRepository repository;
    private final InsightPublisher publisher;
    private final KnowledgeConfig config;
    private final RequestBodies bodies;
    private final JsonWebToken jwt;

    public InsightsResource(InsightRepository repository, InsightPublisher publisher, KnowledgeConfig config,
            RequestBodies bodies, JsonWebToken jwt) {
        this.repository = repository;
        this.bodies = bodies;
        this.publisher = publisher;
        this.config = config;
        this.jwt = jwt;
    }

    /** An insight as the API shows it. */
    public record View(String id, String teamId, String accountId, String dealId, String text, List<String> tags,
            List<String> kpis, String origin, Instant occurredAt) {
        static View of(Insight i) {
            return new View(i.id().toString(), i.teamId(), i.accountId(), i.dealId(), i.text(), i.tags(), i.kpis(),
                    i.origin(), i.occurredAt());
        }
    }

    /** A page of insights and the cursor of the next one (null on the last page). */
    public record Page(List<View> items, String next) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"ingest", "admin"})
    public Uni<Response> create(byte[] body) {
        String tenant = Tenants.of(jwt);
        TeamScope scope = TeamScope.of(jwt);
        InsightRequests.NewInsight request = bodies.read(body, InsightRequests.NewInsight.class, "The insight");
        // the configured bounds: text length and tags
        List<ValidationProblem> problems = new ArrayList<>();
        String text = request.text().strip();
        if (text.codePointCount(0, text.length()) > config.maxTextLength()) {
            problems.add(new ValidationProblem("/text", "must be at most " + config.maxTextLength() + " characters"));
        }
        List<String> tags = request.tags() == null || request.tags().isNull() ? List.of()
                : tags(request.tags(), "/tags", problems);
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        String teamId = request.teamId();
        if (!scope.allows(teamId)) {
            throw new Problem.Exception(new Problem(Problem.BASE + "team-mismatch", "Team mismatch", 403,
                    "Insights may only be written for the teams of the token.",
                    List.of(new ValidationProblem("/teamId", "must be one of the token's teams"))));
        }
        String accountId = request.accountId();
        String dealId = request.dealId();
        List<String> kpis = request.kpis() == null ? null : request.kpis().stream().distinct().toList();
        Instant occurredAt = request.occurredAt() == null ? Instant.now() : EventCodec.parseTime(request.occurredAt());
        boolean explicit = kpis != null && !kpis.isEmpty();
        Insights.Draft draft = new Insights.Draft(tenant, teamId, accountId, dealId, text, tags,
                explicit ? kpis : Insights.kpisOf(tags), explicit, "api", null, null, occurredAt);
        return repository.create(draft).invoke(publisher::requestRun).map(i -> Response
                .created(URI.create("/v1/insights/" + i.id())).entity(View.of(i)).build());
    }

    @GET
    @RolesAllowed({"read", "admin"})
    @Operation(summary = "Search and list insights, newest first",
            description = "q is a literal substring (NFKC, case-insensitive); tag, teamId, accountId and from/to "
                    + "filter; limit 1 to 200 (default 50); next is the cursor of the next page. Each search has a "
                    + "time budget in the database (northstar.knowledge.query-budget, 2 s by default): one that "
                    + "cannot be answered within it — a term of one or two characters (no trigram to narrow it) or a "
                    + "rare tag or account, over many insights — is a 400 search-too-broad naming /q, /tag or "
                    + "/accountId. Narrow it with teamId or from/to, or search for a longer term.")
    public Uni<Page> search(@Valid @BeanParam InsightRequests.Search query) {
        String tenant = Tenants.of(jwt);
        TeamScope scope = TeamScope.of(jwt);
        visibleTeam(scope, query.teamId);
        ZoneId zone = config.zone(tenant);
        List<ValidationProblem> problems = new ArrayList<>();
        int size = PageSize.Of.size(query.limit, 50);
        String q = query.q;
        String tag = query.tag;
        String teamId = query.teamId;
        String accountId = query.accountId;
        String normalisedTag = null;
        if (tag != null) {
            normalisedTag = Insights.normaliseTags(List.of(tag)).stream().findFirst().orElse(null);
            if (normalisedTag == null || normalisedTag.length() > config.maxTagLength()) {
                problems.add(new ValidationProblem("/tag", "must be a tag of 1 to " + config.maxTagLength()
                        + " characters"));
            }
        }
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        Instant fromAt = instant(query.from, zone, false);
        Instant toAt = instant(query.to, zone, true);
        Cursor position = query.cursor == null ? null : Cursor.decode(query.cursor).orElseThrow();
        int pageSize = size;
        String tagFilter = normalisedTag;
        String pattern = q == null || q.isBlank() ? null : Insights.containsPattern(q.strip());
        return repository.search(new InsightRepository.Search(tenant, pattern, tagFilter, teamId, accountId,
                fromAt, toAt, position == null ? null : position.occurredAt(), position == null ? null : position.id(),
                pageSize, teams(scope))).map(rows -> {
                    List<View> items = rows.stream().limit(pageSize).map(View::of).toList();
                    String next = null;
                    if (rows.size() > pageSize) {
                        Insight last = rows.get(pageSize - 1);
                        next = new Cursor(last.occurredAt(), last.id()).encode();
                    }
                    return new Page(items, next);
                }).onFailure(InsightRepository.OverBudget.class).transform(e -> tooBroad(pattern != null,
                        tagFilter != null, accountId != null));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({"read", "admin"})
    public Uni<View> one(@PathParam("id") String id) {
        String tenant = Tenants.of(jwt);
        TeamScope scope = TeamScope.of(jwt);
        // another team's insight does not exist for a limited token
        return repository.find(tenant, uuid(id)).map(found -> View.of(found.filter(i -> scope.allows(i.teamId()))
                .orElseThrow(InsightsResource::notFound)));
    }

    /** The new tags; KPI links follow them unless they were given explicitly. */
    public record Tags(List<String> tags) {
    }

    @PUT
    @Path("/{id}/tags")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"ingest", "admin"})
    public Uni<View> retag(@PathParam("id") String id, byte[] body) {
        String tenant = Tenants.of(jwt);
        TeamScope scope = TeamScope.of(jwt);
        UUID uuid = uuid(id);
        InsightRequests.Retag request = bodies.read(body, InsightRequests.Retag.class, "The tags");
        List<ValidationProblem> problems = new ArrayList<>();
        List<String> tags = tags(request.tags(), "/tags", problems);
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        // another team's insight is not found, and left as it is: the teams are a condition of the update
        return repository.retag(tenant, uuid, tags, teams(scope)).invoke(publisher::requestRun)
                .map(found -> View.of(found.orElseThrow(InsightsResource::notFound)));
    }



    private List<String> tags(JsonNode node, String pointer, List<ValidationProblem> problems) {
        if (!node.isArray()) {
            problems.add(new ValidationProblem(pointer, "must be an array of strings"));
            return List.of();
        }
        if (node.size() > config.maxTags()) {
            problems.add(new ValidationProblem(pointer, "must have at most " + config.maxTags() + " tags"));
            return List.of();
        }
        List<String> raw = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode tag = node.get(i);
            String normalised = tag.isTextual() ? Insights.normaliseTags(List.of(tag.textValue())).stream()
                    .findFirst().orElse("") : "";
            if (normalised.isEmpty() || normalised.length() > config.maxTagLength()) {
                problems.add(new ValidationProblem(pointer + "/" + i, "must be a tag of 1 to " + config.maxTagLength()
                        + " characters"));
            } else {
                raw.add(normalised);
            }
        }
        return Insights.normaliseTags(raw);
    }


    /** A valid date-time with an offset, or a date (its midnight in the tenant's zone; the next one for "to"). */
    private static Instant instant(String text, ZoneId zone, boolean end) {
        if (text == null || text.isBlank()) {
            return null;
        }
        if (text.length() == 10) {
            LocalDate date = LocalDate.parse(text);
            return (end ? date.plusDays(1) : date).atStartOfDay(zone).toInstant();
        }
        return EventCodec.parseTime(text);
    }

    private static UUID uuid(String id) {
        try {
            UUID uuid = UUID.fromString(id);
            if (uuid.toString().equalsIgnoreCase(id)) {
                return uuid;
            }
        } catch (IllegalArgumentException e) {
            // not an id of ours
        }
        throw notFound();
    }

    /**
     * A search the database could not finish within the query budget: a term the trigram index cannot narrow (one or
     * two characters, so every insight is read) or a rare tag or account, over more insights than the budget reads.
     * Names what made it broad; the cure is a narrower question, not a retry.
     */
    private Problem.Exception tooBroad(boolean text, boolean tag, boolean account) {
        List<ValidationProblem> errors = new ArrayList<>();
        if (text) {
            errors.add(new ValidationProblem("/q", "is too short or too rare to be searched for in every insight"));
        }
        if (tag) {
            errors.add(new ValidationProblem("/tag", "is too rare to be looked for in every insight"));
        }
        if (account) {
            errors.add(new ValidationProblem("/accountId", "is too rare to be looked for in every insight"));
        }
        return new Problem.Exception(new Problem(Problem.BASE + "search-too-broad", "Search too broad", 400,
                "The search could not be answered within " + config.queryBudget().toMillis() + " ms: it has to read "
                        + "too many insights. Narrow it with teamId or from/to" + (text ? ", or search for a longer "
                        + "term (3 characters or more are found through the index)" : "") + ".",
                errors.isEmpty() ? null : errors));
    }

    /** The teams a limited token may see, a condition of its queries; {@code null} for every team of the tenant. */
    static List<String> teams(TeamScope scope) {
        return scope.limited() ? List.copyOf(scope.teams()) : null;
    }

    /** A team filter outside the teams of a limited token names a team that does not exist for it: a 404. */
    static void visibleTeam(TeamScope scope, String teamId) {
        if (teamId != null && !teamId.isBlank() && !scope.allows(teamId)) {
            throw new Problem.Exception(Problem.of("not-found", "Not found", 404, "No such team."));
        }
    }

    static Problem.Exception invalid(List<ValidationProblem> problems) {
        return new Problem.Exception(Problem.invalid("The request is not valid.", problems));
    }

    private static Problem.Exception notFound() {
        return new Problem.Exception(Problem.of("not-found", "Not found", 404, "No such insight."));
    }
}
