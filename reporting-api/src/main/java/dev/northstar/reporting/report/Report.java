package dev.northstar.reporting.report;

import dev.northstar.reporting.repository.InsightReadRepository.Group;
import dev.northstar.reporting.repository.InsightReadRepository.Insight;
import dev.northstar.reporting.repository.InsightReadRepository.TagCount;
import dev.northstar.reporting.scorecard.Scorecard.Line;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A team's period with the numbers and their reasons side by side: each KPI as in the scorecard, with the insights
 * linked to it in the period (the newest, and how many there are), and every tag's count against the previous
 * period.
 */
public record Report(String teamId, String teamName, String kind, String grain, String period, String previousPeriod,
        List<Entry> kpis, List<TagTrend> tags) {

    /** One KPI with the insights that explain it. */
    public record Entry(String kpi, Map<String, String> labels, String axis, String generation, String unit,
            BigDecimal value, BigDecimal numerator, BigDecimal denominator, BigDecimal previous, BigDecimal change,
            BigDecimal changeRate, BigDecimal target, BigDecimal attainment, long insightCount,
            List<Insight> insights) {
    }

    /** A tag's count in the period, in the previous one, and the change. */
    public record TagTrend(String tag, long count, long previous, long change) {

        static TagTrend of(TagCount c) {
            return new TagTrend(c.tag(), c.count(), c.previous(), c.count() - c.previous());
        }
    }

    /** The report of a loaded period. */
    public static Report of(TeamPeriod p) {
        List<Entry> entries = new ArrayList<>();
        p.scorecard().groups().forEach(group -> {
            for (Line l : group.kpis()) {
                Group linked = p.insightsByKpi().getOrDefault(l.kpi(), new Group(0, List.of()));
                entries.add(new Entry(l.kpi(), l.labels(), group.axis(), group.generation(), l.unit(), l.value(),
                        l.numerator(), l.denominator(), l.previous(), l.change(), l.changeRate(), l.target(),
                        l.attainment(), linked.total(), linked.newest()));
            }
        });
        return new Report(p.team().teamId(), p.team().name(), p.team().kind(), p.grain().wireName(), p.period(),
                p.previousPeriod(), entries, p.tags().stream().map(TagTrend::of).toList());
    }
}
