package dev.northstar.reporting.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.northstar.common.Problem;
import dev.northstar.events.Grain;
import dev.northstar.events.KpiCatalog;
import dev.northstar.reporting.ReportingConfig;
import dev.northstar.reporting.report.BriefMarkdown;
import dev.northstar.reporting.report.Briefs;
import dev.northstar.reporting.report.IntegrationLevel;
import dev.northstar.reporting.report.Report;
import dev.northstar.reporting.report.TeamPeriod;
import dev.northstar.reporting.report.TeamPeriodLoader;
import dev.northstar.reporting.scorecard.Scorecard;
import dev.northstar.events.ValidationProblem;
import dev.northstar.reporting.report.NewDecision;
import dev.northstar.reporting.repository.DecisionRepository;
import dev.northstar.reporting.repository.ScorecardRepository;
import dev.northstar.reporting.repository.TargetRepository;
import dev.northstar.reporting.scorecard.TargetRule;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import dev.northstar.reporting.repository.InsightReadRepository.Insight;
import dev.northstar.reporting.repository.ScorecardRepository.Cell;
import dev.northstar.reporting.repository.SelfAssessmentRepository;
import dev.northstar.reporting.repository.TeamRepository;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The console's pages (docs/console.md): overview, team, comparison, strategy meeting, integration level, insights and
 * targets, rendered on the server from the same read model and rules as the API. Each page needs a session (else it
 * redirects to sign in) with a reading role, shows only the session's tenant and, for a team-limited session, only
 * its teams and the pooled figures; another tenant's (or another partner's) team is the 404 page.
 *
 * <p>The class is {@code @PermitAll} because the console authenticates with its own session cookie
 * ({@link ConsoleAccess}), not with the bearer tokens of {@code /v1}; every method starts by asking for the session.
 */
@Path("/console")
@PermitAll
@Produces(MediaType.TEXT_HTML)
public class ConsolePages {

    static final Pattern ID = Pattern.compile(dev.northstar.common.validation.Identifier.REGEX);
    static final List<String> INTEGRATED = List.of("exec_conversations", "appointment_quality", "new_customer_avg_ltv",
            "renewal_rate", "nps", "onboarding_completion_rate", "product_feedback", "knowledge_shared");
    static final List<String> TRADITIONAL = List.of("calls", "appointments", "deals_won", "revenue_won", "win_rate");
    static final List<Grain> PAGE_GRAINS = List.of(Grain.MONTH, Grain.QUARTER, Grain.YEAR, Grain.WEEK);
    private static final int SPARK = 12;
    private static final int TARGET_COLUMNS = 12;
    private static final int MAX_TARGET_CHANGES = 22 * 36;
    private static final ObjectMapper JSON = new ObjectMapper();

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance overview(Chrome chrome, Views.OverviewView view);

        static native TemplateInstance team(Chrome chrome, Views.TeamView view);

        static native TemplateInstance brief(Chrome chrome, Views.BriefView view);

        static native TemplateInstance level(Chrome chrome, Views.LevelView view);

        static native TemplateInstance targets(Chrome chrome, Views.TargetsView view);
    }

    private final ConsoleAccess access;
    private final ReportingConfig config;
    private final TeamRepository teams;
    private final ConsoleRepository console;
    private final TeamPeriodLoader loader;
    private final SelfAssessmentRepository answers;
    private final Briefs briefs;
    private final DecisionRepository decisions;
    private final ScorecardRepository scorecards;
    private final TargetRepository targetStore;
    private final Validator validator;

    public ConsolePages(ConsoleAccess access, ReportingConfig config, TeamRepository teams, ConsoleRepository console,
            TeamPeriodLoader loader, SelfAssessmentRepository answers, Briefs briefs, DecisionRepository decisions,
            ScorecardRepository scorecards, TargetRepository targetStore, Validator validator) {
        this.scorecards = scorecards;
        this.targetStore = targetStore;
        this.validator = validator;
        this.access = access;
        this.config = config;
        this.teams = teams;
        this.console = console;
        this.loader = loader;
        this.answers = answers;
        this.briefs = briefs;
        this.decisions = decisions;
    }

    // ------------------------------------------------------------------ language

    @GET
    @Path("/lang/{lang}")
    public Response lang(@PathParam("lang") String lang, @QueryParam("back") String back) {
        if (!lang.equals("ja") && !lang.equals("en")) {
            throw ConsoleException.notFound();
        }
        String to = ConsoleAccess.consolePath(back, "/console/");
        return Response.seeOther(URI.create(to)).cookie(access.cookie(ConsoleAccess.LANG_COOKIE, lang,
                Duration.ofDays(365))).build();
    }

    // ------------------------------------------------------------------ overview

    @GET
    @Path("/")
    public Uni<TemplateInstance> overview(@Context HttpServerRequest request, @QueryParam("grain") String grainName,
            @QueryParam("period") String periodParam, @QueryParam("set") String setParam) {
        Session s = access.reader(request);
        String lang = ConsoleAccess.lang(request);
        Grain grain = grain(grainName);
        String set = "traditional".equals(setParam) ? "traditional" : "integrated";
        List<String> kpis = set.equals("traditional") ? TRADITIONAL : INTEGRATED;
        Format f = format(lang, s.tenant());
        return period(s.tenant(), grain, periodParam).chain(period -> visibleTeams(s).chain(list -> {
            List<String> periods = periodsEnding(grain, period, SPARK);
            List<String> ids = list.stream().map(TeamRepository.Team::teamId).toList();
            return Uni.combine().all().unis(console.values(s.tenant(), grain.wireName(), periods, ids),
                    console.targets(s.tenant(), grain.wireName(), List.of(period), ids),
                    levelInputs(s.tenant(), ids, grain, period)).asTuple().map(t -> {
                                Map<String, Views.Badge> levels = levels(list, grain, period, lang, t.getItem1(),
                                        t.getItem3());
                                List<Views.OverviewRow> rows = new ArrayList<>();
                                for (TeamRepository.Team team : sortTeams(list)) {
                                    var values = t.getItem1().getOrDefault(team.teamId(), Map.of());
                                    var targets = t.getItem2().getOrDefault(team.teamId(), Map.of())
                                            .getOrDefault(period, Map.of());
                                    List<Views.OverviewCell> cells = new ArrayList<>();
                                    for (String k : kpis) {
                                        cells.add(overviewCell(f, KpiCatalog.byId(k).orElseThrow(), periods, values,
                                                targets.get(k)));
                                    }
                                    rows.add(new Views.OverviewRow(ref(team), levels.getOrDefault(team.teamId(),
                                            new Views.Badge(0, "")), cells));
                                }
                                var view = new Views.OverviewView(grain.wireName(), period, f.period(grain, period),
                                        f.period(grain, grain.previous(period)), set, grainOptions(grain, lang),
                                        periodOptions(grain, period, s.tenant(), f), heads(kpis, lang), rows,
                                        t.getItem1().isEmpty());
                                return Templates.overview(Chrome.of(lang, s, request.uri(), "overview",
                                        "overview"), view).setLocale(lang);
                            });
        }));
    }

    private Views.OverviewCell overviewCell(Format f, KpiCatalog.Kpi k, List<String> periods,
            Map<String, Map<String, Cell>> values, BigDecimal target) {
        String period = periods.get(periods.size() - 1);
        String previous = periods.size() > 1 ? periods.get(periods.size() - 2) : null;
        Cell now = values.getOrDefault(period, Map.of()).get(k.id());
        Cell before = previous == null ? null : values.getOrDefault(previous, Map.of()).get(k.id());
        BigDecimal v = now == null ? null : now.value();
        BigDecimal p = before == null ? null : before.value();
        BigDecimal change = v != null && p != null ? v.subtract(p) : null;
        BigDecimal rate = change != null && p.signum() != 0 ? change.divide(p.abs(), 6, RoundingMode.HALF_EVEN) : null;
        BigDecimal attainment = v != null && target != null && target.signum() > 0
                ? v.divide(target, 6, RoundingMode.HALF_EVEN) : null;
        List<BigDecimal> spark = new ArrayList<>();
        for (String label : periods) {
            Cell c = values.getOrDefault(label, Map.of()).get(k.id());
            spark.add(c == null ? null : c.value());
        }
        return new Views.OverviewCell(k.id(), num(f, v, k.unit()), f.change(change, rate, k.unit()),
                Format.direction(change, k), attainment == null ? Views.Num.NONE
                        : new Views.Num(Format.raw(attainment), f.percent(attainment)),
                Spark.points(spark), (int) spark.stream().filter(x -> x != null).count(), ratio(f, now, k));
    }

    // ------------------------------------------------------------------ team

    @GET
    @Path("/teams/{teamId}")
    public Uni<TemplateInstance> team(@Context HttpServerRequest request, @PathParam("teamId") String teamId,
            @QueryParam("grain") String grainName, @QueryParam("period") String periodParam,
            @QueryParam("range") String rangeParam) {
        Session s = access.reader(request);
        String id = visible(s, teamId);
        String lang = ConsoleAccess.lang(request);
        Grain grain = grain(grainName);
        int range = rangeParam == null ? SPARK : switch (rangeParam) {
            case "6" -> 6;
            case "24" -> 24;
            case "36" -> 36;
            default -> SPARK;
        };
        Format f = format(lang, s.tenant());
        return period(s.tenant(), grain, periodParam).chain(period -> found(loader.load(s.tenant(), id, grain, period,
                config.insightsPerKpi())).chain(p -> {
                    List<String> periods = periodsEnding(grain, period, range);
                    return Uni.combine().all().unis(console.values(s.tenant(), grain.wireName(), periods, List.of(id)),
                            levelOf(s.tenant(), p, lang)).asTuple().map(t -> {
                                Report report = Report.of(p);
                                Map<String, Map<String, Cell>> series = t.getItem1().getOrDefault(id, Map.of());
                                List<Views.GroupView> groups = new ArrayList<>();
                                List<Views.TrendView> trends = new ArrayList<>();
                                Map<String, List<Views.LineView>> byGroup = new LinkedHashMap<>();
                                for (Report.Entry e : report.kpis()) {
                                    KpiCatalog.Kpi k = KpiCatalog.byId(e.kpi()).orElseThrow();
                                    byGroup.computeIfAbsent(e.axis() + "/" + e.generation(), x -> new ArrayList<>())
                                            .add(line(f, lang, k, e, s));
                                    trends.add(new Views.TrendView(k.id(), label(k, lang), trend(f, grain, k, periods,
                                            series)));
                                }
                                byGroup.forEach((key, lines) -> groups.add(new Views.GroupView(key, lines)));
                                var view = new Views.TeamView(ref(p.team()), grain.wireName(), period,
                                        f.period(grain, period), f.period(grain, p.previousPeriod()),
                                        grainOptions(grain, lang), periodOptions(grain, period, s.tenant(), f),
                                        t.getItem2(), groups, trends, String.valueOf(range));
                                return Templates.team(Chrome.of(lang, s, request.uri(), "team", p.team().name() == null
                                        ? id : p.team().name()), view).setLocale(lang);
                            });
                }));
    }

    private Views.LineView line(Format f, String lang, KpiCatalog.Kpi k, Report.Entry e, Session s) {
        List<Views.InsightView> insights = e.insights().stream().map(i -> insight(f, i, null, null)).toList();
        return new Views.LineView(head(k, lang), num(f, e.value(), k.unit()), ratio(f, e.numerator(), e.denominator(),
                k), num(f, e.previous(), k.unit()), f.change(e.change(), e.changeRate(), k.unit()),
                Format.direction(e.change(), k),
                num(f, e.target(), k.unit()), e.attainment() == null ? Views.Num.NONE
                        : new Views.Num(Format.raw(e.attainment()), f.percent(e.attainment())), e.insightCount(),
                insights, e.value() == null ? Hints.of(k.id()) : null);
    }

    private String trend(Format f, Grain grain, KpiCatalog.Kpi k, List<String> periods,
            Map<String, Map<String, Cell>> series) {
        ObjectNode chart = JSON.createObjectNode();
        chart.put("type", "line");
        chart.put("unit", k.unit().name().toLowerCase(Locale.ROOT));
        ArrayNode labels = chart.putArray("labels");
        ArrayNode data = chart.putArray("series").addObject().put("name", k.id()).putArray("data");
        for (String label : periods) {
            labels.add(f.shortPeriod(grain, label));
            Cell c = series.getOrDefault(label, Map.of()).get(k.id());
            if (c == null || c.value() == null) {
                data.addNull();
            } else {
                data.add(c.value());
            }
        }
        return chart.toString();
    }

    // ------------------------------------------------------------------ strategy meeting

    @GET
    @Path("/teams/{teamId}/brief")
    public Uni<TemplateInstance> brief(@Context HttpServerRequest request, @PathParam("teamId") String teamId,
            @QueryParam("grain") String grainName, @QueryParam("period") String periodParam) {
        Session s = access.reader(request);
        String id = visible(s, teamId);
        String lang = ConsoleAccess.lang(request);
        Grain grain = grain(grainName);
        Format f = format(lang, s.tenant());
        return period(s.tenant(), grain, periodParam).chain(period -> found(briefs.brief(s.tenant(), id, grain, period))
                .chain(b -> decisions.ofMeeting(s.tenant(), id, grain.wireName(), period).map(now -> {
                    var view = BriefViews.of(b, now, f, lang, grain, periodOptions(grain, period, s.tenant(), f),
                            grainOptions(grain, lang), LocalDate.now(config.zone(s.tenant())));
                    return Templates.brief(Chrome.of(lang, s, request.uri(), "brief", b.teamName() == null ? id
                            : b.teamName()), view).setLocale(lang);
                })));
    }

    @GET
    @Path("/teams/{teamId}/brief.md")
    @Produces("text/markdown;charset=UTF-8")
    public Uni<String> briefMarkdown(@Context HttpServerRequest request, @PathParam("teamId") String teamId,
            @QueryParam("grain") String grainName, @QueryParam("period") String periodParam) {
        Session s = access.reader(request);
        String id = visible(s, teamId);
        Grain grain = grain(grainName);
        return period(s.tenant(), grain, periodParam).chain(period -> found(briefs.brief(s.tenant(), id, grain,
                period))).map(BriefMarkdown::render);
    }

    // ------------------------------------------------------------------ integration level

    @GET
    @Path("/teams/{teamId}/level")
    public Uni<TemplateInstance> level(@Context HttpServerRequest request, @PathParam("teamId") String teamId,
            @QueryParam("period") String periodParam) {
        Session s = access.reader(request);
        String id = visible(s, teamId);
        String lang = ConsoleAccess.lang(request);
        Format f = format(lang, s.tenant());
        // a month, a quarter or a year (the overview's badge links its own grain), as the integration-level endpoint
        Grain grain = LEVEL_GRAINS.stream().filter(g -> periodParam != null && g.isLabel(periodParam)).findFirst()
                .orElse(Grain.MONTH);
        return period(s.tenant(), grain, periodParam).chain(period -> found(loader.load(s.tenant(), id,
                grain, period, 1)).chain(p -> answers.get(s.tenant(), id).map(a -> {
                    IntegrationLevel level = IntegrationLevel.of(p, IntegrationLevel.SelfAssessment.of(a),
                            config.integration());
                    var view = LevelViews.of(level, ref(p.team()), period, f.period(grain, period),
                            periodOptions(grain, period, s.tenant(), f), f, lang);
                    return Templates.level(Chrome.of(lang, s, request.uri(), "level", p.team().name() == null ? id
                            : p.team().name()), view).setLocale(lang);
                })));
    }

    // ------------------------------------------------------------------ targets (admin)

    @GET
    @Path("/teams/{teamId}/targets")
    public Uni<TemplateInstance> targets(@Context HttpServerRequest request, @PathParam("teamId") String teamId,
            @QueryParam("grain") String grainName, @QueryParam("from") String fromParam) {
        Session s = access.reader(request);
        String id = visible(s, teamId);
        if (!s.admin()) {
            throw ConsoleException.forbidden("needs the admin role");
        }
        String lang = ConsoleAccess.lang(request);
        Grain grain = grain(grainName);
        Format f = format(lang, s.tenant());
        String now = grain.label(LocalDate.now(config.zone(s.tenant())));
        String from = shown(grain, fromParam, s.tenant()) ? fromParam : periodsEnding(grain, now, 3).get(0);
        List<String> periods = new ArrayList<>();
        String label = from;
        for (int i = 0; i < TARGET_COLUMNS; i++) {
            periods.add(label);
            label = grain.label(grain.next(grain.firstDay(label).orElseThrow()));
        }
        String next = label;
        String previous = periodsEnding(grain, from, TARGET_COLUMNS + 1).get(0);
        return found(loader.load(s.tenant(), id, grain, from, 0)).chain(p -> Uni.combine().all().unis(
                console.targets(s.tenant(), grain.wireName(), periods, List.of(id)),
                console.values(s.tenant(), grain.wireName(), periods, List.of(id))).asTuple().map(t -> {
                    var targets = t.getItem1().getOrDefault(id, Map.of());
                    var values = t.getItem2().getOrDefault(id, Map.of());
                    List<Views.TargetRow> rows = new ArrayList<>();
                    for (KpiCatalog.Kpi k : KpiCatalog.all()) {
                        List<Views.TargetCell> cells = new ArrayList<>();
                        for (String period : periods) {
                            BigDecimal target = targets.getOrDefault(period, Map.of()).get(k.id());
                            Cell actual = values.getOrDefault(period, Map.of()).get(k.id());
                            cells.add(new Views.TargetCell(period, Format.raw(target),
                                    num(f, actual == null ? null : actual.value(), k.unit())));
                        }
                        rows.add(new Views.TargetRow(head(k, lang), cells));
                    }
                    String base = "/console/teams/" + encode(id) + "/targets?grain=" + grain.wireName() + "&from=";
                    var view = new Views.TargetsView(ref(p.team()), grain.wireName(), from, grainOptions(grain, lang),
                            periods, periods.stream().map(x -> f.shortPeriod(grain, x)).toList(), rows,
                            base + encode(previous), base + encode(next));
                    return Templates.targets(Chrome.of(lang, s, request.uri(), "targets", p.team().name() == null ? id
                            : p.team().name()), view).setLocale(lang);
                }));
    }

    /** A grid's changes: cells set (a decimal) or emptied (null). */
    public record TargetEntry(String kpi, String period, com.fasterxml.jackson.databind.JsonNode target) {
    }

    @POST
    @Path("/teams/{teamId}/targets")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> saveTargets(@Context HttpServerRequest request, @PathParam("teamId") String teamId,
            byte[] body) {
        Session s = access.adminWrite(request, null);
        String id = visible(s, teamId);
        com.fasterxml.jackson.databind.JsonNode doc = dev.northstar.events.json.EventJson.parse(body);
        List<ValidationProblem> problems = new ArrayList<>();
        Grain grain = Grain.fromWireName(doc.path("grain").asText("")).orElse(null);
        if (grain == null) {
            problems.add(new ValidationProblem("/grain", "must be one of day, week, month, quarter, year"));
        }
        com.fasterxml.jackson.databind.JsonNode entries = doc.path("entries");
        if (!entries.isArray() || entries.size() > MAX_TARGET_CHANGES) {
            problems.add(new ValidationProblem("/entries", "must be a list of at most " + MAX_TARGET_CHANGES
                    + " changes"));
        }
        List<TargetRepository.Change> changes = new ArrayList<>();
        // every entry is checked, so that the grid can mark each wrong cell at once
        boolean readable = grain != null && entries.isArray() && entries.size() <= MAX_TARGET_CHANGES;
        for (int i = 0; readable && i < entries.size(); i++) {
            var e = entries.get(i);
            String at = "/entries/" + i;
            String kpi = e.path("kpi").asText("");
            String period = e.path("period").asText("");
            if (KpiCatalog.byId(kpi).isEmpty()) {
                problems.add(new ValidationProblem(at + "/kpi", "is not a KPI id (see /v1/kpis)"));
            }
            if (!grain.isLabel(period)) {
                problems.add(new ValidationProblem(at + "/period", "must be a " + grain.wireName() + " period"));
            }
            var value = e.get("target");
            boolean clear = value == null || value.isNull() || value.isTextual() && value.textValue().isBlank();
            BigDecimal target = clear ? null : TargetRule.read(value, at + "/target", problems);
            changes.add(new TargetRepository.Change(kpi, period, target));
        }
        if (!problems.isEmpty()) {
            throw new Problem.Exception(Problem.invalid("The targets are not valid.", problems));
        }
        return found(scorecards.exists(s.tenant(), id)).chain(exists -> {
            if (!exists) {
                throw ConsoleException.notFound();
            }
            return targetStore.apply(s.tenant(), id, grain.wireName(), changes);
        }).map(saved -> Response.ok("{\"saved\":" + saved + "}").build());
    }

    // ------------------------------------------------------------------ self-assessment and decisions (admin forms)

    @POST
    @Path("/teams/{teamId}/self-assessment")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> selfAssess(@Context HttpServerRequest request, @PathParam("teamId") String teamId,
            @FormParam("_csrf") String csrf, @FormParam("meetingBeyondNumbers") String meeting,
            @FormParam("explainsVision") String vision, @FormParam("analysesFailuresTogether") String failures,
            @FormParam("proposesImprovements") String improvements, @FormParam("note") String note,
            @FormParam("back") String back) {
        Session s = access.adminWrite(request, csrf);
        String id = visible(s, teamId);
        if (note != null && note.length() > 2000) {
            throw ConsoleException.badRequest("the note must be at most 2000 characters");
        }
        return found(scorecards.exists(s.tenant(), id).chain(exists -> {
            if (!exists) {
                throw ConsoleException.notFound();
            }
            return answers.put(s.tenant(), id, "true".equals(meeting), "true".equals(vision), "true".equals(failures),
                    "true".equals(improvements), note == null || note.isBlank() ? null : note.strip());
        })).map(a -> Response.seeOther(URI.create(back(back, "/console/teams/" + encode(id) + "/level"))).build());
    }

    @POST
    @Path("/teams/{teamId}/decisions")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> decide(@Context HttpServerRequest request, @PathParam("teamId") String teamId,
            @FormParam("_csrf") String csrf, @FormParam("grain") String grain, @FormParam("period") String period,
            @FormParam("what") String what, @FormParam("owner") String owner,
            @FormParam("ownerSide") String ownerSide, @FormParam("due") String due, @FormParam("kpi") String kpi) {
        Session s = access.adminWrite(request, csrf);
        String id = visible(s, teamId);
        NewDecision given = new NewDecision(grain, period, what, owner, blank(ownerSide), due, blank(kpi));
        var violations = validator.validate(given);
        if (!violations.isEmpty()) {
            throw ConsoleException.badRequest(violations.stream().map(v -> v.getPropertyPath() + " " + v.getMessage())
                    .sorted().reduce((a, b) -> a + "; " + b).orElse(""));
        }
        dev.northstar.reporting.entity.MeetingDecision decision;
        try {
            decision = given.toEntity(s.tenant(), id, s.subject());
        } catch (Problem.Exception e) {
            // what the bean constraints cannot see alone (a period of another grain, a due date before the period)
            var problem = e.problem();
            throw ConsoleException.badRequest(problem.errors() == null || problem.errors().isEmpty() ? problem.detail()
                    : problem.errors().stream().map(v -> v.pointer().substring(1) + " " + v.message())
                            .reduce((a, b) -> a + "; " + b).orElse(""));
        }
        return found(scorecards.exists(s.tenant(), id)).chain(exists -> {
            if (!exists) {
                throw ConsoleException.notFound();
            }
            return decisions.add(decision);
        }).map(d -> Response.seeOther(URI.create("/console/teams/" + encode(id) + "/brief?grain=" + d.grain
                + "&period=" + encode(d.period) + "#part-actions")).build());
    }

    @POST
    @Path("/teams/{teamId}/decisions/{decisionId}/status")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> decisionStatus(@Context HttpServerRequest request, @PathParam("teamId") String teamId,
            @PathParam("decisionId") String decisionId, @FormParam("_csrf") String csrf,
            @FormParam("status") String status, @FormParam("back") String back) {
        Session s = access.adminWrite(request, csrf);
        String id = visible(s, teamId);
        if (status == null || !List.of("open", "done", "dropped").contains(status)) {
            throw ConsoleException.badRequest("status must be open, done or dropped");
        }
        java.util.UUID uuid;
        try {
            uuid = java.util.UUID.fromString(decisionId);
        } catch (IllegalArgumentException e) {
            throw ConsoleException.notFound();
        }
        return decisions.setStatus(s.tenant(), id, uuid, status, null).map(d -> {
            if (d == null) {
                throw ConsoleException.notFound();
            }
            return Response.seeOther(URI.create(back(back, "/console/teams/" + encode(id) + "/brief"))).build();
        });
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Where a form returns to: a console page, never another site. */
    static String back(String back, String otherwise) {
        return ConsoleAccess.consolePath(back, otherwise);
    }

    // ------------------------------------------------------------------ shared

    /** The teams the session may see, registered or with values. */
    Uni<List<TeamRepository.Team>> visibleTeams(Session s) {
        return teams.list(s.tenant()).map(list -> list.stream().filter(t -> s.sees(t.teamId())).toList());
    }

    /** A team id of a URL that the session may see; anything else (malformed, another partner's) is a 404. */
    static String visible(Session s, String teamId) {
        if (teamId == null || !ID.matcher(teamId).matches() || !s.sees(teamId)) {
            throw ConsoleException.notFound();
        }
        return teamId;
    }

    /** The API's 404 for a team the tenant lacks, as the console's 404 page. */
    static <T> Uni<T> found(Uni<T> uni) {
        return uni.onFailure(Problem.Exception.class).transform(e -> ((Problem.Exception) e).problem().status() == 404
                ? ConsoleException.notFound() : e);
    }

    Format format(String lang, String tenant) {
        return new Format(lang, config.currency(tenant), config.zone(tenant));
    }

    static Grain grain(String name) {
        Grain g = name == null ? Grain.MONTH : Grain.fromWireName(name).orElse(Grain.MONTH);
        return PAGE_GRAINS.contains(g) ? g : Grain.MONTH;
    }

    /**
     * The period asked for when it is one of the grain; else the newest complete period with values (the one a
     * meeting reviews: the current one has only begun); else the current one.
     */
    Uni<String> period(String tenant, Grain grain, String asked) {
        if (shown(grain, asked, tenant)) {
            return Uni.createFrom().item(asked);
        }
        String now = grain.label(LocalDate.now(config.zone(tenant)));
        return console.latestPeriod(tenant, grain.wireName(), grain.previous(now)).map(p -> p == null ? now : p);
    }

    /**
     * Whether a period of a URL is one the console shows: a label of the grain in the years events may carry and
     * targets plan for (1970 to ten years ahead); anything else falls back to the default period, as a malformed
     * label does.
     */
    boolean shown(Grain grain, String label, String tenant) {
        if (label == null || !grain.isLabel(label)) {
            return false;
        }
        int year = Integer.parseInt(label.substring(0, 4));
        return year >= 1970 && year <= LocalDate.now(config.zone(tenant)).getYear() + 10;
    }

    static List<String> periodsEnding(Grain grain, String period, int n) {
        List<String> out = new ArrayList<>();
        String label = period;
        for (int i = 0; i < n; i++) {
            out.add(label);
            label = grain.previous(label);
        }
        Collections.reverse(out);
        return out;
    }

    List<Views.Option> periodOptions(Grain grain, String selected, String tenant, Format f) {
        String now = grain.label(LocalDate.now(config.zone(tenant)));
        List<Views.Option> out = new ArrayList<>();
        String label = now.compareTo(selected) >= 0 ? now : selected;
        int n = grain == Grain.YEAR ? 8 : grain == Grain.WEEK ? 52 : 36;
        boolean seen = false;
        for (int i = 0; i < n; i++) {
            seen |= label.equals(selected);
            out.add(new Views.Option(label, f.period(grain, label), label.equals(selected)));
            label = grain.previous(label);
        }
        if (!seen) {
            out.add(new Views.Option(selected, f.period(grain, selected), true));
        }
        return out;
    }

    /** The grains an integration level is diagnosed at. */
    static final List<Grain> LEVEL_GRAINS = List.of(Grain.MONTH, Grain.QUARTER, Grain.YEAR);

    static List<Views.Option> grainOptions(Grain selected, String lang) {
        return PAGE_GRAINS.stream().map(g -> new Views.Option(g.wireName(), GrainNames.of(g, lang), g == selected))
                .toList();
    }

    static List<Views.KpiHead> heads(List<String> kpis, String lang) {
        return kpis.stream().map(k -> head(KpiCatalog.byId(k).orElseThrow(), lang)).toList();
    }

    static Views.KpiHead head(KpiCatalog.Kpi k, String lang) {
        return new Views.KpiHead(k.id(), label(k, lang), k.formula(), k.unit().name().toLowerCase(Locale.ROOT));
    }

    static String label(KpiCatalog.Kpi k, String lang) {
        return "ja".equals(lang) ? k.ja() : k.en();
    }

    static Views.Num num(Format f, BigDecimal v, KpiCatalog.Unit unit) {
        return v == null ? Views.Num.NONE : new Views.Num(Format.raw(v), f.value(v, unit));
    }

    static String ratio(Format f, Cell c, KpiCatalog.Kpi k) {
        return c == null ? "" : ratio(f, c.numerator(), c.denominator(), k);
    }

    static String ratio(Format f, BigDecimal numerator, BigDecimal denominator, KpiCatalog.Kpi k) {
        if (numerator == null) {
            return "";
        }
        return denominator == null ? f.decimal(numerator, numerator.scale() > 0 ? 2 : 0)
                : f.decimal(numerator, numerator.stripTrailingZeros().scale() > 0 ? 2 : 0) + " / "
                        + f.decimal(denominator, denominator.stripTrailingZeros().scale() > 0 ? 2 : 0);
    }

    static Views.TeamRef ref(TeamRepository.Team t) {
        return new Views.TeamRef(t.teamId(), t.name(), t.kind());
    }

    static Views.InsightView insight(Format f, Insight i, String teamId, String teamName) {
        return new Views.InsightView(i.id(), teamId, teamName, i.text(), i.tags(), f.dateTime(i.occurredAt()));
    }

    /** Partners first, then the in-house teams, then teams not registered; by name within each. */
    static List<TeamRepository.Team> sortTeams(List<TeamRepository.Team> list) {
        List<TeamRepository.Team> out = new ArrayList<>(list);
        out.sort((a, b) -> {
            int ka = kindOrder(a.kind());
            int kb = kindOrder(b.kind());
            if (ka != kb) {
                return Integer.compare(ka, kb);
            }
            return ref(a).display().compareTo(ref(b).display());
        });
        return out;
    }

    private static int kindOrder(String kind) {
        return "partner".equals(kind) ? 0 : "in_house".equals(kind) ? 1 : 2;
    }

    /** What the overview's level badges need beyond the values it reads anyway: answers and loss reasons. */
    record LevelInputs(Map<String, dev.northstar.reporting.entity.TeamSelfAssessment> answers,
            Map<String, Long> lossReasons) {
    }

    Uni<LevelInputs> levelInputs(String tenant, List<String> ids, Grain grain, String period) {
        if (IntegrationLevel.months(grain) == 0 || ids.isEmpty()) {
            return Uni.createFrom().item(new LevelInputs(Map.of(), Map.of()));
        }
        java.time.ZoneId zone = config.zone(tenant);
        java.time.Instant start = grain.start(period, zone);
        java.time.Instant end = grain.start(grain.label(grain.next(grain.firstDay(period).orElseThrow())), zone);
        // the answers are entities (one session: never in parallel with another entity query); the SQL client after
        return answers.ofTenant(tenant).chain(a -> console.dealsWithLossReason(tenant, ids, start, end)
                .map(d -> new LevelInputs(a, d)));
    }

    /**
     * Each team's integration level badge for the period (months, quarters and years have levels), from the values
     * the overview read, the answers and the loss reasons — the same diagnosis as the integration-level endpoint
     * (which reads one team's period), without a round trip per team.
     */
    Map<String, Views.Badge> levels(List<TeamRepository.Team> list, Grain grain, String period, String lang,
            Map<String, Map<String, Map<String, Cell>>> values, LevelInputs inputs) {
        if (IntegrationLevel.months(grain) == 0) {
            return Map.of();
        }
        String previous = grain.previous(period);
        Map<String, Views.Badge> out = new LinkedHashMap<>();
        for (TeamRepository.Team t : list) {
            var teamValues = values.getOrDefault(t.teamId(), Map.of());
            TeamPeriod p = new TeamPeriod(t, grain, period, previous, null, null, Scorecard.build(t.teamId(), grain,
                    period, previous, teamValues, Map.of()), Map.of(), Map.of(), List.of(),
                    inputs.lossReasons().getOrDefault(t.teamId(), 0L));
            IntegrationLevel l = IntegrationLevel.of(p, IntegrationLevel.SelfAssessment.of(inputs.answers()
                    .get(t.teamId())), config.integration());
            out.put(t.teamId(), new Views.Badge(l.level(), l.levelName().get(lang)));
        }
        return out;
    }

    /** One team's badge from its loaded period. */
    Uni<Views.Badge> levelOf(String tenant, TeamPeriod p, String lang) {
        if (IntegrationLevel.months(p.grain()) == 0) {
            return Uni.createFrom().item(new Views.Badge(0, ""));
        }
        return answers.get(tenant, p.team().teamId()).map(a -> {
            IntegrationLevel l = IntegrationLevel.of(p, IntegrationLevel.SelfAssessment.of(a), config.integration());
            return new Views.Badge(l.level(), l.levelName().get(lang));
        });
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static Optional<String> blankToEmpty(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.strip());
    }
}
