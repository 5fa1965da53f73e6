package dev.northstar.reporting.contract;

import dev.northstar.reporting.ReportingConfig;
import dev.northstar.reporting.repository.ContractRepository;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import org.jboss.logging.Logger;

/**
 * The automatic close (docs/kpi-definitions.md, "Settlement"): every {@code northstar.reporting.settle-check-every}
 * (an hour), the teams of tenants with {@code settle-after-days} have their due months settled. Each replica may
 * run it: a month settled by another first is a conflict, skipped. A tenant without the setting is left to its
 * admins.
 */
@ApplicationScoped
public class AutomaticClose {

    private static final Logger LOG = Logger.getLogger(AutomaticClose.class);

    private final ContractRepository contracts;
    private final Costs costs;
    private final ReportingConfig config;

    public AutomaticClose(ContractRepository contracts, Costs costs, ReportingConfig config) {
        this.contracts = contracts;
        this.costs = costs;
        this.config = config;
    }

    /** On a worker thread: the job waits for its run, on a Vert.x context of its own (Hibernate Reactive's). */
    @Scheduled(every = "${northstar.reporting.settle-check-every:1h}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() throws Throwable {
        if (config.settleAfterDays().isEmpty() && config.settleAfterDaysByTenant().isEmpty()) {
            return; // no tenant closes by itself: nothing to look at
        }
        int settled = io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(() -> run(null));
        if (settled > 0) {
            LOG.infof("automatic close: %d month(s) settled", settled);
        }
    }

    /**
     * Settles the due months of every team of a tenant with the setting; {@code today} overrides each tenant's
     * date (tests). Returns how many months were settled.
     */
    public Uni<Integer> run(LocalDate today) {
        return contracts.teamsWithTerms().chain(teams -> {
            Uni<Integer> chain = Uni.createFrom().item(0);
            for (String[] t : teams) {
                var days = config.settleAfterDays(t[0]);
                if (days.isEmpty()) {
                    continue;
                }
                LocalDate date = today != null ? today : LocalDate.now(config.zone(t[0]));
                chain = chain.chain(n -> costs.settleDue(t[0], t[1], days.get(), date)
                        .onFailure().recoverWithItem(e -> {
                            LOG.warnf("automatic close of %s/%s stopped: %s", t[0], t[1], e.getMessage());
                            return 0;
                        }).map(settled -> n + settled));
            }
            return chain;
        });
    }
}
