package dev.northstar.reporting.report;

import dev.northstar.reporting.report.Report.TagTrend;
import dev.northstar.reporting.report.StrategyBrief.Figure;
import dev.northstar.reporting.repository.InsightReadRepository.Insight;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A strategy brief as Markdown for the meeting's agenda: the same content as the JSON, in the same order. Every
 * text that came from events, insights or the catalogue goes through {@link #escape} (or {@link #code}), so that
 * whatever a CRM user typed reaches the reader as the text it was: no HTML, no links or images, no code, no
 * emphasis, no line of its own and no extra table column.
 */
public final class BriefMarkdown {

    /** Line and paragraph breaks, tabs and other control characters: each run becomes one space. */
    private static final Pattern BREAKS = Pattern.compile("[\\s\\p{Cc}\\p{Zl}\\p{Zp}]+");
    /** A leading "1. ": an ordered list where the text opens a list item. */
    private static final Pattern ORDERED = Pattern.compile("\\d{1,9}\\.(?: |$)");
    /** What can stand in a code span as it is: the characters of CRM ids (defs.schema.json#/$defs/id). */
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9._:@-]+");
    /** A grain or period label (month, 2026-10, 2026-W43), which needs no escape in running text. */
    private static final Pattern LABEL = Pattern.compile("[0-9A-Za-z][0-9A-Za-z-]*");
    /** What opens code, emphasis, links, images, strikethrough, headings, lists and table cells. */
    private static final String SPECIALS = "\\`*_{}[]()#+-!|~";

    private BriefMarkdown() {
    }

    /** The brief as a Markdown document. */
    public static String render(StrategyBrief b) {
        StringBuilder md = new StringBuilder();
        md.append("# Strategy brief / 戦略会議ブリーフ: ").append(escape(b.teamName() == null ? b.teamId() : b.teamName()))
                .append(" — ").append(label(b.period())).append("\n\n");
        md.append("Team ").append(code(b.teamId())).append(b.kind() == null ? "" : " (" + escape(b.kind()) + ")")
                .append(", ").append(label(b.grain())).append(' ').append(label(b.period())).append(" against ")
                .append(label(b.previousPeriod())).append(".\n\n");
        lastMeeting(md, b.lastMeeting());
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
            md.append("| # | action | 施策 | owner | why | rule |\n|---|---|---|---|---|---|\n");
            int i = 1;
            for (StrategyBrief.Action a : b.actions()) {
                md.append("| ").append(i++).append(" | ").append(escape(a.action())).append(" | ")
                        .append(escape(a.actionJa())).append(" | ")
                        .append(escape(a.owner())).append(" | ").append(escape(a.evidence())).append(" | ")
                        .append(code(a.rule())).append(" |\n");
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static void lastMeeting(StringBuilder md, StrategyBrief.LastMeeting last) {
        if (last == null || last.decisions().isEmpty()) {
            return;
        }
        md.append("## 0. Decisions of the last meeting / 前回の決定事項 (").append(label(last.period())).append(")\n\n");
        md.append("| decision | owner | due | status | KPI | then | now |\n|---|---|---|---|---|---:|---:|\n");
        for (StrategyBrief.Outcome o : last.decisions()) {
            Decision d = o.decision();
            Figure f = o.kpi();
            md.append("| ").append(escape(d.what())).append(" | ").append(escape(d.owner()))
                    .append(d.ownerSide() == null ? "" : " (" + escape(d.ownerSide()) + ")").append(" | ")
                    .append(d.due()).append(" | ").append(escape(d.status())).append(o.overdue() ? " (overdue)" : "")
                    .append(" | ").append(f == null ? "" : escape(f.labels().get("ja")) + " / " + escape(f.labels().get("en")))
                    .append(" | ").append(f == null ? "" : Figures.format(f.previous(), f.unit())).append(" | ")
                    .append(f == null ? "" : Figures.format(f.value(), f.unit())).append(" |\n");
        }
        md.append('\n');
    }

    private static void tags(StringBuilder md, List<TagTrend> tags) {
        md.append("| tag | this period | previous | change |\n|---|---:|---:|---:|\n");
        for (TagTrend t : tags) {
            md.append("| ").append(escape(t.tag())).append(" | ").append(t.count()).append(" | ").append(t.previous())
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
                    .append(String.join(", ", i.tags().stream().map(BriefMarkdown::escape).toList())).append(" (")
                    .append(i.occurredAt()).append(")\n");
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
            md.append("| ").append(escape(f.labels().get("ja"))).append(" / ").append(escape(f.labels().get("en")))
                    .append(" | ").append(Figures.format(f.value(), f.unit())).append(" | ");
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

    /**
     * Text from users stays text, on one line and in one table cell. Line breaks, tabs and other control characters
     * become one space (a line of its own could open a heading, a list or a block). {@code < > &} become character
     * references rather than backslash escapes: every Markdown renderer decodes those to the literal character,
     * while some (Markdown.pl, Python-Markdown) do not take {@code \<} as an escape and would pass the tag through.
     * The characters that open code, emphasis, links, images, strikethrough, headings, lists and table cells are
     * backslash-escaped ({@code \|} keeps a pipe inside its GFM cell), and so is the dot of a leading "1. ", which
     * would start an ordered list at the start of a list item.
     */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        String flat = BREAKS.matcher(text).replaceAll(" ").strip();
        StringBuilder out = new StringBuilder(flat.length() + 16);
        int listDot = ORDERED.matcher(flat).lookingAt() ? flat.indexOf('.') : -1;
        for (int i = 0; i < flat.length(); i++) {
            char c = flat.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                default -> {
                    if (SPECIALS.indexOf(c) >= 0 || i == listDot) {
                        out.append('\\');
                    }
                    out.append(c);
                }
            }
        }
        return out.toString();
    }

    /**
     * An identifier as a code span when it is one that cannot leave the span (letters, digits and the punctuation of
     * CRM ids, as the event schema allows); anything else, say a backtick that would close the span early, as
     * escaped text.
     */
    public static String code(String id) {
        return id != null && IDENTIFIER.matcher(id).matches() ? "`" + id + "`" : escape(id);
    }

    /** A grain or period label as it is; anything else escaped. */
    static String label(String text) {
        return text != null && LABEL.matcher(text).matches() ? text : escape(text);
    }
}
