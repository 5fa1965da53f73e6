package dev.northstar.calculator.kpi;

import dev.northstar.events.Grain;
import dev.northstar.events.Scopes;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The denominators of {@code expansion_rate}, {@code upsell_rate} and {@code cross_sell_rate}: per team and
 * period, the customer accounts the team owns at the period's start; and per scope of the customers' wins, those of
 * them in the scope.
 */
public final class CustomerBase {

    /** One team's base in one period: overall ({@code scope} null) or in one scope. */
    public record Count(String teamId, String scope, Grain grain, String period, long customers) {

        /** The cell id of a base KPI for this count ({@link ScopedKpi}). */
        public String cell(String kpi) {
            return ScopedKpi.cell(kpi, scope);
        }
    }

    /** A span of a customer's ownership and the scopes of the customer's win. */
    public record Member(AccountFold.Span span, String[] scopes) {
    }

    /** A period of a grain. */
    public record Period(Grain grain, String label) {
    }

    /** Sorted starts and ends of spans by team and scope ({@code team \0 scope}, the scope empty overall). */
    private final Map<String, long[][]> byTeam = new HashMap<>();
    private final ZoneId zone;

    public CustomerBase(List<Member> members, ZoneId zone) {
        this.zone = zone;
        Map<String, List<AccountFold.Span>> grouped = new HashMap<>();
        for (Member m : members) {
            AccountFold.Span s = m.span();
            grouped.computeIfAbsent(s.teamId() + '\0', k -> new ArrayList<>()).add(s);
            for (String scope : m.scopes()) {
                grouped.computeIfAbsent(s.teamId() + '\0' + scope, k -> new ArrayList<>()).add(s);
            }
        }
        grouped.forEach((team, list) -> {
            long[] from = list.stream().mapToLong(s -> LtvModel.micros(s.from())).sorted().toArray();
            long[] to = list.stream().filter(s -> s.to() != null).mapToLong(s -> LtvModel.micros(s.to())).sorted()
                    .toArray();
            byTeam.put(team, new long[][] {from, to});
        });
    }

    /** Every period of every grain whose start lies in [{@code from}, {@code to}]. */
    public List<Period> periodsStartingIn(Instant from, Instant to) {
        List<Period> out = new ArrayList<>();
        for (Grain grain : Grain.values()) {
            LocalDate first = grain.firstDay(grain.label(from, zone)).orElseThrow();
            if (grain.start(grain.label(first), zone).isBefore(from)) {
                first = grain.next(first);
            }
            for (LocalDate d = first; !grain.start(grain.label(d), zone).isAfter(to); d = grain.next(d)) {
                out.add(new Period(grain, grain.label(d)));
            }
        }
        return out;
    }

    /**
     * The base of every team, overall and in each scope, in each of {@code periods}; teams (and scopes) without
     * customers then are left out.
     */
    public List<Count> counts(List<Period> periods) {
        List<Count> out = new ArrayList<>();
        for (String key : new TreeSet<>(byTeam.keySet())) {
            long[][] spans = byTeam.get(key);
            int at = key.indexOf('\0');
            String team = key.substring(0, at);
            String scope = at + 1 == key.length() ? null : key.substring(at + 1);
            for (Period p : periods) {
                if (scope != null && !Scopes.hasGrain(p.grain())) {
                    continue;
                }
                long start = LtvModel.micros(p.grain().start(p.label(), zone));
                long n = LtvModel.countAtOrBefore(spans[0], start) - LtvModel.countAtOrBefore(spans[1], start);
                if (n > 0) {
                    out.add(new Count(team, scope, p.grain(), p.label(), n));
                }
            }
        }
        return out;
    }
}
