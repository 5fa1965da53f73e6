package dev.northstar.reporting.scorecard;

import dev.northstar.events.Grain;
import dev.northstar.events.KpiCatalog;
import dev.northstar.reporting.repository.ScorecardRepository.Cell;
import dev.northstar.reporting.repository.TeamRepository;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Teams side by side on every KPI in one period, with partners and the in-house team pooled by kind: a pooled ratio
 * divides the summed numerators by the summed denominators (not an average of rates).
 */
public record Comparison(String grain, String period, List<Team> teams, List<Row> kpis) {

    /** A team's or a kind's cell. */
    public record Entry(BigDecimal value, BigDecimal numerator, BigDecimal denominator) {
    }

    /** One KPI across the teams, and pooled by kind ({@code partner}, {@code in_house}). */
    public record Row(String kpi, Map<String, String> labels, String axis, String generation, String unit,
            Map<String, Entry> teams, Map<String, Entry> byKind) {
    }

    /** A team of the comparison. */
    public record Team(String teamId, String name, String kind) {
    }

    public static Comparison build(Grain grain, String period, List<TeamRepository.Team> chosen,
            Map<String, Map<String, Cell>> cells) {
        List<Row> rows = new ArrayList<>();
        for (KpiCatalog.Kpi k : KpiCatalog.all()) {
            Map<String, Entry> perTeam = new LinkedHashMap<>();
            Map<String, BigDecimal[]> pooled = new LinkedHashMap<>();
            for (TeamRepository.Team t : chosen) {
                Cell c = cells.getOrDefault(t.teamId(), Map.of()).get(k.id());
                perTeam.put(t.teamId(), c == null ? null : new Entry(c.value(), c.numerator(), c.denominator()));
                if (c != null && t.kind() != null) {
                    BigDecimal[] sum = pooled.computeIfAbsent(t.kind(), x -> new BigDecimal[] {BigDecimal.ZERO,
                        BigDecimal.ZERO});
                    sum[0] = sum[0].add(c.numerator() == null ? BigDecimal.ZERO : c.numerator());
                    sum[1] = sum[1].add(c.denominator() == null ? BigDecimal.ZERO : c.denominator());
                }
            }
            Map<String, Entry> byKind = new LinkedHashMap<>();
            pooled.forEach((kind, sum) -> byKind.put(kind, new Entry(k.value(sum[0], sum[1]), sum[0],
                    k.ratio() ? sum[1] : null)));
            rows.add(new Row(k.id(), Map.of("ja", k.ja(), "en", k.en()), k.axis().name().toLowerCase(Locale.ROOT),
                    k.generation().name().toLowerCase(Locale.ROOT), k.unit().name().toLowerCase(Locale.ROOT), perTeam,
                    byKind));
        }
        return new Comparison(grain.wireName(), period, chosen.stream().map(t -> new Team(t.teamId(), t.name(),
                t.kind())).toList(), rows);
    }
}
