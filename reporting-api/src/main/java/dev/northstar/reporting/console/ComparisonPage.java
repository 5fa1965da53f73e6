package dev.northstar.reporting.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.northstar.common.TeamScope;
import dev.northstar.events.Grain;
import dev.northstar.events.KpiCatalog;
import dev.northstar.reporting.repository.ScorecardRepository;
import dev.northstar.reporting.repository.TeamRepository;
import dev.northstar.reporting.rest.KpiValuesResource.Csv;
import dev.northstar.reporting.scorecard.Comparison;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One KPI, or the KPIs of one axis, across the teams and pooled by kind (partners, in-house), as a table, charts and a
 * CSV of exactly the table. A team-limited session sees its own teams and the pools, each only where at least
 * {@link Comparison#MIN_OTHER_TEAMS} teams outside its own contribute (the API's rule: otherwise the pool minus its
 * own teams would be another partner's figure).
 */
@Path("/console/comparison")
@PermitAll
public class ComparisonPage {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> AXES = List.of("activity", "revenue", "customer_value",
            "organisational_contribution", "investment");

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance comparison(Chrome chrome, Views.ComparisonView view);
    }

    private final ConsoleAccess access;
    private final ConsolePages pages;
    private final TeamRepository teams;
    private final ScorecardRepository values;

    public ComparisonPage(ConsoleAccess access, ConsolePages pages, TeamRepository teams, ScorecardRepository values) {
        this.access = access;
        this.pages = pages;
        this.teams = teams;
        this.values = values;
    }

    /** The table: headings (KPIs) and rows (teams, then pools). */
    record Table(Grain grain, String period, List<KpiCatalog.Kpi> kpis, List<Views.TeamRef> refs,
            List<Boolean> pooled, List<List<BigDecimal>> cells, boolean hiddenPools) {
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<TemplateInstance> page(@Context HttpServerRequest request, @QueryParam("kpi") String kpiParam,
            @QueryParam("grain") String grainName, @QueryParam("period") String periodParam) {
        Session s = access.reader(request);
        String lang = ConsoleAccess.lang(request);
        Grain grain = ConsolePages.grain(grainName);
        String selected = selection(kpiParam);
        Format f = pages.format(lang, s.tenant());
        return table(s, grain, periodParam, selected).map(t -> {
            List<Views.ComparisonRow> rows = new ArrayList<>();
            for (int i = 0; i < t.refs().size(); i++) {
                List<Views.KpiNum> nums = new ArrayList<>();
                for (int k = 0; k < t.kpis().size(); k++) {
                    nums.add(new Views.KpiNum(t.kpis().get(k).id(), ConsolePages.num(f, t.cells().get(i).get(k),
                            t.kpis().get(k).unit())));
                }
                Views.TeamRef ref = t.refs().get(i);
                rows.add(new Views.ComparisonRow(ref.kind() == null ? "" : ref.kind(), ref, t.pooled().get(i), nums));
            }
            List<Views.TrendView> charts = new ArrayList<>();
            for (int k = 0; k < t.kpis().size(); k++) {
                charts.add(new Views.TrendView(t.kpis().get(k).id(), ConsolePages.label(t.kpis().get(k), lang),
                        chart(t, k, lang)));
            }
            List<Views.Option> options = new ArrayList<>();
            for (String axis : AXES) {
                options.add(new Views.Option("axis:" + axis, axisName(axis, lang), selected.equals("axis:" + axis)));
            }
            for (KpiCatalog.Kpi k : KpiCatalog.all()) {
                options.add(new Views.Option(k.id(), ConsolePages.label(k, lang), selected.equals(k.id())));
            }
            String csv = "/console/comparison/export.csv?kpi=" + ConsolePages.encode(selected) + "&grain="
                    + grain.wireName() + "&period=" + ConsolePages.encode(t.period());
            var view = new Views.ComparisonView(grain.wireName(), t.period(), f.period(grain, t.period()), selected,
                    ConsolePages.grainOptions(grain, lang), pages.periodOptions(grain, t.period(), s.tenant(), f),
                    options, t.kpis().stream().map(k -> ConsolePages.head(k, lang)).toList(), rows, charts, csv,
                    t.hiddenPools());
            return Templates.comparison(Chrome.of(lang, s, request.uri(), "comparison", "comparison"), view)
                    .setLocale(lang);
        });
    }

    @GET
    @Path("/export.csv")
    @Produces("text/csv;charset=UTF-8")
    public Uni<Response> csv(@Context HttpServerRequest request, @QueryParam("kpi") String kpiParam,
            @QueryParam("grain") String grainName, @QueryParam("period") String periodParam) {
        Session s = access.reader(request);
        Grain grain = ConsolePages.grain(grainName);
        return table(s, grain, periodParam, selection(kpiParam)).map(t -> {
            StringBuilder csv = new StringBuilder("\uFEFFrow,team_id,team_name,kind,grain,period");
            t.kpis().forEach(k -> csv.append(',').append(Csv.field(k.id())));
            csv.append("\r\n");
            for (int i = 0; i < t.refs().size(); i++) {
                Views.TeamRef ref = t.refs().get(i);
                csv.append(t.pooled().get(i) ? "pooled" : "team").append(',')
                        .append(Csv.field(t.pooled().get(i) ? "" : ref.teamId())).append(',')
                        .append(Csv.field(t.pooled().get(i) ? "" : ref.name())).append(',')
                        .append(Csv.field(ref.kind())).append(',').append(grain.wireName()).append(',')
                        .append(Csv.field(t.period()));
                for (BigDecimal v : t.cells().get(i)) {
                    csv.append(',').append(Csv.number(v));
                }
                csv.append("\r\n");
            }
            String name = "comparison-" + t.period().replaceAll("[^0-9A-Za-z-]", "") + ".csv";
            return Response.ok(csv.toString().getBytes(StandardCharsets.UTF_8))
                    .header("Content-Disposition", "attachment; filename=\"" + name + "\"").build();
        });
    }

    Uni<Table> table(Session s, Grain grain, String periodParam, String selected) {
        List<KpiCatalog.Kpi> kpis = selected.startsWith("axis:")
                ? KpiCatalog.all().stream().filter(k -> k.axis().name().toLowerCase(Locale.ROOT)
                        .equals(selected.substring(5))).toList()
                : List.of(KpiCatalog.byId(selected).orElseThrow());
        return pages.period(s.tenant(), grain, periodParam).chain(period -> teams.list(s.tenant()).chain(all ->
                values.period(s.tenant(), grain.wireName(), period).map(cells -> {
                    // rows for the teams the session sees; pools over every team of the tenant, for a limited
                    // session only where enough other teams contribute (Comparison.MIN_OTHER_TEAMS)
                    List<TeamRepository.Team> visible = ConsolePages.sortTeams(all).stream()
                            .filter(t -> s.sees(t.teamId())).toList();
                    Comparison c = Comparison.build(grain, period, visible, all, cells, s.scope());
                    Comparison full = s.teams() == null ? c : Comparison.build(grain, period, visible, all, cells,
                            TeamScope.all());
                    List<Views.TeamRef> refs = new ArrayList<>();
                    List<Boolean> pooled = new ArrayList<>();
                    List<List<BigDecimal>> rows = new ArrayList<>();
                    for (TeamRepository.Team t : visible) {
                        refs.add(ConsolePages.ref(t));
                        pooled.add(false);
                        List<BigDecimal> row = new ArrayList<>();
                        for (KpiCatalog.Kpi k : kpis) {
                            Comparison.Entry e = row(c, k).teams().get(t.teamId());
                            row.add(e == null ? null : e.value());
                        }
                        rows.add(row);
                    }
                    boolean hidden = false;
                    for (String kind : List.of("partner", "in_house")) {
                        List<BigDecimal> row = new ArrayList<>();
                        boolean any = false;
                        for (KpiCatalog.Kpi k : kpis) {
                            Comparison.Entry e = row(c, k).byKind().get(kind);
                            hidden |= e == null && row(full, k).byKind().get(kind) != null;
                            any |= e != null;
                            row.add(e == null ? null : e.value());
                        }
                        if (any) {
                            refs.add(new Views.TeamRef("", null, kind));
                            pooled.add(true);
                            rows.add(row);
                        }
                    }
                    return new Table(grain, period, kpis, refs, pooled, rows, hidden);
                })));
    }

    private static Comparison.Row row(Comparison c, KpiCatalog.Kpi k) {
        return c.kpis().stream().filter(x -> x.kpi().equals(k.id())).findFirst().orElseThrow();
    }

    private String chart(Table t, int k, String lang) {
        ObjectNode chart = JSON.createObjectNode();
        chart.put("type", "bar");
        chart.put("unit", t.kpis().get(k).unit().name().toLowerCase(Locale.ROOT));
        ArrayNode labels = chart.putArray("labels");
        ArrayNode data = chart.putArray("series").addObject().put("name", t.kpis().get(k).id()).putArray("data");
        for (int i = 0; i < t.refs().size(); i++) {
            Views.TeamRef ref = t.refs().get(i);
            labels.add(t.pooled().get(i) ? poolName(ref.kind(), lang) : ref.display());
            BigDecimal v = t.cells().get(i).get(k);
            if (v == null) {
                data.addNull();
            } else {
                data.add(v);
            }
        }
        return chart.toString();
    }

    static String poolName(String kind, String lang) {
        boolean ja = "ja".equals(lang);
        return "partner".equals(kind) ? (ja ? "パートナー計" : "Partners pooled") : (ja ? "社内計" : "In-house pooled");
    }

    static String axisName(String axis, String lang) {
        boolean ja = "ja".equals(lang);
        return switch (axis) {
            case "activity" -> ja ? "【群】活動" : "[group] Activity";
            case "revenue" -> ja ? "【群】売上" : "[group] Revenue";
            case "customer_value" -> ja ? "【群】顧客価値" : "[group] Customer value";
            case "investment" -> ja ? "【群】コストと投資対効果" : "[group] Cost and return";
            default -> ja ? "【群】組織貢献" : "[group] Organisational contribution";
        };
    }

    private static String selection(String kpi) {
        if (kpi != null && (KpiCatalog.byId(kpi).isPresent() || AXES.stream().anyMatch(a -> kpi.equals("axis:" + a)))) {
            return kpi;
        }
        return "revenue_won";
    }
}
