package dev.northstar.reporting.console;

import io.quarkus.qute.TemplateData;
import java.util.List;

/** What the console's templates show: prepared in Java (formatted for the reader), escaped by Qute. */
public final class Views {

    private Views() {
    }

    /** A number as shown ({@code text}) and as the API has it ({@code raw}, for data attributes). */
    @TemplateData
    public record Num(String raw, String text) {
        public static final Num NONE = new Num("", "—");

        public boolean present() {
            return !raw.isEmpty();
        }
    }

    /** An option of a select. */
    @TemplateData
    public record Option(String value, String text, boolean selected) {
    }

    /** A KPI column or row heading. */
    @TemplateData
    public record KpiHead(String kpi, String label, String formula, String unit) {
    }

    /** The integration level badge (0: not diagnosed for this grain). */
    @TemplateData
    public record Badge(int level, String name) {
    }

    /** A team as the navigation and tables name it. */
    @TemplateData
    public record TeamRef(String teamId, String name, String kind) {
        public String display() {
            return name == null || name.isBlank() ? teamId : name;
        }
    }

    // ---- overview

    @TemplateData
    public record OverviewView(String grain, String period, String periodText, String previousText, String set,
            List<Option> grains, List<Option> periods, List<KpiHead> heads, List<OverviewRow> rows, boolean empty) {
    }

    @TemplateData
    public record OverviewRow(TeamRef team, Badge level, List<OverviewCell> cells) {
    }

    /** A team's KPI in the overview: value, change, attainment and a sparkline of the last periods. */
    @TemplateData
    public record OverviewCell(String kpi, Num value, String change, String direction, Num attainment,
            String sparkPoints, int sparkCount, String ratio) {
    }

    // ---- team

    @TemplateData
    public record TeamView(TeamRef team, String grain, String period, String periodText, String previousText,
            List<Option> grains, List<Option> periods, Badge level, List<GroupView> groups, List<TrendView> trends,
            String range) {
    }

    @TemplateData
    public record GroupView(String title, List<LineView> lines) {
    }

    @TemplateData
    public record LineView(KpiHead head, Num value, String ratio, Num previous, String change, String direction,
            Num target, Num attainment, long insightCount, List<InsightView> insights, String hint) {
    }

    @TemplateData
    public record InsightView(String id, String teamId, String teamName, String text, List<String> tags, String when) {
    }

    /** A chart: its kind and its data as JSON (in a data attribute, escaped like any text). */
    @TemplateData
    public record TrendView(String kpi, String label, String json) {
    }

    // ---- comparison

    @TemplateData
    public record ComparisonView(String grain, String period, String periodText, String selected, List<Option> grains,
            List<Option> periods, List<Option> kpiOptions, List<KpiHead> heads, List<ComparisonRow> rows,
            List<TrendView> charts, String csvLink, boolean hiddenPools) {
    }

    @TemplateData
    public record ComparisonRow(String kind, TeamRef team, boolean pooled, List<KpiNum> values) {
    }

    @TemplateData
    public record KpiNum(String kpi, Num num) {
    }

    // ---- brief

    @TemplateData
    public record BriefView(TeamRef team, String grain, String period, String periodText, String previousText,
            List<Option> grains, List<Option> periods, LastMeetingView last, List<TagRow> marketTags,
            List<InsightView> marketInsights, List<FigureView> customerKpis, List<TagRow> customerTags,
            List<InsightView> customerInsights, List<FigureView> gains, List<FigureView> falls,
            List<FigureView> missed, List<FigureView> met, List<ActionView> actions, List<DecisionView> decisions,
            List<KpiHead> kpis, String markdownLink, String today) {
    }

    @TemplateData
    public record LastMeetingView(String periodText, List<OutcomeView> outcomes) {
    }

    @TemplateData
    public record OutcomeView(DecisionView decision, boolean overdue, String kpiLabel, Num then, Num now,
            String direction) {
    }

    @TemplateData
    public record DecisionView(String id, String what, String owner, String side, String due, String kpi,
            String kpiLabel, String status) {
    }

    @TemplateData
    public record TagRow(String tag, long count, long previous, String change, String direction) {
    }

    @TemplateData
    public record FigureView(String kpi, String label, Num value, Num previous, String change, String direction,
            Num target, Num attainment) {
    }

    @TemplateData
    public record ActionView(String rule, String kpiLabel, String owner, String text, String other, String evidence) {
    }

    // ---- level

    @TemplateData
    public record LevelView(TeamRef team, String period, String periodText, List<Option> periods, int level,
            String levelName, int dataLevel, Integer selfLevel, String basis, List<SignalView> signals,
            NextView next, AnswersView answers) {
    }

    @TemplateData
    public record SignalView(String id, String name, String status, Num observed, Num threshold, int neededForLevel,
            String evidence) {
    }

    @TemplateData
    public record NextView(int level, String name, List<String> steps) {
    }

    @TemplateData
    public record AnswersView(boolean answered, boolean meetingBeyondNumbers, boolean explainsVision,
            boolean analysesFailuresTogether, boolean proposesImprovements, String note, String answeredAt) {
    }

    // ---- insights

    @TemplateData
    public record InsightsView(String q, String tag, String team, List<Option> teams, List<Option> tags,
            List<InsightView> items, String olderLink, String newestLink, String chartJson, int months,
            String error) {
    }

    // ---- targets

    @TemplateData
    public record TargetsView(TeamRef team, String grain, String from, List<Option> grains, List<String> periods,
            List<String> periodTexts, List<TargetRow> rows, String previousLink, String nextLink) {
    }

    @TemplateData
    public record TargetRow(KpiHead head, List<TargetCell> cells) {
    }

    @TemplateData
    public record TargetCell(String period, String raw, Num actual) {
    }
}
