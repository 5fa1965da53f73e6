package dev.northstar.reporting.console;

import dev.northstar.common.TeamScope;
import java.util.List;
import java.util.Set;

/**
 * A signed-in person: who, which tenant, which roles ({@code read}, {@code admin}) and, when limited, which teams —
 * the same claims a bearer token carries — and the session's CSRF token and expiry.
 *
 * @param teams the teams the person is limited to, or null for every team of the tenant
 * @param csrf the token every form and every write of this session must carry
 * @param expires when the session ends (epoch seconds)
 */
public record Session(String subject, String name, String tenant, List<String> groups, List<String> teams, String csrf,
        long expires) {

    public Session {
        groups = List.copyOf(groups);
        teams = teams == null ? null : List.copyOf(teams);
    }

    /** Whether the person may read (a {@code read} or an {@code admin} role). */
    public boolean reader() {
        return groups.contains("read") || groups.contains("admin");
    }

    /** Whether the person may write targets, self-assessments and decisions. */
    public boolean admin() {
        return groups.contains("admin");
    }

    /** Whether the person may see this team. */
    public boolean sees(String teamId) {
        return teams == null || teams.contains(teamId);
    }

    /** The teams the person is limited to (empty when it sees all). */
    public Set<String> limitedTo() {
        return teams == null ? Set.of() : Set.copyOf(teams);
    }

    /** The teams the session may see, as the API's rules take them. */
    public TeamScope scope() {
        return teams == null ? TeamScope.all() : TeamScope.only(teams);
    }

    /** The name to show. */
    public String displayName() {
        return name == null || name.isBlank() ? subject : name;
    }
}
