package dev.northstar.reporting.rest;

import dev.northstar.common.Problem;
import dev.northstar.common.TeamScope;
import dev.northstar.common.Tenants;
import dev.northstar.common.validation.RequestBodies;
import dev.northstar.events.Grain;
import dev.northstar.events.ValidationProblem;
import dev.northstar.reporting.ReportingConfig;
import dev.northstar.reporting.report.BriefMarkdown;
import dev.northstar.reporting.report.Briefs;
import dev.northstar.reporting.report.IntegrationLevel;
import dev.northstar.reporting.report.IntegrationLevel.SelfAssessment;
import dev.northstar.reporting.report.Report;
import dev.northstar.reporting.report.StrategyBrief;
import dev.northstar.reporting.report.TeamPeriodLoader;
import dev.northstar.reporting.repository.ScorecardRepository;
import dev.northstar.reporting.repository.SelfAssessmentRepository;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * A team's report (numbers with their reasons), strategy brief and integration level. A team outside the teams a
 * limited token may see is a 404, as a team that does not exist.
 */
@Path("/v1")
public class TeamReportsResource {

    /** The Markdown media type of briefs. */
    public static final String MARKDOWN = "text/markdown";
    static final int MAX_NOTE = 2000;

    private final TeamPeriodLoader loader;
    private final Briefs briefs;
    private final SelfAssessmentRepository answers;
    private final ScorecardRepository scorecards;
    private final ReportingConfig config;
    private final RequestBodies bodies;
    private final JsonWebToken jwt;

    public TeamReportsResource(TeamPeriodLoader loader, SelfAssessmentRepository answers,
            ScorecardRepository scorecards, ReportingConfig config, RequestBodies bodies, JsonWebToken jwt,
            Briefs briefs) {
        this.loader = loader;
        this.briefs = briefs;
        this.bodies = bodies;
        this.answers = answers;
        this.scorecards = scorecards;
        this.config = config;
        this.jwt = jwt;
    }

    @GET
    @Path("/teams/{teamId}/report")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({"read", "admin"})
    @Operation(summary = "Each KPI of a team in a period with the insights that explain it, and tag counts")
    public Uni<Report> report(@PathParam("teamId") String teamId, @QueryParam("grain") String grain,
            @QueryParam("period") String period) {
        Grain g = Params.period(grain, period);
        return loader.load(Tenants.of(jwt), team(teamId), g, period, config.insightsPerKpi()).map(Report::of);
    }

    @GET
    @Path("/teams/{teamId}/strategy-brief")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({"read", "admin"})
    @Operation(summary = "The agenda of a strategy meeting: market, customers, review of tactics, proposed actions")
    public Uni<StrategyBrief> brief(@PathParam("teamId") String teamId, @QueryParam("grain") String grain,
            @QueryParam("period") String period) {
        Grain g = Params.period(grain, period);
        return briefs.brief(Tenants.of(jwt), team(teamId), g, period);
    }

    @GET
    @Path("/teams/{teamId}/strategy-brief")
    @Produces(MARKDOWN + ";charset=UTF-8")
    @RolesAllowed({"read", "admin"})
    @Operation(summary = "The strategy brief as Markdown")
    public Uni<String> briefMarkdown(@PathParam("teamId") String teamId, @QueryParam("grain") String grain,
            @QueryParam("period") String period) {
        return brief(teamId, grain, period).map(BriefMarkdown::render);
    }

    @GET
    @Path("/teams/{teamId}/integration-level")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({"read", "admin"})
    @Operation(summary = "Integration level 1–3 from the data and the self-assessment, with the evidence per signal")
    public Uni<IntegrationLevel> level(@PathParam("teamId") String teamId, @QueryParam("period") String period) {
        String tenant = Tenants.of(jwt);
        String label = period == null || period.isBlank()
                ? Grain.MONTH.label(LocalDate.now(config.zone(tenant))) : period;
        Grain grain = List.of(Grain.MONTH, Grain.QUARTER, Grain.YEAR).stream().filter(g -> g.isLabel(label))
                .findFirst().orElseThrow(() -> new Problem.Exception(Problem.invalid("The query parameters are not"
                        + " valid.", List.of(new ValidationProblem("/period", "must be a month (2026-10), a quarter"
                        + " (2026-Q4) or a year (2026); the current month when absent")))));
        String id = team(teamId);
        return loader.load(tenant, id, grain, label, 1).chain(p -> answers.get(tenant, id)
                .map(a -> IntegrationLevel.of(p, SelfAssessment.of(a), config.integration())));
    }

    /** The answers to the four self-check questions, and a note. */
    public record Answers(@NotNull(message = "is required: true or false") Boolean meetingBeyondNumbers,
            @NotNull(message = "is required: true or false") Boolean explainsVision,
            @NotNull(message = "is required: true or false") Boolean analysesFailuresTogether,
            @NotNull(message = "is required: true or false") Boolean proposesImprovements,
            @Size(max = MAX_NOTE, message = "must be text of at most " + MAX_NOTE + " characters") String note) {
    }

    @PUT
    @Path("/teams/{teamId}/self-assessment")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    @Operation(summary = "Records a team's answers to the four self-check questions (the latest answers count)")
    public Uni<SelfAssessment> selfAssess(@PathParam("teamId") String teamId, byte[] body) {
        String tenant = Tenants.of(jwt);
        String id = team(teamId);
        Answers given = bodies.read(body, Answers.class, "The self-assessment");
        return scorecards.exists(tenant, id).chain(exists -> {
            if (!exists) {
                throw TeamPeriodLoader.noSuchTeam();
            }
            return answers.put(tenant, id, given.meetingBeyondNumbers(), given.explainsVision(),
                    given.analysesFailuresTogether(), given.proposesImprovements(), given.note())
                    .map(SelfAssessment::of);
        });
    }

    /** The team of the path: a valid id the token may see, else a 404 (before anything is read). */
    private String team(String teamId) {
        if (!Params.ID.matcher(teamId).matches()) {
            throw TeamPeriodLoader.noSuchTeam();
        }
        return Params.visible(TeamScope.of(jwt), teamId);
    }
}
