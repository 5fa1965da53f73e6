package dev.northstar.reporting.rest;

import dev.northstar.common.Problem;
import dev.northstar.common.TeamScope;
import dev.northstar.common.validation.Identifier;
import dev.northstar.events.Grain;
import dev.northstar.events.ValidationProblem;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** What the resources read alike from a request: a team id, a grain and period, and the answer for an unknown team. */
final class Params {

    /** A team id in a path: the one id rule of every API ({@link Identifier}). */
    static final Pattern ID = Pattern.compile(Identifier.REGEX);

    private Params() {
    }

    /** The grain ({@code month} when absent) of a required period label of that grain; a 400 naming each, else. */
    static Grain period(String grainName, String period) {
        List<ValidationProblem> problems = new ArrayList<>();
        Grain grain = Grain.fromWireName(grainName == null ? "month" : grainName).orElse(null);
        if (grain == null) {
            problems.add(new ValidationProblem("/grain", "must be one of day, week, month, quarter, year"));
        } else if (period == null || !grain.isLabel(period)) {
            problems.add(new ValidationProblem("/period", "is required: a " + grain.wireName() + " period, e.g. "
                    + grain.label(LocalDate.of(2026, 10, 15))));
        }
        if (!problems.isEmpty()) {
            throw new Problem.Exception(Problem.invalid("The query parameters are not valid.", problems));
        }
        return grain;
    }

    /** A team the tenant does not have, or another tenant's: its existence is not revealed. */
    static Problem.Exception noSuchTeam() {
        return new Problem.Exception(Problem.of("not-found", "Not found", 404, "No such team."));
    }

    /**
     * {@code teamId} when the caller's token may see it; a team outside a limited token's teams is answered as a team
     * that does not exist (nothing about it is read, not even whether it exists).
     */
    static String visible(TeamScope scope, String teamId) {
        if (!scope.allows(teamId)) {
            throw noSuchTeam();
        }
        return teamId;
    }

    /** The answer to a limited token for what is any team's (the quarantine): the tenant's, not a team's. */
    static Problem.Exception tenantWide(String what) {
        return new Problem.Exception(Problem.of("forbidden", "Forbidden", 403, what + " may be any team's: a token"
                + " limited to some teams (its teams claim) cannot read them."));
    }

    /**
     * Refuses a write that decides what a team is paid (contract terms, settlements) to a token limited to some
     * teams: a partner's own lead, even with the admin role, never sets its own pay (403).
     */
    static void notLimited(org.eclipse.microprofile.jwt.JsonWebToken jwt, String what) {
        if (TeamScope.of(jwt).limited()) {
            throw new Problem.Exception(Problem.of("forbidden", "Forbidden", 403, what + " decide what a team is"
                    + " paid: a token limited to some teams (its teams claim) cannot record them."));
        }
    }

    /**
     * A team id of a path that the token may see: a malformed one, or another team than a limited token's, is the
     * 404 of a team that does not exist.
     */
    static String visibleTeam(org.eclipse.microprofile.jwt.JsonWebToken jwt, String teamId) {
        if (!ID.matcher(teamId).matches()) {
            throw noSuchTeam();
        }
        return visible(TeamScope.of(jwt), teamId);
    }

    /** Completes when the tenant has the team (registered, with values, targets or insights); else the 404. */
    static io.smallrye.mutiny.Uni<Void> existing(dev.northstar.reporting.repository.ScorecardRepository scorecards,
            String tenant, String teamId) {
        return scorecards.exists(tenant, teamId).map(exists -> {
            if (!exists) {
                throw dev.northstar.reporting.report.TeamPeriodLoader.noSuchTeam();
            }
            return null;
        });
    }
}
