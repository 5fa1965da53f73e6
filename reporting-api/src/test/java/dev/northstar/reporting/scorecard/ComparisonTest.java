package dev.northstar.reporting.scorecard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.northstar.common.TeamScope;
import dev.northstar.events.Grain;
import dev.northstar.reporting.repository.ScorecardRepository.Cell;
import dev.northstar.reporting.repository.TeamRepository;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pools of the comparison: ratios from summed parts, and what a token limited to some teams is shown. */
class ComparisonTest {

    private static TeamRepository.Team team(String id) {
        return new TeamRepository.Team("t", id, id, "partner", null);
    }

    private static Cell cell(String value, String numerator, String denominator) {
        return new Cell(new BigDecimal(value), new BigDecimal(numerator),
                denominator == null ? null : new BigDecimal(denominator));
    }

    private static Comparison.Row row(Comparison c, String kpi) {
        return c.kpis().stream().filter(r -> r.kpi().equals(kpi)).findFirst().orElseThrow();
    }

    @Test
    void aLimitedTokenSeesThePartnersPoolOfItsWorkButNeverWhatTheOtherPartnersCost() {
        List<TeamRepository.Team> all = List.of(team("a"), team("b"), team("c"));
        Map<String, Map<String, Cell>> cells = Map.of(
                "a", Map.of("calls", cell("100", "100", null), "partner_cost", cell("800000", "800000", null),
                        "cost_per_new_customer", cell("400000", "800000", "2")),
                "b", Map.of("calls", cell("50", "50", null), "partner_cost", cell("600000", "600000", null),
                        "cost_per_new_customer", cell("600000", "600000", "1")),
                "c", Map.of("calls", cell("30", "30", null), "partner_cost", cell("500000", "500000", null),
                        "cost_per_new_customer", cell("250000", "500000", "2")));
        Comparison everyone = Comparison.build(Grain.MONTH, "2026-10", all, all, cells, TeamScope.all());
        assertEquals(0, new BigDecimal("1900000").compareTo(row(everyone, "partner_cost").byKind().get("partner")
                .value()));
        // pooled from the summed parts: 1,900,000 ÷ 5, not the mean of 400,000, 600,000 and 250,000
        assertEquals(0, new BigDecimal("380000").compareTo(row(everyone, "cost_per_new_customer").byKind()
                .get("partner").value()));
        Comparison limited = Comparison.build(Grain.MONTH, "2026-10", List.of(all.get(0)), all, cells,
                TeamScope.only(List.of("a")));
        assertEquals(0, new BigDecimal("180").compareTo(row(limited, "calls").byKind().get("partner").value()),
                "two other partners contribute to calls: the pool is shown");
        assertTrue(row(limited, "partner_cost").teams().containsKey("a"), "its own cost is shown");
        assertFalse(row(limited, "partner_cost").byKind().containsKey("partner"), "what the others cost is not");
        assertFalse(row(limited, "cost_per_new_customer").byKind().containsKey("partner"));
    }
}
