package dev.northstar.reporting.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.northstar.reporting.MarkdownText;
import dev.northstar.reporting.report.Report.TagTrend;
import dev.northstar.reporting.report.StrategyBrief.Action;
import dev.northstar.reporting.report.StrategyBrief.CustomerSection;
import dev.northstar.reporting.report.StrategyBrief.Figure;
import dev.northstar.reporting.report.StrategyBrief.Section;
import dev.northstar.reporting.report.StrategyBrief.Tactics;
import dev.northstar.reporting.repository.InsightReadRepository.Insight;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Markdown brief with hostile text in every field that comes from events, insights or the catalogue: the
 * document keeps its shape (its headings, its tables' columns, its code spans) and the text comes through escaped,
 * readable, and not dropped.
 */
class BriefMarkdownTest {

    /** A bit of everything a Markdown or HTML reader would act on. */
    static final String HOSTILE = "Evil | co\n# Heading\r\n`tick` <script>alert(1)</script> [x](javascript:alert(1))"
            + " ![i](x) *b* _i_ ~~s~~ &lt; <img src=x onerror=alert(1)>|\u2028> quote\ttab";
    /** {@link #HOSTILE} on one line, as the reader should see it. */
    static final String FLAT = "Evil | co # Heading `tick` <script>alert(1)</script> [x](javascript:alert(1))"
            + " ![i](x) *b* _i_ ~~s~~ &lt; <img src=x onerror=alert(1)>| > quote tab";
    private static final String SPECIALS = "\\`*_{}[]()#+-!|~";

    private static StrategyBrief brief(String teamId, String text) {
        return brief(teamId, text, text);
    }

    private static StrategyBrief brief(String teamId, String text, String insightText) {
        Insight insight = new Insight("i1", null, null, insightText,
                List.of("competitor", text, "<img src=x onerror=alert(1)>|"), List.of("win_rate"), null,
                Instant.parse("2026-10-05T01:00:00Z"));
        Figure figure = new Figure("nps", Map.of("ja", text, "en", text), "score", new BigDecimal("-20"),
                new BigDecimal("10"), new BigDecimal("-30"), new BigDecimal("-3"), new BigDecimal("5"), null);
        List<TagTrend> tags = List.of(new TagTrend(text, 2, 1, 1), new TagTrend("competitor", 1, 0, 1));
        Decision decided = new Decision("d1", teamId, "month", "2026-09", text, text, "joint",
                java.time.LocalDate.parse("2026-10-15"), "nps", text, text, text, Instant.parse("2026-09-30T01:00:00Z"),
                Instant.parse("2026-09-30T01:00:00Z"));
        return new StrategyBrief(teamId, text, text, "month", "2026-10", "2026-09",
                new StrategyBrief.LastMeeting("2026-09", List.of(new StrategyBrief.Outcome(decided, true, figure))),
                new Section(tags, List.of(insight)), new CustomerSection(tags, List.of(insight), List.of(figure)),
                new Tactics(List.of(figure), List.of(figure), List.of(figure), List.of(figure)),
                List.of(new Action("competitor-pressure", "win_rate", text, text, text, "latest: 「" + text + "」"),
                        new Action(text, "nps", "team", "Close the gap.", "目標との差を埋める。", text)));
    }

    @Test
    void textFromUsersCannotAddMarkupOrBreakTheDocument() {
        String md = BriefMarkdown.render(brief("partner-b", HOSTILE));

        // no raw HTML at all: < and > only as character references
        assertFalse(md.contains("<"), md);
        assertFalse(md.contains(">"), md);
        // the text's line breaks did not open lines of their own: the headings are the brief's ten
        List<String> lines = md.lines().toList();
        assertEquals(10, lines.stream().filter(l -> l.startsWith("#")).count(), md);
        for (String line : lines) {
            assertTrue(line.isEmpty() || line.startsWith("#") || line.startsWith("| ") || line.startsWith("|---")
                    || line.startsWith("- ") || line.startsWith("_") || line.startsWith("Team "), () -> line);
        }
        // every row of every table has the columns of its header
        assertEquals(9, MarkdownText.assertTablesKeepTheirColumns(md), md);
        // the only code spans are the brief's own: the team id and the first action's rule (the second's is text)
        assertEquals(4, MarkdownText.unescaped(md, '`'), md);
        assertTrue(md.contains("Team `partner-b` ("), md);
        assertTrue(md.contains(" | `competitor-pressure` |\n"), md);

        // the text is all there, escaped: it reads back as it was (on one line), with nothing left unescaped
        String escaped = BriefMarkdown.escape(HOSTILE);
        assertEquals(FLAT, MarkdownText.unescape(escaped));
        assertEquals(0, SPECIALS.chars().map(c -> MarkdownText.unescaped(escaped, (char) c)).sum(), escaped);
        assertEquals("# Strategy brief / 戦略会議ブリーフ: " + escaped + " — 2026-10", lines.get(0));
        assertTrue(md.contains("Team `partner-b` (" + escaped + "), month 2026-10 against 2026-09.\n"), md);
        assertTrue(md.contains("| " + escaped + " / " + escaped + " | -20 | 10 | -300.0% |\n"), md);
        assertTrue(md.contains("| " + escaped + " | 2 | 1 | +1 |\n"), md);
        assertTrue(md.contains("- " + escaped + " — competitor, " + escaped
                + ", &lt;img src=x onerror=alert\\(1\\)&gt;\\| (2026-10-05T01:00:00Z)\n"), md);
        assertTrue(md.contains("| 1 | " + escaped + " | " + escaped + " | " + escaped + " | latest: 「" + escaped
                + "」 | `competitor-pressure` |\n"), md);
        assertTrue(md.contains("| 2 | Close the gap. | 目標との差を埋める。 | team | " + escaped + " | " + escaped + " |\n"),
                md);
        // the last meeting's decision: every text escaped, its KPI then and now
        assertTrue(md.contains("| " + escaped + " | " + escaped + " (joint) | 2026-10-15 | " + escaped + " (overdue) | "
                + escaped + " / " + escaped + " | 10 | -20 |\n"), md);
        // the example of the issue, exactly
        assertEquals("&lt;img src=x onerror=alert\\(1\\)&gt;\\|",
                BriefMarkdown.escape("<img src=x onerror=alert(1)>|"));
    }

    @Test
    void anIdThatCouldLeaveItsCodeSpanIsWrittenAsEscapedText() {
        String md = BriefMarkdown.render(brief("a`b<i>|c", "x"));
        assertTrue(md.contains("Team a\\`b&lt;i&gt;\\|c (x), month 2026-10 against 2026-09.\n"), md);
        assertEquals("`loss-reasons-missing`", BriefMarkdown.code("loss-reasons-missing"));
        assertEquals("\\`\\` x", BriefMarkdown.code("`` x"));
        assertEquals("2026-W43", BriefMarkdown.label("2026-W43"));
        assertEquals("2026\\-10 &lt;b&gt;", BriefMarkdown.label("2026-10 <b>"));
    }

    @Test
    void aLeadingNumberedItemDoesNotOpenAList() {
        assertEquals("1\\. first", BriefMarkdown.escape("1. first"));
        assertEquals("1.5 points up", BriefMarkdown.escape("1.5 points up"));
        assertEquals("25.0% against", BriefMarkdown.escape("25.0% against"));
        assertEquals("", BriefMarkdown.escape(null));
    }

    @Test
    void insightsAreShortenedWithoutSplittingACharacter() {
        // 280 characters at most: 279 and the ellipsis; the 279th is 🍣, whose second half is the 280th UTF-16 unit
        String text = "x".repeat(278) + "🍣".repeat(5);
        String md = BriefMarkdown.render(brief("partner-b", "y", text));
        assertTrue(md.contains("\n- " + "x".repeat(278) + "🍣… — competitor, y, "), md);
    }
}
