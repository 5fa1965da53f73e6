package dev.northstar.reporting.pilot;

import dev.northstar.common.Problem;
import dev.northstar.common.TeamScope;
import dev.northstar.events.ValidationProblem;
import dev.northstar.reporting.ReportingConfig;
import dev.northstar.reporting.entity.Pilot;
import dev.northstar.reporting.repository.Entities;
import dev.northstar.reporting.repository.InsightReadRepository;
import dev.northstar.reporting.repository.KpiValueRepository;
import dev.northstar.reporting.repository.PilotRepository;
import dev.northstar.reporting.repository.ScorecardRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Pilots as the API and the console use them alike: recorded (valid, of the tenant's teams, one name per tenant),
 * listed and read within what a token may see (a limited token: the pilots all of whose teams it may see), removed,
 * and reported.
 */
@ApplicationScoped
public class Pilots {

    private final PilotRepository pilots;
    private final ScorecardRepository scorecards;
    private final KpiValueRepository values;
    private final InsightReadRepository insights;
    private final ReportingConfig config;

    public Pilots(PilotRepository pilots, ScorecardRepository scorecards, KpiValueRepository values,
            InsightReadRepository insights, ReportingConfig config) {
        this.pilots = pilots;
        this.scorecards = scorecards;
        this.values = values;
        this.insights = insights;
        this.config = config;
    }

    /** Whether a token (or session) of {@code scope} sees the pilot: every one of its teams. */
    public static boolean visible(TeamScope scope, Pilot p) {
        return p.teamList().stream().allMatch(scope::allows);
    }

    /** The tenant's pilots that {@code scope} sees, newest first. */
    public Uni<List<PilotView>> list(String tenant, TeamScope scope) {
        return pilots.ofTenant(tenant).map(list -> list.stream().filter(p -> visible(scope, p)).map(PilotView::of)
                .toList());
    }

    /** A pilot of the tenant that {@code scope} sees; the 404 otherwise (a malformed id too). */
    public Uni<PilotView> one(String tenant, TeamScope scope, String id) {
        UUID uuid = uuid(id);
        return pilots.one(tenant, uuid).map(p -> {
            if (p == null || !visible(scope, p)) {
                throw noSuchPilot();
            }
            return PilotView.of(p);
        });
    }

    /**
     * Records a valid pilot of the tenant's teams; a 400 naming each problem (a team the tenant does not have at
     * {@code /teams/i}), a 409 for a name the tenant already has or past {@link PilotRepository#MAX_PILOTS}.
     */
    public Uni<PilotView> create(String tenant, NewPilot given, String createdBy) {
        List<ValidationProblem> problems = given.problems();
        if (!problems.isEmpty()) {
            throw NewPilot.invalid(problems);
        }
        List<Uni<Boolean>> exist = given.teams().stream().map(t -> scorecards.exists(tenant, t)).toList();
        return Uni.join().all(exist).andFailFast().chain(found -> {
            List<ValidationProblem> unknown = new ArrayList<>();
            for (int i = 0; i < found.size(); i++) {
                if (!found.get(i)) {
                    unknown.add(new ValidationProblem("/teams/" + i, "is not a team of this tenant"));
                }
            }
            if (!unknown.isEmpty()) {
                throw NewPilot.invalid(unknown);
            }
            return pilots.countOf(tenant);
        }).chain(count -> {
            if (count >= PilotRepository.MAX_PILOTS) {
                throw new Problem.Exception(Problem.of("conflict", "Conflict", 409, "The tenant has "
                        + PilotRepository.MAX_PILOTS + " pilots, the most it may keep: delete one first."));
            }
            return pilots.add(given.toEntity(tenant, createdBy));
        }).onFailure(Entities::isUniqueViolation).transform(e -> new Problem.Exception(Problem.of("conflict",
                "Conflict", 409, "The tenant has a pilot of this name already.")))
                .map(PilotView::of);
    }

    /** Removes a pilot the scope sees; the 404 otherwise. */
    public Uni<Void> delete(String tenant, TeamScope scope, String id) {
        return one(tenant, scope, id).chain(p -> pilots.remove(tenant, UUID.fromString(p.id()))).map(removed -> {
            if (!removed) {
                throw noSuchPilot();
            }
            return null;
        });
    }

    /** The report of a pilot the scope sees (docs/kpi-definitions.md, "Pilots"). */
    public Uni<PilotReport> report(String tenant, TeamScope scope, String id) {
        return one(tenant, scope, id).chain(p -> report(tenant, p));
    }

    /** The report of a pilot. */
    public Uni<PilotReport> report(String tenant, PilotView p) {
        ZoneId zone = config.zone(tenant);
        YearMonth current = YearMonth.now(zone);
        List<String> elapsed = PilotReport.elapsed(p.start(), p.end(), current);
        if (elapsed.isEmpty()) {
            return Uni.createFrom().item(PilotReport.of(p, current, List.of(), List.of(), Map.of()));
        }
        List<String> before = PilotReport.before(p.start(), elapsed.size());
        String last = elapsed.get(elapsed.size() - 1);
        Instant from = YearMonth.parse(p.start()).atDay(1).atStartOfDay(zone).toInstant();
        Instant to = YearMonth.parse(last).plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
        var overall = values.monthSums(tenant, null, p.teams(), p.kpis(), p.start(), last);
        var scoped = values.monthSums(tenant, p.scope(), p.teams(), p.kpis(), before.get(0), last);
        var linked = insights.newestOfTeams(tenant, p.teams(), p.kpis(), from, to, PilotReport.INSIGHTS_PER_KPI);
        return overall.chain(o -> scoped.chain(s -> linked.map(i -> PilotReport.of(p, current, o, s, i))));
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw noSuchPilot();
        }
    }

    /** The 404 of a pilot the tenant does not have, or the token may not see. */
    public static Problem.Exception noSuchPilot() {
        return new Problem.Exception(Problem.of("not-found", "Not found", 404, "No such pilot."));
    }
}
