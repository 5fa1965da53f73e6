package dev.northstar.reporting.pilot;

import static dev.northstar.reporting.report.BriefMarkdown.code;
import static dev.northstar.reporting.report.BriefMarkdown.escape;

import java.math.BigDecimal;

/** A pilot's report as Markdown; every text that came from users or events is escaped. */
public final class PilotMarkdown {

    private PilotMarkdown() {
    }

    public static String render(PilotReport r) {
        PilotView p = r.pilot();
        StringBuilder md = new StringBuilder();
        md.append("# Pilot / パイロット: ").append(escape(p.name())).append("\n\n");
        md.append("Teams ").append(String.join(", ", p.teams().stream().map(t -> code(t)).toList()))
                .append("; scope ").append(code(r.scope()));
        if (p.product() != null && p.segment() != null) {
            md.append(" (segment ").append(escape(p.segment())).append(" recorded, not combined)");
        }
        md.append("; months ").append(p.start()).append(" to ").append(p.end()).append(" (")
                .append(r.monthsElapsed()).append(" of ").append(r.months().size()).append(" so far, ")
                .append(r.monthsWithData()).append(" with data, ").append(r.monthsWithScopedData())
                .append(" with values of the scope); before: ")
                .append(r.beforeMonths().isEmpty() ? "—" : r.beforeMonths().get(0) + " to "
                        + r.beforeMonths().get(r.beforeMonths().size() - 1))
                .append(".\n\n");
        if (r.monthsElapsed() > 0 && r.monthsWithScopedData() == 0) {
            md.append("No values of ").append(code(r.scope())).append(" in these months yet: inside and before stay"
                    + " empty until kpi-calculator publishes values of the scope.\n\n");
        }
        md.append("| KPI | inside / 対象 | outside / 対象外 | inside − outside | before / 開始前 | inside − before |\n");
        md.append("|---|---:|---:|---|---:|---|\n");
        for (PilotReport.KpiResult k : r.kpis()) {
            md.append("| ").append(escape(k.labels().get("ja"))).append(" / ").append(escape(k.labels().get("en")))
                    .append(" ").append(code(k.kpi())).append(k.lowerIsBetter() ? " (lower is better)" : "")
                    .append(" | ").append(part(k.inside())).append(" | ").append(part(k.outside())).append(" | ")
                    .append(num(k.insideMinusOutside())).append(" ").append(k.versusOutside()).append(" | ")
                    .append(part(k.before())).append(" | ").append(num(k.insideMinusBefore())).append(" ")
                    .append(k.versusBefore()).append(" |\n");
        }
        boolean any = r.kpis().stream().anyMatch(k -> !k.insights().isEmpty());
        if (any) {
            md.append("\n## Insights / インサイト\n");
            for (PilotReport.KpiResult k : r.kpis()) {
                if (k.insights().isEmpty()) {
                    continue;
                }
                md.append("\n### ").append(escape(k.labels().get("en"))).append(" (").append(k.insightsTotal())
                        .append(")\n\n");
                for (PilotReport.PilotInsight i : k.insights()) {
                    md.append("- ").append(escape(i.text())).append(" — ").append(code(i.teamId())).append(", ")
                            .append(i.occurredAt()).append("\n");
                }
            }
        }
        return md.toString();
    }

    private static String part(PilotReport.Part p) {
        if (p.denominator().signum() == 0) {
            return num(p.value());
        }
        return num(p.value()) + " (" + num(p.numerator()) + "/" + num(p.denominator()) + ")";
    }

    private static String num(BigDecimal d) {
        return d == null ? "—" : d.stripTrailingZeros().toPlainString();
    }
}
