package dev.northstar.reporting.report;

import dev.northstar.events.Grain;
import dev.northstar.reporting.ReportingConfig;
import dev.northstar.reporting.repository.DecisionRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;

/** Strategy briefs, opening with the decisions of the previous period's meeting; a team the tenant lacks is a 404. */
@ApplicationScoped
public class Briefs {

    private final TeamPeriodLoader loader;
    private final DecisionRepository decisions;
    private final ReportingConfig config;

    public Briefs(TeamPeriodLoader loader, DecisionRepository decisions, ReportingConfig config) {
        this.loader = loader;
        this.decisions = decisions;
        this.config = config;
    }

    /** The brief of a team's period. */
    public Uni<StrategyBrief> brief(String tenant, String teamId, Grain grain, String period) {
        return loader.load(tenant, teamId, grain, period, config.brief().itemsPerSection())
                .chain(p -> decisions.ofMeeting(tenant, teamId, grain.wireName(), p.previousPeriod())
                        .map(list -> StrategyBrief.of(p, config.brief(), list.stream().map(Decision::of).toList(),
                                LocalDate.now(config.zone(tenant)))));
    }
}
