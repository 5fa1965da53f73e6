package dev.northstar.knowledge.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.northstar.common.Problem;
import dev.northstar.common.Tenants;
import dev.northstar.events.EventCodec;
import dev.northstar.events.EventJson;
import dev.northstar.events.KpiCatalog;
import dev.northstar.events.ValidationProblem;
import dev.northstar.knowledge.Insights;
import dev.northstar.knowledge.KnowledgeConfig;
import dev.northstar.knowledge.messaging.InsightPublisher;
import dev.northstar.knowledge.repository.InsightRepository;
import dev.northstar.knowledge.repository.InsightRepository.Insight;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Insights: written by CRMs and people ({@code ingest}, {@code admin}), read and searched by everyone of the
 * tenant ({@code read}). Another tenant's insight does not exist (404).
 */
@Path("/v1/insights")
@Produces(MediaType.APPLICATION_JSON)
public class InsightsResource {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");
    private static final Set<String> FIELDS = Set.of("text", "tags", "teamId", "accountId", "dealId", "kpis",
            "occurredAt");
    private static final int MAX_QUERY = 200;

    private final InsightRepository repository;
    private final InsightPublisher publisher;
    private final KnowledgeConfig config;
    private final JsonWebToken jwt;

    public InsightsResource(InsightRepository repository, InsightPublisher publisher, KnowledgeConfig config,
            JsonWebToken jwt) {
        this.repository = repository;
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
        JsonNode node = EventJson.parse(body);
        List<ValidationProblem> problems = new ArrayList<>();
        if (!node.isObject()) {
            throw invalid(List.of(new ValidationProblem("", "must be a JSON object")));
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                problems.add(new ValidationProblem("/" + name, "is not a field of an insight"));
            }
        }
        String text = text(node, problems);
        String teamId = id(node, "teamId", true, problems);
        String accountId = id(node, "accountId", false, problems);
        String dealId = id(node, "dealId", false, problems);
        List<String> tags = node.has("tags") ? tags(node.get("tags"), "/tags", problems) : List.of();
        List<String> kpis = node.has("kpis") ? kpis(node.get("kpis"), problems) : null;
        Instant occurredAt = Instant.now();
        if (node.has("occurredAt")) {
            JsonNode at = node.get("occurredAt");
            try {
                occurredAt = EventCodec.parseTime(at.isTextual() ? at.textValue() : "");
            } catch (DateTimeException e) {
                problems.add(new ValidationProblem("/occurredAt", "must be an RFC 3339 date-time with an offset"));
            }
        }
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
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
    public Uni<Page> search(@QueryParam("q") String q, @QueryParam("tag") String tag,
            @QueryParam("teamId") String teamId, @QueryParam("accountId") String accountId,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("cursor") String cursor,
            @QueryParam("limit") String limit) {
        String tenant = Tenants.of(jwt);
        ZoneId zone = config.zone(tenant);
        List<ValidationProblem> problems = new ArrayList<>();
        int size = 50;
        if (limit != null) {
            try {
                size = Integer.parseInt(limit);
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 1 || size > 200) {
                problems.add(new ValidationProblem("/limit", "must be an integer from 1 to 200"));
            }
        }
        if (q != null && q.length() > MAX_QUERY) {
            problems.add(new ValidationProblem("/q", "must be at most " + MAX_QUERY + " characters"));
        }
        String normalisedTag = null;
        if (tag != null) {
            normalisedTag = Insights.normaliseTags(List.of(tag)).stream().findFirst().orElse(null);
            if (normalisedTag == null || normalisedTag.length() > config.maxTagLength()) {
                problems.add(new ValidationProblem("/tag", "must be a tag of 1 to " + config.maxTagLength()
                        + " characters"));
            }
        }
        Instant fromAt = instant(from, zone, false, "/from", problems);
        Instant toAt = instant(to, zone, true, "/to", problems);
        Cursor position = null;
        if (cursor != null) {
            position = Cursor.decode(cursor).orElse(null);
            if (position == null) {
                problems.add(new ValidationProblem("/cursor", "is not a cursor of this list; start again without it"));
            }
        }
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        int pageSize = size;
        String tagFilter = normalisedTag;
        String pattern = q == null || q.isBlank() ? null : Insights.containsPattern(q.strip());
        return repository.search(new InsightRepository.Search(tenant, pattern, tagFilter, teamId, accountId,
                fromAt, toAt, position == null ? null : position.occurredAt(), position == null ? null : position.id(),
                pageSize)).map(rows -> {
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
        return repository.find(tenant, uuid(id)).map(found -> View.of(found.orElseThrow(InsightsResource::notFound)));
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
        UUID uuid = uuid(id);
        JsonNode node = EventJson.parse(body);
        List<ValidationProblem> problems = new ArrayList<>();
        List<String> tags = List.of();
        if (!node.isObject() || !node.has("tags")) {
            problems.add(new ValidationProblem("/tags", "is required: {\"tags\": [\"...\"]}"));
        } else {
            tags = tags(node.get("tags"), "/tags", problems);
        }
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        return repository.retag(tenant, uuid, tags).invoke(publisher::requestRun)
                .map(found -> View.of(found.orElseThrow(InsightsResource::notFound)));
    }

    private String text(JsonNode node, List<ValidationProblem> problems) {
        JsonNode text = node.get("text");
        if (text == null || !text.isTextual() || text.textValue().isBlank()) {
            problems.add(new ValidationProblem("/text", "is required and must be a non-empty string"));
            return null;
        }
        String value = text.textValue().strip();
        if (value.codePointCount(0, value.length()) > config.maxTextLength()) {
            problems.add(new ValidationProblem("/text", "must be at most " + config.maxTextLength() + " characters"));
        }
        return value;
    }

    private static String id(JsonNode node, String field, boolean required, List<ValidationProblem> problems) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                problems.add(new ValidationProblem("/" + field, "is required"));
            }
            return null;
        }
        if (!value.isTextual() || !ID.matcher(value.textValue()).matches()) {
            problems.add(new ValidationProblem("/" + field, "must be an identifier: letters, digits and . _ : @ -, "
                    + "at most 128 characters"));
            return null;
        }
        return value.textValue();
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

    private static List<String> kpis(JsonNode node, List<ValidationProblem> problems) {
        if (!node.isArray() || node.size() > KpiCatalog.all().size()) {
            problems.add(new ValidationProblem("/kpis", "must be an array of KPI ids (see reporting-api /v1/kpis)"));
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode kpi = node.get(i);
            if (!kpi.isTextual() || KpiCatalog.byId(kpi.textValue()).isEmpty()) {
                problems.add(new ValidationProblem("/kpis/" + i, "is not a KPI id"));
            } else if (!out.contains(kpi.textValue())) {
                out.add(kpi.textValue());
            }
        }
        return out;
    }

    /** A date-time with an offset, or a date (its midnight in the tenant's zone; the next midnight for "to"). */
    private static Instant instant(String text, ZoneId zone, boolean end, String pointer,
            List<ValidationProblem> problems) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            if (text.length() == 10) {
                LocalDate date = LocalDate.parse(text);
                return (end ? date.plusDays(1) : date).atStartOfDay(zone).toInstant();
            }
            return EventCodec.parseTime(text);
        } catch (DateTimeException e) {
            problems.add(new ValidationProblem(pointer, "must be a date (2026-10-15) or a date-time with an offset"));
            return null;
        }
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

    static Problem.Exception invalid(List<ValidationProblem> problems) {
        return new Problem.Exception(Problem.invalid("The request is not valid.", problems));
    }

    private static Problem.Exception notFound() {
        return new Problem.Exception(Problem.of("not-found", "Not found", 404, "No such insight."));
    }
}
