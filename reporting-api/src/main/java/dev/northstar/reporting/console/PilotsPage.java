package dev.northstar.reporting.console;

import dev.northstar.common.Problem;
import dev.northstar.events.KpiCatalog;
import dev.northstar.reporting.ReportingConfig;
import dev.northstar.reporting.pilot.NewPilot;
import dev.northstar.reporting.pilot.PilotReport;
import dev.northstar.reporting.pilot.PilotView;
import dev.northstar.reporting.pilot.Pilots;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.net.URI;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Pilots (issue 23): the tenant's pilots that the session sees, one pilot's report with the same numbers as
 * {@code /v1/pilots/{id}/report} (print-friendly), and, for an admin who sees every team, the form that records one.
 */
@Path("/console/pilots")
@PermitAll // to the bearer-token rules: every method checks the console session first (ConsoleAccess)
public class PilotsPage {

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance pilots(Chrome chrome, View view);
    }

    /** A pilot of the list. */
    @TemplateData
    public record PilotRow(String id, String name, String teams, String scope, String months, boolean selected) {
    }

    /** One judged KPI of the report: each side's value (and its parts), the differences and their verdicts. */
    @TemplateData
    public record KpiRow(String kpi, String label, boolean lowerIsBetter, Views.Num inside, String insideParts,
            Views.Num outside, String outsideParts, Views.Num before, String beforeParts, Views.Num vsOutside,
            String vsOutsideVerdict, String vsOutsideText, Views.Num vsBefore, String vsBeforeVerdict,
            String vsBeforeText, long insightsTotal, List<Views.InsightView> insights) {
    }

    /** The report of the selected pilot. */
    @TemplateData
    public record ReportView(String id, String name, String teams, String scope, String segmentNote,
            String monthsText, int elapsed, int total, int withData, int withScopedData, String beforeText,
            List<KpiRow> rows) {

        /** Months have passed, and none holds a value of the scope. */
        public boolean noScopedValues() {
            return elapsed > 0 && withScopedData == 0;
        }
    }

    /** The page. */
    @TemplateData
    public record View(List<PilotRow> pilots, ReportView report, boolean canCreate, List<Views.Option> teams,
            List<Views.Option> kpis, String defaultStart, String defaultEnd) {
    }

    private final ConsoleAccess access;
    private final ConsolePages pages;
    private final Pilots pilots;
    private final ReportingConfig config;
    private final Validator validator;

    public PilotsPage(ConsoleAccess access, ConsolePages pages, Pilots pilots, ReportingConfig config,
            Validator validator) {
        this.access = access;
        this.pages = pages;
        this.pilots = pilots;
        this.config = config;
        this.validator = validator;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<TemplateInstance> page(@Context HttpServerRequest request, @QueryParam("pilot") String pilotId) {
        Session s = access.reader(request);
        String lang = ConsoleAccess.lang(request);
        Format f = pages.format(lang, s.tenant());
        boolean canCreate = s.admin() && s.teams() == null;
        return pilots.list(s.tenant(), s.scope()).chain(list -> {
            PilotView selected = pilotId == null || pilotId.isBlank() ? (list.isEmpty() ? null : list.get(0))
                    : list.stream().filter(p -> p.id().equals(pilotId)).findFirst()
                            .orElseThrow(ConsoleException::notFound);
            Uni<PilotReport> report = selected == null ? Uni.createFrom().nullItem()
                    : pilots.report(s.tenant(), selected);
            return report.chain(r -> pages.visibleTeams(s).map(teams -> {
                Map<String, String> names = teams.stream().collect(Collectors.toMap(
                        dev.northstar.reporting.repository.TeamRepository.Team::teamId,
                        t -> t.name() == null ? t.teamId() : t.name(), (a, b) -> a));
                List<PilotRow> rows = list.stream().map(p -> new PilotRow(p.id(), p.name(), teamNames(p, names),
                        p.scope(), months(f, p), selected != null && p.id().equals(selected.id()))).toList();
                List<Views.Option> teamOptions = teams.stream().map(t -> new Views.Option(t.teamId(),
                        t.name() == null ? t.teamId() : t.name(), false)).toList();
                boolean ja = "ja".equals(lang);
                List<Views.Option> kpiOptions = KpiCatalog.all().stream().filter(k -> !KpiCatalog.isCost(k.id()))
                        .map(k -> new Views.Option(k.id(), ja ? k.ja() : k.en(), false)).toList();
                YearMonth now = YearMonth.now(config.zone(s.tenant()));
                View view = new View(rows, r == null ? null : report(r, names, f, ja), canCreate, teamOptions,
                        kpiOptions, now.toString(), now.plusMonths(2).toString());
                return Templates.pilots(Chrome.of(lang, s, request.uri(), "pilots",
                        ja ? "パイロット" : "Pilots"), view).setLocale(lang);
            }));
        });
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> create(@Context HttpServerRequest request, @FormParam("_csrf") String csrf,
            @FormParam("name") String name, @FormParam("teams") List<String> teams,
            @FormParam("product") String product, @FormParam("segment") String segment,
            @FormParam("start") String start, @FormParam("end") String end, @FormParam("kpis") List<String> kpis) {
        Session s = access.adminWrite(request, csrf);
        if (s.teams() != null) {
            // a pilot compares teams with the tenant's other teams: not recorded by a user limited to some teams
            throw ConsoleException.forbidden("a pilot compares teams with the tenant's other teams");
        }
        NewPilot given = new NewPilot(name, teams == null ? List.of() : teams, blank(product), blank(segment),
                blank(start), blank(end), kpis == null ? List.of() : kpis);
        var violations = validator.validate(given);
        if (!violations.isEmpty()) {
            throw ConsoleException.badRequest(violations.stream().map(v -> v.getPropertyPath() + " " + v.getMessage())
                    .sorted().collect(Collectors.joining("; ")));
        }
        return pilots.create(s.tenant(), given, s.subject()).onFailure(Problem.Exception.class).transform(e -> {
            Problem p = ((Problem.Exception) e).problem();
            String detail = p.errors() == null || p.errors().isEmpty() ? p.detail() : p.errors().stream()
                    .map(v -> v.pointer().substring(1) + " " + v.message()).collect(Collectors.joining("; "));
            return new ConsoleException(p.status(), "badRequest", detail);
        }).map(p -> Response.seeOther(URI.create("/console/pilots?pilot=" + p.id())).build());
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String teamNames(PilotView p, Map<String, String> names) {
        return p.teams().stream().map(t -> names.getOrDefault(t, t)).collect(Collectors.joining(", "));
    }

    private static String months(Format f, PilotView p) {
        return f.period(dev.northstar.events.Grain.MONTH, p.start()) + " – "
                + f.period(dev.northstar.events.Grain.MONTH, p.end());
    }

    private static ReportView report(PilotReport r, Map<String, String> names, Format f, boolean ja) {
        List<KpiRow> rows = new ArrayList<>();
        for (PilotReport.KpiResult k : r.kpis()) {
            KpiCatalog.Unit unit = KpiCatalog.byId(k.kpi()).orElseThrow().unit();
            Function<BigDecimal, Views.Num> value = v -> v == null ? Views.Num.NONE
                    : new Views.Num(Format.raw(v), f.value(v, unit));
            Function<BigDecimal, Views.Num> change = v -> v == null ? Views.Num.NONE
                    : new Views.Num(Format.raw(v), f.change(v, null, unit));
            List<Views.InsightView> insights = k.insights().stream().map(i -> new Views.InsightView(i.id(),
                    i.teamId(), names.getOrDefault(i.teamId(), i.teamId()), i.text(), i.tags(),
                    f.dateTime(i.occurredAt()))).toList();
            rows.add(new KpiRow(k.kpi(), ja ? k.labels().get("ja") : k.labels().get("en"), k.lowerIsBetter(),
                    value.apply(k.inside().value()), parts(k.inside(), f), value.apply(k.outside().value()),
                    parts(k.outside(), f), value.apply(k.before().value()), parts(k.before(), f),
                    change.apply(k.insideMinusOutside()), k.versusOutside(), verdict(k.versusOutside(), ja),
                    change.apply(k.insideMinusBefore()), k.versusBefore(), verdict(k.versusBefore(), ja),
                    k.insightsTotal(), insights));
        }
        PilotView p = r.pilot();
        String before = r.beforeMonths().isEmpty() ? "—"
                : f.period(dev.northstar.events.Grain.MONTH, r.beforeMonths().get(0)) + " – "
                + f.period(dev.northstar.events.Grain.MONTH, r.beforeMonths().get(r.beforeMonths().size() - 1));
        String segmentNote = p.product() != null && p.segment() != null ? p.segment() : "";
        return new ReportView(p.id(), p.name(), teamNames(p, names), r.scope(), segmentNote, months(f, p),
                r.monthsElapsed(), r.months().size(), r.monthsWithData(), r.monthsWithScopedData(), before, rows);
    }

    /** A ratio's parts (numerator / denominator) for reading; nothing for a count or a sum. */
    private static String parts(PilotReport.Part p, Format f) {
        return p.denominator().signum() == 0 ? "" : number(p.numerator(), f) + " / " + number(p.denominator(), f);
    }

    private static String number(BigDecimal v, Format f) {
        return v.stripTrailingZeros().scale() <= 0 ? f.integer(v) : f.decimal(v, 2);
    }

    private static String verdict(String verdict, boolean ja) {
        return switch (verdict) {
            case "better" -> ja ? "良い" : "better";
            case "worse" -> ja ? "悪い" : "worse";
            case "same" -> ja ? "同じ" : "same";
            default -> ja ? "不明" : "unknown";
        };
    }
}
