package dev.northstar.reporting.report;

import dev.northstar.events.Grain;
import dev.northstar.reporting.repository.InsightReadRepository.Group;
import dev.northstar.reporting.repository.InsightReadRepository.TagCount;
import dev.northstar.reporting.repository.TeamRepository.Team;
import dev.northstar.reporting.scorecard.Scorecard.Line;
import dev.northstar.reporting.scorecard.Scorecard;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a report, a strategy brief and an integration level read about one team in one period: its
 * scorecard (values, previous period, targets), its insights grouped by KPI link and by tag, the tag counts
 * against the previous period, and how many deals have a recorded loss reason.
 *
 * @param start the instant the period starts in the tenant's zone
 * @param end the instant the next period starts
 */
public record TeamPeriod(Team team, Grain grain, String period, String previousPeriod, Instant start, Instant end,
        Scorecard scorecard, Map<String, Group> insightsByKpi, Map<String, Group> insightsByTag, List<TagCount> tags,
        long dealsWithLossReason) {

    /** The scorecard line of a KPI. */
    public Optional<Line> line(String kpi) {
        return scorecard.groups().stream().flatMap(g -> g.kpis().stream()).filter(l -> l.kpi().equals(kpi))
                .findFirst();
    }

    /** A KPI's value in the period, empty when it has none. */
    public Optional<BigDecimal> value(String kpi) {
        return line(kpi).map(Line::value);
    }

    /** Every line of the scorecard, in catalogue order. */
    public List<Line> lines() {
        return scorecard.groups().stream().flatMap(g -> g.kpis().stream()).toList();
    }

    /** The insights with this tag (empty group when none). */
    public Group tagged(String tag) {
        return insightsByTag.getOrDefault(tag, new Group(0, List.of()));
    }

    /** A tag's count now and in the previous period. */
    public TagCount tagCount(String tag) {
        return tags.stream().filter(t -> t.tag().equals(tag)).findFirst().orElse(new TagCount(tag, 0, 0));
    }
}
