package dev.northstar.reporting.contract;

import dev.northstar.common.Problem;
import dev.northstar.events.Grain;
import dev.northstar.reporting.ReportingConfig;
import dev.northstar.reporting.entity.CostSettlement;
import dev.northstar.reporting.entity.TeamContract;
import dev.northstar.reporting.repository.ContractRepository;
import dev.northstar.reporting.repository.Entities;
import dev.northstar.reporting.repository.ScorecardRepository;
import dev.northstar.reporting.repository.SettlementRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A team's cost and its settlement: loads the contract versions, the settled months and the KPI cells the lines
 * read, and computes with {@link CostLines} and {@link Ledger}. The callers check the team first.
 */
@ApplicationScoped
public class Costs {

    private final ContractRepository contracts;
    private final SettlementRepository settlements;
    private final ScorecardRepository scorecards;
    private final dev.northstar.reporting.repository.TeamRepository teams;
    private final ReportingConfig config;
    private final jakarta.enterprise.event.Event<CostKpis.TermsChanged> changed;

    public Costs(ContractRepository contracts, SettlementRepository settlements, ScorecardRepository scorecards,
            dev.northstar.reporting.repository.TeamRepository teams, ReportingConfig config,
            jakarta.enterprise.event.Event<CostKpis.TermsChanged> changed) {
        this.changed = changed;
        this.contracts = contracts;
        this.settlements = settlements;
        this.scorecards = scorecards;
        this.teams = teams;
        this.config = config;
    }

    /** An in-house team's cost in the period and its versions (for the people it has and what one costs). */
    private record InHouseTeam(String teamId, TeamCost cost, List<TeamContract> versions) {
    }

    /**
     * The business case of a team for a period: its cost and value beside the tenant's in-house teams pooled, and
     * what its output would cost in-house (docs/kpi-definitions.md, "The business case answer").
     */
    public Uni<BusinessCase> businessCase(String tenant, String teamId, Grain grain, String period) {
        return teams.list(tenant).chain(all -> {
            var team = all.stream().filter(t -> t.teamId().equals(teamId)).findFirst().orElse(null);
            List<String> inHouseIds = all.stream().filter(t -> "in_house".equals(t.kind())
                    && !t.teamId().equals(teamId)).map(dev.northstar.reporting.repository.TeamRepository.Team::teamId)
                    .toList();
            Uni<List<InHouseTeam>> inHouse = Uni.createFrom().item(new ArrayList<>());
            for (String id : inHouseIds) {
                inHouse = inHouse.chain(list -> cost(tenant, id, grain, period).chain(c -> contracts.ofTeam(tenant, id)
                        .map(v -> {
                            list.add(new InHouseTeam(id, c, v));
                            return list;
                        })));
            }
            Uni<List<InHouseTeam>> inHouseCosts = inHouse;
            return cost(tenant, teamId, grain, period).chain(own -> inHouseCosts.chain(ih -> scorecards
                    .period(tenant, grain.wireName(), period).map(cells -> assemble(tenant, teamId,
                            team == null ? null : team.name(), team == null ? null : team.kind(), grain, period, own,
                            ih, cells))));
        });
    }

    private BusinessCase assemble(String tenant, String teamId, String name, String kind, Grain grain, String period,
            TeamCost own, List<InHouseTeam> inHouse, Map<String, Map<String, ScorecardRepository.Cell>> cells) {
        BusinessCase.Side team = BusinessCase.Side.of(List.of(teamId), own.total(),
                List.of(cells.getOrDefault(teamId, Map.of())));
        BigDecimal inHouseCost = null;
        for (InHouseTeam t : inHouse) {
            if (t.cost().total() != null) {
                inHouseCost = inHouseCost == null ? t.cost().total() : inHouseCost.add(t.cost().total());
            }
        }
        BusinessCase.Side pooled = BusinessCase.Side.of(inHouse.stream().map(InHouseTeam::teamId).toList(), inHouseCost,
                inHouse.stream().map(t -> cells.getOrDefault(t.teamId(), Map.<String, ScorecardRepository.Cell>of()))
                        .toList());
        Set<String> missing = new LinkedHashSet<>(own.missing());
        inHouse.forEach(t -> missing.addAll(t.cost().missing()));
        // people-months and the loaded cost of a person in the period, from the in-house versions in force
        List<String> months = own.months().stream().map(Ledger.Month::month).toList();
        BigDecimal personMonths = BigDecimal.ZERO;
        BigDecimal headcountLast = BigDecimal.ZERO;
        BigDecimal costLast = BigDecimal.ZERO;
        BigDecimal oneOffLast = BigDecimal.ZERO;
        for (InHouseTeam t : inHouse) {
            CostLines lines = new CostLines(t.versions());
            for (String m : months) {
                TeamContract v = lines.inForce(m).orElse(null);
                if (v != null && v.headcount != null) {
                    personMonths = personMonths.add(BigDecimal.valueOf(v.headcount));
                }
            }
            TeamContract last = months.isEmpty() ? null : lines.inForce(months.get(months.size() - 1)).orElse(null);
            if (last != null && last.headcount != null) {
                BigDecimal h = BigDecimal.valueOf(last.headcount);
                headcountLast = headcountLast.add(h);
                costLast = costLast.add(h.multiply(last.costPerHead));
                oneOffLast = oneOffLast.add(h.multiply(orZero(last.hiringCostPerHead).add(orZero(last.trainingCostPerHead))));
            }
        }
        BusinessCase.BuildInHouse build;
        if (personMonths.signum() == 0 || pooled.newCustomers().signum() == 0 || headcountLast.signum() == 0
                || months.isEmpty()) {
            build = new BusinessCase.BuildInHouse(null, null, null, null, null, own.total(), null,
                    "no comparison: the in-house teams have no loaded cost in force or won no customer in the period");
        } else {
            BigDecimal n = BigDecimal.valueOf(months.size());
            BigDecimal perPersonMonth = pooled.newCustomers().divide(personMonths, 12, java.math.RoundingMode.HALF_EVEN);
            BigDecimal people = team.newCustomers().divide(perPersonMonth.multiply(n), 12,
                    java.math.RoundingMode.HALF_EVEN);
            BigDecimal costPerPerson = costLast.divide(headcountLast, 12, java.math.RoundingMode.HALF_EVEN);
            BigDecimal oneOffPerPerson = oneOffLast.divide(headcountLast, 12, java.math.RoundingMode.HALF_EVEN);
            BigDecimal running = people.multiply(costPerPerson).multiply(n);
            BigDecimal oneOff = people.multiply(oneOffPerPerson);
            BigDecimal total = running.add(oneOff);
            build = new BusinessCase.BuildInHouse(CostLines.scale(perPersonMonth), CostLines.scale(people),
                    CostLines.scale(running), CostLines.scale(oneOff), CostLines.scale(total), own.total(),
                    own.total() == null ? null : CostLines.scale(total.subtract(own.total())),
                    "in-house: " + CostLines.plain(pooled.newCustomers()) + " new customers in "
                            + CostLines.plain(personMonths) + " person-months; the team's "
                            + CostLines.plain(team.newCustomers()) + " would take "
                            + CostLines.plain(CostLines.scale(people)) + " people for " + months.size()
                            + " month(s) at " + CostLines.plain(CostLines.scale(costPerPerson))
                            + " a month each, plus " + CostLines.plain(CostLines.scale(oneOffPerPerson))
                            + " each to hire and train");
        }
        return new BusinessCase(teamId, name, kind, grain.wireName(), period, config.currency(tenant), team, pooled,
                build, List.copyOf(missing));
    }

    private static BigDecimal orZero(BigDecimal d) {
        return d == null ? BigDecimal.ZERO : d;
    }

    /** What a ledger is made of. */
    private record Loaded(List<TeamContract> versions, List<CostSettlement> settled) {
    }

    private Uni<Loaded> load(String tenant, String teamId) {
        // one after the other: a Hibernate Reactive session is not shared between concurrent operations
        return contracts.ofTeam(tenant, teamId).chain(v -> settlements.ofTeam(tenant, teamId).map(s -> new Loaded(v, s)));
    }

    /** The ledger over {@code months}, with the cells its lines and the settled months' adjustments read. */
    private Uni<Map<String, Ledger.Month>> ledger(String tenant, String teamId, Loaded loaded, List<String> months) {
        Ledger ledger = new Ledger(new CostLines(loaded.versions()), loaded.settled());
        Set<String> kpis = new LinkedHashSet<>(List.of("revenue_won"));
        loaded.versions().forEach(v -> ContractTerms.of(v).incentives().forEach(i -> kpis.add(i.kpi())));
        Set<String> needed = new LinkedHashSet<>(months);
        needed.addAll(ledger.settledMonths());
        // the cohorts a share of recognised revenue reads: the win months of the N months up to each month
        CostLines lines = new CostLines(loaded.versions());
        for (String m : needed) {
            lines.inForce(m).filter(v -> v.shareRecognizedRate != null).ifPresent(v -> CostLines.cohortMonths(m,
                    v.shareMonths).forEach(w -> kpis.add(dev.northstar.events.KpiCatalog.COHORT_REVENUE + w)));
        }
        Set<String> periods = new LinkedHashSet<>(needed);
        for (String m : needed) {
            for (String g : List.of("quarter", "year")) {
                String ending = CostLines.periodEnding(g, m);
                if (ending != null) {
                    periods.add(ending);
                }
            }
        }
        return scorecards.cells(tenant, teamId, kpis, periods).map(cells -> {
            CostLines.Cells lookup = lookup(cells);
            Map<String, Ledger.Month> out = new java.util.LinkedHashMap<>();
            for (String m : months) {
                out.put(m, ledger.month(m, lookup));
            }
            return out;
        });
    }

    /** The team's cost in a month, quarter or year: the months that have begun. */
    public Uni<TeamCost> cost(String tenant, String teamId, Grain grain, String period) {
        YearMonth now = YearMonth.now(config.zone(tenant));
        List<String> months = monthsOf(grain, period).stream().filter(m -> !YearMonth.parse(m).isAfter(now)).toList();
        return load(tenant, teamId).chain(loaded -> ledger(tenant, teamId, loaded, months)).map(ledger -> {
            BigDecimal total = null;
            Set<String> missing = new LinkedHashSet<>();
            for (Ledger.Month m : ledger.values()) {
                if (m.total() != null) {
                    total = total == null ? m.total() : total.add(m.total());
                }
                missing.addAll(m.missing());
            }
            return new TeamCost(teamId, grain.wireName(), period, config.currency(tenant), total,
                    List.copyOf(ledger.values()), List.copyOf(missing));
        });
    }

    /**
     * The team's cost KPIs (docs/kpi-definitions.md, "The KPIs") for every month, quarter and year from its first
     * terms to the current month: the cost as {@link #cost} serves it (settled months as settled, adjustments where
     * they are carried), with the new customers, their predicted LTV and what they paid from the read model. Empty
     * for a team without terms; a period without terms in force in any of its begun months has none.
     */
    public Uni<List<dev.northstar.events.KpiValue>> kpiValues(String tenant, String teamId) {
        YearMonth now = YearMonth.now(config.zone(tenant));
        // the version is the time the computation starts, before anything is read: a computation that read older
        // data never overwrites one that started later (KpiValueRepository.upsertDerived)
        java.time.Instant at = java.time.Instant.now();
        long version = at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
        return load(tenant, teamId).chain(loaded -> {
            YearMonth first = loaded.versions().stream().map(v -> YearMonth.parse(v.validFrom))
                    .min(YearMonth::compareTo).orElse(null);
            if (first == null || first.isAfter(now)) {
                return Uni.createFrom().item(List.<dev.northstar.events.KpiValue>of());
            }
            List<String> months = new ArrayList<>();
            for (YearMonth m = first; !m.isAfter(now); m = m.plusMonths(1)) {
                months.add(m.toString());
            }
            return ledger(tenant, teamId, loaded, months).chain(ledger -> {
                // each period of each grain with the begun months it holds
                Map<String, Map<String, List<Ledger.Month>>> byGrain = new java.util.LinkedHashMap<>();
                for (Ledger.Month m : ledger.values()) {
                    java.time.LocalDate day = YearMonth.parse(m.month()).atDay(1);
                    for (Grain g : List.of(Grain.MONTH, Grain.QUARTER, Grain.YEAR)) {
                        byGrain.computeIfAbsent(g.wireName(), x -> new java.util.LinkedHashMap<>())
                                .computeIfAbsent(g.label(day), p -> new ArrayList<>()).add(m);
                    }
                }
                Set<String> periods = new LinkedHashSet<>();
                byGrain.values().forEach(p -> periods.addAll(p.keySet()));
                BigDecimal margin = config.grossMargin(tenant);
                return scorecards.cells(tenant, teamId, List.of("realized_ltv_to_date", "new_customer_avg_ltv",
                        "new_customer_mrr"), periods).map(cells -> {
                            List<dev.northstar.events.KpiValue> out = new ArrayList<>();
                            byGrain.forEach((grain, byPeriod) -> byPeriod.forEach((period, ms) -> {
                                BigDecimal cost = null;
                                for (Ledger.Month m : ms) {
                                    if (m.total() != null) {
                                        cost = cost == null ? m.total() : cost.add(m.total());
                                    }
                                }
                                if (cost != null) {
                                    var realized = cells.get("realized_ltv_to_date " + grain + " " + period);
                                    var ltv = cells.get("new_customer_avg_ltv " + grain + " " + period);
                                    var mrr = cells.get("new_customer_mrr " + grain + " " + period);
                                    out.addAll(CostKpis.values(tenant, teamId, grain, period, CostLines.scale(cost),
                                            realized == null ? null : realized.denominator(),
                                            ltv == null ? null : ltv.numerator(),
                                            realized == null ? null : realized.numerator(),
                                            mrr == null || mrr.numerator() == null ? null
                                                    : CostLines.scale(mrr.numerator().multiply(margin)),
                                            version, at));
                                }
                            }));
                            return out;
                        });
            });
        });
    }

    /** The team's settled months, oldest first. */
    public Uni<List<Ledger.Month>> settled(String tenant, String teamId) {
        return load(tenant, teamId).chain(loaded -> ledger(tenant, teamId, loaded,
                loaded.settled().stream().map(s -> s.month).toList())).map(m -> List.copyOf(m.values()));
    }

    /**
     * Settles a month: fixes its lines as computed now. The month must have ended and have terms in force; after a
     * team's first settled month, months settle in order. 409 otherwise, or when it is settled already.
     */
    public Uni<Ledger.Month> settle(String tenant, String teamId, String month, String by) {
        YearMonth now = YearMonth.now(config.zone(tenant));
        if (!YearMonth.parse(month).isBefore(now)) {
            throw conflict("The month " + month + " has not ended: a month is settled after its last day.");
        }
        return load(tenant, teamId).chain(loaded -> {
            Ledger ledger = new Ledger(new CostLines(loaded.versions()), loaded.settled());
            if (ledger.settledMonths().contains(month)) {
                throw conflict("The month " + month + " is settled already.");
            }
            if (ledger.firstOpen() != null && !ledger.firstOpen().equals(month)) {
                throw conflict("Months settle in order: the next to settle is " + ledger.firstOpen() + ".");
            }
            String previous = ledger.settledMonths().stream().max(String::compareTo).orElse("");
            return ledger(tenant, teamId, loaded, List.of(month)).map(m -> Map.entry(previous, m.get(month)));
        }).chain(found -> {
            Ledger.Month m = found.getValue();
            if (m.inForce() == null) {
                throw conflict("The team has no contract terms in force in " + month + ": nothing to settle.");
            }
            CostSettlement s = new CostSettlement();
            s.tenant = tenant;
            s.teamId = teamId;
            s.month = month;
            s.previousMonth = found.getKey();
            s.contractId = java.util.UUID.fromString(m.inForce());
            s.total = m.total();
            s.lines = Ledger.json(m.lines());
            s.settledBy = by;
            s.settledAt = OffsetDateTime.now(ZoneOffset.UTC);
            return settlements.add(s).invoke(() -> changed.fire(new CostKpis.TermsChanged(tenant, teamId)))
                    .map(saved -> new Ledger.Month(month, m.inForce(), m.lines(), m.total(),
                    m.missing(), true, saved.settledAt.toInstant(), by, m.liveTotal()));
        }).onFailure(Entities::isUniqueViolation).transform(e -> conflict("The month " + month
                + " is settled already, or another month was settled meanwhile: months settle once and in order."));
    }

    /**
     * Settles every month of the team that is due — in order, from the month after its last settled one (or its
     * first month with terms), each once {@code days} days have passed since its end ({@code today} in the tenant's
     * zone) — and returns how many it settled. A month another replica or an admin settled first is skipped.
     */
    public Uni<Integer> settleDue(String tenant, String teamId, int days, java.time.LocalDate today) {
        return load(tenant, teamId).chain(loaded -> {
            Ledger ledger = new Ledger(new CostLines(loaded.versions()), loaded.settled());
            String first = ledger.firstOpen() != null ? ledger.firstOpen() : loaded.versions().stream()
                    .map(v -> v.validFrom).min(String::compareTo).orElse(null);
            List<String> due = new ArrayList<>();
            for (YearMonth m = first == null ? null : YearMonth.parse(first); m != null && due.size() < 120
                    && !today.isBefore(m.plusMonths(1).atDay(1).plusDays(days)); m = m.plusMonths(1)) {
                due.add(m.toString());
            }
            Uni<Integer> chain = Uni.createFrom().item(0);
            for (String month : due) {
                chain = chain.chain(n -> settle(tenant, teamId, month, "automatic close after " + days + " days")
                        .map(x -> n + 1));
            }
            return chain;
        });
    }

    private static Problem.Exception conflict(String detail) {
        return new Problem.Exception(Problem.of("conflict", "Conflict", 409, detail));
    }

    private static CostLines.Cells lookup(Map<String, ScorecardRepository.Cell> cells) {
        return new CostLines.Cells() {
            public BigDecimal numerator(String kpi, String g, String p) {
                var c = cells.get(kpi + " " + g + " " + p);
                return c == null ? null : c.numerator();
            }

            public BigDecimal value(String kpi, String g, String p) {
                var c = cells.get(kpi + " " + g + " " + p);
                return c == null ? null : c.value();
            }
        };
    }

    /** The months (YYYY-MM) of a month, quarter or year label. */
    public static List<String> monthsOf(Grain grain, String period) {
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
