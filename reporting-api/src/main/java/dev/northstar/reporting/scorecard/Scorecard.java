package dev.northstar.reporting.scorecard;

import dev.northstar.events.Grain;
import dev.northstar.events.KpiCatalog;
import dev.northstar.reporting.repository.ScorecardRepository.Cell;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A team's scorecard for one period: every KPI of the catalogue with its value, numerator and denominator, the
 * previous period's value, the change, the target and the attainment, grouped by axis and generation. Built from the
 * stored cells of the two periods and the targets; what the scorecard endpoint, the combined report and the strategy
 * brief all show.
 */
public record Scorecard(String teamId, String grain, String period, String previousPeriod, List<Group> groups) {

    /** One KPI of a scorecard. */
    public record Line(String kpi, Map<String, String> labels, String unit, BigDecimal value, BigDecimal numerator,
            BigDecimal denominator, BigDecimal previous, BigDecimal change, BigDecimal changeRate, BigDecimal target,
            BigDecimal attainment) {
    }

    /** The KPIs of one axis and generation. */
    public record Group(String axis, String generation, List<Line> kpis) {
    }

    public static Scorecard build(String teamId, Grain grain, String period, String previous,
            Map<String, Map<String, Cell>> values, Map<String, BigDecimal> targets) {
        Map<String, List<Line>> groups = new LinkedHashMap<>();
        for (KpiCatalog.Kpi k : KpiCatalog.all()) {
            Cell now = values.getOrDefault(period, Map.of()).get(k.id());
            Cell before = values.getOrDefault(previous, Map.of()).get(k.id());
            BigDecimal value = now == null ? null : now.value();
            BigDecimal prev = before == null ? null : before.value();
            BigDecimal change = value != null && prev != null ? value.subtract(prev) : null;
            BigDecimal rate = change != null && prev.signum() != 0
                    ? change.divide(prev.abs(), 6, RoundingMode.HALF_EVEN) : null;
            BigDecimal target = targets.get(k.id());
            BigDecimal attainment = value != null && target != null && target.signum() > 0
                    ? value.divide(target, 6, RoundingMode.HALF_EVEN) : null;
            if (k.lowerIsBetter()) {
                // a ceiling (a budget): attained in full at or below it, target ÷ value above it
                attainment = value == null || target == null || target.signum() <= 0 ? null
                        : value.compareTo(target) <= 0 ? BigDecimal.ONE.setScale(6)
                        : target.divide(value, 6, RoundingMode.HALF_EVEN);
            }
            groups.computeIfAbsent(k.axis().name().toLowerCase(Locale.ROOT) + "/"
                    + k.generation().name().toLowerCase(Locale.ROOT), g -> new ArrayList<>())
                    .add(new Line(k.id(), Map.of("ja", k.ja(), "en", k.en()), k.unit().name().toLowerCase(Locale.ROOT),
                            value, now == null ? null : now.numerator(), now == null ? null : now.denominator(), prev,
                            change, rate, target, attainment));
        }
        List<Group> out = new ArrayList<>();
        groups.forEach((key, lines) -> out.add(new Group(key.split("/")[0], key.split("/")[1], lines)));
        return new Scorecard(teamId, grain.wireName(), period, previous, out);
    }

}
