package dev.northstar.reporting.pilot;

import dev.northstar.events.KpiCatalog;
import dev.northstar.reporting.repository.InsightReadRepository.TeamGroup;
import dev.northstar.reporting.repository.KpiValueRepository.MonthSum;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A pilot's report (docs/kpi-definitions.md, "Pilots"): per judged KPI, the pilot's teams pooled over its months so
 * far (month cells; numerators and denominators summed over teams and months) — {@code inside} the pilot's scope,
 * {@code outside} it (overall minus inside, part by part) and {@code before} (inside's scope over as many months right
 * before the start) — the differences inside − outside and inside − before with a verdict by the KPI's direction, and
 * the newest insights of those teams and months linked to the KPI.
 *
 * @param months the pilot's months, first to last
 * @param currentMonth the current month in the tenant's zone: later months have not happened yet
 * @param monthsElapsed the pilot's months up to the current one (those the report reads)
 * @param monthsWithData of those, the months in which the teams have a value of a judged KPI
 * @param monthsWithScopedData of those, the months in which the teams have a value of a judged KPI in the pilot's
 *     scope (none while kpi-calculator publishes no scoped values: inside and before are then empty, not zero)
 * @param beforeMonths the months {@code before} reads: as many as have elapsed, right before the start
 */
public record PilotReport(PilotView pilot, String scope, List<String> months, String currentMonth, int monthsElapsed,
        int monthsWithData, int monthsWithScopedData, List<String> beforeMonths, List<KpiResult> kpis) {

    /** At most this many insights are shown per KPI. */
    public static final int INSIGHTS_PER_KPI = 5;

    /** One side: summed numerator and denominator, and the KPI's value of them (null for a ratio over nothing). */
    public record Part(BigDecimal numerator, BigDecimal denominator, BigDecimal value) {
    }

    /** An insight of one of the pilot's teams. */
    public record PilotInsight(String id, String teamId, String text, List<String> tags, Instant occurredAt) {
    }

    /**
     * One judged KPI. A difference is null when either side is; its verdict is {@code better}, {@code worse},
     * {@code same} or {@code unknown} (no difference), by the KPI's direction ({@code lowerIsBetter}).
     */
    public record KpiResult(String kpi, Map<String, String> labels, String unit, boolean lowerIsBetter, Part inside,
            Part outside, Part before, BigDecimal insideMinusOutside, String versusOutside,
            BigDecimal insideMinusBefore, String versusBefore, long insightsTotal, List<PilotInsight> insights) {
    }

    /** The months of a pilot the report reads: from its start to its end or the current month, whichever is first. */
    public static List<String> elapsed(String start, String end, YearMonth current) {
        List<String> out = new ArrayList<>();
        for (YearMonth m = YearMonth.parse(start); !m.isAfter(YearMonth.parse(end)) && !m.isAfter(current);
                m = m.plusMonths(1)) {
            out.add(m.toString());
        }
        return out;
    }

    /** The months {@code before} reads: {@code count} months right before {@code start}. */
    public static List<String> before(String start, int count) {
        List<String> out = new ArrayList<>();
        YearMonth first = YearMonth.parse(start).minusMonths(count);
        for (int i = 0; i < count; i++) {
            out.add(first.plusMonths(i).toString());
        }
        return out;
    }

    /**
     * The report from the teams' month sums: {@code overall} over the elapsed months, {@code scoped} (the pilot's
     * scope) over the months before and the elapsed ones; {@code insights} per KPI.
     */
    public static PilotReport of(PilotView pilot, YearMonth current, List<MonthSum> overall, List<MonthSum> scoped,
            Map<String, TeamGroup> insights) {
        List<String> months = new ArrayList<>();
        for (YearMonth m = YearMonth.parse(pilot.start()); !m.isAfter(YearMonth.parse(pilot.end()));
                m = m.plusMonths(1)) {
            months.add(m.toString());
        }
        List<String> elapsed = elapsed(pilot.start(), pilot.end(), current);
        List<String> before = before(pilot.start(), elapsed.size());
        int withData = (int) overall.stream().map(MonthSum::period).filter(elapsed::contains).distinct().count();
        int withScopedData = (int) scoped.stream().map(MonthSum::period).filter(elapsed::contains).distinct().count();
        // no value of the scope in any month (the CRM not sending the product or segment yet, or not then): inside,
        // outside and before are unknown, never a measured zero with a verdict
        boolean beforeHasData = scoped.stream().map(MonthSum::period).anyMatch(before::contains);
        List<KpiResult> results = new ArrayList<>();
        for (String id : pilot.kpis()) {
            KpiCatalog.Kpi kpi = KpiCatalog.byId(id).orElseThrow();
            BigDecimal[] all = sum(overall, id, elapsed);
            BigDecimal[] in = sum(scoped, id, elapsed);
            BigDecimal[] earlier = sum(scoped, id, before);
            Part inside = part(kpi, in, withScopedData > 0);
            Part outside = part(kpi, new BigDecimal[] {all[0].subtract(in[0]), all[1].subtract(in[1])},
                    withScopedData > 0);
            Part beforePart = part(kpi, earlier, beforeHasData);
            BigDecimal vsOutside = difference(inside.value(), outside.value());
            BigDecimal vsBefore = difference(inside.value(), beforePart.value());
            TeamGroup group = insights.get(id);
            List<PilotInsight> newest = group == null ? List.of() : group.newest().stream()
                    .map(t -> new PilotInsight(t.insight().id(), t.teamId(), t.insight().text(), t.insight().tags(),
                            t.insight().occurredAt())).toList();
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("ja", kpi.ja());
            labels.put("en", kpi.en());
            results.add(new KpiResult(id, labels, kpi.unit().name().toLowerCase(Locale.ROOT), kpi.lowerIsBetter(),
                    inside, outside, beforePart, vsOutside, verdict(vsOutside, kpi), vsBefore, verdict(vsBefore, kpi),
                    group == null ? 0 : group.total(), newest));
        }
        return new PilotReport(pilot, pilot.scope(), months, current.toString(), elapsed.size(), withData,
                withScopedData, before, results);
    }

    private static BigDecimal[] sum(List<MonthSum> sums, String kpi, List<String> months) {
        BigDecimal n = BigDecimal.ZERO;
        BigDecimal d = BigDecimal.ZERO;
        for (MonthSum s : sums) {
            if (s.kpi().equals(kpi) && months.contains(s.period())) {
                n = n.add(s.numerator());
                d = d.add(s.denominator());
            }
        }
        return new BigDecimal[] {n, d};
    }

    private static Part part(KpiCatalog.Kpi kpi, BigDecimal[] parts, boolean anyMonth) {
        return new Part(parts[0], parts[1], anyMonth ? kpi.value(parts[0], parts[1]) : null);
    }

    private static BigDecimal difference(BigDecimal a, BigDecimal b) {
        return a == null || b == null ? null : a.subtract(b);
    }

    /** better, worse or same by the KPI's direction; unknown without a difference. */
    static String verdict(BigDecimal difference, KpiCatalog.Kpi kpi) {
        if (difference == null) {
            return "unknown";
        }
        int sign = kpi.lowerIsBetter() ? -difference.signum() : difference.signum();
        return sign == 0 ? "same" : sign > 0 ? "better" : "worse";
    }
}
