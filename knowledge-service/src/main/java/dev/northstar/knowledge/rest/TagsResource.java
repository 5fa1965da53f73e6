package dev.northstar.knowledge.rest;

import dev.northstar.common.Problem;
import dev.northstar.common.TeamScope;
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
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * Tag trends: how many insights carry each tag, per period of a grain, in the tenant's zone. Each answer is bounded:
 * a range of at most {@link #MAX_PERIODS} periods of its grain (12 months when not asked for), and only the
 * {@code limit} most frequent tags of that range, saying how many others it left out. A token limited to some teams
 * (its {@code teams} claim) counts only those teams' insights; another team's {@code teamId} is a 404.
 */
@Path("/v1/tags")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"read", "admin"})
public class TagsResource {

    /** The most periods one answer may span, per grain: a year of days, three years of weeks, ten years of the rest. */
    static final Map<Grain, Integer> MAX_PERIODS = Map.of(Grain.DAY, 366, Grain.WEEK, 157, Grain.MONTH, 120,
            Grain.QUARTER, 40, Grain.YEAR, 10);
    /** How far a range reaches from its one given end (or back from the current period), in months. */
    static final int DEFAULT_MONTHS = 12;
    static final int DEFAULT_TAGS = 20;
    static final int MAX_TAGS = 50;

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

    /**
     * The trend over the periods {@code from} to {@code to} (inclusive; the range used, also when it was not asked
     * for): counts ordered by tag, then period, of the {@code limit} most frequent tags; {@code omittedTags} is how
     * many other tags the range has (0 when every tag is listed).
     */
    public record Trend(String grain, String from, String to, int limit, List<TagCount> items, long omittedTags) {
    }

    @GET
    @Operation(summary = "How many insights carry each tag, per period",
            description = "Bounded: from/to are period labels of the grain, inclusive, spanning at most 366 days, "
                    + "157 weeks, 120 months, 40 quarters or 10 years (more is a 400 naming /from and /to). A missing "
                    + "end is 12 months from the other one; with neither, the range is the 12 months that end with "
                    + "the current period in the tenant's zone. Only the `limit` most frequent tags of the range are "
                    + "listed (ties by name); `omittedTags` says how many others there are. A trend the database "
                    + "cannot count within the query budget is a 400 trend-too-broad.")
    public Uni<Trend> trend(
            @Parameter(description = "only this team's insights") @QueryParam("teamId") String teamId,
            @Parameter(description = "day, week, month (default), quarter or year") @QueryParam("grain")
            String grainName,
            @Parameter(description = "the first period, a label of the grain (2026-W43, 2026-10…)") @QueryParam("from")
            String from,
            @Parameter(description = "the last period, inclusive") @QueryParam("to") String to,
            @Parameter(description = "how many of the most frequent tags to list: 1 to 50, default 20")
            @QueryParam("limit") String limit) {
        String tenant = Tenants.of(jwt);
        TeamScope scope = TeamScope.of(jwt);
        InsightsResource.visibleTeam(scope, teamId);
        ZoneId zone = config.zone(tenant);
        List<ValidationProblem> problems = new ArrayList<>();
        Grain grain = Grain.fromWireName(grainName == null ? "month" : grainName).orElse(null);
        if (grain == null) {
            problems.add(new ValidationProblem("/grain", "must be one of day, week, month, quarter, year"));
        }
        int tags = DEFAULT_TAGS;
        if (limit != null) {
            try {
                tags = Integer.parseInt(limit);
            } catch (NumberFormatException e) {
                tags = -1;
            }
            if (tags < 1 || tags > MAX_TAGS) {
                problems.add(new ValidationProblem("/limit", "must be an integer from 1 to " + MAX_TAGS));
            }
        }
        LocalDate first = null;
        LocalDate last = null;
        if (grain != null && from != null) {
            first = grain.firstDay(from).orElse(null);
            if (first == null) {
                problems.add(new ValidationProblem("/from", "must be a " + grain.wireName() + " period, e.g. "
                        + grain.label(LocalDate.of(2026, 10, 15))));
            }
        }
        if (grain != null && to != null) {
            last = grain.firstDay(to).orElse(null);
            if (last == null) {
                problems.add(new ValidationProblem("/to", "must be a " + grain.wireName() + " period, e.g. "
                        + grain.label(LocalDate.of(2026, 10, 15))));
            }
        }
        if (!problems.isEmpty()) {
            throw InsightsResource.invalid(problems);
        }
        // a missing end is DEFAULT_MONTHS from the other one, so that no request counts all of time
        if (from == null && to == null) {
            last = periodOf(grain, LocalDate.now(zone));
        }
        if (from == null) {
            first = periodOf(grain, grain.next(last).minusMonths(DEFAULT_MONTHS));
        } else if (to == null) {
            last = periodOf(grain, first.plusMonths(DEFAULT_MONTHS).minusDays(1));
        }
        long periods = periods(grain, first, last);
        int max = MAX_PERIODS.get(grain);
        if (periods > max) {
            String message = "from " + grain.label(first) + " to " + grain.label(last) + " spans " + periods + " "
                    + grain.wireName() + "s; a " + grain.wireName() + " trend spans at most " + max;
            throw InsightsResource.invalid(List.of(new ValidationProblem("/from", message),
                    new ValidationProblem("/to", message)));
        }
        String fromLabel = grain.label(first);
        String toLabel = grain.label(last);
        int shown = tags;
        return repository.trends(tenant, teamId, InsightsResource.teams(scope), grain.wireName(), zone,
                first.atStartOfDay(zone).toInstant(), grain.next(last).atStartOfDay(zone).toInstant(), shown)
                .map(trends -> new Trend(grain.wireName(), fromLabel, toLabel, shown, trends.counts().stream()
                        .map(r -> new TagCount(r.tag(), grain.label(r.start()), r.count())).toList(),
                        Math.max(0, trends.tags() - shown)))
                .onFailure(InsightRepository.OverBudget.class).transform(e -> tooBroad());
    }

    /** The first day of the period of the grain that contains {@code date}. */
    private static LocalDate periodOf(Grain grain, LocalDate date) {
        return grain.firstDay(grain.label(date)).orElseThrow();
    }

    /** How many periods of the grain {@code first} to {@code last} (first days of periods, inclusive) are. */
    static long periods(Grain grain, LocalDate first, LocalDate last) {
        long between = switch (grain) {
            case DAY -> ChronoUnit.DAYS.between(first, last);
            case WEEK -> ChronoUnit.WEEKS.between(first, last);
            case MONTH -> ChronoUnit.MONTHS.between(first, last);
            case QUARTER -> ChronoUnit.MONTHS.between(first, last) / 3;
            case YEAR -> ChronoUnit.YEARS.between(first, last);
        };
        return between + 1;
    }

    private Problem.Exception tooBroad() {
        String message = "holds more insights than can be counted within the time budget";
        return new Problem.Exception(new Problem(Problem.BASE + "trend-too-broad", "Trend too broad", 400,
                "The trend could not be counted within " + config.queryBudget().toMillis() + " ms: its range holds "
                        + "too many insights. Narrow it with a later from or an earlier to, or with teamId.",
                List.of(new ValidationProblem("/from", message), new ValidationProblem("/to", message))));
    }
}
