package dev.northstar.reporting.console;

import dev.northstar.reporting.report.IntegrationLevel;
import java.math.BigDecimal;
import java.util.List;

/** An integration level as its page shows it. */
final class LevelViews {

    private LevelViews() {
    }

    static Views.LevelView of(IntegrationLevel l, Views.TeamRef team, String period, String periodText,
            List<Views.Option> periods, Format f, String lang) {
        List<Views.SignalView> signals = l.signals().stream().map(s -> {
            boolean share = s.threshold() != null && s.threshold().signum() > 0
                    && s.threshold().compareTo(BigDecimal.ONE) < 0;
            return new Views.SignalView(s.id(), name(s.id(), lang), s.status().name(), num(f, s.observed(), share),
                    num(f, s.threshold(), share), s.neededForLevel(), s.evidence());
        }).toList();
        var a = l.selfAssessment();
        Views.AnswersView answers = a == null ? new Views.AnswersView(false, false, false, false, false, "", "")
                : new Views.AnswersView(true, a.meetingBeyondNumbers(), a.explainsVision(), a.analysesFailuresTogether(),
                        a.proposesImprovements(), a.note() == null ? "" : a.note(), f.dateTime(a.answeredAt()));
        Views.NextView next = l.next() == null ? null : new Views.NextView(l.next().level(), l.next().name().get(lang),
                "ja".equals(lang) ? l.next().stepsJa() : l.next().steps());
        return new Views.LevelView(team, period, periodText, periods, l.level(), l.levelName().get(lang), l.dataLevel(),
                l.selfAssessedLevel(), l.basis(), signals, next, answers);
    }

    /** A signal's figure: a share (its threshold is a fraction) as a percentage, a count as a number. */
    private static Views.Num num(Format f, BigDecimal v, boolean share) {
        if (v == null) {
            return Views.Num.NONE;
        }
        return new Views.Num(Format.raw(v), share ? f.percent(v) : f.decimal(v, v.stripTrailingZeros().scale() > 0
                ? 2 : 0));
    }

    /** What a signal means, for readers. */
    static String name(String id, String lang) {
        boolean ja = "ja".equals(lang);
        return switch (id) {
            case "knowledge_flowing" -> ja ? "ナレッジが共有されている" : "Knowledge flowing";
            case "loss_reasons_recorded" -> ja ? "失注理由が記録されている" : "Loss reasons recorded";
            case "product_feedback_arriving" -> ja ? "製品フィードバックが届いている" : "Product feedback arriving";
            case "customer_value_covered" -> ja ? "顧客価値KPIがそろっている" : "Customer-value KPIs covered";
            default -> id;
        };
    }
}
