package dev.northstar.reporting.rest;

import dev.northstar.common.Problem;
import dev.northstar.common.TeamScope;
import dev.northstar.common.Tenants;
import dev.northstar.events.Grain;
import dev.northstar.events.ValidationProblem;
import dev.northstar.reporting.ReportingConfig;
import dev.northstar.reporting.contract.ContractTerms;
import dev.northstar.reporting.contract.CostLines;
import dev.northstar.reporting.contract.TeamCost;
import dev.northstar.reporting.entity.TeamContract;
import dev.northstar.reporting.report.TeamPeriodLoader;
import dev.northstar.reporting.repository.ContractRepository;
import dev.northstar.reporting.repository.ScorecardRepository;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * A team's cost in a month, quarter or year, computed from its contract versions and its KPI values, every line
 * explained (docs/kpi-definitions.md, "Cost lines per month"). Live: settlement is not built yet.
 */
@Path("/v1/teams/{teamId}/cost")
@Produces(MediaType.APPLICATION_JSON)
public class CostResource {

    private static final List<Grain> GRAINS = List.of(Grain.MONTH, Grain.QUARTER, Grain.YEAR);

    private final ContractRepository contracts;
    private final ScorecardRepository scorecards;
    private final ReportingConfig config;
    private final JsonWebToken jwt;

    public CostResource(ContractRepository contracts, ScorecardRepository scorecards, ReportingConfig config,
            JsonWebToken jwt) {
        this.contracts = contracts;
        this.scorecards = scorecards;
        this.config = config;
        this.jwt = jwt;
    }

    @GET
    @RolesAllowed({"read", "admin"})
    @Operation(summary = "A team's cost in a month, quarter or year from its contract terms and KPIs, line by line")
    public Uni<TeamCost> cost(@PathParam("teamId") String teamId, @QueryParam("grain") String grainName,
            @QueryParam("period") String period) {
        String tenant = Tenants.of(jwt);
        if (!Params.ID.matcher(teamId).matches()) {
            throw Params.noSuchTeam();
        }
        String id = Params.visible(TeamScope.of(jwt), teamId);
        Grain grain = GRAINS.stream().filter(g -> g.wireName().equals(grainName)).findFirst().orElse(null);
        List<ValidationProblem> problems = new ArrayList<>();
        if (grain == null) {
            problems.add(new ValidationProblem("/grain", "must be month, quarter or year: a cost is monthly"));
        } else if (period == null || !grain.isLabel(period)) {
            problems.add(new ValidationProblem("/period", "must be a " + grain.wireName() + " period, e.g. "
                    + grain.label(java.time.LocalDate.of(2026, 11, 1))));
        }
        if (!problems.isEmpty()) {
            throw new Problem.Exception(Problem.invalid("The query parameters are not valid.", problems));
        }
        YearMonth now = YearMonth.now(config.zone(tenant));
        // the months of the period that have begun: a month to come has no cost yet
        List<String> months = monthsOf(grain, period).stream().filter(m -> !YearMonth.parse(m).isAfter(now)).toList();
        return scorecards.exists(tenant, id).chain(exists -> {
            if (!exists) {
                throw TeamPeriodLoader.noSuchTeam();
            }
            return contracts.ofTeam(tenant, id);
        }).chain(versions -> {
            Set<String> kpis = new LinkedHashSet<>(List.of("revenue_won"));
            versions.forEach(v -> ContractTerms.of(v).incentives().forEach(i -> kpis.add(i.kpi())));
            Set<String> periods = new LinkedHashSet<>(months);
            for (String m : months) {
                for (String g : List.of("quarter", "year")) {
                    String ending = CostLines.periodEnding(g, m);
                    if (ending != null) {
                        periods.add(ending);
                    }
                }
            }
            return scorecards.cells(tenant, id, kpis, periods).map(cells -> build(id, grain, period, months,
                    versions, cells, config.currency(tenant)));
        });
    }

    private static TeamCost build(String teamId, Grain grain, String period, List<String> months,
            List<TeamContract> versions, java.util.Map<String, ScorecardRepository.Cell> cells, String currency) {
        CostLines lines = new CostLines(versions);
        CostLines.Cells lookup = new CostLines.Cells() {
            public BigDecimal numerator(String kpi, String g, String p) {
                var c = cells.get(kpi + " " + g + " " + p);
                return c == null ? null : c.numerator();
            }

            public BigDecimal value(String kpi, String g, String p) {
                var c = cells.get(kpi + " " + g + " " + p);
                return c == null ? null : c.value();
            }
        };
        List<CostLines.Month> out = new ArrayList<>();
        BigDecimal total = null;
        Set<String> missing = new LinkedHashSet<>();
        for (String m : months) {
            CostLines.Month month = lines.month(m, lookup);
            out.add(month);
            if (month.total() != null) {
                total = total == null ? month.total() : total.add(month.total());
            }
            missing.addAll(month.missing());
        }
        return new TeamCost(teamId, grain.wireName(), period, currency, total, out, List.copyOf(missing));
    }

    /** The months (YYYY-MM) of a month, quarter or year label. */
    static List<String> monthsOf(Grain grain, String period) {
        List<String> out = new ArrayList<>();
        switch (grain) {
            case MONTH -> out.add(period);
            case QUARTER -> {
                int year = Integer.parseInt(period.substring(0, 4));
                int q = period.charAt(6) - '0';
                for (int i = 1; i <= 3; i++) {
                    out.add(YearMonth.of(year, (q - 1) * 3 + i).toString());
                }
            }
            case YEAR -> {
                int year = Integer.parseInt(period);
                for (int i = 1; i <= 12; i++) {
                    out.add(YearMonth.of(year, i).toString());
                }
            }
            default -> throw new IllegalArgumentException(grain.wireName());
        }
        return out;
    }
}
