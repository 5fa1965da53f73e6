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
        List<Views.SignalView> signals = l.signals().stream().map(s -> new Views.SignalView(s.id(), s.status().name(),
                num(f, s.observed()), num(f, s.threshold()), s.neededForLevel(), s.evidence())).toList();
        var a = l.selfAssessment();
        Views.AnswersView answers = a == null ? new Views.AnswersView(false, false, false, false, false, "", "")
                : new Views.AnswersView(true, a.meetingBeyondNumbers(), a.explainsVision(), a.analysesFailuresTogether(),
                        a.proposesImprovements(), a.note() == null ? "" : a.note(), f.dateTime(a.answeredAt()));
        Views.NextView next = l.next() == null ? null : new Views.NextView(l.next().level(), l.next().name().get(lang),
                l.next().steps());
        return new Views.LevelView(team, period, periodText, periods, l.level(), l.levelName().get(lang), l.dataLevel(),
                l.selfAssessedLevel(), l.basis(), signals, next, answers);
    }

    /** A signal's figure: a share (below 1 with decimals) as a percentage, a count as a number. */
    private static Views.Num num(Format f, BigDecimal v) {
        if (v == null) {
            return Views.Num.NONE;
        }
        boolean share = v.compareTo(BigDecimal.ONE) <= 0 && v.stripTrailingZeros().scale() > 0;
        return new Views.Num(Format.raw(v), share ? f.percent(v) : f.decimal(v, v.stripTrailingZeros().scale() > 0
                ? 2 : 0));
    }
}
