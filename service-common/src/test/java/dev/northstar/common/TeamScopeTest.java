package dev.northstar.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

class TeamScopeTest {

    /** A verified token as smallrye-jwt hands it to a resource, with these claims. */
    private static JsonWebToken token(Map<String, Object> claims) {
        JwtClaims c = new JwtClaims();
        c.setIssuer("https://northstar.dev/issuer");
        c.setSubject("someone");
        claims.forEach(c::setClaim);
        return new DefaultJWTCallerPrincipal("JWT", c);
    }

    /** A token as smallrye-jwt reads it from the JSON of its payload. */
    private static JsonWebToken parsed(String json) throws Exception {
        return new DefaultJWTCallerPrincipal("JWT", JwtClaims.parse(json));
    }

    private static void refused(JsonWebToken jwt) {
        Problem.Exception e = assertThrows(Problem.Exception.class, () -> TeamScope.of(jwt));
        assertEquals(401, e.problem().status());
        assertEquals(Problem.BASE + "unauthorized", e.problem().type());
        assertEquals("The token's teams claim is not a list of team ids.", e.problem().detail());
    }

    @Test
    void aTokenWithoutTheClaimSeesEveryTeamAsBefore() {
        TeamScope scope = TeamScope.of(token(Map.of("tenant", "acme", "groups", List.of("read"))));
        assertFalse(scope.limited());
        assertTrue(scope.allows("partner-a"));
        assertTrue(scope.allows("anything-at-all"));
        assertEquals(Set.of(), scope.teams());
        assertSame(TeamScope.all(), scope);
        assertSame(TeamScope.all(), TeamScope.of(null));
    }

    @Test
    void anArrayOfIdsLimitsTheCallerToThoseTeams() {
        TeamScope scope = TeamScope.of(token(Map.of("tenant", "acme", "teams", List.of("partner-b", "partner-a"))));
        assertTrue(scope.limited());
        assertTrue(scope.allows("partner-a"));
        assertTrue(scope.allows("partner-b"));
        assertFalse(scope.allows("partner-c"));
        assertFalse(scope.allows("in-house"));
        assertFalse(scope.allows(null));
        // in one order, whatever the token's
        assertEquals(List.of("partner-a", "partner-b"), new ArrayList<>(scope.teams()));
    }

    @Test
    void oneIdAsAStringIsAcceptedToo() {
        TeamScope scope = TeamScope.of(token(Map.of("tenant", "acme", "teams", "partner-a")));
        assertTrue(scope.limited());
        assertEquals(Set.of("partner-a"), scope.teams());
        assertFalse(scope.allows("partner-b"));
    }

    @Test
    void theClaimIsReadAsTheTokensJsonCarriesIt() throws Exception {
        assertEquals(Set.of("p-1", "p-2"), TeamScope.of(parsed("{\"tenant\":\"acme\",\"teams\":[\"p-1\",\"p-2\"]}"))
                .teams());
        assertEquals(Set.of("p-1"), TeamScope.of(parsed("{\"tenant\":\"acme\",\"teams\":\"p-1\"}")).teams());
        assertFalse(TeamScope.of(parsed("{\"tenant\":\"acme\"}")).limited());
        refused(parsed("{\"tenant\":\"acme\",\"teams\":[\"p-1\",2]}"));
        refused(parsed("{\"tenant\":\"acme\",\"teams\":{\"p-1\":true}}"));
        refused(parsed("{\"tenant\":\"acme\",\"teams\":7}"));
    }

    @Test
    void anEmptyArrayIsNoTeamAtAll() {
        TeamScope scope = TeamScope.of(token(Map.of("tenant", "acme", "teams", List.of())));
        assertTrue(scope.limited());
        assertEquals(Set.of(), scope.teams());
        assertFalse(scope.allows("partner-a"));
        assertFalse(scope.allows(""));
    }

    @Test
    void aClaimOfAnotherTypeRefusesTheTokenInsteadOfWideningIt() {
        refused(token(Map.of("teams", 42)));
        refused(token(Map.of("teams", true)));
        refused(token(Map.of("teams", Map.of("id", "partner-a"))));
        refused(token(Map.of("teams", List.of("partner-a", 42))));
        refused(token(Map.of("teams", List.of(List.of("partner-a")))));
        refused(token(Map.of("teams", List.of(Map.of("id", "partner-a")))));
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("teams", Arrays.asList("partner-a", null));
        refused(token(withNull));
    }

    @Test
    void aJsonNullIsNotTheAbsenceOfALimit() throws Exception {
        refused(parsed("{\"tenant\":\"acme\",\"teams\":null}"));
    }

    @Test
    void idsAreTakenExactlyAsTheyAre() {
        TeamScope scope = TeamScope.of(token(Map.of("teams", List.of("Partner-A", " partner-b"))));
        assertFalse(scope.allows("partner-a"));
        assertFalse(scope.allows("partner-b"));
        assertTrue(scope.allows("Partner-A"));
        // one string is one id, never a list to split
        assertEquals(Set.of("a,b"), TeamScope.of(token(Map.of("teams", "a,b"))).teams());
    }

    @Test
    void onlyAndAllAsTheResourcesBuildThem() {
        TeamScope none = TeamScope.only(List.of());
        assertTrue(none.limited());
        assertFalse(none.allows("x"));
        TeamScope two = TeamScope.only(List.of("b", "a", "b"));
        assertEquals(List.of("a", "b"), new ArrayList<>(two.teams()));
        assertThrows(UnsupportedOperationException.class, () -> two.teams().add("c"));
        assertThrows(NullPointerException.class, () -> TeamScope.only(Arrays.asList("a", null)));
        assertThrows(IllegalArgumentException.class, () -> TeamScope.only(null));
        assertFalse(TeamScope.all().limited());
    }
}
