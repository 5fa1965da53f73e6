package dev.northstar.reporting.report;

import dev.northstar.common.Problem;
import dev.northstar.events.Grain;
import dev.northstar.reporting.ReportingConfig;
import dev.northstar.reporting.repository.InsightReadRepository;
import dev.northstar.reporting.repository.InsightReadRepository.By;
import dev.northstar.reporting.repository.ScorecardRepository;
import dev.northstar.reporting.repository.TeamRepository;
import dev.northstar.reporting.scorecard.Scorecard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/** Reads a {@link TeamPeriod}; a team the tenant does not have is a 404. */
@ApplicationScoped
public class TeamPeriodLoader {

    private final ScorecardRepository scorecards;
    private final TeamRepository teams;
    private final InsightReadRepository insights;
    private final ReportingConfig config;

    public TeamPeriodLoader(ScorecardRepository scorecards, TeamRepository teams, InsightReadRepository insights,
            ReportingConfig config) {
        this.scorecards = scorecards;
        this.teams = teams;
        this.insights = insights;
        this.config = config;
    }

    /** The team's period, with up to {@code perKey} insights per KPI link and per tag. */
    public Uni<TeamPeriod> load(String tenant, String teamId, Grain grain, String period, int perKey) {
        ZoneId zone = config.zone(tenant);
        String previous = grain.previous(period);
        LocalDate first = grain.firstDay(period).orElseThrow();
        Instant start = grain.start(period, zone);
        Instant end = grain.start(grain.label(grain.next(first)), zone);
        Instant previousStart = grain.start(previous, zone);
        String g = grain.wireName();
        return scorecards.exists(tenant, teamId).chain(exists -> {
            if (!exists) {
                throw noSuchTeam();
            }
            return Uni.combine().all().unis(teams.find(tenant, teamId), scorecards.card(tenant, teamId, g, period, previous),
                    insights.newestBy(By.KPI, tenant, teamId, start, end, perKey),
                    insights.newestBy(By.TAG, tenant, teamId, start, end, perKey),
                    insights.tagCounts(tenant, teamId, previousStart, start, end),
                    insights.dealsWithTag(tenant, teamId, start, end, "loss_reason"))
                    .asTuple().map(t -> new TeamPeriod(t.getItem1(), grain, period, previous, start, end,
                            Scorecard.build(teamId, grain, period, previous, t.getItem2().values(),
                                    t.getItem2().targets()), t.getItem3(), t.getItem4(), t.getItem5(), t.getItem6()));
        });
    }

    /** The answer for a team the tenant does not have (or that is another tenant's). */
    public static Problem.Exception noSuchTeam() {
        return new Problem.Exception(Problem.of("not-found", "Not found", 404, "No such team."));
    }
}
