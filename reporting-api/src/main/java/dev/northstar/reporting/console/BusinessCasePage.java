package dev.northstar.reporting.console;

import dev.northstar.common.Problem;
import dev.northstar.events.Grain;
import dev.northstar.events.KpiCatalog;
import dev.northstar.reporting.ReportingConfig;
import dev.northstar.reporting.contract.BusinessCase;
import dev.northstar.reporting.contract.CostLines;
import dev.northstar.reporting.contract.Costs;
import dev.northstar.reporting.contract.Ledger;
import dev.northstar.reporting.repository.ScorecardRepository;
import dev.northstar.reporting.repository.TeamRepository;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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

/**
 * The business case of a team (issue 23): cost and value beside the in-house teams, what building it in-house would
 * cost, and the cost month by month, line by line, settled or open; an admin settles the next month here.
 */
// its own literal path: a class at /console/teams/{teamId} would take every team page from ConsolePages
@Path("/console/teams/{teamId}/business-case")
@PermitAll // to the bearer-token rules: every method checks the console session first (ConsoleAccess)
public class BusinessCasePage {

    private static final List<Grain> GRAINS = List.of(Grain.MONTH, Grain.QUARTER, Grain.YEAR);

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance businessCase(Chrome chrome, View view);
    }

    /** A figure of both sides. */
    @TemplateData
    public record Row(String id, String label, Views.Num team, Views.Num inHouse) {
    }

    /** A line of a month. */
    @TemplateData
    public record LineView(String kind, String label, Views.Num amount, String basis, String adjusts) {
    }

    /** A month of the cost. */
    @TemplateData
    public record MonthView(String month, String text, boolean settled, String settledAt, Views.Num total,
            Views.Num liveTotal, boolean moved, List<LineView> lines) {
    }

    /** The page. */
    @TemplateData
    public record View(Views.TeamRef team, String grain, String period, String periodText, List<Views.Option> grains,
            List<Views.Option> periods, List<Row> rows, boolean comparable, Views.Num people, Views.Num running,
            Views.Num oneOff, Views.Num inHouseTotal, Views.Num teamCost, Views.Num difference, String buildExplanation,
            List<MonthView> months, boolean noTerms, List<String> missing, List<Views.Option> settleable) {

        /** The terms not computed yet, as a list in a sentence. */
        public String missingText() {
            return String.join(", ", missing);
        }
    }

    private final ConsoleAccess access;
    private final ConsolePages pages;
    private final Costs costs;
    private final ScorecardRepository scorecards;
    private final TeamRepository teams;
    private final ReportingConfig config;

    public BusinessCasePage(ConsoleAccess access, ConsolePages pages, Costs costs, ScorecardRepository scorecards,
            TeamRepository teams, ReportingConfig config) {
        this.config = config;
        this.access = access;
        this.pages = pages;
        this.costs = costs;
        this.scorecards = scorecards;
        this.teams = teams;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<TemplateInstance> page(@Context HttpServerRequest request, @PathParam("teamId") String teamId,
            @QueryParam("grain") String grainName, @QueryParam("period") String periodParam) {
        Session s = access.reader(request);
        String id = ConsolePages.visible(s, teamId);
        if (s.teams() != null) {
            // the page holds the in-house teams' cost and productivity: not for a user limited to some teams
            throw ConsoleException.forbidden("the business case compares with the in-house teams");
        }
        String lang = ConsoleAccess.lang(request);
        Format f = pages.format(lang, s.tenant());
        Grain grain = GRAINS.stream().filter(g -> g.wireName().equals(grainName)).findFirst().orElse(Grain.QUARTER);
        return pages.period(s.tenant(), grain, periodParam).chain(period -> scorecards.exists(s.tenant(), id)
                .chain(exists -> {
                    if (!exists) {
                        throw ConsoleException.notFound();
                    }
                    return teams.find(s.tenant(), id);
                }).chain(team -> costs.businessCase(s.tenant(), id, grain, period).chain(bc -> costs
                        .cost(s.tenant(), id, grain, period).map(cost -> {
                            var view = view(ConsolePages.ref(team), grain, period, bc, cost.months(), f, lang,
                                    s.tenant(), YearMonth.now(config.zone(s.tenant())));
                            return Templates.businessCase(Chrome.of(lang, s, request.uri(), "business-case",
                                    team.name() == null ? id : team.name()), view).setLocale(lang);
                        }))));
    }

    @POST
    @Path("/settle")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> settle(@Context HttpServerRequest request, @PathParam("teamId") String teamId,
            @FormParam("_csrf") String csrf, @FormParam("month") String month, @FormParam("back") String back) {
        Session s = access.adminWrite(request, csrf);
        String id = ConsolePages.visible(s, teamId);
        if (s.teams() != null) {
            // a partner's own lead never settles what its team is paid
            throw ConsoleException.forbidden("settling decides what a team is paid");
        }
        if (month == null || !month.matches("\\d{4}-(0[1-9]|1[0-2])")) {
            throw ConsoleException.badRequest("month must be a month, e.g. 2026-11");
        }
        return scorecards.exists(s.tenant(), id).chain(exists -> {
            if (!exists) {
                throw ConsoleException.notFound();
            }
            return costs.settle(s.tenant(), id, month, s.subject());
        }).onFailure(Problem.Exception.class).transform(e -> {
            Problem p = ((Problem.Exception) e).problem();
            return new ConsoleException(p.status(), "badRequest", p.detail());
        }).map(m -> Response.seeOther(URI.create(ConsolePages.back(back, "/console/teams/"
                + ConsolePages.encode(id) + "/business-case"))).build());
    }

    private View view(Views.TeamRef team, Grain grain, String period, BusinessCase bc, List<Ledger.Month> months,
            Format f, String lang, String tenant, YearMonth now) {
        boolean ja = "ja".equals(lang);
        var t = bc.team();
        var ih = bc.inHouse();
        List<Row> rows = List.of(
                new Row("cost", ja ? "コスト" : "Cost", amount(f, t.cost()), amount(f, ih.cost())),
                new Row("new_customers", ja ? "新規顧客数" : "New customers", count(f, t.newCustomers()),
                        count(f, ih.newCustomers())),
                new Row("revenue_won", ja ? "受注額" : "Revenue won", amount(f, t.revenueWon()),
                        amount(f, ih.revenueWon())),
                new Row("predicted_ltv", ja ? "新規顧客の予測LTV" : "Predicted LTV of the new customers",
                        amount(f, t.predictedLtv()), amount(f, ih.predictedLtv())),
                new Row("paid_so_far", ja ? "実現売上（累計）" : "Paid so far by them", amount(f, t.realizedRevenue()),
                        amount(f, ih.realizedRevenue())),
                new Row("cost_per_new_customer", ja ? "新規顧客あたりコスト" : "Cost per new customer",
                        amount(f, t.costPerNewCustomer()), amount(f, ih.costPerNewCustomer())),
                new Row("ltv_to_cost", ja ? "LTV ÷ コスト" : "LTV ÷ cost", times(f, t.ltvToCost()),
                        times(f, ih.ltvToCost())),
                new Row("paid_to_cost", ja ? "実現売上 ÷ コスト" : "Paid so far ÷ cost",
                        times(f, t.realizedRevenueToCost()), times(f, ih.realizedRevenueToCost())),
                new Row("roi", "ROI", percent(f, t.roi()), percent(f, ih.roi())),
                new Row("payback_months", ja ? "投資回収期間" : "Payback period",
                        months(f, t.paybackMonths()), months(f, ih.paybackMonths())));
        var build = bc.buildInHouse();
        List<MonthView> monthViews = new ArrayList<>();
        List<Views.Option> settleable = new ArrayList<>();
        boolean anyTerms = false;
        for (Ledger.Month m : months) {
            anyTerms |= m.inForce() != null;
            List<LineView> lines = new ArrayList<>();
            for (CostLines.Line l : m.lines()) {
                lines.add(new LineView(l.kind(), lineLabel(l.kind(), ja), amount(f, l.amount()), l.explanation(),
                        l.adjusts() == null ? "" : l.adjusts()));
            }
            boolean moved = m.movedSinceSettled();
            monthViews.add(new MonthView(m.month(), f.period(Grain.MONTH, m.month()), m.settled(),
                    m.settledAt() == null ? "" : f.dateTime(m.settledAt()), amount(f, m.total()),
                    amount(f, m.liveTotal()), moved, lines));
            if (!m.settled() && m.inForce() != null && YearMonth.parse(m.month()).isBefore(now)) {
                settleable.add(new Views.Option(m.month(), f.period(Grain.MONTH, m.month()), settleable.isEmpty()));
            }
        }
        List<Views.Option> grains = GRAINS.stream().map(g -> new Views.Option(g.wireName(), GrainNames.of(g, lang),
                g == grain)).toList();
        return new View(team, grain.wireName(), period, f.period(grain, period), grains,
                pages.periodOptions(grain, period, tenant, f), rows, build.total() != null,
                decimal(f, build.peopleNeeded()), amount(f, build.runningCost()), amount(f, build.oneOffCost()),
                amount(f, build.total()), amount(f, build.partnerCost()), amount(f, build.difference()),
                build.explanation(), monthViews, !anyTerms, bc.missing(), settleable);
    }

    private static String lineLabel(String kind, boolean ja) {
        return switch (kind) {
            case "fee" -> ja ? "固定報酬" : "Fixed fee";
            case "share_of_revenue_won" -> ja ? "受注額のレベニューシェア" : "Share of revenue won";
            case "incentive" -> ja ? "インセンティブ" : "Incentive";
            case "loaded_cost" -> ja ? "人件費" : "Loaded cost";
            case "ramp_up" -> ja ? "採用・育成（按分）" : "Hiring and training (spread)";
            case "adjustment" -> ja ? "確定後の調整" : "Adjustment after settlement";
            default -> kind;
        };
    }

    private static Views.Num amount(Format f, BigDecimal v) {
        return v == null ? Views.Num.NONE : new Views.Num(Format.raw(v), f.amount(v));
    }

    private static Views.Num count(Format f, BigDecimal v) {
        return v == null ? Views.Num.NONE : new Views.Num(Format.raw(v), f.integer(v));
    }

    private static Views.Num decimal(Format f, BigDecimal v) {
        return v == null ? Views.Num.NONE : new Views.Num(Format.raw(v), f.decimal(v, 1));
    }

    private static Views.Num times(Format f, BigDecimal v) {
        return v == null ? Views.Num.NONE : new Views.Num(Format.raw(v), f.decimal(v, 2) + "×");
    }

    private static Views.Num months(Format f, BigDecimal v) {
        return v == null ? Views.Num.NONE : new Views.Num(Format.raw(v), f.value(v, KpiCatalog.Unit.MONTHS));
    }

    private static Views.Num percent(Format f, BigDecimal v) {
        return v == null ? Views.Num.NONE : new Views.Num(Format.raw(v), f.percent(v));
    }
}
