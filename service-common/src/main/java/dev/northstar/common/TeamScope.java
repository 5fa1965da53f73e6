package dev.northstar.common;

import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The teams of its tenant a caller may see: the {@code teams} claim of its token. A token without the claim sees
 * every team of its tenant; a token with it (a JSON array of team ids, or one id as a string) sees those teams and
 * no other — a partner firm's people see their own numbers, never another partner's. An empty array is no team at
 * all. The claim of any other type (a number, an object, an array holding anything but strings, JSON null) refuses
 * the token as unauthenticated, like a bad {@code tenant} claim ({@link Tenants}): a malformed limit never widens
 * into no limit.
 */
public final class TeamScope {

    /** The claim that limits the caller to some teams of its tenant. */
    public static final String CLAIM = "teams";

    private static final TeamScope ALL = new TeamScope(null);

    /** The allowed ids when limited; {@code null} for every team. */
    private final Set<String> teams;

    private TeamScope(Set<String> teams) {
        this.teams = teams;
    }

    /**
     * The caller's scope: {@link #all()} when the token carries no {@code teams} claim, {@link #only} its ids when
     * it does; a claim that is not a string or an array of strings is a 401 problem.
     */
    public static TeamScope of(JsonWebToken jwt) {
        return of(jwt, CLAIM);
    }

    /**
     * The scope from a claim of another name (an identity provider's ID token may carry the teams under its own
     * claim), by the same rules as {@link #of(JsonWebToken)}.
     */
    public static TeamScope of(JsonWebToken jwt, String claimName) {
        if (jwt == null) {
            return ALL;
        }
        Object claim = jwt.getClaim(claimName);
        if (claim == null) {
            // a claim present with JSON null is not the absence of a limit
            Set<String> names = jwt.getClaimNames();
            if (names != null && names.contains(claimName)) {
                throw refused();
            }
            return ALL;
        }
        if (claim instanceof String s) {
            return only(Set.of(s));
        }
        if (claim instanceof JsonString s) {
            return only(Set.of(s.getString()));
        }
        if (claim instanceof JsonArray array) {
            Set<String> ids = new TreeSet<>();
            for (JsonValue v : array) {
                if (!(v instanceof JsonString s)) {
                    throw refused();
                }
                ids.add(s.getString());
            }
            return only(ids);
        }
        if (claim instanceof Collection<?> list) {
            Set<String> ids = new TreeSet<>();
            for (Object v : list) {
                if (v instanceof String s) {
                    ids.add(s);
                } else if (v instanceof JsonString s) {
                    ids.add(s.getString());
                } else {
                    throw refused();
                }
            }
            return only(ids);
        }
        throw refused();
    }

    /** Every team of the tenant: no limit (a token without the claim). */
    public static TeamScope all() {
        return ALL;
    }

    /** Only these teams (none, for an empty collection). */
    public static TeamScope only(Collection<String> teams) {
        if (teams == null) {
            throw new IllegalArgumentException("teams: a collection of team ids, empty for none");
        }
        // a TreeSet refuses null ids, and keeps the ids in one order (queries and cursors see the same list)
        return new TeamScope(Collections.unmodifiableSet(new TreeSet<>(teams)));
    }

    /** Whether the caller is limited to some teams. */
    public boolean limited() {
        return teams != null;
    }

    /** Whether the caller may see this team; {@link #all()} allows every team. */
    public boolean allows(String teamId) {
        return teams == null || teamId != null && teams.contains(teamId);
    }

    /** The allowed ids, in their natural order, when limited; an empty set for {@link #all()}. */
    public Set<String> teams() {
        return teams == null ? Set.of() : teams;
    }

    @Override
    public String toString() {
        return teams == null ? "TeamScope[all]" : "TeamScope" + teams;
    }

    private static Problem.Exception refused() {
        return new Problem.Exception(Problem.of("unauthorized", "Unauthorized", 401,
                "The token's teams claim is not a list of team ids."));
    }
}
