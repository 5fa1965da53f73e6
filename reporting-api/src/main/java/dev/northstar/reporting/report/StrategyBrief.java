package dev.northstar.reporting.report;

import dev.northstar.reporting.ReportingConfig;
import dev.northstar.reporting.report.Report.TagTrend;
import dev.northstar.reporting.repository.InsightReadRepository.Insight;
import dev.northstar.reporting.scorecard.Scorecard.Line;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agenda of a strategy meeting for a team and period, in the domain's four parts: market and competitor moves,
 * customer insight, the review of tactics (largest gains and falls against the previous period, targets missed and
 * met), and actions proposed from the gaps by the fixed rules below (documented in docs/reporting.md). Every
 * action names its rule, an owner ({@code team}, {@code head_office} or {@code joint}) and the evidence.
 */
public record StrategyBrief(String teamId, String teamName, String kind, String grain, String period,
        String previousPeriod, LastMeeting lastMeeting, Section market, CustomerSection customers, Tactics tactics,
        List<Action> actions) {

    /** The tags of the market part. */
    public static final List<String> MARKET_TAGS = List.of("competitor", "market_trend", "pricing");
    /** The tags of the customer part. */
    public static final List<String> CUSTOMER_TAGS = List.of("customer_voice", "feature_request", "loss_reason",
            "objection", "success_story", "failure_story");
    /** The KPIs of the customer part. */
    public static final List<String> CUSTOMER_KPIS = List.of("nps", "renewal_rate", "onboarding_completion_rate",
            "expansion_rate");

    /** Tag trends and the newest insights of a part. */
    public record Section(List<TagTrend> tags, List<Insight> insights) {
    }

    /** The customer part: tag trends, the newest insights, and the customer-value KPIs. */
    public record CustomerSection(List<TagTrend> tags, List<Insight> insights, List<Figure> kpis) {
    }

    /** A KPI's figures as the brief shows them. */
    public record Figure(String kpi, Map<String, String> labels, String unit, BigDecimal value, BigDecimal previous,
            BigDecimal change, BigDecimal changeRate, BigDecimal target, BigDecimal attainment) {

        static Figure of(Line l) {
            return new Figure(l.kpi(), l.labels(), l.unit(), l.value(), l.previous(), l.change(), l.changeRate(),
                    l.target(), l.attainment());
        }
    }

    /** The review of tactics. */
    public record Tactics(List<Figure> gains, List<Figure> falls, List<Figure> targetsMissed, List<Figure> targetsMet) {
    }

    /**
     * A proposed action: the rule that raised it, the KPI it is about (if one), its owner, what to do (in English and
     * in Japanese), and why.
     */
    public record Action(String rule, String kpi, String owner, String action, String actionJa, String evidence) {
    }

    /**
     * How the previous meeting's decisions stand: each with its status (overdue when open past its due date) and how
     * its KPI moved from the meeting's period to this one.
     */
    public record LastMeeting(String period, List<Outcome> decisions) {
    }

    /** A decision of the previous meeting, and its KPI then and now (null when it names none). */
    public record Outcome(Decision decision, boolean overdue, Figure kpi) {
    }

    /** The brief of a loaded period, without the previous meeting's decisions. */
    public static StrategyBrief of(TeamPeriod p, ReportingConfig.Brief rules) {
        return of(p, rules, List.of(), LocalDate.now(ZoneOffset.UTC));
    }

    /**
     * The brief of a loaded period (loaded with at least {@code itemsPerSection} insights per tag), opening with the
     * decisions recorded at the previous period's meeting.
     */
    public static StrategyBrief of(TeamPeriod p, ReportingConfig.Brief rules, List<Decision> previousMeeting,
            LocalDate today) {
        LastMeeting last = new LastMeeting(p.previousPeriod(), previousMeeting.stream().map(d -> new Outcome(d,
                d.overdue(today), d.kpi() == null ? null : p.line(d.kpi()).map(Figure::of).orElse(null))).toList());
        int n = rules.itemsPerSection();
        Section market = new Section(trends(p, MARKET_TAGS), newest(p, MARKET_TAGS, n));
        CustomerSection customers = new CustomerSection(trends(p, CUSTOMER_TAGS), newest(p, CUSTOMER_TAGS, n),
                CUSTOMER_KPIS.stream().map(k -> Figure.of(p.line(k).orElseThrow())).toList());
        return new StrategyBrief(p.team().teamId(), p.team().name(), p.team().kind(), p.grain().wireName(),
                p.period(), p.previousPeriod(), last, market, customers, tactics(p, rules), actions(p, rules));
    }

    private static List<TagTrend> trends(TeamPeriod p, List<String> tags) {
        return tags.stream().map(t -> TagTrend.of(p.tagCount(t))).toList();
    }

    private static List<Insight> newest(TeamPeriod p, List<String> tags, int n) {
        Map<String, Insight> byId = new LinkedHashMap<>();
        tags.forEach(t -> p.tagged(t).newest().forEach(i -> byId.putIfAbsent(i.id(), i)));
        return byId.values().stream().sorted(Comparator.comparing(Insight::occurredAt).reversed()
                .thenComparing(Insight::id)).limit(n).toList();
    }

    /**
     * The KPIs the meeting's tactics and actions are about: the team's work, not what it costs (the cost KPIs are the
     * business case's, where a rise is not a gain).
     */
    private static java.util.stream.Stream<Line> judged(TeamPeriod p) {
        return p.lines().stream().filter(l -> !dev.northstar.events.KpiCatalog.isCost(l.kpi()));
    }

    /** A rise: a positive relative change at the threshold, or any rise from zero (which has no relative change). */
    static boolean gained(Line l, BigDecimal threshold) {
        return l.change() != null && l.change().signum() > 0
                && (l.changeRate() == null || l.changeRate().compareTo(threshold) >= 0);
    }

    static boolean fell(Line l, BigDecimal threshold) {
        return l.changeRate() != null && l.changeRate().compareTo(threshold.negate()) <= 0;
    }

    static boolean missed(Line l, BigDecimal threshold) {
        return l.target() != null && (l.attainment() == null || l.attainment().compareTo(threshold) < 0);
    }

    private static Tactics tactics(TeamPeriod p, ReportingConfig.Brief rules) {
        int n = rules.itemsPerSection();
        BigDecimal t = rules.changeThreshold();
        Comparator<Line> byRate = Comparator.comparing(Line::changeRate, Comparator.nullsFirst(Comparator.naturalOrder()));
        List<Figure> gains = judged(p).filter(l -> gained(l, t))
                .sorted(Comparator.comparing((Line l) -> l.changeRate() == null ? 0 : 1).thenComparing(byRate.reversed()))
                .limit(n).map(Figure::of).toList();
        List<Figure> falls = judged(p).filter(l -> fell(l, t)).sorted(byRate).limit(n).map(Figure::of).toList();
        List<Figure> missed = judged(p).filter(l -> missed(l, rules.attainmentThreshold()))
                .sorted(Comparator.comparing(Line::attainment, Comparator.nullsFirst(Comparator.naturalOrder())))
                .limit(n).map(Figure::of).toList();
        List<Figure> met = judged(p).filter(l -> l.attainment() != null
                && l.attainment().compareTo(BigDecimal.ONE) >= 0).map(Figure::of).toList();
        return new Tactics(gains, falls, missed, met);
    }

    private static List<Action> actions(TeamPeriod p, ReportingConfig.Brief rules) {
        List<Action> out = new ArrayList<>();
        List<String> targeted = new ArrayList<>();
        // 1. target-missed: every KPI below its target (or without a value against one), lowest attainment first
        judged(p).filter(l -> missed(l, rules.attainmentThreshold()))
                .sorted(Comparator.comparing(Line::attainment, Comparator.nullsFirst(Comparator.naturalOrder())))
                .forEach(l -> {
                    targeted.add(l.kpi());
                    long linked = p.insightsByKpi().containsKey(l.kpi()) ? p.insightsByKpi().get(l.kpi()).total() : 0;
                    out.add(new Action("target-missed", l.kpi(), "team", "Close the gap on " + en(l) + ": agree on "
                            + "the next step from the " + linked + " insight(s) linked to it.", l.labels().get("ja")
                            + "の目標との差を埋める：紐づく" + linked + "件のインサイトから次の一手を合意する。",
                            l.value() == null ? "no value in " + p.period() + " against a target of "
                                    + Figures.plain(l.target())
                                    : Figures.format(l.value(), l.unit()) + " against a target of "
                                    + Figures.format(l.target(), l.unit()) + " (" + Figures.percent(l.attainment())
                                    + " attained)"));
                });
        // 2. fall: a KPI that fell by the threshold or more and is not already a target gap
        judged(p).filter(l -> fell(l, rules.changeThreshold()) && !targeted.contains(l.kpi()))
                .sorted(Comparator.comparing(Line::changeRate))
                .forEach(l -> out.add(new Action("fall", l.kpi(), "joint", "Analyse the fall of " + en(l)
                        + " together and share the cause as a failure story.", l.labels().get("ja")
                        + "の低下を共同で分析し、原因を失敗事例として共有する。", Figures.format(l.previous(), l.unit())
                        + " → " + Figures.format(l.value(), l.unit()) + " (" + Figures.percent(l.changeRate()) + ")")));
        // 3. competitor-pressure: more competitor mentions than in the previous period
        TagTrend competitor = TagTrend.of(p.tagCount("competitor"));
        if (competitor.change() > 0) {
            out.add(new Action("competitor-pressure", "win_rate", "head_office", "Brief product and marketing on the"
                    + " competitors' moves and agree on the answer the team gives customers.",
                    "競合の動きを製品・マーケティング部門に共有し、顧客への回答を合意する。",
                    "competitor mentions " + competitor.previous() + " → " + competitor.count()
                    + latest(p, "competitor")));
        }
        // 4. loss-reasons-missing: lost deals without a recorded reason
        Optional<Line> win = p.line("win_rate");
        long lost = win.filter(l -> l.denominator() != null)
                .map(l -> l.denominator().subtract(l.numerator()).longValue()).orElse(0L);
        if (lost > p.dealsWithLossReason()) {
            out.add(new Action("loss-reasons-missing", "win_rate", "team", "Record why each lost deal was lost.",
                    "失注した案件ごとに失注理由を記録する。",
                    (lost - p.dealsWithLossReason()) + " of " + lost + " lost deals have no loss reason"));
        }
        // 5. knowledge-silent / failures-unshared
        BigDecimal shared = value(p, "knowledge_shared");
        if (shared.signum() == 0) {
            out.add(new Action("knowledge-silent", "knowledge_shared", "team", "Write up one success and one failure"
                    + " case of this period for the other teams.", "今期の成功事例と失敗事例を1件ずつ、他チーム向けにまとめる。",
                    "no knowledge shared in " + p.period()));
        } else if (value(p, "knowledge_shared_failure").signum() == 0) {
            out.add(new Action("failures-unshared", "knowledge_shared_failure", "joint", "Share a failure case too:"
                    + " analysing failures together is what moves results.",
                    "失敗事例も共有する：失敗を共に分析することが成果を動かす。",
                    Figures.plain(shared) + " success case(s) shared, no failure case"));
        }
        // 6. voice-not-fed-back: customers spoke, product development heard nothing
        long voices = p.tagCount("customer_voice").count() + p.tagCount("feature_request").count();
        if (voices > 0 && value(p, "product_feedback").signum() == 0) {
            out.add(new Action("voice-not-fed-back", "product_feedback", "team", "Turn the customer remarks of this"
                    + " period into product feedback.", "今期の顧客の声を製品開発へのフィードバックにする。",
                    voices + " customer remark(s), no product feedback"));
        }
        // 7. quantity-over-quality: more appointments, of lower quality
        Optional<Line> appointments = p.line("appointments");
        Optional<Line> quality = p.line("appointment_quality");
        if (appointments.map(Line::change).filter(c -> c.signum() > 0).isPresent()
                && quality.map(Line::change).filter(c -> c.signum() < 0).isPresent()) {
            out.add(new Action("quantity-over-quality", "appointment_quality", "team", "Shift calls towards target"
                    + " accounts and key persons: appointments rose while fewer of them led to deals.",
                    "架電をターゲット企業とキーパーソンに寄せる：アポは増えたが商談につながる割合が下がった。",
                    "appointments " + Figures.plain(appointments.get().previous()) + " → "
                    + Figures.plain(appointments.get().value()) + ", appointment quality "
                    + Figures.percent(quality.get().previous()) + " → " + Figures.percent(quality.get().value())));
        }
        // 8. detractors: more detractors than promoters
        p.line("nps").filter(l -> l.value() != null && l.value().signum() < 0).ifPresent(l -> out.add(new Action(
                "detractors", "nps", "head_office", "Go through the customer-voice comments with customer success and"
                + " decide what changes for these customers.", "カスタマーサクセスと顧客の声を読み合わせ、これらの顧客に"
                + "対して何を変えるか決める。", "NPS " + Figures.plain(l.value()) + " with "
                + p.tagCount("detractor").count() + " detractor comment(s)")));
        return out;
    }

    private static BigDecimal value(TeamPeriod p, String kpi) {
        return p.value(kpi).orElse(BigDecimal.ZERO);
    }

    private static String en(Line l) {
        return l.labels().get("en") + " (" + l.labels().get("ja") + ")";
    }

    private static String latest(TeamPeriod p, String tag) {
        List<Insight> newest = p.tagged(tag).newest();
        return newest.isEmpty() ? "" : "; latest: 「" + Figures.shorten(newest.get(0).text(), 120) + "」";
    }
}
