package dev.northstar.reporting.rest;

import dev.northstar.common.Problem;
import dev.northstar.common.Tenants;
import dev.northstar.events.Grain;
import dev.northstar.events.KpiCatalog;
import dev.northstar.reporting.repository.ScorecardRepository;
import dev.northstar.reporting.repository.ScorecardRepository.Cell;
import dev.northstar.reporting.repository.TeamRepository;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Teams side by side on every KPI in one period, with partners and the in-house team pooled by kind: a pooled
 * ratio divides the summed numerators by the summed denominators (not an average of rates).
 */
@Path("/v1/comparison")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"read", "admin"})
public class ComparisonResource {

    private final ScorecardRepository values;
    private final TeamRepository teams;
    private final JsonWebToken jwt;

    public ComparisonResource(ScorecardRepository values, TeamRepository teams, JsonWebToken jwt) {
        this.values = values;
        this.teams = teams;
        this.jwt = jwt;
    }

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

    /** The comparison. */
    public record Comparison(String grain, String period, List<Team> teams, List<Row> kpis) {
    }

    @GET
    @Operation(summary = "Teams side by side on every KPI in a period, partners and in-house pooled by kind")
    public Uni<Comparison> compare(@QueryParam("grain") String grainName, @QueryParam("period") String period,
            @QueryParam("teamIds") String teamIds) {
        String tenant = Tenants.of(jwt);
        Grain grain = ScorecardResource.period(grainName, period);
        List<String> wanted = teamIds == null || teamIds.isBlank() ? null
                : Arrays.stream(teamIds.split(",")).map(String::strip).filter(t -> !t.isEmpty()).distinct().toList();
        return teams.list(tenant).chain(known -> {
            Map<String, TeamRepository.Team> byId = new LinkedHashMap<>();
            known.forEach(t -> byId.put(t.teamId(), t));
            List<TeamRepository.Team> chosen = new ArrayList<>();
            for (String id : wanted == null ? List.copyOf(byId.keySet()) : wanted) {
                TeamRepository.Team team = byId.get(id);
                if (team == null) {
                    throw new Problem.Exception(Problem.of("not-found", "Not found", 404, "No such team: " + id));
                }
                chosen.add(team);
            }
            return values.period(tenant, grain.wireName(), period).map(cells -> build(grain, period, chosen, cells));
        });
    }

    static Comparison build(Grain grain, String period, List<TeamRepository.Team> chosen,
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
