package dev.northstar.reporting.scorecard;

import dev.northstar.common.TeamScope;
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
 *
 * <p>For a token limited to some teams, a pool is shown only where it cannot be turned into another team's numbers:
 * when at least {@link #MIN_OTHER_TEAMS} teams outside the token's teams contribute to it (a pool of the reader's team
 * and one other, minus the reader's own, would be that other team's figures).
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

    /** The fewest teams outside a limited token's teams that a pool it is shown must hold. */
    public static final int MIN_OTHER_TEAMS = 2;

    /** The chosen teams side by side, pooled by kind over themselves. */
    public static Comparison build(Grain grain, String period, List<TeamRepository.Team> chosen,
            Map<String, Map<String, Cell>> cells) {
        return build(grain, period, chosen, chosen, cells, TeamScope.all());
    }

    /**
     * The {@code shown} teams side by side, pooled by kind over the {@code pooled} teams; for a limited {@code scope},
     * a kind's pool of a KPI only when at least {@link #MIN_OTHER_TEAMS} teams outside the scope contribute to it
     * (absent otherwise).
     */
    public static Comparison build(Grain grain, String period, List<TeamRepository.Team> shown,
            List<TeamRepository.Team> pooled, Map<String, Map<String, Cell>> cells, TeamScope scope) {
        List<Row> rows = new ArrayList<>();
        for (KpiCatalog.Kpi k : KpiCatalog.all()) {
            Map<String, Entry> perTeam = new LinkedHashMap<>();
            for (TeamRepository.Team t : shown) {
                Cell c = cells.getOrDefault(t.teamId(), Map.of()).get(k.id());
                perTeam.put(t.teamId(), c == null ? null : new Entry(c.value(), c.numerator(), c.denominator()));
            }
            Map<String, BigDecimal[]> sums = new LinkedHashMap<>();
            Map<String, Integer> others = new LinkedHashMap<>();
            for (TeamRepository.Team t : pooled) {
                Cell c = cells.getOrDefault(t.teamId(), Map.of()).get(k.id());
                if (c != null && t.kind() != null) {
                    BigDecimal[] sum = sums.computeIfAbsent(t.kind(), x -> new BigDecimal[] {BigDecimal.ZERO,
                        BigDecimal.ZERO});
                    sum[0] = sum[0].add(c.numerator() == null ? BigDecimal.ZERO : c.numerator());
                    sum[1] = sum[1].add(c.denominator() == null ? BigDecimal.ZERO : c.denominator());
                    others.merge(t.kind(), scope.allows(t.teamId()) ? 0 : 1, Integer::sum);
                }
            }
            Map<String, Entry> byKind = new LinkedHashMap<>();
            sums.forEach((kind, sum) -> {
                // a cost pooled over other teams is the business case's, which a limited token is refused
                if (!scope.limited() || others.get(kind) >= MIN_OTHER_TEAMS && !KpiCatalog.isCost(k.id())) {
                    byKind.put(kind, new Entry(k.value(sum[0], sum[1]), sum[0], k.ratio() ? sum[1] : null));
                }
            });
            rows.add(new Row(k.id(), Map.of("ja", k.ja(), "en", k.en()), k.axis().name().toLowerCase(Locale.ROOT),
                    k.generation().name().toLowerCase(Locale.ROOT), k.unit().name().toLowerCase(Locale.ROOT), perTeam,
                    byKind));
        }
        return new Comparison(grain.wireName(), period, shown.stream().map(t -> new Team(t.teamId(), t.name(),
                t.kind())).toList(), rows);
    }
}
