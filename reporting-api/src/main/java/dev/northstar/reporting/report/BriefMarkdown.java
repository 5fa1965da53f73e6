package dev.northstar.reporting.report;

import dev.northstar.reporting.report.Report.TagTrend;
import dev.northstar.reporting.report.StrategyBrief.Figure;
import dev.northstar.reporting.repository.InsightReadRepository.Insight;
import java.util.List;

/** A strategy brief as Markdown for the meeting's agenda: the same content as the JSON, in the same order. */
public final class BriefMarkdown {

    private BriefMarkdown() {
    }

    /** The brief as a Markdown document. */
    public static String render(StrategyBrief b) {
        StringBuilder md = new StringBuilder();
        md.append("# Strategy brief / 戦略会議ブリーフ: ").append(escape(b.teamName() == null ? b.teamId() : b.teamName()))
                .append(" — ").append(b.period()).append("\n\n");
        md.append("Team `").append(b.teamId()).append('`').append(b.kind() == null ? "" : " (" + b.kind() + ")")
                .append(", ").append(b.grain()).append(' ').append(b.period()).append(" against ")
                .append(b.previousPeriod()).append(".\n\n");
        md.append("## 1. Market and competitor moves / 市場・競合の動き\n\n");
        tags(md, b.market().tags());
        insights(md, b.market().insights());
        md.append("## 2. Customer insight / 顧客インサイト\n\n");
        figures(md, b.customers().kpis(), false);
        tags(md, b.customers().tags());
        insights(md, b.customers().insights());
        md.append("## 3. Review of tactics / 施策の振り返り\n\n");
        md.append("### Largest gains\n\n");
        figures(md, b.tactics().gains(), false);
        md.append("### Largest falls\n\n");
        figures(md, b.tactics().falls(), false);
        md.append("### Targets missed\n\n");
        figures(md, b.tactics().targetsMissed(), true);
        md.append("### Targets met\n\n");
        figures(md, b.tactics().targetsMet(), true);
        md.append("## 4. Proposed actions / 決定事項（案）\n\n");
        if (b.actions().isEmpty()) {
            md.append("No rule raised an action this period.\n\n");
        } else {
            md.append("| # | action | owner | why | rule |\n|---|---|---|---|---|\n");
            int i = 1;
            for (StrategyBrief.Action a : b.actions()) {
                md.append("| ").append(i++).append(" | ").append(cell(a.action())).append(" | ").append(a.owner())
                        .append(" | ").append(cell(a.evidence())).append(" | `").append(a.rule()).append("` |\n");
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static void tags(StringBuilder md, List<TagTrend> tags) {
        md.append("| tag | this period | previous | change |\n|---|---:|---:|---:|\n");
        for (TagTrend t : tags) {
            md.append("| ").append(t.tag()).append(" | ").append(t.count()).append(" | ").append(t.previous())
                    .append(" | ").append(t.change() > 0 ? "+" : "").append(t.change()).append(" |\n");
        }
        md.append('\n');
    }

    private static void insights(StringBuilder md, List<Insight> insights) {
        if (insights.isEmpty()) {
            md.append("_No insights recorded._\n\n");
            return;
        }
        for (Insight i : insights) {
            md.append("- ").append(escape(Figures.shorten(i.text(), 280))).append(" — ")
                    .append(String.join(", ", i.tags())).append(" (").append(i.occurredAt()).append(")\n");
        }
        md.append('\n');
    }

    private static void figures(StringBuilder md, List<Figure> figures, boolean targets) {
        if (figures.isEmpty()) {
            md.append("_None._\n\n");
            return;
        }
        md.append(targets ? "| KPI | value | target | attainment |\n|---|---:|---:|---:|\n"
                : "| KPI | value | previous | change |\n|---|---:|---:|---:|\n");
        for (Figure f : figures) {
            md.append("| ").append(f.labels().get("ja")).append(" / ").append(f.labels().get("en")).append(" | ")
                    .append(Figures.format(f.value(), f.unit())).append(" | ");
            if (targets) {
                md.append(Figures.format(f.target(), f.unit())).append(" | ").append(Figures.percent(f.attainment()));
            } else {
                md.append(Figures.format(f.previous(), f.unit())).append(" | ")
                        .append(f.changeRate() == null ? Figures.plain(f.change()) : Figures.percent(f.changeRate()));
            }
            md.append(" |\n");
        }
        md.append('\n');
    }

    private static String cell(String text) {
        return escape(text);
    }

    /** Text from users stays text: Markdown and HTML control characters are escaped, lines are joined. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.replaceAll("[\\r\\n]+", " ").toCharArray()) {
            if ("\\`*_{}[]<>()#+-!|~".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
