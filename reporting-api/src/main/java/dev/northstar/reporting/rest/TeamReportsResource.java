package dev.northstar.reporting.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.northstar.common.Problem;
import dev.northstar.common.Tenants;
import dev.northstar.events.EventJson;
import dev.northstar.events.Grain;
import dev.northstar.events.ValidationProblem;
import dev.northstar.reporting.ReportingConfig;
import dev.northstar.reporting.report.BriefMarkdown;
import dev.northstar.reporting.report.IntegrationLevel;
import dev.northstar.reporting.report.IntegrationLevel.SelfAssessment;
import dev.northstar.reporting.report.Report;
import dev.northstar.reporting.report.StrategyBrief;
import dev.northstar.reporting.report.TeamPeriodLoader;
import dev.northstar.reporting.repository.ScorecardRepository;
import dev.northstar.reporting.repository.SelfAssessmentRepository;
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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** A team's report (numbers with their reasons), strategy brief and integration level. */
@Path("/v1")
public class TeamReportsResource {

    /** The Markdown media type of briefs. */
    public static final String MARKDOWN = "text/markdown";
    private static final List<String> QUESTIONS = List.of("meetingBeyondNumbers", "explainsVision",
            "analysesFailuresTogether", "proposesImprovements");
    private static final int MAX_NOTE = 2000;

    private final TeamPeriodLoader loader;
    private final SelfAssessmentRepository answers;
    private final ScorecardRepository scorecards;
    private final ReportingConfig config;
    private final JsonWebToken jwt;

    public TeamReportsResource(TeamPeriodLoader loader, SelfAssessmentRepository answers,
            ScorecardRepository scorecards, ReportingConfig config, JsonWebToken jwt) {
        this.loader = loader;
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
        return loader.load(Tenants.of(jwt), team(teamId), g, period, config.brief().itemsPerSection())
                .map(p -> StrategyBrief.of(p, config.brief()));
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

    @PUT
    @Path("/teams/{teamId}/self-assessment")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    @Operation(summary = "Records a team's answers to the four self-check questions (the latest answers count)")
    public Uni<SelfAssessment> selfAssess(@PathParam("teamId") String teamId, byte[] body) {
        String tenant = Tenants.of(jwt);
        String id = team(teamId);
        JsonNode node = EventJson.parse(body);
        List<ValidationProblem> problems = new ArrayList<>();
        if (!node.isObject()) {
            problems.add(new ValidationProblem("", "must be a JSON object with the four answers"));
        } else {
            for (String q : QUESTIONS) {
                JsonNode v = node.get(q);
                if (v == null || !v.isBoolean()) {
                    problems.add(new ValidationProblem("/" + q, "is required: true or false"));
                }
            }
            JsonNode note = node.get("note");
            if (note != null && !note.isNull() && (!note.isTextual() || note.textValue().length() > MAX_NOTE)) {
                problems.add(new ValidationProblem("/note", "must be text of at most " + MAX_NOTE + " characters"));
            }
            Set<String> known = Set.of("meetingBeyondNumbers", "explainsVision", "analysesFailuresTogether",
                    "proposesImprovements", "note");
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                String field = it.next().getKey();
                if (!known.contains(field)) {
                    problems.add(new ValidationProblem("/" + field.replace("~", "~0").replace("/", "~1"), "is not a known field"));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new Problem.Exception(Problem.invalid("The self-assessment is not valid.", problems));
        }
        JsonNode note = node.get("note");
        return scorecards.exists(tenant, id).chain(exists -> {
            if (!exists) {
                throw TeamPeriodLoader.noSuchTeam();
            }
            return answers.put(tenant, id, node.get(QUESTIONS.get(0)).booleanValue(),
                    node.get(QUESTIONS.get(1)).booleanValue(), node.get(QUESTIONS.get(2)).booleanValue(),
                    node.get(QUESTIONS.get(3)).booleanValue(), note == null || note.isNull() ? null : note.textValue())
                    .map(SelfAssessment::of);
        });
    }

    private static String team(String teamId) {
        if (!Params.ID.matcher(teamId).matches()) {
            throw TeamPeriodLoader.noSuchTeam();
        }
        return teamId;
    }
}
