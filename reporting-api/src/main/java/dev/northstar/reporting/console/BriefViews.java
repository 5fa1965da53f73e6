package dev.northstar.reporting.console;

import dev.northstar.events.Grain;
import dev.northstar.events.KpiCatalog;
import dev.northstar.reporting.entity.MeetingDecision;
import dev.northstar.reporting.report.Decision;
import dev.northstar.reporting.report.Report.TagTrend;
import dev.northstar.reporting.report.StrategyBrief;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** A strategy brief as the meeting page shows it. */
final class BriefViews {

    private static final Map<String, String> OWNERS_JA = Map.of("team", "チーム", "head_office", "本社", "joint", "共同");
    private static final Map<String, String> OWNERS_EN = Map.of("team", "team", "head_office", "head office", "joint",
            "joint");

    private BriefViews() {
    }

    static Views.BriefView of(StrategyBrief b, List<MeetingDecision> recorded, Format f, String lang, Grain grain,
            List<Views.Option> periods, List<Views.Option> grains, LocalDate today) {
        Views.LastMeetingView last = new Views.LastMeetingView(f.period(grain, b.lastMeeting().period()),
                b.lastMeeting().decisions().stream().map(o -> {
                    StrategyBrief.Figure k = o.kpi();
                    KpiCatalog.Kpi definition = k == null ? null : KpiCatalog.byId(k.kpi()).orElseThrow();
                    KpiCatalog.Unit unit = definition == null ? null : definition.unit();
                    return new Views.OutcomeView(decision(o.decision(), lang, f), o.overdue(),
                            k == null ? "" : k.labels().get(lang), k == null ? Views.Num.NONE
                                    : ConsolePages.num(f, k.previous(), unit), k == null ? Views.Num.NONE
                                    : ConsolePages.num(f, k.value(), unit), Format.direction(k == null ? null
                                    : k.change(), definition));
                }).toList());
        String md = "/console/teams/" + ConsolePages.encode(b.teamId()) + "/brief.md?grain=" + b.grain() + "&period="
                + ConsolePages.encode(b.period());
        return new Views.BriefView(new Views.TeamRef(b.teamId(), b.teamName(), b.kind()), b.grain(), b.period(),
                f.period(grain, b.period()), f.period(grain, b.previousPeriod()), grains, periods, last,
                tags(b.market().tags()), b.market().insights().stream().map(i -> ConsolePages.insight(f, i, null,
                        null)).toList(), figures(b.customers().kpis(), f, lang), tags(b.customers().tags()),
                b.customers().insights().stream().map(i -> ConsolePages.insight(f, i, null, null)).toList(),
                figures(b.tactics().gains(), f, lang), figures(b.tactics().falls(), f, lang),
                figures(b.tactics().targetsMissed(), f, lang), figures(b.tactics().targetsMet(), f, lang),
                b.actions().stream().map(a -> new Views.ActionView(a.rule(), a.kpi() == null ? ""
                        : KpiCatalog.byId(a.kpi()).map(k -> ConsolePages.label(k, lang)).orElse(a.kpi()),
                        owner(a.owner(), lang), "ja".equals(lang) ? a.actionJa() : a.action(),
                        "ja".equals(lang) ? a.action() : a.actionJa(), a.evidence())).toList(),
                recorded.stream().map(d -> decision(Decision.of(d), lang, f)).toList(),
                ConsolePages.heads(KpiCatalog.all().stream().map(KpiCatalog.Kpi::id).toList(), lang), md,
                today.toString());
    }

    static Views.DecisionView decision(Decision d, String lang, Format f) {
        return new Views.DecisionView(d.id(), d.what(), d.owner(), d.ownerSide() == null ? "" : owner(d.ownerSide(), lang),
                f.date(d.due()), d.kpi() == null ? "" : d.kpi(), d.kpi() == null ? ""
                        : KpiCatalog.byId(d.kpi()).map(k -> ConsolePages.label(k, lang)).orElse(d.kpi()), d.status());
    }

    static String owner(String side, String lang) {
        return ("ja".equals(lang) ? OWNERS_JA : OWNERS_EN).getOrDefault(side, side);
    }

    private static List<Views.TagRow> tags(List<TagTrend> tags) {
        return tags.stream().map(t -> new Views.TagRow(t.tag(), t.count(), t.previous(),
                (t.change() > 0 ? "+" : "") + t.change(), t.change() > 0 ? "up" : t.change() < 0 ? "down" : "flat"))
                .toList();
    }

    private static List<Views.FigureView> figures(List<StrategyBrief.Figure> list, Format f, String lang) {
        return list.stream().map(x -> {
            KpiCatalog.Kpi k = KpiCatalog.byId(x.kpi()).orElseThrow();
            return new Views.FigureView(k.id(), ConsolePages.label(k, lang), ConsolePages.num(f, x.value(), k.unit()),
                    ConsolePages.num(f, x.previous(), k.unit()), f.change(x.change(), x.changeRate(), k.unit()),
                    Format.direction(x.change(), k), ConsolePages.num(f, x.target(), k.unit()), x.attainment() == null
                            ? Views.Num.NONE : new Views.Num(Format.raw(x.attainment()), f.percent(x.attainment())));
        }).toList();
    }
}
